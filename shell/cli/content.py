"""Content commands: ``check`` the articles, build the ``index``, ``import`` an FAQ export."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from askdesk.shell.cli.base import CliState, content_option, encoder_option, index_option, json_option


@click.command()
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


@click.command()
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


@click.command(name="import")
@click.argument("source", type=click.Path(dir_okay=False))
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write articles into.")
def import_(source, out) -> None:
    """Turn a JSONL or CSV FAQ export into Markdown articles."""
    from askdesk.kb.importer import import_file

    written = import_file(Path(source), Path(out))
    click.echo(f"wrote {len(written)} articles under {out}")
