"""A micro-batcher in front of an encoder: the questions of requests that arrive together are
embedded in one encoder call.

A sentence encoder costs much less per sentence in a batch than one sentence at a time, and a
server's request threads each embed one question (or two, with a spelling correction). The
:class:`BatchingEncoder` hands every call to one encoding thread, which takes whatever calls are
waiting — calls queue up while it encodes — and, when its last batch had companions (so requests
are coming in together), waits up to ``max_wait_seconds`` for more while the batch is not full; then
it encodes them all at once and gives each caller its own rows. A lone caller (the command line, a
quiet server) never waits. Rows are computed per sentence, so a caller gets the
vectors it would have got alone (to float rounding). A call whose batch fails is retried on its own,
so one bad input fails only its own request. Calls of more than ``max_texts`` texts (an index
build) go to the encoder directly.
"""
from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Sequence
from concurrent.futures import Future

import numpy as np

from askdesk.indexer.encoders import Encoder

log = logging.getLogger(__name__)


class BatchingEncoder:
    """An :class:`Encoder` that batches concurrent calls to ``encoder`` (see the module docstring)."""

    def __init__(self, encoder: Encoder, *, max_wait_seconds: float = 0.002, max_texts: int = 32):
        if max_wait_seconds < 0:
            raise ValueError(f"max_wait_seconds must be 0 or more, got {max_wait_seconds}")
        if max_texts < 1:
            raise ValueError(f"max_texts must be at least 1, got {max_texts}")
        self.encoder = encoder
        self.name, self.dim = encoder.name, encoder.dim
        self.max_wait_seconds, self.max_texts = max_wait_seconds, max_texts
        self._calls: queue.SimpleQueue[tuple[list[str], Future]] = queue.SimpleQueue()
        self._start = threading.Lock()
        self._thread: threading.Thread | None = None
        self.batches = 0   # encoder calls made, and the calls they served: batching at work
        self.served = 0

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        texts = list(texts)
        if not texts:
            return np.zeros((0, self.dim), dtype=np.float32)
        if len(texts) > self.max_texts:
            return self.encoder.encode(texts)
        self._ensure_thread()
        future: Future = Future()
        self._calls.put((texts, future))
        return future.result()

    def _ensure_thread(self) -> None:
        if self._thread is None:
            with self._start:
                if self._thread is None:
                    self._thread = threading.Thread(target=self._run, name="askdesk-encoder", daemon=True)
                    self._thread.start()

    def _run(self) -> None:
        crowded = False   # whether the last batch had companions: only then is waiting for them worth it
        while True:
            batch = [self._calls.get()]
            size = len(batch[0][0])
            wait = self.max_wait_seconds if crowded else 0.0
            until = time.monotonic() + wait
            while size < self.max_texts:
                try:
                    call = self._calls.get(timeout=max(0.0, until - time.monotonic())) if wait \
                        else self._calls.get_nowait()
                except queue.Empty:
                    break
                batch.append(call)
                size += len(call[0])
            crowded = len(batch) > 1
            try:
                self._encode(batch)
            except BaseException as exc:   # never leave a caller waiting, even on a bug here
                for _, future in batch:
                    if not future.done():
                        future.set_exception(exc)

    def _encode(self, batch: list[tuple[list[str], Future]]) -> None:
        self.batches += 1
        self.served += len(batch)
        try:
            vectors = self.encoder.encode([text for texts, _ in batch for text in texts])
        except Exception as exc:
            if len(batch) == 1:
                batch[0][1].set_exception(exc)
                return
            for call in batch:   # find whose input it was: each call on its own
                self._encode([call])
            return
        start = 0
        for texts, future in batch:
            future.set_result(vectors[start:start + len(texts)])
            start += len(texts)
