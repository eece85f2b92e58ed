"""``askdesk report``: the editors' reports from the question ledger, in the terminal or as files."""
from __future__ import annotations

import json

import click

from analytics import report as report_module
from analytics.ledger import read_ledger
from analytics.period import window


@click.command()
@click.option("--since", default="30d", show_default=True, help="Start: 30d, 12w, 6h or a date (2026-11-01).")
@click.option("--until", help="End (default: now): same forms as --since.")
@click.option("--locale", help="Only sessions in this language.")
@click.option("--section", "sections", multiple=True, type=click.Choice(list(report_module.SECTIONS)),
              help="Only these sections (repeat); --format csv needs exactly one.")
@click.option("--format", "fmt", type=click.Choice(["md", "json", "csv"]), default="md", show_default=True)
@click.option("--no-demo", is_flag=True, help="Leave generated demo traffic out.")
@click.pass_obj
def report(state, since, until, locale, sections, fmt, no_demo) -> None:
    """Top questions, gaps, deflection, article performance, reformulations, threshold replay."""
    if fmt == "csv" and len(sections) != 1:
        raise click.UsageError("--format csv prints one table: add --section NAME "
                               f"(one of {', '.join(report_module.SECTIONS)})")
    rt = state.runtime()
    start, end = window(since, until)
    sessions = read_ledger(rt.store, start, end, locale=locale, include_demo=not no_demo)
    built = report_module.build(sessions, rt.thresholds, tuple(sections))
    if fmt == "json":
        click.echo(json.dumps({"since": start, "until": end, "locale": locale, **built}, ensure_ascii=False, indent=2))
    elif fmt == "csv":
        click.echo(report_module.to_csv(built[sections[0]]), nl=False)
    else:
        click.echo(f"# askdesk report, {start[:16]} – {end[:16]} UTC{f', locale {locale}' if locale else ''}\n")
        click.echo(report_module.to_markdown(built))
