"""``askdesk bench --throughput``: requests per second from concurrent clients, as a ratio to the
serial single-question embedding rate measured in the same run.

One real ``askdesk serve`` answers ``/api/v1/search`` and ``/api/v1/ask`` (alternately) to
``clients`` threads, each on a kept-alive connection, for ``seconds`` per round; between those
rounds this process embeds one question at a time with the same encoder for as long. Rounds
alternate so that a machine's changing load affects both alike; the ratio is the median rate of
the clients over the median embedding rate. Latency percentiles are over every request.
"""
from __future__ import annotations

import http.client
import json
import os
import socket
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from pathlib import Path

import numpy as np

from askdesk.indexer.encoders import Encoder


def _wait_ready(port: int, process: subprocess.Popen, seconds: float = 60.0) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with status {process.returncode}")
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=1.0)
        try:
            conn.request("GET", "/readyz")
            if conn.getresponse().status == 200:
                return
        except OSError:
            pass
        finally:
            conn.close()
        time.sleep(0.05)
    raise RuntimeError(f"the server was not ready within {seconds:.0f} s")


def _requests(queries: list[tuple[str, str]]) -> list[tuple[str, str, bytes | None]]:
    """(method, path, body): each question as a search and as an ask, alternately."""
    out = []
    for question, locale in queries:
        out.append(("GET", f"/api/v1/search?q={urllib.parse.quote(question)}&locale={locale}&limit=5", None))
        out.append(("POST", "/api/v1/ask", json.dumps({"question": question, "locale": locale}).encode()))
    return out


def _clients(port: int, requests: list, clients: int, seconds: float) -> tuple[int, list[float], dict[str, int]]:
    """Requests answered 200, their latencies (ms) and the others by status, from ``clients`` threads."""
    latencies: list[list[float]] = [[] for _ in range(clients)]
    errors: dict[str, int] = {}
    lock = threading.Lock()
    start = threading.Barrier(clients + 1)
    stop_at = [0.0]

    def client(k: int) -> None:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        i = k
        start.wait()
        while time.perf_counter() < stop_at[0]:
            method, path, body = requests[i % len(requests)]
            i += clients
            t = time.perf_counter()
            try:
                conn.request(method, path, body=body, headers={"Content-Type": "application/json"} if body else {})
                response = conn.getresponse()
                response.read()
                status = response.status
            except (OSError, http.client.HTTPException) as exc:
                status = type(exc).__name__
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            if status == 200:
                latencies[k].append((time.perf_counter() - t) * 1000)
            else:
                with lock:
                    errors[str(status)] = errors.get(str(status), 0) + 1
        conn.close()

    threads = [threading.Thread(target=client, args=(k,)) for k in range(clients)]
    for t in threads:
        t.start()
    stop_at[0] = time.perf_counter() + seconds
    start.wait()
    for t in threads:
        t.join()
    flat = [ms for per in latencies for ms in per]
    return len(flat), flat, errors


def _embedding_rate(encoder: Encoder, queries: list[tuple[str, str]], seconds: float) -> float:
    """Questions a second, embedded one at a time for ``seconds``."""
    done, i = 0, 0
    started = time.perf_counter()
    while time.perf_counter() - started < seconds:
        encoder.encode([queries[i % len(queries)][0]])
        done, i = done + 1, i + 1
    return done / (time.perf_counter() - started)


def bench_throughput(index: Path, encoder: Encoder, encoder_spec: str, queries: list[tuple[str, str]], *,
                     clients: int = 8, seconds: float = 3.0, rounds: int = 5,
                     settings: dict[str, str] | None = None) -> dict:
    """Start ``askdesk serve`` on ``index`` and measure (see the module docstring)."""
    with socket.socket() as s:   # a free port
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    # the load comes from one address: the per-client rate limit would measure itself, not the server
    env = dict(os.environ, ASKDESK_ENCODER=encoder_spec, ASKDESK_INDEX_DIR=str(index), ASKDESK_RATE_LIMIT="",
               **(settings or {}))
    server = subprocess.Popen([sys.executable, "-m", "askdesk", "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        _wait_ready(port, server)
        requests = _requests(queries)
        encoder.encode(["warm up"])
        _clients(port, requests, clients, 1.0)   # warm up the server's threads and caches
        embed_rates, client_rates, latencies, errors = [], [], [], {}
        for _ in range(rounds):
            embed_rates.append(_embedding_rate(encoder, queries, seconds))
            ok, ms, errs = _clients(port, requests, clients, seconds)
            client_rates.append(ok / seconds)
            latencies += ms
            for status, n in errs.items():
                errors[status] = errors.get(status, 0) + n
        embed = statistics.median(embed_rates)
        served = statistics.median(client_rates)
        return {"clients": clients, "rounds": rounds, "seconds_per_round": seconds,
                "serial_embed_per_s": round(embed, 1), "clients_req_per_s": round(served, 1),
                "ratio": round(served / embed, 2),
                "latency_ms": {"p50": round(float(np.percentile(latencies, 50)), 1),
                               "p99": round(float(np.percentile(latencies, 99)), 1)} if latencies else None,
                "requests": len(latencies), "errors": errors,
                "rounds_embed_per_s": [round(r, 1) for r in embed_rates],
                "rounds_req_per_s": [round(r, 1) for r in client_rates]}
    finally:
        server.terminate()
        server.wait(timeout=10)
