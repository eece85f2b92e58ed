"""The benchmark runs end to end (figures are printed, never asserted as timings)."""
import pytest

from askdesk.bot.decision import Thresholds
from askdesk.evaluation.bench import run_bench

from support.paths import FIXTURE_KB, LOCALES

pytestmark = pytest.mark.slow   # a timed run and a real HTTP server (about 2 s)


def test_bench_reports_every_figure_with_its_baseline(hash_encoder):
    report = run_bench(FIXTURE_KB, hash_encoder, "hash", LOCALES, Thresholds(0.45, 0.3, 0.08),
                       queries=10, concurrency=2, seconds=1.0)
    assert report["articles"] == 9 and report["queries"] == 10
    assert report["incremental_changed"] == 1 and report["incremental_embedded"] == 1
    for key in ("embed_query_ms", "search_ms", "ask_ms", "conversation_turn_ms"):
        assert set(report[key]) == {"p50", "p99"}
    assert report["search_p50_over_embed_p50"] > 0 and report["turn_p50_over_ask_p50"] > 0
    http = report["http"]
    assert http["http_errors"] == 0 and http["rps"] > 0 and http["server_rss_mb"] > 0
    assert set(http["search_http_ms"]) == {"p50", "p99"}


def test_throughput_reports_the_ratio_to_the_serial_embedding_rate(hash_index, hash_encoder):
    from askdesk.evaluation.bench import bench_queries
    from askdesk.evaluation.throughput import bench_throughput

    report = bench_throughput(hash_index, hash_encoder, "hash", bench_queries(FIXTURE_KB, LOCALES, 10),
                              clients=4, seconds=0.5, rounds=2)
    assert report["errors"] == {} and report["requests"] > 0 and report["clients"] == 4
    assert report["ratio"] == round(report["clients_req_per_s"] / report["serial_embed_per_s"], 2) > 0
    assert set(report["latency_ms"]) == {"p50", "p99"} and len(report["rounds_req_per_s"]) == 2
