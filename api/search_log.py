"""Public searches into the search ledger (:mod:`askdesk.store.searches`): the help pages' search box
and ``GET /api/v1/search``. The widget's suggest-as-you-type is not logged: it sees every prefix
typed, not what was searched.

A visit is an anonymous random id, not a cookie: the help pages carry it in their own links (the
search form, result links, the language switch, an article's way back), an API caller passes it
as the ``visit`` parameter and gets one back. It names no person and is no use on another site;
the widget's conversation started on a help page keeps the page address, visit included, so the
reports can tell whether a search was followed by a ticket.
"""
from __future__ import annotations

import logging
import re
import uuid
from urllib.parse import urlencode

from flask import current_app

from askdesk.core.errors import BadRequest, NotFound
from askdesk.core.records import SearchMade
from askdesk.indexer.search import SearchResult

log = logging.getLogger(__name__)
_VISIT = re.compile(r"^[0-9a-f]{32}$")


def new_visit() -> str:
    return uuid.uuid4().hex


def visit_param(value, *, strict: bool) -> str:
    """The visit id given (32 lower-case hex digits), else a new one; ``strict``: a malformed one is
    a 400 (the API) rather than replaced (a page, whose links may have been mangled)."""
    if isinstance(value, str) and _VISIT.match(value):
        return value
    if strict and value not in (None, ""):
        raise BadRequest(f"`visit` must be 32 lower-case hex digits (as a search returned it), got {str(value)[:40]!r}")
    return new_visit()


def log_search(result: SearchResult, source: str, visit: str) -> str | None:
    """Record the search and the results it showed; its id, or None when the store failed (the
    search is answered all the same, and the failure logged)."""
    record = SearchMade(result.query, result.locale, source, tuple(hit.id for hit in result.hits),
                        result.did_you_mean, round(result.took_ms, 2))
    try:
        return current_app.extensions["askdesk"].searches.add(visit, record).id
    except Exception as exc:  # noqa: BLE001 - sqlite3's or psycopg's errors: the search must still answer
        log.warning("a search was not logged: %s: %s", type(exc).__name__, exc)
        return None


def log_click(search_id: str, article_id: str, position: int, *, best_effort: bool = False) -> bool:
    """Record that a result of a logged search was opened; False if the search did not show it there
    (``best_effort``, for a page that must open all the same: also when the store failed, logged)."""
    try:
        current_app.extensions["askdesk"].searches.click(search_id, article_id, position)
        return True
    except NotFound:
        return False
    except Exception as exc:
        if not best_effort:
            raise
        log.warning("a click on a search result was not logged: %s: %s", type(exc).__name__, exc)
        return False


def result_link(url: str, search_id: str | None, position: int, visit: str) -> str:
    """A result's URL with the search, its position and the visit (before any ``#anchor``)."""
    base, hash_, anchor = url.partition("#")
    params = {"from": search_id, "pos": position} if search_id else {}
    return f"{base}{'&' if '?' in base else '?'}{urlencode({**params, 'visit': visit})}{hash_}{anchor}"
