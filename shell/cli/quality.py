"""Measuring quality and speed: ``tune`` thresholds and ``eval`` on labelled questions, ``bench``
speed, ``eval-gaps`` for how well the gap report recovers missing topics."""
from __future__ import annotations

import json
from pathlib import Path

import click

from askdesk.shell.cli.base import CliState, encoder_option, index_option, json_option
from askdesk.shell.runtime import Runtime

raw_option = click.option("--raw", is_flag=True, help="Ignore the index's calibration: the raw fused score and "
                          "the fixed thresholds (for comparison).")


def _outcomes(rt: Runtime, queries: str, raw: bool = False):
    from askdesk.evaluation.run import read_questions, run, unknown_ids

    searcher = rt.index.load_now()
    if raw:   # compare with the raw fused score and the fixed thresholds
        searcher.calibration = None
    questions = read_questions(Path(queries))
    missing = unknown_ids(questions, searcher)
    if missing:
        raise click.ClickException(f"{queries} expects ids the index does not have: {', '.join(missing[:10])}"
                                   f"{' …' if len(missing) > 10 else ''}; index the matching content")
    return run(questions, searcher)


@click.command()
@index_option
@click.option("--queries", required=True, type=click.Path(dir_okay=False), help="Labelled questions (JSONL).")
@click.option("--target-precision", type=click.FloatRange(0, 1),
              help="How often answers (not clarifications) must be right (setting target_precision).")
@raw_option
@json_option
@click.pass_obj
def tune(state: CliState, index_dir, queries, target_precision, raw, as_json) -> None:
    """Pick answer and hand-off thresholds from labelled questions (on the index's calibrated
    confidence when it has one: set them as answer_threshold and handoff_threshold)."""
    from askdesk.evaluation.metrics import tune as pick

    rt = state.runtime(index_dir=index_dir, target_precision=target_precision)
    chosen = pick(_outcomes(rt, queries, raw), margin=rt.config.clarify_margin,
                  target_precision=rt.config.target_precision)
    if as_json:
        click.echo(json.dumps(chosen))
    else:
        click.echo(f"answer_threshold = {chosen['answer_threshold']}\nhandoff_threshold = {chosen['handoff_threshold']}")


@click.command(name="eval")
@index_option
@click.option("--queries", required=True, type=click.Path(dir_okay=False), help="Labelled questions (JSONL).")
@click.option("--answer-threshold", type=float, help="Override the answer threshold.")
@click.option("--handoff-threshold", type=float, help="Override the hand-off threshold.")
@click.option("--target-precision", type=click.FloatRange(0, 1), help="Override the setting target_precision.")
@raw_option
@json_option
@click.pass_obj
def eval_(state: CliState, index_dir, queries, answer_threshold, handoff_threshold, target_precision, raw,
          as_json) -> None:
    """Measure answer quality and latency on labelled questions, with the thresholds in force and
    the calibration's error (on these questions, and as the index measured it on its own)."""
    from askdesk.evaluation.metrics import compute

    rt = state.runtime(index_dir=index_dir, answer_threshold=answer_threshold, handoff_threshold=handoff_threshold,
                       target_precision=target_precision)
    outcomes = _outcomes(rt, queries, raw)
    searcher = rt.index.load_now()
    metrics = compute(outcomes, rt.thresholds_for(searcher.calibration))
    metrics["calibrated"] = searcher.calibration is not None
    metrics["target_precision"] = rt.config.target_precision
    metrics["index_calibration"] = searcher.manifest.get("calibration")
    if as_json:
        click.echo(json.dumps(metrics))
        return
    for key, value in metrics.items():
        click.echo(f"{key}: {value}")


@click.command()
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
@click.option("--throughput", is_flag=True,
              help="Only the throughput ratio: --concurrency clients' search and ask requests a second over the "
                   "serial single-question embedding rate, on the built index (index_dir), in --rounds rounds of "
                   "--seconds each.")
@click.option("--rounds", default=5, show_default=True, type=click.IntRange(1, 50))
@click.pass_obj
def bench(state: CliState, contents, encoder, queries, concurrency, seconds, engines, no_http, throughput,
          rounds) -> None:
    """Measure index build, incremental re-index, search/ask latency, HTTP throughput and memory."""
    from askdesk.evaluation.bench import bench_queries, run_bench

    rt = state.runtime(encoder=encoder)
    if throughput:
        from askdesk.evaluation.throughput import bench_throughput
        from askdesk.indexer import layout

        index = Path(rt.config.index_dir)
        if layout.current_build(index) is None:
            raise click.ClickException(f"no index at {index}; run `askdesk index` first")
        pairs = bench_queries(Path(contents[0] if contents else rt.config.content_dir), rt.locales, queries)
        report = bench_throughput(index, rt.encoder, rt.config.encoder, pairs, clients=concurrency, seconds=seconds,
                                  rounds=rounds)
        click.echo(json.dumps(report, ensure_ascii=False))
        return
    for content in contents or (rt.config.content_dir,):
        for engine in engines or ("bm25s", "whoosh"):
            report = run_bench(Path(content), rt.encoder, rt.config.encoder, rt.locales, rt.thresholds,
                               keyword_engine=engine, queries=queries, concurrency=concurrency, seconds=seconds,
                               http=not no_http)
            click.echo(json.dumps(report, ensure_ascii=False))


@click.command(name="eval-gaps")
@click.option("--kb", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="kb.jsonl of a labelled intent set (the shared datasets' format).")
@click.option("--queries", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="Labelled test questions (JSONL).")
@encoder_option
@click.option("--distance", "distances", multiple=True, type=click.FloatRange(0.05, 1.0),
              help="Cluster cut(s) to score (repeat; default: the gap report's).")
@click.option("--held-out", default=12, show_default=True, type=click.IntRange(1, 1000),
              help="Intents left out of the knowledge base.")
@click.option("--seed", default=7, show_default=True, type=int)
@json_option
@click.pass_obj
def eval_gaps(state: CliState, kb, queries, encoder, distances, held_out, seed, as_json) -> None:
    """Measure how well the content-gap report recovers intents held out of a knowledge base."""
    from askdesk.analytics.clustering import DISTANCE
    from askdesk.evaluation.gap_recovery import Plan, run, table

    rt = state.runtime(encoder=encoder)
    report = run(kb, queries, rt.encoder, rt.thresholds, Plan(held_out=held_out, seed=seed),
                 distances=distances or (DISTANCE,))
    click.echo(json.dumps(report) if as_json else table(report))
