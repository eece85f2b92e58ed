"""Persistence of sessions, the event ledger and tickets: SQLite by default, PostgreSQL by URL."""
from askdesk.core.records import Event, Session, Ticket  # noqa: F401
from askdesk.core.storage import Store  # noqa: F401
from askdesk.store.sql import open_store  # noqa: F401
