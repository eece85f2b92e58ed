"""The micro-batcher in front of the encoder: concurrent calls get exactly the rows they would get
alone, batches really form, one bad input fails only its own call, and nothing deadlocks."""
import threading
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from askdesk.indexer.batching import BatchingEncoder
from askdesk.indexer.encoders import HashEncoder

QUESTIONS = [f"how do I reset password number {i}" for i in range(40)] + ["где мой заказ", "refund"]


class SlowEncoder(HashEncoder):
    """The hash encoder, slowed down so that calls pile up while it works; refuses texts with 'boom'."""

    def __init__(self):
        super().__init__()
        self.calls = []
        self.gate = threading.Event()
        self.gate.set()

    def encode(self, texts):
        self.gate.wait(5)
        self.calls.append(list(texts))
        if any("boom" in t for t in texts):
            raise UnicodeEncodeError("utf-8", "boom", 0, 1, "surrogates not allowed")
        return super().encode(texts)


def test_concurrent_calls_get_the_rows_they_would_get_alone_in_fewer_encoder_calls():
    inner = SlowEncoder()
    batching = BatchingEncoder(inner, max_wait_seconds=0.005)
    alone = {q: HashEncoder().encode([q, q.upper()]) for q in QUESTIONS}
    inner.gate.clear()   # the first call holds the encoder while the others queue up
    with ThreadPoolExecutor(16) as pool:
        futures = {q: pool.submit(batching.encode, [q, q.upper()]) for q in QUESTIONS}
        inner.gate.set()
        results = {q: f.result(timeout=10) for q, f in futures.items()}
    for q in QUESTIONS:
        assert results[q].shape == (2, inner.dim) and np.array_equal(results[q], alone[q])
    assert batching.served == len(QUESTIONS) and len(inner.calls) < len(QUESTIONS) / 2
    assert max(len(c) for c in inner.calls) <= batching.max_texts


def test_one_bad_input_fails_only_its_own_call():
    inner = SlowEncoder()
    batching = BatchingEncoder(inner, max_wait_seconds=0.005)
    inner.gate.clear()
    texts = ["fine one", "boom \ud800", "fine two", "fine three"]
    with ThreadPoolExecutor(4) as pool:
        futures = [pool.submit(batching.encode, [t]) for t in texts]
        inner.gate.set()
        outcomes = []
        for f in futures:
            try:
                outcomes.append(f.result(timeout=10).shape)
            except UnicodeEncodeError:
                outcomes.append("error")
    assert outcomes == [(1, inner.dim), "error", (1, inner.dim), (1, inner.dim)]
    assert batching.encode(["still works"]).shape == (1, inner.dim)   # the encoding thread lives on


def test_empty_and_large_calls_and_bad_settings():
    inner = SlowEncoder()
    batching = BatchingEncoder(inner, max_texts=4)
    assert batching.encode([]).shape == (0, inner.dim) and inner.calls == []
    big = [f"text {i}" for i in range(10)]
    assert np.array_equal(batching.encode(big), HashEncoder().encode(big)) and inner.calls == [big]   # directly
    assert batching.name == inner.name and batching.dim == inner.dim
    with pytest.raises(ValueError, match="max_wait_seconds"):
        BatchingEncoder(inner, max_wait_seconds=-1)
    with pytest.raises(ValueError, match="max_texts"):
        BatchingEncoder(inner, max_texts=0)


def test_many_threads_many_rounds_never_deadlock():
    batching = BatchingEncoder(HashEncoder(), max_wait_seconds=0.001, max_texts=8)

    def client(k):
        return all(batching.encode([QUESTIONS[(k + i) % len(QUESTIONS)]]).shape == (1, 256) for i in range(50))

    with ThreadPoolExecutor(12) as pool:
        assert all(f.result(timeout=30) for f in [pool.submit(client, k) for k in range(12)])
    assert batching.served == 600
