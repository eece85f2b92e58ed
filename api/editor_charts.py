"""Chart geometry for the editor dashboard: pure functions from rows to boxes and ticks.

The templates draw the SVG (``templates/editor/_charts.html``) from these numbers, autoescaped like
every other page, so no chart library and no script is needed; colours live in ``editor.css``.
"""
from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass

# (row key, legend) bottom to top: the answered part first, so the deflected share reads from the axis
DAY_SERIES = (("confirmed", "Deflected, confirmed: voted helpful"),
              ("assumed", "Deflected, assumed: answered, no reaction"),
              ("unresolved", "Not deflected: left without a helpful answer"),
              ("handed_off", "Handed to a person"))


@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float
    series: str = ""


@dataclass(frozen=True)
class Tick:
    at: float            # x or y in the chart's coordinates
    text: str


@dataclass(frozen=True)
class Column:
    day: str
    title: str           # what a pointer over the column says
    boxes: list[Box]


@dataclass(frozen=True)
class DayChart:
    width: int
    height: int
    plot: Box
    columns: list[Column]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    total: int


def nice_step(top: float, ticks: int = 4) -> int:
    """A round step (1, 2 or 5 times a power of ten) that divides 0..``top`` into about ``ticks`` parts."""
    raw = max(top / ticks, 1)
    power = 10 ** math.floor(math.log10(raw))
    return int(next(m * power for m in (1, 2, 5, 10) if m * power >= raw))


def day_label(day: str) -> str:
    date = dt.date.fromisoformat(day)
    return f"{date.day} {date:%b}"


def day_chart(rows: list[dict], width: int = 1200, height: int = 280) -> DayChart:
    """Stacked columns of conversations per day by :data:`DAY_SERIES`; ``rows`` as ``Snapshot.daily``."""
    plot = Box(48, 28, width - 48 - 12, height - 28 - 30)
    top = max((sum(r[key] for key, _ in DAY_SERIES) for r in rows), default=0)
    step = nice_step(top)
    y_max = max(step * math.ceil(top / step), step)
    scale = plot.height / y_max
    slot = plot.width / max(len(rows), 1)
    bar = max(min(slot * 0.72, 40), 1)
    columns = []
    for i, row in enumerate(rows):
        x, y, boxes = plot.x + i * slot + (slot - bar) / 2, plot.y + plot.height, []
        for key, _ in DAY_SERIES:
            h = row[key] * scale
            if h:
                y -= h
                boxes.append(Box(round(x, 1), round(y, 1), round(bar, 1), round(h, 1), key))
        parts = ", ".join(f"{row[key]} {key.replace('_', ' ')}" for key, _ in DAY_SERIES if row[key])
        columns.append(Column(row["day"], f"{day_label(row['day'])}: {row['conversations']} conversations, "
                                          f"{row['questions']} questions" + (f" ({parts})" if parts else ""), boxes))
    every = max(1, math.ceil(len(rows) / 12))
    x_ticks = [Tick(round(plot.x + (i + 0.5) * slot, 1), day_label(r["day"])) for i, r in enumerate(rows)
               if i % every == 0]
    y_ticks = [Tick(round(plot.y + plot.height - v * scale, 1), str(v)) for v in range(0, y_max + 1, step)]
    return DayChart(width, height, plot, columns, y_ticks, x_ticks, sum(r["conversations"] for r in rows))


@dataclass(frozen=True)
class Bar:
    label: str
    value: int
    note: str            # printed after the bar, e.g. "64 · 86 %"
    box: Box


def bar_chart(items: list[tuple[str, int, str]], width: int = 560, row: int = 34,
              label_width: int = 190) -> tuple[int, list[Bar]]:
    """Horizontal bars for (label, value, note), longest = the room left for bars; returns (height, bars)."""
    room = width - label_width - 110
    top = max((value for _, value, _ in items), default=0) or 1
    bars = [Bar(label, value, note, Box(label_width, i * row + 6, max(round(room * value / top, 1), 1), row - 12))
            for i, (label, value, note) in enumerate(items)]
    return len(items) * row, bars
