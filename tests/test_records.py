"""The typed records keep the stored and the wire JSON exactly as it was: each event's payload, the
session state, the widget's replies; stored rows read back as the same records; a conversation's
transcript is rebuilt from hand-made events."""
import pytest

from askdesk.bot.transcript import transcript
from askdesk.core.dialogue import (
    Card,
    ConversationState,
    Greeting,
    HandoffPrompt,
    PolicyState,
    Reply,
    SearchReply,
    TicketRef,
)
from askdesk.core.records import (
    EVENT_KINDS,
    ArticleClicked,
    Event,
    HandedOff,
    MessageSent,
    QuestionAsked,
    ReplyGiven,
    TicketLabelled,
    TicketOpened,
    TicketStatusChanged,
    VoteCast,
    parse_event,
)

SHOWN = Card("track-order", "en", "Track your order", 0.81, "Open Orders.", "…", "/help/en/track-order#where", "Where",
             False)

PAYLOADS = [   # the record, and the payload the conversation code has always stored for it
    (QuestionAsked("where is my order", "en", "answer", "confident", 0.81, None, (SHOWN,), 3.5),
     {"text": "where is my order", "locale": "en", "decision": "answer", "reason": "confident", "confidence": 0.81,
      "did_you_mean": None, "tried": [{"id": "track-order", "locale": "en", "score": 0.81}], "took_ms": 3.5}),
    (MessageSent("human_request", "", button=True), {"kind": "human_request", "text": "", "button": True}),
    (MessageSent("thanks", "thanks!"), {"kind": "thanks", "text": "thanks!"}),
    (ReplyGiven("welcome", "You're welcome!"), {"action": "welcome", "text": "You're welcome!", "articles": []}),
    (ReplyGiven("answer", "Here:", ("track-order",), (0.81,), (SHOWN,)),
     {"action": "answer", "text": "Here:", "articles": ["track-order"], "scores": [0.81], "shown": [
         {"id": "track-order", "locale": "en", "url": "/help/en/track-order#where", "cross_language": False}]}),
    (ReplyGiven("greeting", "Hi!", ("track-order",), shown=(SHOWN,)),
     {"action": "greeting", "text": "Hi!", "articles": ["track-order"], "shown": [
         {"id": "track-order", "locale": "en", "url": "/help/en/track-order#where", "cross_language": False}]}),
    (VoteCast("track-order", False, "where is my order"),
     {"article_id": "track-order", "helpful": False, "question": "where is my order"}),
    (ArticleClicked("track-order"), {"article_id": "track-order"}),
    (ArticleClicked("track-order", chosen=True), {"article_id": "track-order", "chosen": True}),
    (HandedOff("negative_feedback", (SHOWN,)),
     {"reason": "negative_feedback", "tried": [{"id": "track-order", "locale": "en", "score": 0.81}]}),
    (TicketOpened(1001, "customer_request"), {"number": 1001, "reason": "customer_request"}),
    (TicketStatusChanged(1001, "ann", "solved", "open"),
     {"ticket": 1001, "agent": "ann", "status": "solved", "previous": "open"}),
    (TicketLabelled(1001, "ann", "wrong_answer", ""),
     {"ticket": 1001, "agent": "ann", "label": "wrong_answer", "previous": ""}),
]


@pytest.mark.parametrize("record, payload", PAYLOADS)
def test_each_event_keeps_its_stored_payload(record, payload):
    assert record.to_payload() == payload
    again = parse_event(record.kind, payload)
    assert again.to_payload() == payload and type(again) is type(record)


def test_every_kind_written_has_a_record_and_unknown_kinds_read_as_none():
    assert {r.kind for r, _ in PAYLOADS} == set(EVENT_KINDS)
    assert parse_event("answer", {"article": "x"}) is None
    assert Event("e1", "s", "answer", {}, "").record is None


def test_rows_missing_keys_read_with_defaults():
    assert parse_event("question", {"text": "hi"}) == QuestionAsked("hi")
    assert parse_event("vote", {"helpful": 1}) == VoteCast("", True)
    assert parse_event("reply", {"action": "answer", "articles": ["a"]}).shown is None


