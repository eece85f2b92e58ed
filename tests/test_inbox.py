"""The agents' inbox without the web (askdesk.delivery.inbox): what an agent may search, a ticket's
suggestions, its status and labels, each change recorded as an event with the agent's name."""
import subprocess
import sys
from dataclasses import dataclass

import pytest

from askdesk.core.errors import BadRequest, NotFound, PayloadTooLarge
from askdesk.delivery import inbox
from askdesk.shell.runtime import Runtime

ROLES = ("agent", "editor")


@dataclass(frozen=True)
class Agent:
    name: str
    role: str = "agent"

    def can(self, role: str) -> bool:
        return ROLES.index(self.role) >= ROLES.index(role)


ALICE, ERIN = Agent("alice"), Agent("erin", "editor")


@pytest.fixture
def runtime(hash_config):
    rt = Runtime(hash_config)
    yield rt
    rt.store.close()


@pytest.fixture
def searcher(runtime):
    return runtime.index.current()


@pytest.fixture
def ticket(runtime):
    store = runtime.store
    session = store.create_session("en", "https://shop.example/cart")
    return store.create_ticket(session.id, "customer_request", "en", "https://shop.example/cart", "bob@example.com", {
        "transcript": [{"from": "customer", "text": "Hello. Where is my parcel? I ordered last week."},
                       {"from": "bot", "text": "Open Account → Orders to see the tracking number."},
                       {"from": "customer", "text": "talk to a person"}],
        "tried": [{"id": "track-order", "locale": "en", "title": "Track your order", "score": 0.41},
                  {"id": "refund-approval", "locale": "en", "title": "Refund approval", "score": 0.2}]})


def test_the_inbox_needs_no_flask():
    code = ("import sys, askdesk.delivery.inbox, askdesk.analytics.snapshot; "
            "sys.exit('flask' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code]).returncode == 0


def test_agents_search_internal_articles_and_only_editors_drafts(searcher):
    assert inbox.agent_scope(ALICE).visibilities() == ("public", "internal")
    assert inbox.agent_scope(ALICE, include_drafts=True).visibilities() == ("public", "internal")
    assert inbox.agent_scope(ERIN, include_drafts=True).visibilities() == ("public", "internal", "draft")
    hits = inbox.search_articles(searcher, "refund approval", inbox.agent_scope(ALICE))["hits"]
    internal = next(h for h in hits if h["id"] == "refund-approval")
    assert (internal["audience"], internal["url"]) == ("internal", "/agent/articles/en/refund-approval")  # console
    public = next(h for h in hits if h["audience"] == "public")
    assert public["url"].startswith(f"/help/{public['locale']}/")


def test_suggest_searches_the_question_part_and_names_bad_text(searcher):
    found = inbox.suggest(searcher, "My order is late.\n> old quoted text?\nWhere is my parcel?", inbox.agent_scope(ALICE))
    assert found["query"] == "Where is my parcel? My order is late." and len(found["hits"]) <= inbox.SUGGEST_LIMIT
    with pytest.raises(BadRequest, match="`text` is required"):
        inbox.suggest(searcher, "  ", inbox.agent_scope(ALICE))
    with pytest.raises(BadRequest, match="only quoted lines"):
        inbox.suggest(searcher, "> quoted", inbox.agent_scope(ALICE))
    with pytest.raises(PayloadTooLarge, match="the limit is 5000"):
        inbox.suggest(searcher, "x" * 5001, inbox.agent_scope(ALICE))


def test_question_part_puts_questions_first_and_stays_short():
    assert inbox.question_part("My order is late. Where is it?\n> quoted?") == "Where is it? My order is late."
    assert inbox.question_part("Hi! My order 1234 is late. How do I track my order?") == "How do I track my order?"
    long = inbox.question_part("word " * 500, limit=50)
    assert len(long) <= 50 and not long.endswith(" ")


def test_a_tickets_page_data(runtime, searcher, ticket):
    assert inbox.load_ticket(runtime.store, ticket.number) == ticket
    with pytest.raises(NotFound, match="no ticket 999"):
        inbox.load_ticket(runtime.store, 999)
    assert inbox.first_question(ticket) == "Hello. Where is my parcel? I ordered last week."
    tried = inbox.tried_articles(searcher, ticket)
    assert [(t["id"], t["url"]) for t in tried] == [("track-order", "/help/en/track-order"),
                                                     ("refund-approval", None)]      # internal: no public page
    assert "track-order" in [h["id"] for h in inbox.ticket_suggestions(searcher, ticket, inbox.agent_scope(ALICE))]
    summary = inbox.ticket_summary(ticket)
    assert (summary["status"], summary["label"], summary["contact"]) == ("open", None, "bob@example.com")
    assert inbox.status_counts([ticket]) == {"open": 1, "pending": 0, "solved": 0}


def test_status_and_labels_change_and_are_recorded(runtime, searcher, ticket):
    store = runtime.store
    label = inbox.parse_label({"kind": "would_have_answered", "article_id": " track-order "}, searcher, ALICE)
    assert label == "would_have_answered:track-order"
    changed = inbox.change_ticket(store, ticket.number, ALICE, status=inbox.parse_status("solved"), label=label)
    assert (changed.status, changed.label) == ("solved", label)
    assert inbox.label_json(changed.label) == {"kind": "would_have_answered", "article_id": "track-order"}
    inbox.change_ticket(store, ticket.number, ALICE, status="solved")          # no change: no event
    events = [(e.kind, e.payload) for e in store.events(ticket.session_id)]
    assert events == [("agent_status", {"ticket": ticket.number, "agent": "alice", "status": "solved",
                                        "previous": "open"}),
                      ("agent_label", {"ticket": ticket.number, "agent": "alice", "label": label, "previous": ""})]
    assert inbox.parse_label(None, searcher, ALICE) == ""
    assert inbox.parse_label({"kind": "wrong_answer"}, searcher, ALICE) == "wrong_answer"


def test_bad_statuses_and_labels_name_the_fix(searcher):
    with pytest.raises(BadRequest, match="`status` must be one of open, pending, solved, got 'done'"):
        inbox.parse_status("done")
    with pytest.raises(BadRequest, match="`kind` is one of"):
        inbox.parse_label({"kind": "meh"}, searcher, ALICE)
    with pytest.raises(BadRequest, match="`label.article_id` is required"):
        inbox.parse_label({"kind": "would_have_answered"}, searcher, ALICE)
    with pytest.raises(BadRequest, match="there is no article 'nope'"):
        inbox.parse_label({"kind": "would_have_answered", "article_id": "nope"}, searcher, ALICE)
    draft = next(a.id for a in searcher.articles.values() if a.status == "draft")
    with pytest.raises(BadRequest, match="there is no article"):
        inbox.parse_label({"kind": "would_have_answered", "article_id": draft}, searcher, ALICE)
    assert inbox.parse_label({"kind": "would_have_answered", "article_id": draft}, searcher, ERIN).endswith(draft)
