"""The agents' inbox (:mod:`askdesk.delivery.inbox`) on the current app's runtime, for the JSON API
(``api/agent.py``) and the console (``api/console.py``): each adapter takes the store and the
current index build from ``current_app.extensions["askdesk"]`` and calls the Flask-free function.
"""
from __future__ import annotations

from flask import current_app

from askdesk.api.auth import Principal
from askdesk.core.records import Ticket
from askdesk.core.storage import Store
from askdesk.delivery import inbox
from askdesk.indexer.search import Scope


def _runtime():
    return current_app.extensions["askdesk"]


def store() -> Store:
    return _runtime().store


def search_articles(query: str, scope: Scope, *, locale: str | None = None, limit: int = 10) -> dict:
    return inbox.search_articles(_runtime().index.current(), query, scope, locale=locale, limit=limit)


def suggest(text: object, scope: Scope) -> dict:
    return inbox.suggest(_runtime().index.current(), text, scope)


def load_ticket(number: int) -> Ticket:
    return inbox.load_ticket(store(), number)


def parse_label(value: object, principal: Principal) -> str:
    return inbox.parse_label(value, _runtime().index.current(), principal)


def change_ticket(number: int, principal: Principal, *, status: str | None = None,
                  label: str | None = None) -> Ticket:
    return inbox.change_ticket(store(), number, principal, status=status, label=label)


def ticket_detail(ticket: Ticket) -> dict:
    """The ticket with its session's events, as the API and the ticket page show it."""
    return inbox.ticket_detail(ticket, store().events(ticket.session_id), inbox.titles(_runtime().index.current()),
                               demo=inbox.is_demo(store(), ticket))


def ticket_list(status: str | None, demo: bool) -> tuple[list[Ticket], list[dict], set[str]]:
    """Every ticket, the summaries of those in ``status`` (None: all) — demo tickets only when
    ``demo`` — and the demo tickets' sessions."""
    every = store().list_tickets()
    demos = inbox.demo_sessions(store(), every)
    listed = [inbox.ticket_summary(t, t.session_id in demos) for t in every
              if status in (None, t.status) and (demo or t.session_id not in demos)]
    return every, listed, demos
