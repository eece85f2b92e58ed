"""Retention and data-protection requests, the same on SQLite and PostgreSQL: old sessions and their
events go while tickets stay, one session is exported whole or forgotten whole."""
import datetime as dt
import json

import pytest

from askdesk.core.dialogue import ConversationState, TicketRef
from askdesk.core.errors import NotFound
from askdesk.core.records import QuestionAsked, TicketOpened
from askdesk.store.outbox import SqlOutbox

NOW = dt.datetime.now(dt.UTC)
CUTOFF = (NOW - dt.timedelta(days=30)).isoformat(timespec="microseconds")
LONG_AGO = NOW - dt.timedelta(days=40)


def _conversation(store, ticket: bool = False):
    """A session with a question; with ``ticket``, handed off with a ticket and its two deliveries
    (the webhook one delivered). Stamped with the store's clock."""
    session = store.create_session("en", "https://shop.example/cart?customer=bob")
    store.add_event(session.id, QuestionAsked("where is my order?"))
    store.save_state(session.id, ConversationState(question="where is my order?"))
    if not ticket:
        return session, None, []
    number = store.create_ticket(session.id, "customer_request", "en", session.page_url, "bob@example.com",
                                 {"transcript": [{"from": "customer", "text": "where is my order?"}]}).number
    store.add_event(session.id, TicketOpened(number, "customer_request"))
    store.save_state(session.id, ConversationState(ticket=TicketRef(number, "bob@example.com")))
    outbox = SqlOutbox(store)
    deliveries = [outbox.enqueue(number, "webhook", {"number": number}), outbox.enqueue(number, "email", {})]
    outbox.mark_delivered(deliveries[0].id)
    return session, number, deliveries


def _long_ago(store) -> None:
    """What the store writes from now on is stamped 40 days ago (call before writing anything newer)."""
    store.clock = lambda: LONG_AGO


def _now(store) -> None:
    store.clock = lambda: dt.datetime.now(dt.UTC)


def test_retention_deletes_old_sessions_and_events_and_keeps_tickets(store):
    _long_ago(store)
    old, _, _ = _conversation(store)
    old_handed_off, old_number, old_deliveries = _conversation(store, ticket=True)
    store.execute("UPDATE outbox SET delivered_at = ? WHERE id = ?",   # delivered back then too
                  (LONG_AGO.isoformat(timespec="microseconds"), old_deliveries[0].id))
    _now(store)
    recent, recent_number, _ = _conversation(store, ticket=True)

    expected = {"events": 3, "sessions": 1, "sessions_emptied": 1, "deliveries": 1}
    assert store.delete_older_than(CUTOFF, dry_run=True) == expected
    assert store.get_session(old.id) is not None and len(store.events(old_handed_off.id)) == 2
    assert store.delete_older_than(CUTOFF) == expected

    assert store.get_session(old.id) is None and store.events(old.id) == []
    kept = store.get_session(old_handed_off.id)
    assert (kept.state, kept.page_url, kept.locale) == (ConversationState(), "", "en") and store.events(old_handed_off.id) == []
    ticket = store.get_ticket(old_number)
    assert ticket.contact == "bob@example.com" and ticket.packet["transcript"][0]["text"] == "where is my order?"
    assert [d.channel for d in SqlOutbox(store).list(old_number)] == ["email"]   # still to be delivered
    assert len(store.events(recent.id)) == 2 and store.get_session(recent.id).page_url
    assert [d.status for d in SqlOutbox(store).list(recent_number)] == ["delivered", "pending"]
    assert store.delete_older_than(CUTOFF) == dict.fromkeys(expected, 0)


def test_export_holds_everything_about_one_session_as_json(store):
    session, number, deliveries = _conversation(store, ticket=True)
    other, _, _ = _conversation(store)
    exported = json.loads(json.dumps(store.export_session(session.id)))
    assert exported["session"] | {"state": None} == {
        "id": session.id, "locale": "en", "page_url": "https://shop.example/cart?customer=bob", "state": None,
        "created_at": session.created_at, "source": "live"}
    assert exported["session"]["state"]["ticket"] == {"number": number, "contact": "bob@example.com"}
    assert [e["kind"] for e in exported["events"]] == ["question", "ticket"]
    assert exported["events"][0]["payload"] == QuestionAsked("where is my order?").to_payload()
    [ticket] = exported["tickets"]
    assert (ticket["number"], ticket["contact"], ticket["packet"]["transcript"][0]["from"]) == (
        number, "bob@example.com", "customer")
    assert [(d["id"], d["status"], d["payload"]) for d in exported["deliveries"]] == [
        (deliveries[0].id, "delivered", {"number": number}), (deliveries[1].id, "pending", {})]
    assert store.export_session(other.id)["tickets"] == []
    with pytest.raises(NotFound, match="no session 'nope'"):
        store.export_session("nope")


def test_forget_deletes_everything_about_one_session_and_nothing_else(store):
    session, number, _ = _conversation(store, ticket=True)
    other, other_number, _ = _conversation(store, ticket=True)
    assert store.forget_session(session.id) == {"deliveries": 2, "tickets": 1, "events": 2, "sessions": 1}
    assert store.get_session(session.id) is None and store.get_ticket(number) is None
    assert SqlOutbox(store).list(number) == []
    with pytest.raises(NotFound):
        store.export_session(session.id)
    with pytest.raises(NotFound, match="never started, or it was deleted"):
        store.forget_session(session.id)
    assert len(store.export_session(other.id)["deliveries"]) == 2 and store.get_ticket(other_number)
    assert store.create_ticket(other.id, "low_confidence", "en", "", "", {}).number == other_number + 1


def test_a_session_kept_for_its_ticket_can_still_be_forgotten(store):
    _long_ago(store)
    session, number, _ = _conversation(store, ticket=True)
    _now(store)
    store.delete_older_than(CUTOFF)
    exported = store.export_session(session.id)
    assert exported["events"] == [] and [t["number"] for t in exported["tickets"]] == [number]
    assert store.forget_session(session.id) == {"deliveries": 2, "tickets": 1, "events": 0, "sessions": 1}
