"""The agent's ticket page and inbox: the tries of the question that was handed off (not of whatever
was asked last), every message after the ticket, what the bot showed by title, the activity in
sentences, and demo tickets marked and left out of the inbox unless asked for."""
import re

import pytest

from askdesk.core.dialogue import Card
from askdesk.core.records import (
    Event,
    HandedOff,
    MessageSent,
    QuestionAsked,
    ReplyGiven,
    Ticket,
    TicketLabelled,
    TicketOpened,
    TicketStatusChanged,
    VoteCast,
)
from askdesk.delivery import ticket_page
from askdesk.store.tokens import SqlTokens

TITLES = {"track-order": "Track your order", "request-refund": "Request a refund", "damaged": "Damaged item"}


def title(article_id: str, locale: str) -> str:
    return TITLES.get(article_id, "")


def q(text, *tried):
    return QuestionAsked(text, "en", "answer", "confident", tried[0][1] if tried else 0.0,
                         tried=tuple(Card(i, "en", score=s) for i, s in tried))


WHERE = q("where is my parcel", ("track-order", 0.94), ("request-refund", 0.08))
REFUND = q("refund for a broken mug", ("request-refund", 0.54), ("damaged", 0.3))
NOTHING = QuestionAsked("my parcel is lost", "en", "handoff", "no_results")
TICKET = Ticket(1001, "s", "customer_request", "en", "", "bob@example.com", "open", "",
                {"transcript": [], "tried": [{"id": "request-refund", "locale": "en", "score": 0.54}]},
                "2026-12-01T10:00:09+00:00")


def events(*records):
    return [Event(f"e{i}", "s", r.kind, r.to_payload(), f"2026-12-01T10:00:{i:02d}+00:00")
            for i, r in enumerate(records)]


@pytest.mark.parametrize(("records", "question"), [
    # asked for a person after a question, asked another one before leaving a contact: the first
    ((WHERE, MessageSent("human_request", button=True), HandedOff("customer_request"), REFUND,
      TicketOpened(1001)), "where is my parcel"),
    # found nothing for the second question and handed off: the second
    ((WHERE, NOTHING, HandedOff("no_results"), TicketOpened(1001)), "my parcel is lost"),
    # voted down the first question's answer after asking a second: the first (the vote's question)
    ((WHERE, REFUND, VoteCast("track-order", False, "where is my parcel"), HandedOff("negative_feedback"),
      TicketOpened(1001)), "where is my parcel"),
    # a person asked for before any question: none
    ((MessageSent("human_request", button=True), HandedOff("customer_request"), TicketOpened(1001), WHERE), None),
])
def test_the_handed_off_question(records, question):
    found = ticket_page.handed_off_question(events(*records), TICKET)
    assert (found.text if found else None) == question


def test_the_tries_are_the_handed_off_questions_with_titles_and_scores():
    stored = events(WHERE, MessageSent("human_request", button=True), HandedOff("customer_request"), REFUND,
                    TicketOpened(1001))
    assert ticket_page.ticket_tries(TICKET, stored, title) == [
        {"id": "track-order", "locale": "en", "title": "Track your order", "score": 0.94},
        {"id": "request-refund", "locale": "en", "title": "Request a refund", "score": 0.08}]
    before_any = events(MessageSent("human_request", button=True), HandedOff("customer_request"), TicketOpened(1001))
    assert ticket_page.ticket_tries(TICKET, before_any, title) == []
    # no hand-off in the events (an old or imported ticket): the packet's list, titled
    assert ticket_page.ticket_tries(TICKET, [], title)[0]["title"] == "Request a refund"


def test_the_conversation_names_articles_by_title_and_goes_on_after_the_ticket():
    packet = {"transcript": [
        {"from": "customer", "kind": "question", "text": "where is my parcel"},
        {"from": "bot", "kind": "reply", "text": "Here is what I found:", "articles": ["track-order"]},
        {"from": "customer", "kind": "vote", "article_id": "track-order", "helpful": False,
         "text": "[not helpful] track-order"}]}
    ticket = Ticket(1001, "s", "negative_feedback", "en", "", "bob@example.com", "open", "", packet,
                    "2026-12-01T10:00:03+00:00")
    stored = events(WHERE, ReplyGiven("answer", "Here is what I found:", ("track-order",)),
                    VoteCast("track-order", False, "where is my parcel"), TicketOpened(1001),
                    ReplyGiven("ticket", "Your ticket number is #1001."), MessageSent("after_ticket", "any news?"))
    lines = ticket_page.conversation(ticket, stored, title)
    assert [(line["text"], line.get("shown"), line.get("after_ticket", False)) for line in lines] == [
        ("where is my parcel", None, False),
        ("Here is what I found:", ["Track your order"], False),
        ("Not helpful: “Track your order”", None, False),
        ("Your ticket number is #1001.", None, True),
        ("any news?", None, True)]


