"""Report tables as people open them: CSV that a spreadsheet opens as data — every CSV askdesk
writes (the editors' reports and gaps, from the dashboard and the CLI) goes through :func:`to_csv` —
and the CLI's Markdown tables (:func:`markdown_sections`).

Cells hold what customers typed, and a spreadsheet runs a cell that starts with ``=``, ``+``, ``-``
or ``@`` (or a tab or carriage return before one) as a formula — ``=HYPERLINK(...)`` or worse
(CSV injection). :func:`safe_cell` neutralises such text the way OWASP recommends: a leading
apostrophe, which the spreadsheet shows as text and hides. Numbers stay numbers (a negative
count is not a formula).
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable

# What makes a spreadsheet read a cell as a formula (OWASP's list, with their full-width forms).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")


def safe_cell(value):
    """``value`` as a CSV cell: text that would start a formula gets a leading ``'``; numbers,
    booleans and None are left as they are."""
    if value is None or isinstance(value, bool | int | float):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value):
    """:func:`safe_cell`, with a carriage return made a line break: the writer quotes a cell holding
    a line break, but not one holding a bare ``\r``, which would split the row."""
    value = safe_cell(value)
    return value.replace("\r\n", "\n").replace("\r", "\n") if isinstance(value, str) else value


def to_csv(rows: Iterable[dict]) -> str:
    """``rows`` (dicts with the same keys) as CSV text with a header row, every cell :func:`safe_cell`."""
    rows = list(rows)
    out = io.StringIO()
    if rows:
        writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writerow({name: _cell(name) for name in rows[0]})
        writer.writerows({name: _cell(value) for name, value in row.items()} for row in rows)
    return out.getvalue()


def _markdown_cell(value) -> str:
    text = "—" if value is None else str(value)
    return text.replace("|", "\\|").replace("\n", " ")[:120]


def markdown_sections(report: dict[str, list[dict]], titles: dict[str, str], *, limit: int, more: str,
                      preface: dict[str, str] | None = None) -> str:
    """Each section of ``report`` (name → rows, dicts with the same keys) as a Markdown table under
    its title, at most ``limit`` rows; a longer one ends with how to get the rest, ``more`` with
    ``{name}`` standing for the section (e.g. ``"--format csv --section {name}"``). ``preface``
    holds text to print under a section's title."""
    preface = preface or {}
    parts = []
    for name, rows in report.items():
        parts.append(f"## {titles[name]}\n")
        if name in preface:
            parts.append(preface[name] + "\n")
        if not rows:
            parts.append("_nothing in this period_\n")
            continue
        columns = list(rows[0])
        parts.append("| " + " | ".join(columns) + " |")
        parts.append("|" + "---|" * len(columns))
        parts.extend("| " + " | ".join(_markdown_cell(r[c]) for c in columns) + " |" for r in rows[:limit])
        if len(rows) > limit:
            parts.append(f"\n_{len(rows) - limit} more rows: `{more.format(name=name)}`_")
        parts.append("")
    return "\n".join(parts)
