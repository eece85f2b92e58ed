"""The outbox: durable deliveries of new tickets to the webhook and by e-mail.

A delivery is a row written when the ticket is created and kept until it is delivered, or given up
after too many attempts (``failed``; an agent can requeue it). Workers — threads of one server or
several servers sharing one PostgreSQL — claim due rows with a *lease*: a claimed row is invisible
to other workers until the lease ends, and a worker that dies mid-send leaves the row to be claimed
again once its lease has run out. Delivery is therefore at least once; receivers deduplicate by the
delivery id. The contract is ``tests/test_outbox_contract.py``, run on SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import json
import uuid
from dataclasses import dataclass
from typing import Protocol

from askdesk.core.errors import BadRequest, NotFound
from askdesk.store.sql import SqlStore

CHANNELS = ("webhook", "email")
DELIVERY_STATUSES = ("pending", "delivered", "failed")


@dataclass(frozen=True)
class Delivery:
    id: str
    ticket_number: int
    channel: str                 # webhook | email
    payload: dict                # the document to deliver (see delivery.payload.ticket_payload)
    status: str                  # pending | delivered | failed
    attempts: int                # attempts started so far, counting the one in progress
    next_attempt_at: str         # ISO-8601 UTC; not claimed before then
    lease_until: str | None      # claimed by a worker until then
    last_error: str              # what went wrong the last time an attempt failed ('' if none did)
    created_at: str
    delivered_at: str | None


class Outbox(Protocol):
    def enqueue(self, ticket_number: int, channel: str, payload: dict) -> Delivery:
        """A new pending delivery, due at once. :class:`NotFound` if there is no such ticket."""

    def claim_due(self, now: dt.datetime, lease_seconds: float, limit: int,
                  channel: str | None = None) -> list[Delivery]:
        """Up to ``limit`` pending deliveries due at ``now`` and not leased (of ``channel`` only, if
        given), each leased until ``now + lease_seconds`` with its attempt count raised by one. No
        delivery is ever returned to two callers at once, whatever the number of threads or servers."""

    def renew(self, delivery: Delivery, now: dt.datetime, lease_seconds: float) -> Delivery | None:
        """Extend the lease of ``delivery`` (as :meth:`claim_due` or the last renewal returned it) to
        ``now + lease_seconds``, while its attempt is under way; the renewed delivery, or None when the
        lease is no longer the caller's (it ran out and another worker claimed the delivery, or the
        delivery is no longer pending)."""

    def mark_delivered(self, delivery_id: str) -> None: ...

    def mark_retry(self, delivery_id: str, error: str, next_attempt_at: dt.datetime) -> None:
        """Release a pending delivery to be tried again at ``next_attempt_at``."""

    def mark_failed(self, delivery_id: str, error: str) -> None:
        """Give a pending delivery up; it is kept with status ``failed``."""

    def get(self, delivery_id: str) -> Delivery | None: ...

    def list(self, ticket_number: int | None = None, status: str | None = None) -> list[Delivery]:
        """Deliveries, oldest first, optionally of one ticket and/or in one status."""

    def requeue(self, delivery_id: str) -> Delivery:
        """A failed delivery back to pending, due at once, with its attempts reset."""

    def backlog(self) -> tuple[int, str | None]:
        """The pending deliveries: how many, and when the oldest of them was queued (None: none)."""


def _iso(when: dt.datetime) -> str:
    """``when`` in the one text format the store uses for times (that of :func:`store.sql._now`)."""
    if when.tzinfo is None:
        raise ValueError(f"{when!r} has no time zone; pass an aware datetime, e.g. datetime.now(timezone.utc)")
    return when.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class SqlOutbox:
    """:class:`Outbox` in the database of a :class:`store.sql.SqlStore` (SQLite or PostgreSQL)."""

    _COLUMNS = ("id, ticket_number, channel, payload, status, attempts, next_attempt_at, lease_until, "
                "last_error, created_at, delivered_at")

    def __init__(self, db: SqlStore):
        self._db = db

    @staticmethod
    def _delivery(row) -> Delivery:
        return Delivery(row[0], int(row[1]), row[2], json.loads(row[3]), row[4], int(row[5]), row[6], row[7],
                        row[8], row[9], row[10])

    def enqueue(self, ticket_number: int, channel: str, payload: dict) -> Delivery:
        if channel not in CHANNELS:
            raise ValueError(f"channel {channel!r} must be one of {', '.join(CHANNELS)}")
        now = _iso(_utcnow())
        delivery = Delivery(uuid.uuid4().hex, ticket_number, channel, payload, "pending", 0, now, None, "", now, None)
        try:
            self._db.execute(f"INSERT INTO outbox ({self._COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                             (delivery.id, ticket_number, channel, json.dumps(payload, ensure_ascii=False),
                              "pending", 0, now, None, "", now, None))
        except NotFound as exc:   # the store reports any foreign-key violation as NotFound
            raise NotFound(f"no ticket {ticket_number}; create the ticket before its deliveries") from exc
        return delivery

    def claim_due(self, now: dt.datetime, lease_seconds: float, limit: int,
                  channel: str | None = None) -> list[Delivery]:
        if lease_seconds <= 0:
            raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
        if channel is not None and channel not in CHANNELS:
            raise ValueError(f"channel {channel!r} must be one of {', '.join(CHANNELS)}")
        at, until = _iso(now), _iso(now + dt.timedelta(seconds=lease_seconds))
        free = "status = 'pending' AND (lease_until IS NULL OR lease_until <= ?)"
        of_channel, params = ("", (at, at, limit)) if channel is None else ("AND channel = ? ", (at, at, channel, limit))
        candidates = self._db.execute(f"SELECT id FROM outbox WHERE {free} AND next_attempt_at <= ? {of_channel}"
                                      "ORDER BY next_attempt_at, id LIMIT ?", params, "all")
        claimed = []
        for (delivery_id,) in candidates:
            # Optimistic claim: the update re-checks that the row is still free, so when two workers
            # race for the same candidate only one of them changes it (PostgreSQL re-evaluates the
            # condition on the row the other committed; SQLite runs one writer at a time).
            with self._db.transaction() as conn:
                rows = conn.execute(self._db.sql(f"UPDATE outbox SET lease_until = ?, attempts = attempts + 1 "
                                                 f"WHERE id = ? AND {free} RETURNING {self._COLUMNS}"),
                                    (until, delivery_id, at)).fetchall()
            claimed.extend(self._delivery(row) for row in rows)
        return claimed

    def renew(self, delivery: Delivery, now: dt.datetime, lease_seconds: float) -> Delivery | None:
        if lease_seconds <= 0:
            raise ValueError(f"lease_seconds must be positive, got {lease_seconds}")
        if delivery.lease_until is None:
            raise ValueError(f"delivery {delivery.id} was not claimed; renew what claim_due returned")
        # The lease's end time (to the microsecond) is the holder's token: another worker's claim of the
        # same row would have set a later one, and this update would then change nothing.
        until = _iso(now + dt.timedelta(seconds=lease_seconds))
        with self._db.transaction() as conn:
            rows = conn.execute(self._db.sql(f"UPDATE outbox SET lease_until = ? WHERE id = ? AND lease_until = ? "
                                             f"AND status = 'pending' RETURNING {self._COLUMNS}"),
                                (until, delivery.id, delivery.lease_until)).fetchall()
        return self._delivery(rows[0]) if rows else None

    def mark_delivered(self, delivery_id: str) -> None:
        self._db.execute("UPDATE outbox SET status = 'delivered', delivered_at = ?, lease_until = NULL WHERE id = ?",
                         (_iso(_utcnow()), delivery_id))

    # The two below change only a pending row: a worker whose lease ran out while it was sending must
    # not turn back a delivery that another worker has meanwhile delivered.
    def mark_retry(self, delivery_id: str, error: str, next_attempt_at: dt.datetime) -> None:
        self._db.execute("UPDATE outbox SET next_attempt_at = ?, lease_until = NULL, last_error = ? "
                         "WHERE id = ? AND status = 'pending'", (_iso(next_attempt_at), error, delivery_id))

    def mark_failed(self, delivery_id: str, error: str) -> None:
        self._db.execute("UPDATE outbox SET status = 'failed', lease_until = NULL, last_error = ? "
                         "WHERE id = ? AND status = 'pending'", (error, delivery_id))

    def get(self, delivery_id: str) -> Delivery | None:
        row = self._db.execute(f"SELECT {self._COLUMNS} FROM outbox WHERE id = ?", (delivery_id,), "one")
        return None if row is None else self._delivery(row)

    def list(self, ticket_number: int | None = None, status: str | None = None) -> list[Delivery]:
        if status is not None and status not in DELIVERY_STATUSES:
            raise BadRequest(f"status {status!r} must be one of {', '.join(DELIVERY_STATUSES)}")
        conditions, params = [], []
        if ticket_number is not None:
            conditions.append("ticket_number = ?")
            params.append(ticket_number)
        if status is not None:
            conditions.append("status = ?")
            params.append(status)
        where = f"WHERE {' AND '.join(conditions)} " if conditions else ""
        rows = self._db.execute(f"SELECT {self._COLUMNS} FROM outbox {where}ORDER BY created_at, id",
                                tuple(params), "all")
        return [self._delivery(row) for row in rows]

    def requeue(self, delivery_id: str) -> Delivery:
        if not self._db.execute("UPDATE outbox SET status = 'pending', attempts = 0, next_attempt_at = ?, "
                                "lease_until = NULL WHERE id = ? AND status = 'failed'",
                                (_iso(_utcnow()), delivery_id)):
            current = self.get(delivery_id)
            if current is None:
                raise NotFound(f"no delivery {delivery_id!r}")
            raise BadRequest(f"delivery {delivery_id} is {current.status}; only a failed delivery can be requeued")
        return self.get(delivery_id)

    def backlog(self) -> tuple[int, str | None]:
        row = self._db.execute("SELECT COUNT(*), MIN(created_at) FROM outbox WHERE status = 'pending'", (), "one")
        return int(row[0]), row[1]
