"""``askdesk bench``: speed figures for one content folder, each beside a baseline from the same run.

Figures are medians (p50) and p99 over repeated runs; the baseline for query latency is the
cost of embedding the query alone, so a ratio compares across machines.
"""
from __future__ import annotations

import http.client
import json
import os
import random
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

import numpy as np

from askdesk.bot.ask import ask
from askdesk.bot.conversation import Conversations
from askdesk.bot.decision import Thresholds
from askdesk.indexer import layout
from askdesk.indexer.build import build_index
from askdesk.indexer.encoders import Encoder
from askdesk.indexer.search import Searcher
from askdesk.kb.loader import load_content
from askdesk.store import open_store


def _pct(values: list[float]) -> dict:
    return {"p50": round(float(np.percentile(values, 50)), 3), "p99": round(float(np.percentile(values, 99)), 3)}


def _time_each(fn, pairs: list[tuple[str, str]]) -> list[float]:
    """Milliseconds ``fn(question, locale)`` took, for each pair."""
    out = []
    for question, locale in pairs:
        started = time.perf_counter()
        fn(question, locale)
        out.append((time.perf_counter() - started) * 1000)
    return out


def bench_queries(content: Path, locales: tuple[str, ...], n: int, seed: int = 7) -> list[tuple[str, str]]:
    """(question, locale) pairs: labelled questions when the folder has them, else headings and titles."""
    labelled = content / "eval" / "questions.jsonl"
    if labelled.exists():
        rows = [json.loads(line) for line in labelled.read_text(encoding="utf-8").splitlines() if line.strip()]
        pairs = [(r["query"], r.get("locale") or "en") for r in rows]
    else:
        pairs = [(p.heading, a.locale) for a in load_content(content, locales).articles for p in a.passages[:3]
                 if p.heading.strip()]
    random.Random(seed).shuffle(pairs)
    return pairs[:n]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _get(port: int, path: str, timeout: float = 10.0) -> tuple[int, bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, response.read()
    finally:
        conn.close()


def _rss_mb(pid: int) -> float | None:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def bench_http(index: Path, encoder_spec: str, queries: list[tuple[str, str]], *, concurrency: int,
               seconds: float) -> dict:
    """Start a real ``askdesk serve``; cold start to ready, sequential latency, throughput, memory."""
    port = _free_port()
    # the load comes from one address: the per-client rate limit would measure itself, not search
    env = dict(os.environ, ASKDESK_ENCODER=encoder_spec, ASKDESK_INDEX_DIR=str(index), ASKDESK_RATE_LIMIT="")
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "askdesk", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ready_s = None
        while time.perf_counter() - started < 60:
            try:
                if _get(port, "/readyz", 1.0)[0] == 200:
                    ready_s = time.perf_counter() - started
                    break
            except OSError:
                pass
            time.sleep(0.05)
        if ready_s is None:
            raise RuntimeError("the server did not become ready within 60 s")
        paths = [f"/api/v1/search?q={urllib.parse.quote(q)}&locale={loc}&limit=5" for q, loc in queries]
        sequential = []
        for path in paths:
            t = time.perf_counter()
            status, _ = _get(port, path)
            sequential.append((time.perf_counter() - t) * 1000)
            if status != 200:
                raise RuntimeError(f"{path} answered {status}")
        done, errors = [0], [0]
        stop_at = time.perf_counter() + seconds

        def worker(offset: int) -> None:
            i = offset
            while time.perf_counter() < stop_at:
                try:
                    ok = _get(port, paths[i % len(paths)])[0] == 200
                except OSError:
                    ok = False
                done[0] += ok
                errors[0] += not ok
                i += concurrency
        threads = [threading.Thread(target=worker, args=(k,)) for k in range(concurrency)]
        t0 = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - t0
        return {"cold_start_ready_s": round(ready_s, 2), "search_http_ms": _pct(sequential),
                "rps": round(done[0] / elapsed, 1), "concurrency": concurrency, "http_errors": errors[0],
                "server_rss_mb": _rss_mb(server.pid)}
    finally:
        server.terminate()
        server.wait(timeout=10)


def _conversation_turns(searcher: Searcher, thresholds: Thresholds, pairs: list[tuple[str, str]],
                        db: Path) -> list[float]:
    """Milliseconds per conversation turn: the search and decision of ``ask`` plus the session's
    events and state written to a SQLite store (three questions a session)."""
    store = open_store(str(db))
    conversations = Conversations(store, lambda: searcher, lambda: thresholds, reply_within_hours=24,
                                  max_text_chars=10_000)
    out = []
    try:
        for i, (question, locale) in enumerate(pairs):
            if i % 3 == 0:
                session_id = conversations.start(locale).session_id
            started = time.perf_counter()
            conversations.message(session_id, question)
            out.append((time.perf_counter() - started) * 1000)
        return out
    finally:
        store.close()


def run_bench(content: Path, encoder: Encoder, encoder_spec: str, locales: tuple[str, ...], thresholds: Thresholds,
              *, keyword_engine: str = "bm25s", queries: int = 200,
              concurrency: int = 4, seconds: float = 10.0, http: bool = True) -> dict:
    work = Path(tempfile.mkdtemp(prefix="askdesk-bench-"))
    try:
        index, copy = work / "index", work / "content"
        shutil.copytree(content, copy)  # the incremental step edits an article of this copy
        t = time.perf_counter()
        full = build_index(copy, index, encoder, locales=locales, keyword_engine=keyword_engine)
        full_s = time.perf_counter() - t
        article = sorted(a.path for a in load_content(copy, locales).articles)[0]
        with open(copy / article, "a", encoding="utf-8") as handle:
            handle.write("\n\nThis sentence was added by the benchmark.\n")
        t = time.perf_counter()
        incremental = build_index(copy, index, encoder, locales=locales, keyword_engine=keyword_engine)
        incremental_s = time.perf_counter() - t

        searcher = Searcher(layout.current_build(index), encoder)
        pairs = bench_queries(content, locales, queries)
        encoder.encode(["warm up"])
        embed = _time_each(lambda q, _: encoder.encode([q]), pairs)
        search = _time_each(lambda q, loc: searcher.search(q, locale=loc, limit=5), pairs)
        asked = _time_each(lambda q, loc: ask(searcher, q, locale=loc, thresholds=thresholds), pairs)
        turns = _conversation_turns(searcher, thresholds, pairs, work / "ledger.db")
        embed_p50 = statistics.median(embed)
        report = {
            "content": str(content), "articles": full.articles, "encoder": encoder.name,
            "keyword_engine": keyword_engine, "queries": len(pairs),
            "full_index_s": round(full_s, 2), "full_index_texts_embedded": full.embedded,
            "incremental_one_article_s": round(incremental_s, 2),
            "incremental_changed": incremental.changed, "incremental_embedded": incremental.embedded,
            "embed_query_ms": _pct(embed), "search_ms": _pct(search), "ask_ms": _pct(asked),
            "conversation_turn_ms": _pct(turns),
            "turn_p50_over_ask_p50": round(statistics.median(turns) / statistics.median(asked), 2),
            "search_p50_over_embed_p50": round(statistics.median(search) / embed_p50, 2),
        }
        searcher.close()
        if http:
            report["http"] = bench_http(index, encoder_spec, pairs, concurrency=concurrency, seconds=seconds)
            report["http_search_p50_over_embed_p50"] = round(report["http"]["search_http_ms"]["p50"] / embed_p50, 2)
        return report
    finally:
        shutil.rmtree(work, ignore_errors=True)