def test_the_activity_reads_as_sentences():
    stored = events(WHERE, ReplyGiven("answer", "Here is what I found:", ("track-order",)),
                    VoteCast("track-order", False, "where is my parcel"), HandedOff("negative_feedback"),
                    TicketOpened(1001), MessageSent("after_ticket", "any news?"),
                    TicketStatusChanged(1001, "alice", "pending", "open"),
                    TicketLabelled(1001, "alice", "would_have_answered:damaged", ""))
    lines = [(a.who, a.text) for a in ticket_page.activity(stored, title)]
    assert lines == [
        ("customer", "Asked \u201cwhere is my parcel\u201d: the bot answered, confidence 0.94"),
        ("bot", "Answered with \u201cTrack your order\u201d"),
        ("customer", "Voted \u201cTrack your order\u201d not helpful"),
        ("bot", "Handed to a person: answer did not help"),
        ("bot", "Ticket 1001 opened"),
        ("customer", "Wrote after the ticket: \u201cany news?\u201d"),
        ("agent", "alice moved ticket 1001 from open to pending"),
        ("agent", "alice labelled it: \u201cDamaged item\u201d would have answered")]


# -- the console and the API ------------------------------------------------------------------------
@pytest.fixture
def token(app):
    return SqlTokens(app.extensions["askdesk"].store).create("alice", "agent")[0]


@pytest.fixture
def console(app, token):
    client = app.test_client()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/agent/login").get_data(as_text=True)).group(1)
    client.post("/agent/login", data={"token": token, "csrf": csrf})
    return client


def conversation(app, source="live", after_ticket="any news?"):
    """Asks where the parcel is, asks for a person, asks about a refund, leaves a contact, writes again."""
    c = app.extensions["askdesk"].conversations
    sid = c.start("en", "https://shop.example/cart", source=source).session_id
    c.message(sid, "where is my parcel")
    c.request_person(sid)
    c.message(sid, "how do I get a refund for a broken mug")
    c.leave_contact(sid, "bob@example.com")
    c.message(sid, after_ticket)
    return app.extensions["askdesk"].store.list_tickets()[0]


def part(page: str, start: str, end: str) -> str:
    return page[page.index(start):page.index(end, page.index(start))]


def test_the_ticket_page_shows_the_handed_off_question_and_everything_after(app, console):
    ticket = conversation(app)
    page = console.get(f"/agent/tickets/{ticket.number}").get_data(as_text=True)
    tried = part(page, "<h2>Articles the bot tried</h2>", "<h2>Activity</h2>")
    assert "\u201cwhere is my parcel\u201d" in tried
    rows = re.findall(r"<tr>\s*<td>.*?>([^<>]+)</a>.*?<td>(\d\.\d\d)</td>", tried, re.S)
    assert rows[0] == ("Track your order", "0.94")                      # not the refund question's tries
    talk = part(page, "<h2>Conversation</h2>", "<h2>Articles the bot tried</h2>")
    assert "any news?" in talk and "After the ticket was opened" in talk       # written after the ticket
    assert "Showed: \u201cTrack your order\u201d" in talk and "<code>track-order</code>" not in talk
    log = part(page, "<h2>Activity</h2>", "</table>")
    assert "{" not in log and "Asked \u201cwhere is my parcel\u201d" in log and "Handed to a person: asked for a person" in log

    detail = console.application.test_client().get(
        f"/api/v1/agent/tickets/{ticket.number}",
        headers={"Authorization": f"Bearer {SqlTokens(app.extensions['askdesk'].store).create('bo', 'agent')[0]}"},
    ).get_json()["ticket"]
    assert detail["question"] == "where is my parcel" and detail["tried"][0]["id"] == "track-order"
    assert detail["conversation"][-2]["text"] == "any news?" and detail["conversation"][-2]["after_ticket"]


def test_demo_tickets_are_marked_and_left_out_unless_asked_for(app, console, token):
    demo = conversation(app, source="demo")
    live = conversation(app, after_ticket="hello?")
    live = next(t for t in app.extensions["askdesk"].store.list_tickets() if t.number != demo.number)
    inbox = console.get("/agent").get_data(as_text=True)
    assert f"/agent/tickets/{live.number}\"" in inbox and f"/agent/tickets/{demo.number}\"" not in inbox
    assert "1 demo ticket hidden" in inbox and 'href="/agent?status=open&amp;demo=1"' in inbox
    shown = console.get("/agent?demo=1").get_data(as_text=True)
    assert f"/agent/tickets/{demo.number}\"" in shown and '<span class="demo"' in shown
    assert '<span class="demo"' in console.get(f"/agent/tickets/{demo.number}").get_data(as_text=True)

    client = app.test_client()
    headers = {"Authorization": f"Bearer {token}"}
    listed = client.get("/api/v1/agent/tickets", headers=headers).get_json()
    assert [t["number"] for t in listed["tickets"]] == [live.number] and listed["demo_hidden"] == 1
    assert listed["counts"]["open"] == 1 and listed["tickets"][0]["demo"] is False
    every = client.get("/api/v1/agent/tickets?demo=1", headers=headers).get_json()
    assert {t["number"]: t["demo"] for t in every["tickets"]} == {live.number: False, demo.number: True}
    bad = client.get("/api/v1/agent/tickets?demo=maybe", headers=headers)
    assert bad.status_code == 400 and "`demo`" in bad.get_json()["error"]


def test_a_person_asked_for_before_any_question_has_no_tries(app, console):
    c = app.extensions["askdesk"].conversations
    sid = c.start("en").session_id
    c.request_person(sid)
    c.leave_contact(sid, "ann@example.com")
    number = app.extensions["askdesk"].store.list_tickets()[0].number
    page = console.get(f"/agent/tickets/{number}").get_data(as_text=True)
    assert "asked for a person before asking a question" in part(page, "<h2>Articles the bot tried</h2>", "<h2>Activity</h2>")
