"""Persistence of sessions, the event ledger and tickets: SQLite by default, PostgreSQL by URL."""
from askdesk.store.protocol import Event, Session, Store, Ticket  # noqa: F401
from askdesk.store.sql import open_store  # noqa: F401
