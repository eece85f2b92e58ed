"""``askdesk retention`` and ``askdesk session export|forget``: how long askdesk keeps conversations,
and a customer's requests to see, or to erase, everything it holds about theirs."""
from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import click

from askdesk.store.retention import cutoff

LABELS = {"sessions_emptied": "sessions emptied (kept for their tickets)", "deliveries": "ticket deliveries",
          "search_events": "help-center searches and clicks"}


def _counted(counts: dict[str, int]) -> str:
    return ", ".join(f"{n} {LABELS.get(kind, kind)}" for kind, n in counts.items())


def _sizes(held: dict) -> dict[str, int]:
    """How many events, tickets and deliveries an export of one session holds."""
    return {kind: len(rows) for kind, rows in held.items() if kind != "session"}


@contextmanager
def _runtime(state) -> Iterator:
    """The runtime of the CLI's settings (``state`` is :class:`askdesk.cli.CliState`), closed afterwards."""
    runtime = state.runtime()
    try:
        yield runtime
    finally:
        runtime.close()


@click.command()
@click.option("--days", type=click.IntRange(min=0), help="Keep this many days (default: setting retention_days).")
@click.option("--dry-run", is_flag=True, help="Count what would be deleted; delete nothing.")
@click.pass_obj
def retention(state, days: int | None, dry_run: bool) -> None:
    """Delete conversations older than the retention period now (tickets stay)."""
    with _runtime(state) as rt:
        days = rt.config.retention_days if days is None else days
        if not days:
            click.echo("retention_days is 0: askdesk keeps every conversation; pass --days N or set retention_days")
            return
        before = cutoff(days, dt.datetime.now(dt.UTC))
        counts = rt.store.delete_older_than(before, dry_run=dry_run)
        counts["search_events"] = rt.searches.delete_older_than(before, dry_run=dry_run)
    click.echo(f"{'would delete' if dry_run else 'deleted'} {_counted(counts)}: conversations started before "
               f"{before[:16].replace('T', ' ')} UTC ({days} days){'; nothing changed (--dry-run)' if dry_run else ''}")


@click.group(name="session")
def session_group() -> None:
    """One conversation: export or forget everything askdesk holds about it."""


@session_group.command()
@click.argument("session_id")
@click.option("--out", type=click.Path(dir_okay=False, writable=True), help="Write the JSON to this file.")
@click.pass_obj
def export(state, session_id: str, out: str | None) -> None:
    """Everything askdesk holds about a session as JSON: the session, its events, tickets and deliveries."""
    with _runtime(state) as rt:
        held = rt.store.export_session(session_id)
    text = json.dumps(held, ensure_ascii=False, indent=2)
    if out is None:
        click.echo(text)
        return
    Path(out).write_text(text + "\n", encoding="utf-8")
    click.echo(f"wrote session {session_id} to {out}: {_counted(_sizes(held))}", err=True)


@session_group.command()
@click.argument("session_id")
@click.option("--yes", is_flag=True, help="Confirm: delete it all for good.")
@click.pass_obj
def forget(state, session_id: str, yes: bool) -> None:
    """Delete everything askdesk holds about a session, its tickets included (a request to be forgotten)."""
    with _runtime(state) as rt:
        if not yes:
            held = rt.store.export_session(session_id)
            raise click.ClickException(
                f"session {session_id} has {_counted(_sizes(held))}; "
                f"forgetting deletes them for good. Add --yes to go ahead (`askdesk session export {session_id}` "
                "first, if the customer asked for a copy)")
        counts = rt.store.forget_session(session_id)
    click.echo(f"forgot session {session_id}: deleted {_counted(counts)}")
