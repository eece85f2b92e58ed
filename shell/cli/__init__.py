"""The ``askdesk`` command line. It shares settings and the runtime with the web server."""
from __future__ import annotations

import json
import signal
import sys
from pathlib import Path

import click

from askdesk.shell.cli.analytics import demo_traffic, report
from askdesk.shell.cli.gaps import gaps
from askdesk.core.errors import AskdeskError
from askdesk.shell.runtime import Runtime
from askdesk.core.settings import load_config, settings_markdown
from askdesk.shell.cli.tokens import token
from askdesk.shell.cli.data import retention, session_group


class CliState:
    def __init__(self, config_file: str | None):
        self.config_file = config_file

    def runtime(self, **overrides) -> Runtime:
        return Runtime(load_config(overrides, file=self.config_file))


def _fail(exc: AskdeskError) -> click.ClickException:
    message = exc.message + "".join(f"\n  {e}" for e in exc.errors)
    return click.ClickException(message)


class AskdeskGroup(click.Group):
    def invoke(self, ctx):
        try:
            return super().invoke(ctx)
        except AskdeskError as exc:
            raise _fail(exc) from exc


@click.group(cls=AskdeskGroup)
@click.option("--config", "config_file", type=click.Path(dir_okay=False), envvar="ASKDESK_CONFIG",
              help="TOML file of settings (see `askdesk settings`).")
@click.pass_context
def main(ctx: click.Context, config_file: str | None) -> None:
    """askdesk: knowledge-base search and FAQ deflection for support teams."""
    ctx.obj = CliState(config_file)


content_option = click.option("--content", "content_dir", type=click.Path(file_okay=False),
                              help="Content folder (setting content_dir).")
index_option = click.option("--index", "index_dir", type=click.Path(file_okay=False),
                            help="Index folder (setting index_dir).")
encoder_option = click.option("--encoder", help="Sentence encoder (setting encoder).")
json_option = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


@main.command()
@content_option
@click.pass_obj
def check(state: CliState, content_dir: str | None) -> None:
    """List every problem in the content folder; exit 1 when there are errors."""
    from askdesk.kb.check import check_content

    rt = state.runtime(content_dir=content_dir)
    result = check_content(Path(rt.config.content_dir), rt.locales)
    for problem in result.problems:
        click.echo(str(problem))
    errors = len(result.errors)
    click.echo(f"{len(result.articles)} articles, {errors} errors, {len(result.problems) - errors} warnings")
    if errors:
        sys.exit(1)


@main.command()
@content_option
@index_option
@encoder_option
@click.option("--keyword-engine", type=click.Choice(["bm25s", "whoosh"]), help="Setting keyword_engine.")
@click.option("--full", is_flag=True, help="Rebuild everything instead of only what changed.")
@click.option("--strict", is_flag=True, help="Refuse to build when any article has an error.")
@json_option
@click.pass_obj
def index(state: CliState, content_dir, index_dir, encoder, keyword_engine, full, strict, as_json) -> None:
    """Build the keyword and vector indexes (incremental and atomic)."""
    from tqdm import tqdm

    from askdesk.indexer.build import build_index

    rt = state.runtime(content_dir=content_dir, index_dir=index_dir, encoder=encoder, keyword_engine=keyword_engine)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if as_json or total < 200:
            return
        if bar is None:
            bar = tqdm(total=total, unit="text", desc="embedding", file=sys.stderr)
        bar.update(done - bar.n)

    report = build_index(Path(rt.config.content_dir), Path(rt.config.index_dir), rt.encoder,
                         locales=rt.locales, keyword_engine=rt.config.keyword_engine,
                         classifier_max_articles=rt.config.classifier_max_articles,
                         strict=strict, full=full, progress=progress)
    if bar is not None:
        bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    for problem in report.problems:
        click.echo(str(problem), err=True)
    kind = "incremental" if report.incremental else "full"
    click.echo(f"indexed {report.articles} articles ({kind}: {report.changed} changed, {report.removed} removed, "
               f"{report.embedded} texts embedded) in {report.seconds:.1f}s → build {report.build_id}")


def _scope(internal: bool):
    from askdesk.indexer.search import Scope

    return Scope(audience="internal" if internal else "public")


@main.command()
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


@main.command()
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


@main.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write articles into.")
def import_(source, out) -> None:
    """Turn a JSONL or CSV FAQ export into Markdown articles."""
    from askdesk.kb.importer import import_file

    written = import_file(Path(source), Path(out))
    click.echo(f"wrote {len(written)} articles under {out}")


def _outcomes(rt: Runtime, queries: str):
    from askdesk.evaluation.run import read_questions, run, unknown_ids

    searcher = rt.index.load_now()
    questions = read_questions(Path(queries))
    missing = unknown_ids(questions, searcher)
    if missing:
        raise click.ClickException(f"{queries} expects ids the index does not have: {', '.join(missing[:10])}"
                                   f"{' …' if len(missing) > 10 else ''}; index the matching content")
    return run(questions, searcher)


