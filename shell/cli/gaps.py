"""``askdesk gaps``: the questions still unanswered, grouped into topics, and what to write next.

JSON and CSV use the same shapes as the editor API and dashboard (:mod:`analytics.gaps_format`), with
every question of each topic added to the JSON.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict
from pathlib import Path

import click

from askdesk.analytics.clustering import DISTANCE
from askdesk.analytics.drafts import Draft, drafts_for, write_drafts
from askdesk.analytics.gaps import ADD_PHRASINGS, GapReport, Topic, find_gaps
from askdesk.analytics.gaps_format import topic_json, topic_row
from askdesk.analytics.ledger import read_ledger
from askdesk.analytics.period import window
from askdesk.analytics.spreadsheet import to_csv

PHRASINGS_SHOWN = 10


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def _nearest(topic: Topic) -> str:
    n = topic.nearest
    return "—" if n is None else f"{n.locale}:{n.id}, {n.score:.3f}"


def _section(number: int, topic: Topic, draft: Draft | None, drafts_dir: Path | None) -> list[str]:
    t, action = topic.trend, topic.action
    lines = [f"## {number}. {topic.label}", "",
             f"- **{action.kind}**{f' `{action.article}`' if action.article else ''}: {action.reason}",
             f"- {topic.customers} customers, {topic.volume} questions; per week: "
             f"{' '.join(map(str, t.weekly))} ({t.direction}: {t.earlier} → {t.later})",
             f"- languages: {', '.join(f'{loc} {n}' for loc, n in topic.locales.items())}"]
    if topic.nearest is not None:
        lines.append(f"- nearest article: {topic.nearest.title} ({_nearest(topic)})")
    lines.append("- examples:")
    lines += [f"  - {q.text} _({q.locale}, {q.reason})_" for q in topic.examples]
    if action.kind == ADD_PHRASINGS:
        lines.append("- phrasings to add:")
        lines += [f"  - {text}" for text in topic.phrasings(topic.nearest.locale)[:PHRASINGS_SHOWN]]
    if draft is not None:
        where = drafts_dir / draft.relative_path if drafts_dir else draft.relative_path
        lines.append(f"- draft: {where}{'' if drafts_dir else ' (write it with --drafts DIR)'}")
    return lines + [""]


def to_markdown(report: GapReport, topics: list[Topic], drafts: dict[int, Draft], drafts_dir: Path | None) -> str:
    """The shown topics as a table, then each with its examples and action."""
    head = [f"# Content gaps, {report.since[:16]} – {report.until[:16]} UTC", ""]
    if not report.topics:
        return "\n".join(head + ["No question failed a customer in this period."]) + "\n"
    left = report.questions - report.grouped
    head += [f"{report.questions} questions the bot did not help with, in {len(report.topics)} topics"
             + (f" ({left} more not grouped: only the latest distinct questions are)" if left else "")
             + f"; the {len(topics)} affecting the most customers:", "",
             "| # | topic | customers | questions | trend | languages | nearest article | action |",
             "|---|---|---|---|---|---|---|---|"]
    head += [f"| {n} | {_cell(t.label)} | {t.customers} | {t.volume} | {t.trend.direction} | "
             f"{', '.join(t.locales)} | {_nearest(t)} | {t.action.kind} |" for n, t in enumerate(topics, 1)]
    body = [line for n, t in enumerate(topics, 1) for line in _section(n, t, drafts.get(n - 1), drafts_dir)]
    return "\n".join(head + [""] + body)


def to_json(report: GapReport, topics: list[Topic], drafts: dict[int, Draft], locale: str | None) -> str:
    return json.dumps({
        "since": report.since, "until": report.until, "locale": locale, "questions": report.questions,
        "grouped": report.grouped, "topics_total": len(report.topics),
        "topics": [{**topic_json(n, t, drafts.get(n - 1)), "phrasings": t.phrasings(t.locale),
                    "asked": [asdict(q) for q in t.questions]} for n, t in enumerate(topics, 1)],
    }, ensure_ascii=False, indent=2)


@click.command()
@click.option("--since", default="30d", show_default=True, help="Start: 30d, 12w, 6h or a date (2026-11-01).")
@click.option("--until", help="End (default: now): same forms as --since.")
@click.option("--locale", help="Only sessions in this language.")
@click.option("--format", "fmt", type=click.Choice(["md", "csv", "json"]), default="md", show_default=True)
@click.option("--drafts", "drafts_dir", type=click.Path(file_okay=False, path_type=Path),
              help="Write a draft article for each new-article topic shown into DIR/<locale>/<category>/<id>.md "
                   "(existing files are left alone).")
@click.option("--limit", default=20, show_default=True, type=click.IntRange(1, 10000), help="Topics shown.")
@click.option("--no-demo", is_flag=True, help="Leave generated demo traffic out.")
@click.option("--distance", default=DISTANCE, show_default=True, type=click.FloatRange(0.05, 1.0),
              help="How far apart (cosine distance) questions of one topic may be on average; lower = finer topics.")
@click.option("--index", "index_dir", type=click.Path(file_okay=False), help="Index folder (setting index_dir).")
@click.pass_obj
def gaps(state, since, until, locale, fmt, drafts_dir, limit, no_demo, distance, index_dir) -> None:
    """Unanswered, low-confidence and disliked questions as topics, with the article to write or fix."""
    rt = state.runtime(index_dir=index_dir)
    start, end = window(since, until)
    sessions = read_ledger(rt.store, start, end, locale=locale, include_demo=not no_demo)
    searcher = rt.index.load_now()
    report = find_gaps(sessions, rt.encoder, searcher, rt.thresholds, dt.datetime.fromisoformat(start),
                       dt.datetime.fromisoformat(end), distance)
    topics = report.topics[:limit]
    drafts = drafts_for(topics, dt.date.today(), searcher.by_id)
    if drafts_dir is not None:
        written, kept = write_drafts(list(drafts.values()), drafts_dir)
        left = f"; {len(kept)} already there, left alone: {', '.join(map(str, kept))}" if kept else ""
        click.echo(f"wrote {len(written)} draft(s) under {drafts_dir}{left}", err=True)
    if fmt == "json":
        click.echo(to_json(report, topics, drafts, locale))
    elif fmt == "csv":
        click.echo(to_csv([topic_row(n, t, drafts.get(n - 1)) for n, t in enumerate(topics, 1)]), nl=False)
    else:
        click.echo(to_markdown(report, topics, drafts, drafts_dir))
