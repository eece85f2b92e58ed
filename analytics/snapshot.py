"""What the editor dashboard, the editor API (and any command) show, computed once per filter and
kept a minute. Nothing here knows the web: the store, the index build, the encoder, the thresholds
and the clock are parameters (``api/editor_data.py`` passes the current app's).

A :class:`Filters` is what an editor picks: a period (``30d``, or dates), a language and whether
demo traffic counts. A :class:`Snapshot` is the ledger read for it, with the report sections
(:mod:`analytics.editors_report`), the content gaps (:mod:`analytics.gaps`) and their drafts computed on
first use. A :class:`SnapshotCache` keeps them per filter for :data:`CACHE_SECONDS`, so
moving between pages does not read the ledger again; a relative period ("the last 30 days") keeps
the window it had when it was computed until the entry expires.
"""
from __future__ import annotations

import datetime as dt
import re
import threading
import time
from collections import OrderedDict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property

from askdesk.analytics import editors_report as report
from askdesk.analytics import reports
from askdesk.analytics.drafts import Draft, drafts_for
from askdesk.analytics.gaps import GapReport, find_gaps
from askdesk.analytics.ledger import SessionRecord, normalise, read_ledger
from askdesk.analytics.period import out_of_range, window
from askdesk.bot.decision import Thresholds
from askdesk.core.errors import BadRequest, NotFound
from askdesk.core.storage import Store
from askdesk.core.yesno import parse_yes_no
from askdesk.indexer.encoders import Encoder
from askdesk.indexer.search import Searcher

DEFAULT_SINCE = "30d"
PRESETS = (("7d", "Last 7 days"), ("30d", "Last 30 days"), ("90d", "Last 90 days"))
CACHE_SECONDS = 60.0
CACHE_ENTRIES = 32
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


@dataclass(frozen=True)
class Filters:
    since: str = DEFAULT_SINCE    # 30d, 12w, 6h or a date/time (analytics.period)
    until: str = ""               # '' = now; a bare date counts whole (the period ends at its midnight)
    locale: str | None = None     # None = every language
    demo: bool = True             # include generated demo traffic

    def args(self, **changes) -> dict[str, str]:
        """These filters (changed by ``changes``) as query arguments, defaults left out."""
        values = {"since": self.since, "until": self.until, "locale": self.locale or "",
                  "demo": "" if self.demo else "0", **changes}
        defaults = {"since": DEFAULT_SINCE, "until": "", "locale": "", "demo": ""}
        return {k: str(v) for k, v in values.items() if v not in (None, defaults.get(k))}

    @property
    def preset(self) -> str | None:
        """The preset period these filters are, if any."""
        return self.since if not self.until and self.since in dict(PRESETS) else None

    def bounds(self, now: dt.datetime) -> tuple[dt.datetime, dt.datetime]:
        """The UTC window [start, end), its end no later than ``now``."""
        until = self.until
        if _DATE.match(until):
            try:
                until = (dt.date.fromisoformat(until) + dt.timedelta(days=1)).isoformat()
            except ValueError:
                raise BadRequest(f"{until!r} is not a date: use one like 2026-11-30") from None
            except OverflowError:
                raise out_of_range("until", self.until) from None
        start, end = (dt.datetime.fromisoformat(b) for b in window(self.since, until or None, now))
        end = min(end, now)
        if start >= end:
            raise BadRequest(f"the period starting {self.since!r} is in the future; pick a date up to today")
        return start, end


def flag(value: str | None, name: str, default: bool) -> bool:
    """A yes/no query argument (absent or empty: ``default``)."""
    try:
        return parse_yes_no(value, default=default)
    except ValueError:
        raise BadRequest(f"`{name}` must be 1 or 0 (true or false), got {(value or '').strip().lower()!r}") from None


def parse_filters(args: Mapping, locales: Sequence[str], now: dt.datetime | None = None) -> Filters:
    """Filters from query arguments ``since``, ``until``, ``locale`` (one of ``locales``; ``all`` =
    every one), ``demo``; checked here, so a bad value is named before anything is computed."""
    locale = args.get("locale", "")
    if locale not in ("", "all") and locale not in locales:
        raise BadRequest(f"`locale` must be one of {', '.join(locales)}, got {locale!r}")
    filters = Filters(since=args.get("since", "").strip() or DEFAULT_SINCE, until=args.get("until", "").strip(),
                      locale=None if locale in ("", "all") else locale,
                      demo=flag(args.get("demo"), "demo", True))
    filters.bounds(now or dt.datetime.now(dt.UTC))
    return filters


