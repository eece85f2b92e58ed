"""Asking the knowledge base from a terminal: ``search`` it, ``ask`` the bot."""
from __future__ import annotations

import json

import click

from askdesk.shell.cli.base import CliState, index_option, json_option


def _scope(internal: bool):
    from askdesk.indexer.search import Scope

    return Scope(audience="internal" if internal else "public")


@click.command()
@click.argument("question")
@click.option("--locale", help="The question's language (detected when omitted).")
@click.option("--limit", default=5, show_default=True, type=click.IntRange(1, 100))
@click.option("--internal", is_flag=True, help="Include internal articles (agents).")
@index_option
@json_option
@click.pass_obj
def search(state: CliState, question, locale, limit, internal, index_dir, as_json) -> None:
    """Search the knowledge base."""
    rt = state.runtime(index_dir=index_dir)
    result = rt.index.load_now().search(question, locale=locale, scope=_scope(internal), limit=limit)
    if as_json:
        click.echo(json.dumps(result.to_dict(), ensure_ascii=False))
        return
    if result.did_you_mean:
        click.echo(f"did you mean: {result.did_you_mean}")
    for n, hit in enumerate(result.hits, start=1):
        flag = " [other language]" if hit.cross_language else ""
        click.echo(f"{n}. {hit.title} ({hit.locale}:{hit.id}) {hit.score:.3f}{flag}\n   {hit.url}")


@click.command()
@click.argument("question")
@click.option("--locale", help="The question's language (detected when omitted).")
@index_option
@json_option
@click.pass_obj
def ask(state: CliState, question, locale, index_dir, as_json) -> None:
    """Ask the bot: it answers, offers options, or hands off."""
    from askdesk.bot.ask import ask as ask_bot

    rt = state.runtime(index_dir=index_dir)
    reply = ask_bot(rt.index.load_now(), question, locale=locale, thresholds=rt.thresholds)
    if as_json:
        click.echo(json.dumps(reply, ensure_ascii=False))
        return
    click.echo(f"{reply['decision']} ({reply['reason']}, confidence {reply['confidence']:.2f})")
    if "answer" in reply:
        click.echo(f"{reply['answer']['title']}: {reply['answer']['text']}\n{reply['answer']['url']}")
    for option in reply.get("options", []):
        click.echo(f"- {option['title']} {option['url']}")
