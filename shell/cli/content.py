"""Content commands: ``check`` the articles, build the ``index``, ``import`` an FAQ export."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from askdesk.shell.cli.base import (
    CliState,
    content_option,
    encoder_option,
    index_option,
    json_option,
    progress_bar,
    step,
)


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


def _files(paths: list[str]) -> str:
    return f"{len(paths)} article file{'s' if len(paths) != 1 else ''} with errors"


@click.command()
@content_option
@index_option
@encoder_option
@click.option("--keyword-engine", type=click.Choice(["bm25s", "whoosh"]), help="Setting keyword_engine.")
@click.option("--full", is_flag=True, help="Rebuild everything instead of only what changed.")
@click.option("--strict", is_flag=True, help="Publish no new build when any article has an error.")
@json_option
@click.pass_obj
def index(state: CliState, content_dir, index_dir, encoder, keyword_engine, full, strict, as_json) -> None:
    """Build the keyword and vector indexes (incremental and atomic).

    Exits 1 when any article has an error: the new build leaves those articles out (listed), or,
    with --strict, no new build is made and the previous one stays current."""
    from askdesk.core.errors import ContentError
    from askdesk.indexer import layout
    from askdesk.indexer.build import build_index

    rt = state.runtime(content_dir=content_dir, index_dir=index_dir, encoder=encoder, keyword_engine=keyword_engine)
    bar = None

    def progress(done: int, total: int) -> None:
        nonlocal bar
        if as_json or total < 200:
            return
        if bar is None:
            step(f"embedding {total} texts")
            bar = progress_bar(total, "embedding", "text")
        bar.update(done - bar.n)

    def stage(what: str) -> None:
        nonlocal bar
        if bar is not None:
            bar.update(bar.total - bar.n)
            bar.close()
            bar = None
        if not as_json and what == "calibrating":
            step("calibrating the confidence on simulated customer questions")

    index_root = Path(rt.config.index_dir)
    try:
        report = build_index(Path(rt.config.content_dir), index_root, rt.encoder,
                             locales=rt.locales, keyword_engine=rt.config.keyword_engine,
                             classifier_max_articles=rt.config.classifier_max_articles,
                             strict=strict, full=full, progress=progress, stage=stage)
        stage("done")
    except ContentError as exc:
        for problem in exc.errors:
            click.echo(problem, err=True)
        previous = layout.current_build_id(index_root)
        kept = (f"build {previous} stays current" if previous
                else f"there is no build in {index_root} yet, so nothing can be served")
        paths = sorted({line.split(":", 1)[0] for line in exc.errors if line.split(":", 1)[0].endswith(".md")})
        why = f"--strict and {_files(paths)} ({', '.join(paths)})" if strict and paths else "no article could be indexed"
        raise click.ClickException(f"{why}: no new build was made, {kept}. Fix the errors above "
                                   "(`askdesk check` lists every problem) and run `askdesk index` again") from exc
    finally:
        if bar is not None:
            bar.close()
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
    else:
        for problem in report.problems:
            click.echo(str(problem), err=True)
        kind = "incremental" if report.incremental else "full"
        click.echo(f"indexed {report.articles} articles ({kind}: {report.changed} changed, {report.removed} removed, "
                   f"{report.embedded} texts embedded) in {report.seconds:.1f}s → build {report.build_id}")
    if report.left_out:
        click.echo(f"Error: build {report.build_id} is current WITHOUT {_files(report.left_out)}: "
                   f"{', '.join(report.left_out)}. Fix them and run `askdesk index` again "
                   "(or pass --strict to keep the previous build current when content has errors)", err=True)
        sys.exit(1)


VENDORS = ("zendesk", "freshdesk", "intercom", "html")


@click.command(name="import")
@click.argument("source", type=click.Path())
@click.option("--from", "vendor", type=click.Choice(VENDORS),
              help="The help center SOURCE was exported from (a folder of its API's JSON, or of HTML pages). "
                   "Without it, SOURCE is a .jsonl or .csv FAQ file.")
@click.option("--out", required=True, type=click.Path(file_okay=False), help="Folder to write articles into.")
@json_option
@click.pass_obj
def import_(state: CliState, source, vendor, out, as_json) -> None:
    """Import a help center (Zendesk Guide, Freshdesk, Intercom, HTML pages) or a JSONL/CSV FAQ export
    as Markdown articles, and report what came across. Run it again to take only what changed."""
    if vendor is None:
        from askdesk.kb.importer import import_file

        if Path(source).is_dir():
            raise click.UsageError(f"{source} is a folder: pass --from {'|'.join(VENDORS)} to say which help "
                                   "center it was exported from (a file: .jsonl or .csv)")
        written = import_file(Path(source), Path(out))
        if as_json:
            click.echo(json.dumps({"source": source, "out": out, "created": [str(p) for p in written]},
                                  ensure_ascii=False))
        else:
            click.echo(f"wrote {len(written)} articles under {out}")
        return
    from askdesk.kb.importers import import_help_center

    locales = tuple(part.strip() for part in state.config().locales.split(",") if part.strip())
    report = import_help_center(Path(source), vendor, Path(out), locales)
    if as_json:
        click.echo(json.dumps(report.to_dict(), ensure_ascii=False))
        return
    for line in import_report_lines(report):
        click.echo(line)


def import_report_lines(report) -> list[str]:
    """``askdesk import``'s report for people: counts, files, what was skipped and links left as they were."""
    lines = [f"imported {report.articles} articles from {report.vendor} export {report.source} into {report.out}"]
    for locale, by_status in sorted(report.counts.items()):
        lines.append(f"  {locale}: " + ", ".join(f"{n} {status}" for status, n in sorted(by_status.items())))
    if report.audiences.get("internal"):
        lines.append(f"  internal (agents only): {report.audiences['internal']}")
    lines.append(f"files: {len(report.created)} created, {len(report.updated)} updated, "
                 f"{len(report.unchanged)} unchanged, {len(report.removed)} removed")
    for label, paths in (("created", report.created), ("updated", report.updated), ("removed", report.removed)):
        lines += [f"  {label} {path}" for path in paths]
    if report.skipped:
        lines.append(f"skipped {len(report.skipped)}:")
        lines += [f"  {skipped}" for skipped in report.skipped]
    if report.unresolved:
        lines.append(f"links not resolved {len(report.unresolved)}:")
        lines += [f"  {u.path}: {u.target} ({u.reason})" for u in report.unresolved]
    lines.append(f"next: askdesk check --content {report.out}")
    return lines
