"""The store's health: a database failure a person must fix, told apart from a bug and said in
words (:func:`unavailable`), and the SQLite WAL kept small (:class:`CheckpointWorker`).

A full disk, a read-only file or a PostgreSQL that is down or read-only becomes
:class:`askdesk.core.errors.StoreUnavailable` (503, with the cause and the fix), so a session start
says so instead of a generic 500 and ``/readyz`` (which writes through
:meth:`askdesk.store.sql.SqlStore.check_writable`) takes the server out of rotation until it is fixed.
"""
from __future__ import annotations

import logging

from askdesk.core.background import BackgroundLoop
from askdesk.core.errors import StoreUnavailable

log = logging.getLogger(__name__)
CHECKPOINT_SECONDS = 60.0

_SQLITE = (   # (what SQLite says, what it means and the fix)
    ("database or disk is full", "the disk is full: free space on it or move the store (setting store_url)"),
    ("readonly database", "it is read-only: give the server's user write access to the database file and its "
                          "folder, or set store_url to a writable place"),
    ("unable to open database file", "the database file cannot be opened: check the disk and the path in "
                                     "store_url, and that the server's user may write its folder"),
    ("disk i/o error", "the disk failed to read or write: check the disk (and free space) under the store"),
    ("database is locked", "another process holds its write lock too long: find the other process, or move to "
                           "PostgreSQL for several servers"),
)
_POSTGRES = (   # (SQLSTATE prefix, what it means and the fix)
    ("53100", "PostgreSQL's disk is full: free space on the database server"),
    ("53", "PostgreSQL is out of resources (memory or connections): check the database server"),
    ("25006", "PostgreSQL takes no writes here (a read-only transaction or a standby): point store_url at the "
              "primary"),
    ("08", "PostgreSQL cannot be reached: check that it runs and that store_url is right"),
    ("57P", "PostgreSQL is shutting down or restarting: wait for it, or check the database server"),
)


def unavailable(exc: BaseException, location: str) -> StoreUnavailable | None:
    """The :class:`StoreUnavailable` that ``exc`` (raised by the database driver) means, or None when
    it is not a failure of the store's disk or server (a bug, a constraint: raised as it is)."""
    sqlstate = getattr(exc, "sqlstate", None)
    if type(exc).__module__.startswith("psycopg"):
        if sqlstate is None and type(exc).__name__ == "OperationalError":   # no server answered at all
            return StoreUnavailable(f"the store cannot be reached ({location}: {_first_line(exc)}); check that "
                                    "PostgreSQL runs and that store_url is right")
        for prefix, meaning in _POSTGRES:
            if sqlstate and sqlstate.startswith(prefix):
                return StoreUnavailable(f"the store cannot be written ({location}: {_first_line(exc)}): {meaning}")
        return None
    if type(exc).__name__ == "OperationalError":   # sqlite3
        text = str(exc).lower()
        for said, meaning in _SQLITE:
            if said in text:
                return StoreUnavailable(f"the store cannot be written ({location}: {exc}): {meaning}")
    return None


def _first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]


class CheckpointWorker(BackgroundLoop):
    """Checkpoints the store's write-ahead log every ``interval_seconds`` (SQLite; nothing to do on
    PostgreSQL), so the WAL file is folded back into the database and truncated instead of growing."""

    thread_name = "askdesk-checkpoint"
    failure = "checkpointing the store's write-ahead log failed"

    def __init__(self, store, interval_seconds: float = CHECKPOINT_SECONDS):
        super().__init__(interval_seconds)
        self._store = store

    def cycle(self) -> bool:
        done = self._store.checkpoint()
        if done is not None and done[0]:
            log.info("the WAL checkpoint was held up by a reader (%d of %d pages); trying again later",
                     done[2], done[1])
        return False
