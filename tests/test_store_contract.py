"""The store contract, run on SQLite and on PostgreSQL (127.0.0.1:5432, database `test`)."""
from concurrent.futures import ThreadPoolExecutor

import pytest

from askdesk.bot.pii import mask_pii
from askdesk.core.dialogue import Card, ConversationState, PolicyState, TicketRef
from askdesk.core.errors import BadRequest, NotFound
from askdesk.core.records import QuestionAsked, ReplyGiven, VoteCast
from askdesk.store.sql import SqlStore


@pytest.fixture
def masked(store):
    """The same database as ``store``, opened with the masking the shell gives it."""
    masked = SqlStore(store._connect, store.dialect, mask=mask_pii)
    yield masked
    masked.close()


def test_sessions_and_events_in_order_with_pii_masked(masked):
    store = masked
    session = store.create_session("ru", "https://shop.example/cart")
    assert store.get_session(session.id).locale == "ru"
    question = QuestionAsked("мой email ivan@example.ru, где заказ?", "ru", "answer", "confident", 0.8,
                             tried=(Card("track-order", "ru", score=0.8),))
    store.add_event(session.id, question)
    store.add_event(session.id, ReplyGiven("answer", "Вот что я нашёл:", ("track-order",), (0.8,),
                                           (Card("track-order", "ru", url="/help/ru/track-order"),)))
    store.add_event(session.id, VoteCast("track-order", False))
    events = store.events(session.id)
    assert [e.kind for e in events] == ["question", "reply", "vote"]
    assert events[0].payload["text"] == "мой email [email], где заказ?"
    assert events[0].payload["tried"] == [{"id": "track-order", "locale": "ru", "score": 0.8}]
    assert [type(e.record) for e in events] == [QuestionAsked, ReplyGiven, VoteCast]
    assert events[2].record == VoteCast("track-order", False)
    state = ConversationState(PolicyState(failed_in_a_row=1), "где заказ?", ticket=TicketRef(1001, "+79123456789"))
    store.save_state(session.id, state)
    assert store.get_session(session.id).state == state
    assert store.get_session("nope") is None
    with pytest.raises(NotFound):
        store.add_event("nope", VoteCast("track-order", True))
    with pytest.raises(NotFound):
        store.save_state("nope", ConversationState())


def test_a_store_without_a_mask_keeps_text_as_given(store):
    session = store.create_session("en")
    store.add_event(session.id, QuestionAsked("mail me at eve@example.com"))
    assert store.events(session.id)[0].record.text == "mail me at eve@example.com"


def test_tickets_numbered_listed_updated_and_contact_kept(masked):
    store = masked
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
        store.add_event(session.id, QuestionAsked(f"question {i}"))
        return store.create_ticket(session.id, "low_confidence", "en", "", "", {"n": i}).number

    with ThreadPoolExecutor(max_workers=8) as pool:
        numbers = list(pool.map(work, range(80)))
    assert len(set(numbers)) == 80 and max(numbers) - min(numbers) == 79
    assert sorted(e.record.text for e in store.events(session.id)) == sorted(f"question {i}" for i in range(80))


def test_migrations_apply_once(store):
    assert store.migrate() == []


def test_ledger_reads_a_periods_sessions_with_their_events_in_order(store):
    import datetime as dt
    moments = iter(dt.datetime(2026, 11, day, 12, tzinfo=dt.UTC) for day in (1, 1, 2, 2, 3, 3))
    store.clock = lambda: next(moments)                 # demo traffic writes the past like this
    old = store.create_session("en")
    store.add_event(old.id, QuestionAsked("old"))
    demo = store.create_session("ru", source="demo")
    store.add_event(demo.id, QuestionAsked("где заказ"))
    late = store.create_session("en")
    store.add_event(late.id, QuestionAsked("late"))
    sessions, events = store.ledger("2026-11-02", "2026-11-03")
    assert [(s.id, s.source) for s in sessions] == [(demo.id, "demo")]
    assert [e.payload["text"] for e in events] == ["где заказ"]
    sessions, events = store.ledger("2026-11-01")
    assert [s.id for s in sessions] == [old.id, demo.id, late.id] and len(events) == 3
    assert store.get_session(old.id).source == "live" and store.session_ids("demo") == [demo.id]
