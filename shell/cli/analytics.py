"""``askdesk report``: the editors' reports from the question ledger, in the terminal or as files."""
from __future__ import annotations

import json
from pathlib import Path

import click

from askdesk.analytics import editors_report as report_module
from askdesk.analytics import searches as searches_module
from askdesk.analytics.ledger import read_ledger
from askdesk.analytics.period import window
from askdesk.analytics.spreadsheet import to_csv
from askdesk.shell.cli.base import progress_bar, step


@click.command()
@click.option("--since", default="30d", show_default=True, help="Start: 30d, 12w, 6h or a date (2026-11-01).")
@click.option("--until", help="End (default: now): same forms as --since.")
@click.option("--locale", help="Only sessions in this language.")
@click.option("--section", "sections", multiple=True,
              type=click.Choice(list(report_module.SECTIONS) + [n for n in searches_module.SECTIONS
                                                                if n not in report_module.SECTIONS]),
              help="Only these sections (repeat); --format csv needs exactly one.")
@click.option("--searches", is_flag=True, help="The help-center search reports instead (sections: "
              + ", ".join(searches_module.SECTIONS) + ").")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "csv"]), default="md", show_default=True)
@click.option("--no-demo", is_flag=True, help="Leave generated demo traffic out.")
@click.pass_obj
def report(state, since, until, locale, sections, fmt, no_demo, searches) -> None:
    """Top questions, gaps, deflection, article performance, reformulations, threshold replay;
    with --searches, what was searched in the help center."""
    names = searches_module.SECTIONS if searches else report_module.SECTIONS
    if fmt == "csv" and len(sections) != 1:
        raise click.UsageError(f"--format csv prints one table: add --section NAME (one of {', '.join(names)})")
    unknown = [name for name in sections if name not in names]
    if unknown:
        raise click.UsageError(f"no section {unknown[0]!r} in {'--searches' if searches else 'the report'}: "
                               f"one of {', '.join(names)}")
    rt = state.runtime()
    start, end = window(since, until)
    if searches:
        _searches_report(rt, start, end, locale, tuple(sections), fmt)
        return
    sessions = read_ledger(rt.store, start, end, locale=locale, include_demo=not no_demo)
    built = report_module.build(sessions, rt.thresholds, tuple(sections))
    if fmt == "json":
        click.echo(json.dumps({"since": start, "until": end, "locale": locale, **built}, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(built[sections[0]]), nl=False)
    else:
        click.echo(f"# askdesk report, {start[:16]} – {end[:16]} UTC{f', locale {locale}' if locale else ''}\n")
        click.echo(report_module.to_markdown(built))


def _searches_report(rt, start: str, end: str, locale: str | None, sections: tuple[str, ...], fmt: str) -> None:
    found = searches_module.read_searches(rt.searches, rt.store, start, end)
    built = searches_module.build(found, locale=locale, only=sections)
    if fmt == "json":
        click.echo(json.dumps({"since": start, "until": end, "locale": locale, **built}, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(to_csv(built[sections[0]]), nl=False)
    else:
        click.echo(f"# askdesk help-center searches, {start[:16]} – {end[:16]} UTC"
                   f"{f', locale {locale}' if locale else ''}\n")
        click.echo(searches_module.to_markdown(built))


@click.command("demo-traffic")
@click.option("--sessions", default=400, show_default=True, type=click.IntRange(1, 100000))
@click.option("--days", default=28, show_default=True, type=click.IntRange(1, 365), help="Spread over the last N days.")
@click.option("--seed", default=7, show_default=True, type=int)
@click.option("--questions", "questions_file", default="content/eval/questions.jsonl", show_default=True,
              type=click.Path(dir_okay=False), help="Labelled questions (JSONL: query, expected, locale).")
@click.option("--if-empty", is_flag=True, help="Do nothing when demo traffic is already there.")
@click.option("--remove", is_flag=True, help="Delete all demo traffic (sessions, events, tickets) instead.")
@click.pass_obj
def demo_traffic(state, sessions, days, seed, questions_file, if_empty, remove) -> None:
    """Fill the ledger with simulated conversations (marked demo) so the reports have content."""
    from askdesk.analytics.demo_traffic import generate, load_questions
    from askdesk.bot.conversation import Conversations

    rt = state.runtime()
    existing = rt.store.session_ids("demo")
    if remove:
        for session_id in existing:
            rt.store.forget_session(session_id)
        click.echo(f"removed {len(existing)} demo sessions and everything recorded in them")
        return
    if if_empty and existing:
        click.echo(f"{len(existing)} demo sessions are already there; `--remove` deletes them")
        return
    if not Path(questions_file).is_file():
        raise click.BadParameter(f"{questions_file} does not exist; pass labelled questions with --questions",
                                 param_hint="--questions")
    conversations = Conversations(rt.store, rt.index.current, lambda: rt.thresholds,   # no delivery of demo tickets
                                  reply_within_hours=rt.config.reply_within_hours,
                                  max_text_chars=rt.config.max_question_chars)
    answerable, unanswerable = load_questions(Path(questions_file))
    step(f"demo traffic: {sessions} simulated customers ask the bot, spread over the last {days} days")
    with progress_bar(sessions, "demo traffic", "session") as bar:
        asked = generate(conversations, answerable, unanswerable, sessions=sessions, days=days, seed=seed,
                         progress=lambda done: bar.update(done - bar.n))
    click.echo(f"{sessions} demo sessions with {asked} questions over the last {days} days "
               f"(marked demo: `askdesk report --no-demo` leaves them out)")
