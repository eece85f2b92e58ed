"""The help-center search ledger (store/searches.py), run on SQLite and on PostgreSQL."""
import pytest

from askdesk.bot.pii import mask_pii
from askdesk.core.errors import NotFound
from askdesk.core.records import SearchMade, SearchResultClicked
from askdesk.store.searches import SqlSearches
from askdesk.store.sql import SqlStore


@pytest.fixture
def searches(store):
    masked = SqlStore(store._connect, store.dialect, mask=mask_pii)
    yield SqlSearches(masked)
    masked.close()


def test_a_search_and_a_click_read_back_typed_with_the_query_masked(searches):
    made = searches.add("visit1", SearchMade("refund to anna@example.com", "en", "help",
                                             ("refunds", "return-item"), None, 12.5))
    click = searches.click(made.id, "return-item", 2)
    assert searches.click(made.id, "return-item", 2) == click   # opened again: the same click
    events = searches.between("2000-01-01")
    assert [e.kind for e in events] == ["search", "search_click"]
    assert [e.visit_id for e in events] == ["visit1", "visit1"]
    assert events[0].record == SearchMade("refund to [email]", "en", "help", ("refunds", "return-item"), None, 12.5)
    assert events[1].record == SearchResultClicked(made.id, "return-item", 2)
    assert events[1].id == click.id
    assert searches.get(made.id).payload["query"] == "refund to [email]"


def test_a_click_must_name_a_search_and_what_it_showed_there(searches):
    made = searches.add("v", SearchMade("refund", "en", "api", ("refunds",)))
    with pytest.raises(NotFound):
        searches.click("0" * 32, "refunds", 1)
    with pytest.raises(NotFound):
        searches.click(made.id, "refunds", 2)
    with pytest.raises(NotFound):
        searches.click(made.id, "other", 1)
    assert [e.kind for e in searches.between("2000-01-01")] == ["search"]


def test_the_period_and_retention(searches):
    first = searches.add("v", SearchMade("one"))
    second = searches.add("v", SearchMade("two"))
    assert [e.id for e in searches.between(second.created_at)] == [second.id]
    assert [e.id for e in searches.between("2000-01-01", second.created_at)] == [first.id]
    assert searches.delete_older_than(second.created_at, dry_run=True) == 1
    assert searches.delete_older_than(second.created_at) == 1
    assert [e.id for e in searches.between("2000-01-01")] == [second.id]
    assert searches.delete_older_than(second.created_at) == 0


def test_the_retention_worker_deletes_old_searches_with_old_conversations(store):
    import datetime as dt

    from askdesk.store.retention import RetentionWorker
    now = dt.datetime.now(dt.UTC)
    searches = SqlSearches(store)
    store.clock = lambda: now - dt.timedelta(days=40)
    searches.add("old", SearchMade("refund"))
    store.clock = lambda: now
    kept = searches.add("new", SearchMade("refund"))
    counts = RetentionWorker(store, 30, searches=searches, clock=lambda: now).run_once()
    assert counts["search_events"] == 1
    assert [e.id for e in searches.between("2000-01-01")] == [kept.id]