def test_the_state_round_trips_and_old_states_still_read():
    state = ConversationState(PolicyState(1, True, True), "my card [card]", (SHOWN,), ("track-order",),
                              "negative_feedback", TicketRef(1001, "bob@example.com"))
    data = state.to_dict()
    assert data["handoff"] == {"reason": "negative_feedback"} and data["ticket"] == {"number": 1001,
                                                                                     "contact": "bob@example.com"}
    assert data["tried"][0] == {"id": "track-order", "locale": "en", "title": "Track your order", "score": 0.81,
                                "answer": "Open Orders.", "snippet": "…", "url": "/help/en/track-order#where",
                                "heading": "Where", "cross_language": False}
    assert ConversationState.from_dict(data) == state
    assert ConversationState.from_dict({}) == ConversationState()
    assert "handoff" not in ConversationState().to_dict()


def test_replies_keep_the_widgets_json():
    card = {"id": "track-order", "locale": "en", "title": "Track your order", "answer": "Open Orders.",
            "snippet": "…", "url": "/help/en/track-order#where", "heading": "Where", "cross_language": False}
    assert SearchReply("answer", "Here:", (SHOWN,), session_id="s1", did_you_mean="order").to_dict() == {
        "action": "answer", "text": "Here:", "articles": [card], "feedback": True, "session_id": "s1",
        "did_you_mean": "order"}
    assert Reply("handoff", "A person.", handoff=HandoffPrompt("customer_request", "Your e-mail?")).to_dict() == {
        "action": "handoff", "text": "A person.", "articles": [], "feedback": False, "session_id": "",
        "handoff": {"reason": "customer_request", "contact_needed": True, "text": "Your e-mail?"}}
    assert Reply("ticket", "#1001", ticket=TicketRef(1001, "a@example.com")).to_dict()["ticket"] == {
        "number": 1001, "contact": "a@example.com"}
    assert Greeting("s1", "en", "Hi!", (SHOWN,), 1000).to_dict() == {
        "session_id": "s1", "locale": "en", "action": "greeting", "text": "Hi!", "limits": {"text_chars": 1000},
        "suggestions": [{"id": "track-order", "locale": "en", "title": "Track your order",
                         "url": "/help/en/track-order#where"}]}


def test_the_transcript_is_rebuilt_from_events():
    records = [ReplyGiven("greeting", "Hi!", ("track-order",), shown=(SHOWN,)), QuestionAsked("where is my order"),
               ReplyGiven("answer", "Here:", ("track-order",), (0.81,), (SHOWN,)), VoteCast("track-order", False),
               ArticleClicked("track-order"), MessageSent("human_request", "", button=True), MessageSent("empty", ""),
               HandedOff("customer_request"), TicketOpened(1001)]
    events = [Event(f"e{i}", "s", r.kind, r.to_payload(), f"t{i}") for i, r in enumerate(records)]
    lines = transcript(events)
    assert [(line["from"], line["kind"], line["text"]) for line in lines] == [
        ("bot", "reply", "Hi!"), ("customer", "question", "where is my order"), ("bot", "reply", "Here:"),
        ("customer", "vote", "[not helpful] track-order"), ("customer", "click", "[opened] track-order"),
        ("customer", "human_request", "[Talk to a person]")]
    assert lines[2] == {"from": "bot", "kind": "reply", "action": "answer", "text": "Here:",
                        "articles": ["track-order"], "at": "t2"}
    assert (lines[3]["article_id"], lines[3]["helpful"]) == ("track-order", False)
    gone = transcript(events, card_again=lambda card: None)        # unpublished since: left out
    assert gone[0]["cards"] == [] and "cards" not in gone[1]
    again = transcript(events, card_again=lambda card: card)
    assert [c["id"] for c in again[2]["cards"]] == ["track-order"]


def test_search_records_keep_their_payload_and_read_leniently():
    from askdesk.core.records import SEARCH_RECORDS, SearchEvent, SearchMade, SearchResultClicked
    made = SearchMade("refund", "en", "api", ("refunds", "return-item"), "refunds", 4.2)
    assert made.to_payload() == {"query": "refund", "locale": "en", "source": "api",
                                 "results": ["refunds", "return-item"], "did_you_mean": "refunds", "took_ms": 4.2}
    clicked = SearchResultClicked("s1", "return-item", 2)
    assert clicked.to_payload() == {"search_id": "s1", "article_id": "return-item", "position": 2}
    for record in (made, clicked):
        assert SearchEvent("e", "v", record.kind, record.to_payload(), "").record == record
    assert set(SEARCH_RECORDS) == {"search", "search_click"} and not set(SEARCH_RECORDS) & set(EVENT_KINDS)
    assert SearchEvent("e", "v", "search", {"query": "hi"}, "").record == SearchMade("hi")
    assert SearchEvent("e", "v", "other", {}, "").record is None
