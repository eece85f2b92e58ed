"""The retention period, applied: conversations older than ``retention_days`` are deleted
(:meth:`store.sql.SqlStore.delete_older_than`) by ``askdesk retention`` and, in every server, once a
day by a :class:`RetentionWorker`. Several servers sharing one store each run theirs; whichever runs
first finds the work, the others find nothing left.
"""
from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from askdesk.core.background import BackgroundLoop
from askdesk.core.storage import Store

log = logging.getLogger(__name__)
DAY_SECONDS = 24 * 3600.0


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def cutoff(days: int, now: dt.datetime) -> str:
    """The moment ``days`` before ``now``, in the store's time format: what started earlier goes."""
    if days < 1:
        raise ValueError(f"days must be at least 1 (retention_days 0 keeps everything), got {days}")
    return (now - dt.timedelta(days=days)).astimezone(dt.UTC).isoformat(timespec="microseconds")


class RetentionWorker(BackgroundLoop):
    """Applies the retention period when it starts, then every ``interval_seconds``."""

    thread_name = "askdesk-retention"
    failure = "applying the retention period failed"

    def __init__(self, store: Store, days: int, *, interval_seconds: float = DAY_SECONDS,
                 clock: Callable[[], dt.datetime] = _utc_now, searches=None):
        cutoff(days, clock())   # refuse a period of no days now, not in the thread
        super().__init__(interval_seconds)
        self._store, self.days, self._clock = store, days, clock
        self._searches = searches   # the help-center search ledger (store.searches), kept as long

    def run_once(self) -> dict[str, int]:
        before = cutoff(self.days, self._clock())
        counts = self._store.delete_older_than(before)
        if self._searches is not None:
            counts["search_events"] = self._searches.delete_older_than(before)
        log.info("retention of %d days: deleted %s", self.days, ", ".join(f"{n} {k}" for k, n in counts.items()))
        return counts

    def cycle(self) -> bool:
        self.run_once()
        return False
