"""One SQL implementation of :class:`askdesk.core.storage.Store` for SQLite (WAL) and PostgreSQL.

The schema is plain SQL in numbered files under ``migrations/``, applied in order once each and
recorded in ``schema_migrations``. Statements are written with ``?`` placeholders and adapted
for psycopg. Free text in event payloads, ticket packets and labels is masked before it is
written, by the ``mask`` the store is opened with (none: kept as given; the shell passes
:func:`askdesk.bot.pii.mask_pii`); the ticket's contact field is kept as the customer typed it.
"""
from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from askdesk.core.dialogue import ConversationState
from askdesk.core.errors import BadRequest, ConfigError, NotFound
from askdesk.core.records import TICKET_STATUSES, Event, EventRecord, Session, Ticket
from askdesk.store.health import unavailable

MIGRATIONS = Path(__file__).parent / "migrations"


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="microseconds")


Mask = Callable[[str], str]


def _unmasked(text: str) -> str:
    return text


def _mask(value: Any, mask: Mask) -> Any:
    """``value`` (JSON-ready) with ``mask`` applied to every string in it."""
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_mask(v, mask) for v in value]
    if isinstance(value, dict):
        return {k: _mask(v, mask) for k, v in value.items()}
    return value


def _no_session(session_id: str) -> str:
    return (f"no session {session_id!r}: it was never started, or it was deleted already "
            "(by the retention period or a request to forget it)")