# -- one reading of the ledger, and what is computed from it ------------------------------------
class Snapshot:
    """The sessions of one filter's window, with the reports and gaps computed on first use."""

    def __init__(self, filters: Filters, now: dt.datetime, *, store: Store, searcher: Searcher, encoder: Encoder,
                 thresholds: Thresholds):
        """Read the ledger of ``store`` for ``filters`` as of ``now``; ``searcher`` (an index build),
        ``encoder`` and ``thresholds`` (the bot's) are used by the reports and gaps."""
        self.filters, self.computed_at = filters, now
        self.searcher, self.encoder, self.thresholds = searcher, encoder, thresholds
        self.start, self.end = filters.bounds(now)
        self.sessions: list[SessionRecord] = read_ledger(store, self.start.isoformat(), self.end.isoformat(),
                                                         locale=filters.locale, include_demo=filters.demo)

    @cached_property
    def sections(self) -> dict[str, list[dict]]:
        return report.build(self.sessions, self.thresholds)

    @cached_property
    def gaps(self) -> GapReport:
        return find_gaps(self.sessions, self.encoder, self.searcher, self.thresholds, self.start, self.end)

    @cached_property
    def drafts(self) -> dict[int, Draft]:
        """Draft articles for the ``write_new`` topics, by position in ``gaps.topics``."""
        return drafts_for(self.gaps.topics, self.end.date(), self.searcher.by_id)

    @cached_property
    def demo_sessions(self) -> int:
        return sum(s.source == "demo" for s in self.sessions)

    @cached_property
    def _latest_session(self) -> dict[str, str]:
        latest: dict[str, tuple[str, str]] = {}
        for s in self.sessions:
            for turn in s.turns:
                key = normalise(turn.text)
                if key not in latest or turn.at > latest[key][0]:
                    latest[key] = (turn.at, s.id)
        return {key: sid for key, (_, sid) in latest.items()}

    def session_of(self, question: str) -> str | None:
        """The conversation that asked ``question`` (case and punctuation aside) last, for rows that group questions."""
        return self._latest_session.get(normalise(question))

    @property
    def last_day(self) -> dt.date:
        """The last day the window touches (its end is exclusive)."""
        return (self.end - dt.timedelta(microseconds=1)).date()

    def section(self, name: str) -> list[dict]:
        if name not in report.SECTIONS:
            raise NotFound(f"no report {name!r}; the reports are {', '.join(report.SECTIONS)}")
        return self.sections[name]

    def topic(self, number: int):
        """Topic ``number`` (1 = the first) of the gaps."""
        if not 1 <= number <= len(self.gaps.topics):
            raise NotFound(f"no topic {number} in this period: there are {len(self.gaps.topics)}; "
                           "open the gaps page again, the period may have moved on")
        return self.gaps.topics[number - 1]

    @property
    def deflection(self) -> dict:
        return self.sections["deflection"][0]

    def daily(self) -> list[dict]:
        """Per UTC day of the window, empty days included: conversations with a question, by how they ended."""
        days: dict[str, list[SessionRecord]] = {}
        day = self.start.date()
        while day <= self.last_day:
            days[day.isoformat()] = []
            day += dt.timedelta(days=1)
        for s in self.sessions:
            days.setdefault(s.created_at[:10], []).append(s)
        rows = []
        for day, sessions in sorted(days.items()):
            d = reports.deflection(sessions)
            rows.append({"day": day, "questions": sum(len(s.turns) for s in sessions), "conversations": d["asked"],
                         "confirmed": d["confirmed"], "assumed": d["assumed"], "handed_off": d["handed_off"],
                         "unresolved": d["asked"] - d["deflected"] - d["handed_off"],
                         "deflection_pct": d["deflection_pct"]})
        return rows


class SnapshotCache:
    """Snapshots by filter, each kept ``seconds``; at most ``entries`` (the oldest go first)."""

    def __init__(self, seconds: float = CACHE_SECONDS, entries: int = CACHE_ENTRIES,
                 clock: Callable[[], float] = time.monotonic):
        self.seconds, self.entries, self.clock = seconds, entries, clock
        self._items: OrderedDict[Filters, tuple[float, Snapshot]] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, filters: Filters, make: Callable[[], Snapshot]) -> Snapshot:
        now = self.clock()
        with self._lock:
            found = self._items.get(filters)
            if found and found[0] > now:
                return found[1]
        snapshot = make()
        with self._lock:
            self._items[filters] = (now + self.seconds, snapshot)
            self._items.move_to_end(filters)
            while len(self._items) > self.entries:
                self._items.popitem(last=False)
        return snapshot


def sort_rows(rows: list[dict], column: str | None, descending: bool) -> list[dict]:
    """``rows`` ordered by ``column`` (empty cells last either way); as they are when no column."""
    if not column:
        return rows
    if rows and column not in rows[0]:
        raise BadRequest(f"`sort` must be one of {', '.join(rows[0])}, got {column!r}")
    filled = [r for r in rows if r.get(column) is not None]
    empty = [r for r in rows if r.get(column) is None]

    def key(row):
        value = row[column]
        return value.casefold() if isinstance(value, str) else value
    return sorted(filled, key=key, reverse=descending) + empty
