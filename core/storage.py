"""The store interface: sessions, the event ledger and tickets. It lives on the ground floor so the
bot and the analytics depend on it, not on a backend (:mod:`askdesk.store` has the SQL one).
Contract: ``tests/test_store_contract.py`` runs the same tests on every backend.

A store only serialises the typed records of :mod:`askdesk.core.records`; it does not decide what
is in them. Free text in event payloads and ticket packets is masked on the way in by the
``mask`` the store was opened with (the shell passes :func:`askdesk.bot.pii.mask_pii`).
"""
from __future__ import annotations

from contextlib import AbstractContextManager as ContextManager
from typing import Protocol

from askdesk.core.dialogue import ConversationState
from askdesk.core.records import Event, EventRecord, Session, Ticket


class Store(Protocol):
    def transaction(self) -> ContextManager: ...
    def create_session(self, locale: str, page_url: str = "", source: str = "live") -> Session: ...
    def get_session(self, session_id: str) -> Session | None: ...
    def session_for_update(self, session_id: str) -> ContextManager[Session | None]:
        """The session (or None) in a transaction that lasts the block. A store that several
        processes share (PostgreSQL) locks the session until the block ends: the same call for it
        elsewhere waits until then."""
    def save_state(self, session_id: str, state: ConversationState) -> None: ...
    def add_event(self, session_id: str, record: EventRecord) -> Event:
        """Append ``record`` to the session's ledger (kind ``record.kind``, payload ``record.to_payload()``,
        masked); the kinds askdesk writes are :data:`askdesk.core.records.EVENT_KINDS`."""
    def events(self, session_id: str) -> list[Event]: ...
    def ledger(self, since: str, until: str | None = None) -> tuple[list[Session], list[Event]]: ...
    def recent_events(self, kinds: tuple[str, ...], since: str, limit: int = 10000) -> list[Event]: ...
    def create_ticket(self, session_id: str, reason: str, locale: str, page_url: str, contact: str,
                      packet: dict) -> Ticket: ...
    def get_ticket(self, number: int) -> Ticket | None: ...
    def list_tickets(self, status: str | None = None) -> list[Ticket]: ...
    def update_ticket(self, number: int, *, status: str | None = None, label: str | None = None) -> Ticket: ...
    # retention and data-protection requests (contract: tests/test_retention_contract.py)
    def delete_older_than(self, cutoff: str, *, dry_run: bool = False) -> dict[str, int]:
        """Delete sessions started before ``cutoff`` (ISO-8601 UTC) and their events, keeping a
        session that has a ticket as an empty row, and deliveries delivered before it; the counts
        per kind (``events``, ``sessions``, ``sessions_emptied``, ``deliveries``)."""
    def session_ids(self, source: str) -> list[str]: ...
    def export_session(self, session_id: str) -> dict:
        """Everything held about a session, JSON-ready: its row, events, tickets and deliveries."""
    def forget_session(self, session_id: str) -> dict[str, int]:
        """Delete everything :meth:`export_session` returns; the counts per kind."""
    # operations (contract: tests/test_store_health.py)
    def check_writable(self) -> None:
        """Commit one small write; :class:`askdesk.core.errors.StoreUnavailable` when the store cannot
        take it (a full disk, read-only, down). Every write the store makes fails the same way."""
    def checkpoint(self) -> tuple[int, int, int] | None:
        """Fold a write-ahead log back into the database (SQLite); None where there is nothing to do."""
    def close(self) -> None: ...
