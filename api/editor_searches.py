"""The dashboard's help-center search report (``/editor/searches``): the search ledger read for the
dashboard's filters (period and language; searches are never demo traffic), in plain words.
The numbers are :mod:`askdesk.analytics.searches`' and the CSV goes through
:mod:`askdesk.analytics.spreadsheet`, as every CSV askdesk writes."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from flask import current_app

from askdesk.analytics import searches
from askdesk.analytics.snapshot import Filters

COLUMNS = {
    "query": "Search", "next_query": "Searched next", "locale": "Language", "searches": "Searches",
    "visits": "Visits", "no_results": "No results", "with_results": "With results", "clicked": "Result opened",
    "no_click": "Nothing opened", "click_through_pct": "Click-through", "refined": "Searched again",
    "ticket_after": "Ticket after", "first_result": "First result", "position": "Position", "clicks": "Clicks",
    "share_pct": "Share", "times": "Times", "without_click": "Without opening a result", "last": "Last (UTC)",
}
HELP = {
    "top_searches": "What people typed into the help center's search most often (same words, ignoring case and "
                    "punctuation), and how often they opened a result.",
    "no_results": "Searches that found no article at all: usually a missing article or missing words.",
    "no_click": "Searches that showed results of which none was opened: the titles may not look like the answer.",
    "click_positions": "Which result people opened, by its place in the list (1 = the first).",
    "refinements": "What the same visitor searched next, within 30 minutes: their own words for what they meant.",
    "ticket_after": "Searches after which the visitor opened the chat on the help center and left a ticket.",
    "by_locale": "The same numbers per language.",
}


@dataclass(frozen=True)
class SearchView:
    """The period shown (what the filters bar needs: searches are read fresh, and none is demo
    traffic) and the sections."""
    start: dt.datetime
    end: dt.datetime
    sections: dict[str, list[dict]]
    computed_at: dt.datetime
    demo_sessions: int = 0
    sessions: tuple = ()

    @property
    def last_day(self) -> dt.date:
        return (self.end - dt.timedelta(microseconds=1)).date()

    @property
    def summary(self) -> dict:
        return self.sections["summary"][0]


def search_view(filters: Filters) -> SearchView:
    runtime = current_app.extensions["askdesk"]
    now = dt.datetime.now(dt.UTC)
    start, end = filters.bounds(now)
    found = searches.read_searches(runtime.searches, runtime.store, start.isoformat(), end.isoformat())
    return SearchView(start, end, searches.build(found, locale=filters.locale), now)


def column(name: str) -> str:
    return COLUMNS.get(name, name.replace("_", " ").capitalize())


def cell(name: str, value) -> str:
    if value is None or value == "":
        return "—"
    if name.endswith("_pct"):
        return f"{value:g} %"
    if name == "last":
        return value.replace("T", " ")
    return str(value)
