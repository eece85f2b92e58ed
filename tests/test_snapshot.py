"""The editor snapshot without the web (askdesk.analytics.snapshot): filters from query arguments,
one reading of the ledger with its reports and gaps, the cache per filter, sorting report rows."""
import datetime as dt

import pytest
from werkzeug.datastructures import MultiDict

from askdesk.analytics.snapshot import Filters, Snapshot, SnapshotCache, parse_filters, sort_rows
from askdesk.core.errors import BadRequest, NotFound
from askdesk.shell.runtime import Runtime

from support.editor_traffic import live_conversation

LOCALES = ("en", "ru")


@pytest.fixture
def runtime(hash_config):
    rt = Runtime(hash_config)
    yield rt
    rt.store.close()


def snapshot_of(runtime, filters: Filters, now: dt.datetime) -> Snapshot:
    return Snapshot(filters, now, store=runtime.store, searcher=runtime.index.current(), encoder=runtime.encoder,
                    thresholds=runtime.thresholds)


def test_filters_round_trip_through_query_arguments():
    now = dt.datetime(2026, 11, 20, 12, tzinfo=dt.UTC)
    assert Filters().args() == {}
    assert Filters(since="7d", locale="ru", demo=False).args(locale="") == {"since": "7d", "demo": "0"}
    start, end = Filters(since="2026-11-01", until="2026-11-10").bounds(now)
    assert (start.isoformat(), end.isoformat()) == ("2026-11-01T00:00:00+00:00", "2026-11-11T00:00:00+00:00")
    assert Filters(since="2026-11-01", until="2026-12-31").bounds(now)[1] == now       # never past now
    assert Filters(since="7d").preset == "7d" and Filters(since="7d", until="2026-11-10").preset is None
    assert parse_filters(MultiDict({"demo": "0", "locale": "all"}), LOCALES, now) == Filters(demo=False)
    assert parse_filters({"locale": "ru"}, LOCALES, now) == Filters(locale="ru")
    with pytest.raises(BadRequest, match="`locale` must be one of en, ru, got 'de'"):
        parse_filters({"locale": "de"}, LOCALES, now)
    with pytest.raises(BadRequest, match="is not a period"):
        parse_filters(MultiDict({"since": "last week"}), LOCALES, now)
    with pytest.raises(BadRequest, match="'2026-02-30' is not a date"):
        parse_filters(MultiDict({"since": "2026-02-01", "until": "2026-02-30"}), LOCALES, now)
    with pytest.raises(BadRequest, match="`demo` must be 1 or 0"):
        parse_filters({"demo": "maybe"}, LOCALES, now)


def test_snapshots_are_kept_a_minute_per_filter():
    clock = [0.0]
    cache = SnapshotCache(seconds=60, entries=2, clock=lambda: clock[0])
    made = []

    def make():
        made.append(object())
        return made[-1]
    first = cache.get(Filters(), make)
    assert cache.get(Filters(), make) is first and len(made) == 1
    clock[0] = 59.9
    assert cache.get(Filters(), make) is first
    cache.get(Filters(locale="ru"), make)
    clock[0] = 61
    assert cache.get(Filters(), make) is not first and len(made) == 3
    cache.get(Filters(since="7d"), make)                     # a third filter pushes the oldest out
    cache.get(Filters(locale="ru"), make)
    assert len(made) == 5


def test_sort_rows_puts_empty_cells_last():
    rows = [{"n": 2}, {"n": None}, {"n": 5}, {"n": 1}]
    assert [r["n"] for r in sort_rows(rows, "n", True)] == [5, 2, 1, None]
    assert [r["n"] for r in sort_rows(rows, "n", False)] == [1, 2, 5, None]
    assert sort_rows(rows, None, True) is rows
    with pytest.raises(BadRequest, match="`sort` must be one of n, got 'x'"):
        sort_rows(rows, "x", True)


def test_a_snapshot_reads_the_ledger_of_its_window(runtime):
    asked = live_conversation(runtime, "en", ["how do I reset my password"])
    live_conversation(runtime, "ru", ["где мой заказ"])
    now = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    snap = snapshot_of(runtime, Filters(since="7d"), now)
    assert len(snap.sessions) == 2 and snap.demo_sessions == 0 and snap.computed_at == now
    assert snap.session_of("How do I reset my password?") == asked        # case and punctuation aside
    assert snap.deflection["asked"] == 2
    days = snap.daily()
    assert len(days) == 8 and days[-1]["day"] == now.date().isoformat() and days[-1]["conversations"] == 2
    assert sum(d["questions"] for d in days) == 2 and snap.last_day == now.date()
    assert snap.section("top_questions") == snap.sections["top_questions"]
    with pytest.raises(NotFound, match="no report 'nope'"):
        snap.section("nope")
    with pytest.raises(NotFound, match="no topic 99"):
        snap.topic(99)
    only_ru = snapshot_of(runtime, Filters(since="7d", locale="ru"), now)
    assert [s.locale for s in only_ru.sessions] == ["ru"]
    earlier = snapshot_of(runtime, Filters(since="7d"), now - dt.timedelta(days=8))
    assert earlier.sessions == [] and earlier.deflection["asked"] == 0