class SqlStore:
    def __init__(self, connect, dialect: str, *, mask: Mask | None = None, location: str = ""):
        self.mask = mask or _unmasked
        self.location = location or dialect   # where the data is, for the errors an operator reads
        self.clock = lambda: dt.datetime.now(dt.UTC)   # demo traffic replays the past with its own
        self._last_moment: dt.datetime | None = None
        self._connect = connect
        self.dialect = dialect
        self._local = threading.local()
        self._lock = threading.Lock()
        self._all: list = []   # every thread's connection, so close() can close them all
        self.migrate()

    def now(self) -> str:
        """The time stamped on what is written now (ISO-8601 UTC, sortable as text). Strictly
        increasing within this process, so the events of one turn keep their order when read back."""
        with self._lock:
            moment = self.clock()
            if self._last_moment is not None and moment <= self._last_moment:
                moment = self._last_moment + dt.timedelta(microseconds=1)
            self._last_moment = moment
        return moment.isoformat(timespec="microseconds")

    # -- connections: one per thread ------------------------------------------------------------
    def _conn(self):
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = self._local.conn = self._connect()
            with self._lock:
                self._all.append(conn)
        return conn

    # -- for the repositories that share this database (store.outbox, store.tokens) -------------
    def sql(self, statement: str) -> str:
        """``statement`` with ``?`` placeholders in this database's parameter style."""
        return statement.replace("?", "%s") if self.dialect == "postgresql" else statement

    @contextmanager
    def transaction(self):
        """This thread's connection; commits at the end, rolls back on any error. Nested uses join
        the outermost transaction (a ticket and its deliveries are written together or not at all).
        An insert that names a session the store does not have becomes :class:`NotFound`; a full disk,
        a read-only file or a database that is down, :class:`StoreUnavailable` (:mod:`store.health`)."""
        try:
            conn = self._conn()
        except Exception as exc:
            failure = unavailable(exc, self.location)
            if failure is None:
                raise
            raise failure from exc
        depth = getattr(self._local, "depth", 0)
        self._local.depth = depth + 1
        try:
            yield conn
            if depth == 0:
                conn.commit()
        except BaseException as exc:
            if depth == 0:
                self._rollback(conn)
            if "foreign key" in str(exc).lower() or type(exc).__name__ == "ForeignKeyViolation":
                raise NotFound("no such session; start one first") from exc
            failure = unavailable(exc, self.location)
            if failure is not None:
                raise failure from exc
            raise
        finally:
            self._local.depth = depth

    def _rollback(self, conn) -> None:
        """Roll back; a connection that cannot, or that is broken (its server went away), is dropped,
        so the next transaction of this thread opens a new one."""
        with suppress(Exception):   # the error being raised says what went wrong
            conn.rollback()
        if (getattr(conn, "broken", False) or getattr(conn, "closed", False)) \
                and getattr(self._local, "conn", None) is conn:
            self._local.conn = None
            with self._lock:
                self._all = [c for c in self._all if c is not conn]
            with suppress(Exception):   # it is gone either way
                conn.close()

    def check_writable(self) -> None:
        """Write and commit one row (the ``readiness`` counter), so a full disk, a read-only file or
        a database that is down shows now as :class:`StoreUnavailable`: what ``/readyz`` asks."""
        self.execute("INSERT INTO counters (name, value) VALUES ('readiness', 1) "
                     "ON CONFLICT (name) DO UPDATE SET value = counters.value + 1")

    def checkpoint(self) -> tuple[int, int, int] | None:
        """Fold SQLite's write-ahead log into the database and truncate it: (busy, pages in the log,
        pages checkpointed), busy 1 when a reader held it up. None on PostgreSQL (it has no WAL file
        of ours to keep small)."""
        if self.dialect != "sqlite":
            return None
        row = self.execute("PRAGMA wal_checkpoint(TRUNCATE)", (), "one")
        return int(row[0]), int(row[1]), int(row[2])

    def execute(self, statement: str, params: tuple = (), fetch: str | None = None):
        """Run one statement in its own transaction: ``fetch`` "all", "one" or None (the row count)."""
        with self.transaction() as conn:
            cursor = conn.execute(self.sql(statement), params)
            return cursor.fetchall() if fetch == "all" else cursor.fetchone() if fetch == "one" else cursor.rowcount

    def migrate(self) -> list[str]:
        """Apply the migrations not applied yet, all in one transaction; returns their names.
        Servers started together on one database take turns: the first migrates under a lock
        (PostgreSQL: an advisory lock for this schema; SQLite: the write lock) and the others,
        once it is released, find nothing left to do."""
        applied = []
        with self.transaction() as conn:
            if self.dialect == "postgresql":
                conn.execute("SELECT pg_advisory_xact_lock(hashtext('askdesk migrate ' || "
                             "coalesce(current_schema(), '')))")
            else:
                conn.execute("BEGIN IMMEDIATE")
            conn.execute("CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, "
                         "name TEXT NOT NULL, applied_at TEXT NOT NULL)")
            done = {row[0] for row in conn.execute("SELECT version FROM schema_migrations").fetchall()}
            for path in sorted(MIGRATIONS.glob("[0-9][0-9][0-9][0-9]_*.sql")):
                version = int(path.name[:4])
                if version in done:
                    continue
                text = "\n".join(line for line in path.read_text(encoding="utf-8").splitlines()
                                 if not line.strip().startswith("--"))
                for statement in text.split(";"):
                    if statement.strip():
                        conn.execute(statement)
                conn.execute(self.sql("INSERT INTO schema_migrations VALUES (?, ?, ?)"), (version, path.name, _now()))
                applied.append(path.name)
        return applied

    # -- sessions and events --------------------------------------------------------------------
    def create_session(self, locale: str, page_url: str = "", source: str = "live") -> Session:
        session = Session(uuid.uuid4().hex, locale, page_url, ConversationState(), self.now(), source)
        self.execute("INSERT INTO sessions (id, locale, page_url, state, created_at, source) VALUES (?, ?, ?, ?, ?, ?)",
                     (session.id, locale, page_url, "{}", session.created_at, source))
        return session

    _SESSION_COLUMNS = "id, locale, page_url, state, created_at, source"

    @staticmethod
    def _session(row) -> Session:
        return Session(row[0], row[1], row[2], ConversationState.from_dict(json.loads(row[3])), row[4], row[5])

    def get_session(self, session_id: str) -> Session | None:
        row = self.execute(f"SELECT {self._SESSION_COLUMNS} FROM sessions WHERE id = ?", (session_id,), "one")
        return None if row is None else self._session(row)

    @contextmanager
    def session_for_update(self, session_id: str) -> Iterator[Session | None]:
        """The session (None if there is none) in a transaction that lasts the block: what the block
        writes is kept all together or not at all. On PostgreSQL the session's row stays locked
        (``FOR UPDATE``) until the end, so a conversation's turns are taken one at a time even when
        they reach different servers; SQLite serves one process, which serialises its own turns."""
        lock = " FOR UPDATE" if self.dialect == "postgresql" else ""
        with self.transaction():
            row = self.execute(f"SELECT {self._SESSION_COLUMNS} FROM sessions WHERE id = ?{lock}", (session_id,), "one")
            yield None if row is None else self._session(row)

    def save_state(self, session_id: str, state: ConversationState) -> None:
        if not self.execute("UPDATE sessions SET state = ? WHERE id = ?", (json.dumps(state.to_dict()), session_id)):
            raise NotFound(f"no session {session_id!r}; start one first")

    def add_event(self, session_id: str, record: EventRecord) -> Event:
        event = Event(uuid.uuid4().hex, session_id, record.kind, _mask(record.to_payload(), self.mask), self.now())
        self.execute("INSERT INTO events (id, session_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                     (event.id, session_id, event.kind, json.dumps(event.payload, ensure_ascii=False),
                      event.created_at))
        return event

    _EVENT_COLUMNS = "e.id, e.session_id, e.kind, e.payload, e.created_at"

    @staticmethod
    def _event(row) -> Event:
        return Event(row[0], row[1], row[2], json.loads(row[3]), row[4])

    def events(self, session_id: str) -> list[Event]:
        rows = self.execute(f"SELECT {self._EVENT_COLUMNS} FROM events e WHERE e.session_id = ? "
                            "ORDER BY e.created_at, e.id", (session_id,), "all")
        return [self._event(r) for r in rows]

    def ledger(self, since: str, until: str | None = None) -> tuple[list[Session], list[Event]]:
        """The sessions started in [since, until) and all their events, oldest first: what the
        reports read (ISO-8601 UTC bounds; ``until`` None = now)."""
        bounds = (since, until or "9999")
        with self.transaction():   # one snapshot for both
            sessions = self.execute(f"SELECT {self._SESSION_COLUMNS} FROM sessions WHERE created_at >= ? "
                                    "AND created_at < ? ORDER BY created_at", bounds, "all")
            events = self.execute(f"SELECT {self._EVENT_COLUMNS} FROM events e JOIN sessions s ON s.id = e.session_id "
                                  "WHERE s.created_at >= ? AND s.created_at < ? ORDER BY e.created_at, e.id",
                                  bounds, "all")
        return [self._session(r) for r in sessions], [self._event(r) for r in events]

    def recent_events(self, kinds: tuple[str, ...], since: str, limit: int = 10000) -> list[Event]:
        """Events of these kinds created at or after ``since`` (ISO-8601 UTC), newest first."""
        marks = ", ".join("?" for _ in kinds)
        rows = self.execute(f"SELECT {self._EVENT_COLUMNS} FROM events e WHERE e.kind IN ({marks}) "
                            "AND e.created_at >= ? ORDER BY e.created_at DESC LIMIT ?", (*kinds, since, limit), "all")
        return [self._event(r) for r in rows]

    # -- tickets --------------------------------------------------------------------------------
    def create_ticket(self, session_id: str, reason: str, locale: str, page_url: str, contact: str,
                      packet: dict) -> Ticket:
        with self.transaction() as conn:
            row = conn.execute(self.sql("UPDATE counters SET value = value + 1 WHERE name = ? RETURNING value"),
                               ("ticket",)).fetchone()
            ticket = Ticket(int(row[0]), session_id, reason, locale, page_url, contact, "open", "",
                            _mask(packet, self.mask), self.now())
            conn.execute(self.sql("INSERT INTO tickets (number, session_id, reason, locale, page_url, contact, status, "
                                   "label, packet, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
                         (ticket.number, session_id, reason, locale, page_url, contact, "open", "",
                          json.dumps(ticket.packet, ensure_ascii=False), ticket.created_at))
        return ticket

    _TICKET_COLUMNS = "number, session_id, reason, locale, page_url, contact, status, label, packet, created_at"

    @staticmethod
    def _ticket(row) -> Ticket:
        return Ticket(int(row[0]), row[1], row[2], row[3], row[4], row[5], row[6], row[7], json.loads(row[8]), row[9])

    def get_ticket(self, number: int) -> Ticket | None:
        row = self.execute(f"SELECT {self._TICKET_COLUMNS} FROM tickets WHERE number = ?", (number,), "one")
        return None if row is None else self._ticket(row)

    def list_tickets(self, status: str | None = None) -> list[Ticket]:
        if status is None:
            rows = self.execute(f"SELECT {self._TICKET_COLUMNS} FROM tickets ORDER BY number DESC", (), "all")
        else:
            rows = self.execute(f"SELECT {self._TICKET_COLUMNS} FROM tickets WHERE status = ? ORDER BY number DESC",
                             (status,), "all")
        return [self._ticket(r) for r in rows]

    def update_ticket(self, number: int, *, status: str | None = None, label: str | None = None) -> Ticket:
        if status is not None and status not in TICKET_STATUSES:
            raise BadRequest(f"status {status!r} must be one of {', '.join(TICKET_STATUSES)}")
        with self.transaction():
            if self.get_ticket(number) is None:
                raise NotFound(f"no ticket {number}")
            if status is not None:
                self.execute("UPDATE tickets SET status = ? WHERE number = ?", (status, number))
            if label is not None:
                self.execute("UPDATE tickets SET label = ? WHERE number = ?", (self.mask(label), number))
            return self.get_ticket(number)

    # -- retention and data-protection requests -------------------------------------------------
    _RETENTION = (   # (count, table, what is done, to which rows older than the cutoff)
        ("events", "events", "DELETE FROM events", "session_id IN (SELECT id FROM sessions WHERE created_at < ?)"),
        ("sessions", "sessions", "DELETE FROM sessions",
         "created_at < ? AND id NOT IN (SELECT session_id FROM tickets)"),
        ("sessions_emptied", "sessions", "UPDATE sessions SET state = '{}', page_url = ''",
         "created_at < ? AND id IN (SELECT session_id FROM tickets) AND (state <> '{}' OR page_url <> '')"),
        ("deliveries", "outbox", "DELETE FROM outbox", "status = 'delivered' AND delivered_at < ?"),
    )

    def delete_older_than(self, cutoff: str, *, dry_run: bool = False) -> dict[str, int]:
        """Delete sessions started before ``cutoff`` (ISO-8601 UTC) with all their events, and
        deliveries delivered before it; returns the rows of each kind deleted (``dry_run``: that would
        be; nothing changes). Run again, it finds nothing more.

        Tickets are the support team's record and outlive the retention period. As tickets reference
        their session, an old session with a ticket keeps its row, emptied of its events, state and
        page address (``sessions_emptied``); the ticket's packet holds the masked transcript, and its
        pending or failed deliveries stay. On PostgreSQL the old sessions are locked first, so a turn
        of one of them under way ends before the deletion, and none adds events during it."""
        with self.transaction() as conn:
            if self.dialect == "postgresql" and not dry_run:
                conn.execute("SELECT id FROM sessions WHERE created_at < %s FOR UPDATE", (cutoff,))
            if dry_run:
                return {key: conn.execute(self.sql(f"SELECT COUNT(*) FROM {table} WHERE {rows}"),
                                          (cutoff,)).fetchone()[0] for key, table, _, rows in self._RETENTION}
            return {key: conn.execute(self.sql(f"{action} WHERE {rows}"), (cutoff,)).rowcount
                    for key, _, action, rows in self._RETENTION}

    _OF_SESSION = (   # (key, table, which rows, order): all that is kept about one session, in deletion order
        ("deliveries", "outbox", "ticket_number IN (SELECT number FROM tickets WHERE session_id = ?)",
         "created_at, id"),
        ("tickets", "tickets", "session_id = ?", "number"),
        ("events", "events", "session_id = ?", "created_at, id"),
        ("sessions", "sessions", "id = ?", "id"),
    )
    _JSON_COLUMNS = ("state", "payload", "packet")

    def session_ids(self, source: str) -> list[str]:
        """The ids of every session from ``source`` (``demo``: generated demo traffic)."""
        return [r[0] for r in self.execute("SELECT id FROM sessions WHERE source = ? ORDER BY created_at",
                                           (source,), "all")]

    def export_session(self, session_id: str) -> dict:
        """Everything askdesk holds about one session, JSON-ready, every column of every row:
        ``{"session": {...}, "events": [...], "tickets": [...], "deliveries": [...]}`` (oldest first;
        tickets carry their contact and packet). :class:`NotFound` if there is no such session."""
        with self.transaction() as conn:
            found = {}
            for key, table, rows, order in self._OF_SESSION:
                cursor = conn.execute(self.sql(f"SELECT * FROM {table} WHERE {rows} ORDER BY {order}"),
                                      (session_id,))
                names = [column[0] for column in cursor.description]
                found[key] = [{name: json.loads(value) if name in self._JSON_COLUMNS else value
                               for name, value in zip(names, row)} for row in cursor.fetchall()]
        if not found["sessions"]:
            raise NotFound(_no_session(session_id))
        return {"session": found["sessions"][0], "events": found["events"], "tickets": found["tickets"],
                "deliveries": found["deliveries"]}

    def forget_session(self, session_id: str) -> dict[str, int]:
        """Delete everything :meth:`export_session` returns, the session's tickets and their deliveries
        included (a customer's request to be forgotten); returns the rows of each kind deleted.
        :class:`NotFound` if there is no such session."""
        with self.session_for_update(session_id) as session:
            if session is None:
                raise NotFound(_no_session(session_id))
            return {key: self.execute(f"DELETE FROM {table} WHERE {rows}", (session_id,))
                    for key, table, rows, _ in self._OF_SESSION}

    def close(self) -> None:
        with self._lock:
            for conn in self._all:
                conn.close()
            self._all.clear()
        self._local = threading.local()


def open_store(url: str, *, mask: Mask | None = None) -> SqlStore:
    """``sqlite:///path/to/file.db`` (or a bare path) or ``postgresql://user@host:port/db``; ``mask``
    is applied to the free text written (see the module's docstring)."""
    if url.startswith(("postgresql://", "postgres://")):
        try:
            import psycopg
        except ImportError as exc:
            raise ConfigError("a PostgreSQL store needs psycopg: `pip install 'psycopg[binary]'`") from exc
        return SqlStore(lambda: psycopg.connect(url), "postgresql", mask=mask,
                        location=f"PostgreSQL at {url.split('@')[-1].split('?')[0]}")
    path = Path(url[len("sqlite:///"):] if url.startswith("sqlite:///") else url)
    path.parent.mkdir(parents=True, exist_ok=True)

    def connect():
        conn = sqlite3.connect(str(path), timeout=30, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA foreign_keys=ON")
        conn.execute("PRAGMA busy_timeout=30000")
        conn.execute("PRAGMA journal_size_limit=67108864")   # a WAL checkpointed back leaves at most 64 MiB
        return conn
    return SqlStore(connect, "sqlite", mask=mask, location=f"SQLite file {path}")
