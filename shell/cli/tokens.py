"""``askdesk token …``: create, list and revoke the bearer tokens of agents and editors."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import click

from askdesk.store.tokens import ROLES, SqlTokens


@contextmanager
def _tokens(state) -> Iterator[SqlTokens]:
    """The tokens of the store the settings name (``state`` is the CLI's :class:`askdesk.cli.CliState`)."""
    store = state.runtime().store
    try:
        yield SqlTokens(store)
    finally:
        store.close()


@click.group()
def token() -> None:
    """Bearer tokens for the agent API and console."""


@token.command()
@click.option("--name", required=True, help="Whose token: a person's name, shown in the console and events.")
@click.option("--role", required=True, type=click.Choice(ROLES), help="editor may also see drafts.")
@click.pass_obj
def create(state, name: str, role: str) -> None:
    """Create a token and print it once."""
    with _tokens(state) as tokens:
        plain, record = tokens.create(name, role)
    click.echo(plain)
    click.echo(f"Token {record.id} for {record.name} ({record.role}). Copy it now: it cannot be shown again, "
               f"askdesk keeps only its hash. Revoke it with `askdesk token revoke {record.name}`.", err=True)


@token.command(name="list")
@click.pass_obj
def list_(state) -> None:
    """List tokens: names, roles, when created, last used and revoked (never the tokens)."""
    with _tokens(state) as tokens:
        records = tokens.list()
    if not records:
        click.echo("no tokens yet; create one with `askdesk token create --name NAME --role agent`")
        return
    click.echo(f"{'id':<12}  {'name':<20}  {'role':<6}  {'created':<16}  {'last used':<16}  revoked")
    for r in records:
        click.echo(f"{r.id:<12}  {r.name:<20}  {r.role:<6}  {_minute(r.created_at):<16}  "
                   f"{_minute(r.last_used_at):<16}  {_minute(r.revoked_at)}")


def _minute(stamp: str | None) -> str:
    return stamp[:16].replace("T", " ") if stamp else "-"


@token.command()
@click.argument("name_or_id")
@click.pass_obj
def revoke(state, name_or_id: str) -> None:
    """Revoke a token by its id or name: the API refuses it and console sessions end at once."""
    with _tokens(state) as tokens:
        record = tokens.revoke(name_or_id)
    click.echo(f"revoked token {record.id} of {record.name} ({record.role})")
