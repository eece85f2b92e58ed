"""The store contract, run on SQLite and on PostgreSQL (127.0.0.1:5432, database `test`)."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from askdesk.core.errors import BadRequest, NotFound

def test_sessions_and_events_in_order_with_pii_masked(store):
    session = store.create_session("ru", "https://shop.example/cart")
    assert store.get_session(session.id).locale == "ru"
    store.add_event(session.id, "question", {"text": "мой email ivan@example.ru, где заказ?"})
    store.add_event(session.id, "answer", {"article": "track-order", "score": 0.8})
    store.add_event(session.id, "vote", {"helpful": False})
    events = store.events(session.id)
    assert [e.kind for e in events] == ["question", "answer", "vote"]
    assert events[0].payload["text"] == "мой email [email], где заказ?"
    store.save_state(session.id, {"failed_in_a_row": 1})
    assert store.get_session(session.id).state == {"failed_in_a_row": 1}
    assert store.get_session("nope") is None
    with pytest.raises(NotFound):
        store.add_event("nope", "question", {})
    with pytest.raises(NotFound):
        store.save_state("nope", {})


def test_tickets_numbered_listed_updated_and_contact_kept(store):
    session = store.create_session("en")
    ticket = store.create_ticket(session.id, "customer_request", "en", "https://x.example", "bob@example.com",
                                 {"transcript": [{"from": "customer", "text": "call me on +44 20 7946 0958"}],
                                  "tried": [{"id": "track-order", "score": 0.41}]})
    assert ticket.number > 1000 and ticket.contact == "bob@example.com"
    stored = store.get_ticket(ticket.number)
    assert stored.packet["transcript"][0]["text"] == "call me on [phone]"
    assert stored.packet["tried"] == [{"id": "track-order", "score": 0.41}]
    second = store.create_ticket(session.id, "low_confidence", "en", "", "", {})
    assert second.number == ticket.number + 1
    assert [t.number for t in store.list_tickets()] == [second.number, ticket.number]
    updated = store.update_ticket(ticket.number, status="solved", label="article refund-timeline would have answered")
    assert (updated.status, updated.label) == ("solved", "article refund-timeline would have answered")
    assert [t.number for t in store.list_tickets("open")] == [second.number]
    with pytest.raises(BadRequest, match="status 'closed'"):
        store.update_ticket(ticket.number, status="closed")
    with pytest.raises(NotFound):
        store.update_ticket(999999, status="open")
    with pytest.raises(NotFound):
        store.create_ticket("nope", "low_confidence", "en", "", "", {})
    assert store.create_ticket(session.id, "low_confidence", "en", "", "", {}).number == second.number + 1


def test_concurrent_writers_lose_nothing(store):
    session = store.create_session("en")

    def work(i):
        store.add_event(session.id, "question", {"n": i})
        return store.create_ticket(session.id, "low_confidence", "en", "", "", {"n": i}).number

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(work, range(80)))
    assert len(set(numbers)) == 80 and max(numbers) - min(numbers) == 79
    assert sorted(e.payload["n"] for e in store.events(session.id)) == list(range(80))


def test_migrations_apply_once(store):
    assert store.migrate() == []


def test_ledger_reads_a_periods_sessions_with_their_events_in_order(store):
    import datetime as dt
    moments = iter(dt.datetime(2026, 11, day, 12, tzinfo=dt.timezone.utc) for day in (1, 1, 2, 2, 3, 3))
    store.clock = lambda: next(moments)                 # demo traffic writes the past like this
    old = store.create_session("en")
    store.add_event(old.id, "question", {"text": "old"})
    demo = store.create_session("ru", source="demo")
    store.add_event(demo.id, "question", {"text": "где заказ"})
    late = store.create_session("en")
    store.add_event(late.id, "question", {"text": "late"})
    sessions, events = store.ledger("2026-11-02", "2026-11-03")
    assert [(s.id, s.source) for s in sessions] == [(demo.id, "demo")]
    assert [e.payload["text"] for e in events] == ["где заказ"]
    sessions, events = store.ledger("2026-11-01")
    assert [s.id for s in sessions] == [old.id, demo.id, late.id] and len(events) == 3
    assert store.get_session(old.id).source == "live" and store.session_ids("demo") == [demo.id]