@main.command()
@index_option
@click.option("--queries", required=True, type=click.Path(dir_okay=False), help="Labelled questions (JSONL).")
@click.option("--target-precision", default=0.9, show_default=True, type=click.FloatRange(0, 1),
              help="How often answers (not clarifications) must be right.")
@json_option
@click.pass_obj
def tune(state: CliState, index_dir, queries, target_precision, as_json) -> None:
    """Pick answer and hand-off thresholds from labelled questions."""
    from askdesk.evaluation.metrics import tune as pick

    rt = state.runtime(index_dir=index_dir)
    chosen = pick(_outcomes(rt, queries), margin=rt.config.clarify_margin, target_precision=target_precision)
    if as_json:
        click.echo(json.dumps(chosen))
    else:
        click.echo(f"answer_threshold = {chosen['answer_threshold']}\nhandoff_threshold = {chosen['handoff_threshold']}")


@main.command(name="eval")
@index_option
@click.option("--queries", required=True, type=click.Path(dir_okay=False), help="Labelled questions (JSONL).")
@click.option("--answer-threshold", type=float, help="Override the answer threshold.")
@click.option("--handoff-threshold", type=float, help="Override the hand-off threshold.")
@json_option
@click.pass_obj
def eval_(state: CliState, index_dir, queries, answer_threshold, handoff_threshold, as_json) -> None:
    """Measure answer quality and latency on labelled questions."""
    from askdesk.evaluation.metrics import compute

    rt = state.runtime(index_dir=index_dir, answer_threshold=answer_threshold, handoff_threshold=handoff_threshold)
    metrics = compute(_outcomes(rt, queries), rt.thresholds)
    if as_json:
        click.echo(json.dumps(metrics))
        return
    for key, value in metrics.items():
        click.echo(f"{key}: {value}")


@main.command()
@index_option
@click.option("--host", help="Address to listen on (setting host).")
@click.option("--port", type=int, help="Port (setting port).")
@click.pass_obj
def serve(state: CliState, index_dir, host, port) -> None:
    """Run the HTTP API with a production WSGI server (waitress)."""
    import waitress

    from askdesk.shell.app import create_app

    config = load_config({"index_dir": index_dir, "host": host, "port": port}, file=state.config_file)
    app = create_app(config)
    runtime = app.extensions["askdesk"]
    runtime.index.load_now()
    runtime.delivery_worker.start()   # tickets left in the outbox by an earlier run go out now
    if config.retention_days:
        runtime.retention_worker.start()   # now, then once a day
    click.echo(f"askdesk serving {config.index_dir} on http://{config.host}:{config.port}/ "
               f"(help center /help, widget demo /demo, agent console /agent)", err=True)
    # a service manager stops us with SIGTERM: leave through `finally` so the workers stop and the store closes
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(0))
    try:
        # waitress drops X-Forwarded-* unless told otherwise; with proxy_hops the app's ProxyFix reads them
        waitress.serve(app, host=config.host, port=config.port, threads=config.server_threads, ident="askdesk",
                       clear_untrusted_proxy_headers=not config.proxy_hops)
    finally:
        runtime.close()


@main.command()
@click.option("--content", "contents", multiple=True, type=click.Path(file_okay=False),
              help="Content folder to measure (repeat for several; default: content_dir).")
@encoder_option
@click.option("--queries", default=200, show_default=True, type=click.IntRange(10, 5000))
@click.option("--concurrency", default=4, show_default=True, type=click.IntRange(1, 64))
@click.option("--seconds", default=10.0, show_default=True, type=click.FloatRange(1, 120),
              help="How long the throughput test runs.")
@click.option("--keyword-engine", "engines", multiple=True, type=click.Choice(["bm25s", "whoosh"]),
              help="Keyword engine(s) to measure (repeat; default: both).")
@click.option("--no-http", is_flag=True, help="Skip the HTTP server measurements.")
@click.pass_obj
def bench(state: CliState, contents, encoder, queries, concurrency, seconds, engines, no_http) -> None:
    """Measure index build, incremental re-index, search/ask latency, HTTP throughput and memory."""
    from askdesk.evaluation.bench import run_bench

    rt = state.runtime(encoder=encoder)
    for content in contents or (rt.config.content_dir,):
        for engine in engines or ("bm25s", "whoosh"):
            report = run_bench(Path(content), rt.encoder, rt.config.encoder, rt.locales, rt.thresholds,
                               keyword_engine=engine, queries=queries, concurrency=concurrency, seconds=seconds,
                               http=not no_http)
            click.echo(json.dumps(report, ensure_ascii=False))


@main.command()
@click.option("--markdown", is_flag=True, help="Print the README's settings table.")
def settings(markdown) -> None:
    """List every setting with its default and meaning."""
    from askdesk.core.settings import SETTINGS

    if markdown:
        click.echo(settings_markdown(), nl=False)
        return
    for s in SETTINGS:
        click.echo(f"{s.name} (ASKDESK_{s.name.upper()}, default {s.default!r}): {s.help}")


main.add_command(token)
main.add_command(report)
main.add_command(demo_traffic)
main.add_command(retention)
main.add_command(session_group)
main.add_command(gaps)


if __name__ == "__main__":  # pragma: no cover
    main()
