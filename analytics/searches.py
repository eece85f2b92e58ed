"""The help-center search reports: what people type into the help center's search, which searches
find nothing, which results they open, what they search next and whether a ticket followed.

Read from the search ledger (:mod:`askdesk.store.searches`: searches and clicks by anonymous
visit) and, for tickets, the conversations whose widget was opened on a help page of the same
visit (the visit is in the page address the widget reports). Everything below is a pure function
of those records, so the reports are tested on hand-made ledgers.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol
from urllib.parse import parse_qs, urlsplit

from askdesk.analytics.ledger import normalise
from askdesk.analytics.spreadsheet import markdown_sections
from askdesk.core.records import Event, SearchEvent, SearchMade, SearchResultClicked, Session
from askdesk.core.storage import Store

REFINE_MINUTES = 30   # a search made later than this after the last one is not its refinement


@dataclass
class Search:
    id: str
    visit: str
    at: str
    query: str
    locale: str
    source: str                       # help | api
    results: tuple[str, ...]          # article ids, position 1 first
    clicks: list[int] = field(default_factory=list)   # positions opened, in order
    next_query: str | None = None     # the visit's next, different search (within REFINE_MINUTES)
    ticket: bool = False              # a conversation of the same visit opened a ticket afterwards

    @property
    def key(self) -> str:
        return normalise(self.query)


def _moment(at: str) -> dt.datetime:
    return dt.datetime.fromisoformat(at)


def visit_of(page_url: str) -> str | None:
    """The help-center visit in a page address (``…?visit=<id>``), if any."""
    values = parse_qs(urlsplit(page_url or "").query).get("visit")
    return values[0] if values else None


def ticket_visits(sessions: Iterable[Session], events: Iterable[Event]) -> list[tuple[str, str]]:
    """(visit, when) of every ticket opened in a conversation started on a help page of a visit."""
    visits = {s.id: visit_of(s.page_url) for s in sessions}
    return [(visits[e.session_id], e.created_at) for e in events
            if e.kind == "ticket" and visits.get(e.session_id)]


def searches_from_events(events: Iterable[SearchEvent], tickets: Iterable[tuple[str, str]] = (),
                         *, refine_minutes: int = REFINE_MINUTES) -> list[Search]:
    """The searches, oldest first, with their clicks, the next search of their visit and whether a
    ticket of their visit came after them."""
    searches: dict[str, Search] = {}
    for event in sorted(events, key=lambda e: (e.created_at, e.id)):
        record = event.record
        if isinstance(record, SearchMade):
            searches[event.id] = Search(event.id, event.visit_id, event.created_at, record.query, record.locale,
                                        record.source, record.results)
        elif isinstance(record, SearchResultClicked) and record.search_id in searches:
            searches[record.search_id].clicks.append(record.position)
    by_visit: dict[str, list[Search]] = defaultdict(list)
    for search in searches.values():
        by_visit[search.visit].append(search)
    window = dt.timedelta(minutes=refine_minutes)
    for visit in by_visit.values():
        for i, search in enumerate(visit):
            search.next_query = _next_query(visit, i, window)
    ticket_times: dict[str, list[str]] = defaultdict(list)
    for visit, at in tickets:
        ticket_times[visit].append(at)
    for search in searches.values():
        search.ticket = any(at > search.at for at in ticket_times.get(search.visit, ()))
    return list(searches.values())


def _next_query(visit: list[Search], i: int, window: dt.timedelta) -> str | None:
    """The first later search of the visit in other words, each within ``window`` of the one before
    (the same words again, a reload or a second try, is passed over)."""
    for before, later in zip(visit[i:], visit[i + 1:]):
        if _moment(later.at) - _moment(before.at) > window:
            return None
        if later.key != visit[i].key:
            return later.query
    return None


class SearchLog(Protocol):   # askdesk.store.searches.SqlSearches
    def between(self, since: str, until: str | None = None) -> list[SearchEvent]: ...


def read_searches(log: SearchLog, store: Store, since: str, until: str | None = None) -> list[Search]:
    """The searches made in [since, until), with the tickets opened after ``since`` (up to now) in
    conversations of their visits (read by ticket, not by reading every conversation)."""
    tickets = store.recent_events(("ticket",), since)
    sessions = [s for s in (store.get_session(i) for i in {e.session_id for e in tickets}) if s is not None]
    return searches_from_events(log.between(since, until), ticket_visits(sessions, tickets))


# -- the reports: each a list of flat rows --------------------------------------------------------
def _pct(part: int, whole: int) -> float | None:
    return round(100.0 * part / whole, 1) if whole else None


def _groups(searches: list[Search]) -> list[tuple[str, str, list[Search]]]:
    """(shown query, locale, searches) per normalised query and locale, the most searched first; the
    query is shown as it was typed most often."""
    groups: dict[tuple[str, str], list[Search]] = defaultdict(list)
    for search in searches:
        groups[(search.key, search.locale)].append(search)
    rows = [(Counter(s.query for s in group).most_common(1)[0][0], locale, group)
            for (_, locale), group in groups.items()]
    return sorted(rows, key=lambda r: (-len(r[2]), r[0], r[1]))


def summary(searches: list[Search]) -> dict:
    with_results = [s for s in searches if s.results]
    clicked = [s for s in with_results if s.clicks]
    return {"searches": len(searches), "visits": len({s.visit for s in searches}),
            "no_results": len(searches) - len(with_results), "with_results": len(with_results),
            "clicked": len(clicked), "no_click": len(with_results) - len(clicked),
            "click_through_pct": _pct(len(clicked), len(with_results)),
            "refined": sum(s.next_query is not None for s in searches),
            "ticket_after": sum(s.ticket for s in searches)}


def top_searches(searches: list[Search], limit: int = 100) -> list[dict]:
    rows = []
    for query, locale, group in _groups(searches)[:limit]:
        with_results = [s for s in group if s.results]
        clicked = sum(bool(s.clicks) for s in with_results)
        rows.append({"query": query, "locale": locale, "searches": len(group),
                     "no_results": len(group) - len(with_results), "clicked": clicked,
                     "click_through_pct": _pct(clicked, len(with_results)),
                     "refined": sum(s.next_query is not None for s in group),
                     "ticket_after": sum(s.ticket for s in group)})
    return rows


def no_results(searches: list[Search]) -> list[dict]:
    return [{"query": query, "locale": locale, "searches": len(group), "last": max(s.at for s in group)[:16]}
            for query, locale, group in _groups([s for s in searches if not s.results])]


def no_click(searches: list[Search]) -> list[dict]:
    """Searches that showed results of which none was opened, with the first result shown."""
    return [{"query": query, "locale": locale, "searches": len(group),
             "first_result": Counter(s.results[0] for s in group).most_common(1)[0][0]}
            for query, locale, group in _groups([s for s in searches if s.results and not s.clicks])]


def click_positions(searches: list[Search]) -> list[dict]:
    """Clicks by the position of the result opened (1 = the first shown)."""
    counts = Counter(position for s in searches for position in s.clicks)
    total = sum(counts.values())
    return [{"position": position, "clicks": n, "share_pct": _pct(n, total)} for position, n in sorted(counts.items())]


def refinements(searches: list[Search]) -> list[dict]:
    """What was searched next in the same visit, per pair of searches."""
    pairs = Counter((s.query, s.next_query, s.locale, bool(s.clicks)) for s in searches if s.next_query)
    merged: dict[tuple[str, str, str], list[int]] = defaultdict(lambda: [0, 0])
    for (query, following, locale, clicked), n in pairs.items():
        row = merged[(normalise(query), normalise(following), locale)]
        row[0] += n
        row[1] += n if not clicked else 0
    shown: dict[tuple[str, str, str], tuple[str, str]] = {}   # each pair as it was first typed
    for s in searches:
        if s.next_query:
            shown.setdefault((normalise(s.query), normalise(s.next_query), s.locale), (s.query, s.next_query))
    rows = [{"query": shown[key][0], "next_query": shown[key][1], "locale": key[2], "times": n,
             "without_click": unclicked} for key, (n, unclicked) in merged.items()]
    return sorted(rows, key=lambda r: (-r["times"], r["query"], r["next_query"]))


def ticket_after(searches: list[Search]) -> list[dict]:
    """Searches after which a conversation of the same visit opened a ticket."""
    return [{"query": query, "locale": locale, "searches": len(group), "clicked": sum(bool(s.clicks) for s in group)}
            for query, locale, group in _groups([s for s in searches if s.ticket])]


def by_locale(searches: list[Search]) -> list[dict]:
    locales = sorted({s.locale for s in searches})
    return [{"locale": locale, **summary([s for s in searches if s.locale == locale])} for locale in locales]


SECTIONS: dict[str, tuple[str, Callable[[list[Search]], list[dict]]]] = {
    "summary": ("Help-center searches", lambda s: [summary(s)]),
    "top_searches": ("Top searches", top_searches),
    "no_results": ("Searches with no results", no_results),
    "no_click": ("Searches with results but no click", no_click),
    "click_positions": ("Clicks by result position", click_positions),
    "refinements": ("What was searched next in the same visit", refinements),
    "ticket_after": ("Searches followed by a ticket", ticket_after),
    "by_locale": ("Searches per language", by_locale),
}


def build(searches: list[Search], *, locale: str | None = None, only: tuple[str, ...] = ()) -> dict[str, list[dict]]:
    """Every section (or ``only`` these) as ``{name: rows}``, of one locale's searches if given."""
    chosen = [s for s in searches if locale is None or s.locale == locale]
    return {name: compute(chosen) for name, (_, compute) in SECTIONS.items() if not only or name in only}


def to_markdown(report: dict[str, list[dict]], limit: int = 20) -> str:
    """Every section as a Markdown table (the first ``limit`` rows)."""
    return markdown_sections(report, {name: title for name, (title, _) in SECTIONS.items()}, limit=limit,
                             more="--searches --format csv --section {name}")
