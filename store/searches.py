"""The help-center search ledger, kept in the store's database (``migrations/0005_search_events.sql``).

Searches are not conversations: each search and each click on one of its results is a row of
``search_events`` that belongs to an anonymous visit, not to a session, so the conversation
reports never count them. The query and the spelling proposal are masked with the store's mask,
as a question's text is. Retention: :meth:`SqlSearches.delete_older_than` (``askdesk retention``
and the retention worker apply it with the sessions').

Contract: ``tests/test_search_ledger.py`` runs the same tests on SQLite and PostgreSQL.
"""
from __future__ import annotations

import json
import uuid

from askdesk.core.errors import NotFound
from askdesk.core.records import SEARCH_RECORDS, EventRecord, SearchEvent, SearchMade, SearchResultClicked
from askdesk.store.sql import SqlStore

_COLUMNS = "id, visit_id, kind, payload, created_at"
VISIT_CHARS = 64


def _event(row) -> SearchEvent:
    return SearchEvent(row[0], row[1], row[2], json.loads(row[3]), row[4])


class SqlSearches:
    def __init__(self, db: SqlStore):
        self.db = db

    def add(self, visit_id: str, record: EventRecord) -> SearchEvent:
        """Append a :class:`SearchMade` or :class:`SearchResultClicked` to the visit's searches."""
        if record.kind not in SEARCH_RECORDS:
            raise ValueError(f"{record.kind!r} is not a search event (one of {', '.join(SEARCH_RECORDS)})")
        payload = record.to_payload()
        if isinstance(record, SearchMade):
            payload["query"] = self.db.mask(payload["query"])
            if payload["did_you_mean"] is not None:
                payload["did_you_mean"] = self.db.mask(payload["did_you_mean"])
        event = SearchEvent(uuid.uuid4().hex, visit_id[:VISIT_CHARS], record.kind, payload, self.db.now())
        self.db.execute("INSERT INTO search_events (id, visit_id, kind, payload, created_at) VALUES (?, ?, ?, ?, ?)",
                        (event.id, event.visit_id, event.kind, json.dumps(payload, ensure_ascii=False),
                         event.created_at))
        return event

    def get(self, event_id: str) -> SearchEvent | None:
        row = self.db.execute(f"SELECT {_COLUMNS} FROM search_events WHERE id = ?", (event_id,), "one")
        return None if row is None else _event(row)

    def click(self, search_id: str, article_id: str, position: int) -> SearchEvent:
        """Record that the result at ``position`` of search ``search_id`` was opened, in that search's
        visit, once (opening it again, or reloading the page, is the same click); :class:`NotFound`
        when there is no such search or it did not show ``article_id`` there."""
        search = self.get(search_id)
        record = search.record if search is not None else None
        if not isinstance(record, SearchMade):
            raise NotFound(f"no search {search_id[:40]!r}")
        if not 1 <= position <= len(record.results) or record.results[position - 1] != article_id:
            raise NotFound(f"search {search_id!r} did not show {article_id!r} at position {position}")
        click = SearchResultClicked(search_id, article_id, position)
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM search_events WHERE visit_id = ? AND kind = ?",
                               (search.visit_id, click.kind), "all")
        for row in rows:   # the article page reloaded, or opened again from the same list: one click
            if _event(row).record == click:
                return _event(row)
        return self.add(search.visit_id, click)

    def between(self, since: str, until: str | None = None) -> list[SearchEvent]:
        """The search events made in [since, until) (ISO-8601 UTC; ``until`` None = now), oldest first."""
        rows = self.db.execute(f"SELECT {_COLUMNS} FROM search_events WHERE created_at >= ? AND created_at < ? "
                               "ORDER BY created_at, id", (since, until or "9999"), "all")
        return [_event(r) for r in rows]

    def delete_older_than(self, cutoff: str, *, dry_run: bool = False) -> int:
        """Delete (``dry_run``: count) the search events made before ``cutoff``."""
        if dry_run:
            return self.db.execute("SELECT COUNT(*) FROM search_events WHERE created_at < ?", (cutoff,), "one")[0]
        return self.db.execute("DELETE FROM search_events WHERE created_at < ?", (cutoff,))


__all__ = ["SqlSearches", "SearchMade", "SearchResultClicked"]
