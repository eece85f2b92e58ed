"""The retention period, applied: conversations older than ``retention_days`` are deleted
(:meth:`store.sql.SqlStore.delete_older_than`) by ``askdesk retention`` and, in every server, once a
day by a :class:`RetentionWorker`. Several servers sharing one store each run theirs; whichever runs
first finds the work, the others find nothing left.
"""
from __future__ import annotations

import datetime as dt
import logging
import threading
from typing import Callable

from store.protocol import Store

log = logging.getLogger(__name__)
DAY_SECONDS = 24 * 3600.0


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def cutoff(days: int, now: dt.datetime) -> str:
    """The moment ``days`` before ``now``, in the store's time format: what started earlier goes."""
    if days < 1:
        raise ValueError(f"days must be at least 1 (retention_days 0 keeps everything), got {days}")
    return (now - dt.timedelta(days=days)).astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


class RetentionWorker:
    """A daemon thread that applies the retention period when it starts, then every ``interval_seconds``."""

    def __init__(self, store: Store, days: int, *, interval_seconds: float = DAY_SECONDS,
                 clock: Callable[[], dt.datetime] = _utc_now):
        cutoff(days, clock())   # refuse a period of no days now, not in the thread
        if interval_seconds <= 0:
            raise ValueError(f"interval_seconds must be positive, got {interval_seconds}")
        self._store, self.days, self.interval_seconds, self._clock = store, days, interval_seconds, clock
        self._stopping = threading.Event()
        self._thread: threading.Thread | None = None

    def run_once(self) -> dict[str, int]:
        counts = self._store.delete_older_than(cutoff(self.days, self._clock()))
        log.info("retention of %d days: deleted %s", self.days, ", ".join(f"{n} {k}" for k, n in counts.items()))
        return counts

    def start(self) -> None:
        if self._thread is not None:
            raise RuntimeError("this RetentionWorker was started already; build a new one")
        self._thread = threading.Thread(target=self._run, name="askdesk-retention", daemon=True)
        self._thread.start()

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def stop(self, timeout: float | None = None) -> None:
        """Stop (after the deletion under way, if any) and wait for the thread up to ``timeout`` seconds."""
        self._stopping.set()
        if self._thread is not None:
            self._thread.join(timeout)

    def _run(self) -> None:
        while not self._stopping.is_set():
            try:
                self.run_once()
            except Exception:   # e.g. the database is unreachable: the next run tries again
                log.exception("applying the retention period failed; trying again in %.0f s", self.interval_seconds)
            self._stopping.wait(self.interval_seconds)
