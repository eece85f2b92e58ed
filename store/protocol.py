"""The store interface. Contract: ``tests/test_store_contract.py`` runs the same tests on every backend."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import ContextManager, Protocol

TICKET_STATUSES = ("open", "pending", "solved")


@dataclass(frozen=True)
class Session:
    id: str
    locale: str
    page_url: str
    state: dict
    created_at: str
    source: str = "live"   # "demo": generated demo traffic (removable)


@dataclass(frozen=True)
class Event:
    id: str
    session_id: str
    kind: str          # question | answer | clarify | handoff | vote | click | ...
    payload: dict      # free text in it is masked (see bot.pii) before it is stored
    created_at: str


@dataclass(frozen=True)
class Ticket:
    number: int
    session_id: str
    reason: str
    locale: str
    page_url: str
    contact: str
    status: str
    label: str
    packet: dict = field(default_factory=dict)   # transcript and the articles the bot tried
    created_at: str = ""


class Store(Protocol):
    def transaction(self) -> ContextManager: ...
    def create_session(self, locale: str, page_url: str = "", source: str = "live") -> Session: ...
    def get_session(self, session_id: str) -> Session | None: ...
    def save_state(self, session_id: str, state: dict) -> None: ...
    def add_event(self, session_id: str, kind: str, payload: dict) -> Event: ...
    def events(self, session_id: str) -> list[Event]: ...
    def ledger(self, since: str, until: str | None = None) -> tuple[list[Session], list[Event]]: ...
    def recent_events(self, kinds: tuple[str, ...], since: str, limit: int = 10000) -> list[Event]: ...
    def create_ticket(self, session_id: str, reason: str, locale: str, page_url: str, contact: str,
                      packet: dict) -> Ticket: ...
    def get_ticket(self, number: int) -> Ticket | None: ...
    def list_tickets(self, status: str | None = None) -> list[Ticket]: ...
    def update_ticket(self, number: int, *, status: str | None = None, label: str | None = None) -> Ticket: ...
    def close(self) -> None: ...
