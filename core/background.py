"""Background work in a server process: a daemon thread that repeats one cycle."""
from __future__ import annotations

import logging
import threading

log = logging.getLogger(__name__)


class BackgroundLoop:
    """A daemon thread that runs :meth:`cycle` at once, then every ``interval_seconds`` — sooner after
    :meth:`wake`, and again without waiting when a cycle returns True (more is due). A cycle that
    raises is logged and the loop goes on: the database may be reachable again next time."""

    thread_name = "askdesk-background"
    failure = "background cycle failed"   # what the log says when a cycle raises

    def __init__(self, interval_seconds: float):
        if interval_seconds <= 0:
            raise ValueError(f"the interval of {type(self).__name__} must be positive, got {interval_seconds}")
        self.interval_seconds = interval_seconds
        self._wake = threading.Event()
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def cycle(self) -> bool:
        """One round of the work; True when more is due at once."""
        raise NotImplementedError

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError(f"this {type(self).__name__} was started already; build a new one")
        self._thread = threading.Thread(target=self._run, name=self.thread_name, daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def wake(self) -> None:
        """Run the next cycle now."""
        self._wake.set()

    def stop(self, timeout: float | None = None) -> None:
        """Stop after the cycle under way, if any, and wait for the thread (up to ``timeout`` seconds)."""
        self._stopping.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            # cleared before the cycle, so that a wake() during it triggers the next one at once
            self._wake.clear()
            try:
                again = self.cycle()
            except Exception:
                log.exception("%s; trying again in %g s", self.failure, self.interval_seconds)
                again = False
            if not again:
                self._wake.wait(self.interval_seconds)
