"""Every count the editors see agrees with the others: on a ledger with sessions that hand off several
times for several reasons, hand off before any question, answer and are then voted down, offer
options that are or are not chosen, the totals equal the sums of their breakdowns."""
import datetime as dt

from test_reports import Ledger

from askdesk.analytics import reports
from askdesk.analytics.editors_report import build
from askdesk.analytics.snapshot import Filters, Snapshot
from askdesk.bot.decision import Thresholds
from askdesk.shell.runtime import Runtime

from support.editor_traffic import demo_traffic, live_conversation

T = Thresholds(answer=0.45, handoff=0.3, margin=0.08)
ORDER = "where is my order"


def busy_ledger():
    led = Ledger()
    # answered, voted down, then no results: handed off (no_results), then asks for a person again
    # (customer_request), then a ticket — one conversation, two hand-offs, two reasons
    led.session("h1")
    led.question("h1", ORDER, "answer", [("track-order", 0.8)], shown=["track-order"])
    led.event("h1", "vote", article_id="track-order", helpful=False, question=ORDER)
    led.question("h1", "my parcel is lost", "handoff", [], reason="no_results")
    led.event("h1", "handoff", reason="no_results", tried=[])
    led.event("h1", "handoff", reason="customer_request", tried=[])
    led.event("h1", "ticket", number=2001, reason="no_results")
    # "Talk to a person" before any question, with a ticket
    led.session("h2")
    led.event("h2", "message", text="person please")
    led.event("h2", "handoff", reason="customer_request", tried=[])
    led.event("h2", "ticket", number=2002, reason="customer_request")
    # the bot is unsure and hands off, no ticket
    led.session("h3", day=11)
    led.question("h3", "gift wrap?", "handoff", [("packaging", 0.2)], reason="low_confidence", day=11)
    led.event("h3", "handoff", day=11, reason="low_confidence", tried=[])
    # answered, voted down twice: next best offered, then handed off for negative feedback
    led.session("h4", day=11)
    led.question("h4", "Where is my order?", "answer", [("track-order", 0.7), ("delivery", 0.5)], day=11,
                 shown=["track-order"])
    led.event("h4", "vote", day=11, article_id="track-order", helpful=False, question="Where is my order?")
    led.event("h4", "reply", day=11, action="offer_next", text="…", articles=["delivery"],
              shown=[{"id": "delivery", "locale": "en"}])
    led.event("h4", "vote", day=11, article_id="delivery", helpful=False, question="Where is my order?")
    led.event("h4", "handoff", day=11, reason="negative_feedback", tried=[])
    # options, one chosen: answered after all
    led.session("c1", day=12)
    led.question("c1", "where is my order!", "clarify", [("track-order", 0.4), ("delivery", 0.38)], day=12,
                 reason="close_call", shown=["track-order", "delivery"])
    led.event("c1", "click", day=12, article_id="track-order", chosen=True)
    led.event("c1", "reply", day=12, action="chosen", text="…", articles=["track-order"],
              shown=[{"id": "track-order", "locale": "en"}])
    # options, none chosen; then the same question answered and voted helpful
    led.session("c2", day=12)
    led.question("c2", ORDER, "clarify", [("track-order", 0.4), ("delivery", 0.38)], day=12, reason="close_call",
                 shown=["track-order", "delivery"])
    led.question("c2", ORDER, "answer", [("track-order", 0.9)], day=12, shown=["track-order"])
    led.event("c2", "vote", day=12, article_id="track-order", helpful=True, question=ORDER)
    # answered, no vote; and a greeting only
    led.session("a1", day=12)
    led.question("a1", "how do I reset my password", "answer", [("reset-password", 0.9)], day=12,
                 shown=["reset-password"])
    led.session("g1", day=12)
    led.event("g1", "message", day=12, text="hi")
    return led.records()


def test_handoff_reasons_add_up_to_the_conversations_handed_to_a_person():
    sessions = busy_ledger()
    d = reports.deflection(sessions)
    rows = reports.handoffs_by_reason(sessions)
    assert sum(r["sessions"] for r in rows) == d["handed_off"] == 3
    assert sum(r["tickets"] for r in rows) == d["tickets"] == 1
    assert d["handed_off_before_question"] == 1
    # each conversation once, by its first reason, however many hand-offs followed
    assert {r["reason"]: r["sessions"] for r in rows} == {"no_results": 1, "low_confidence": 1,
                                                          "negative_feedback": 1}


def test_the_deflection_outcomes_add_up_to_the_conversations():
    d = reports.deflection(busy_ledger())
    assert d["asked"] == d["deflected"] + d["voted_down_and_left"] + d["unanswered_and_left"] + d["handed_off"]
    assert d["deflected"] == d["confirmed"] + d["assumed"]
    assert d["sessions"] == 8 and d["asked"] == 6
    assert d["sessions"] - d["asked"] - d["handed_off_before_question"] == 1     # the greeting only


def test_each_top_question_row_counts_questions_asked_once():
    sessions = busy_ledger()
    rows = reports.top_questions(sessions)
    for row in rows:
        assert row["bot_answered"] + row["bot_clarified"] + row["bot_handed_off"] == row["asked"], row
        assert 0 <= row["not_helped"] <= row["asked"]
        assert row["not_helped_pct"] == round(100 * row["not_helped"] / row["asked"], 1)
    assert sum(r["asked"] for r in rows) == sum(len(s.turns) for s in sessions)
    order = rows[0]
    # asked 5 times: answered 3 (h1 voted down, h4 voted down, c2 helpful), options 2 (c1 chosen, c2 none)
    assert (order["asked"], order["bot_answered"], order["bot_clarified"], order["bot_handed_off"],
            order["not_helped"]) == (5, 3, 2, 0, 3)


def test_the_days_add_up_to_the_period():
    sessions = busy_ledger()
    d = reports.deflection(sessions)
    days = reports.volume_by_day(sessions)
    assert sum(r["sessions"] for r in days) == d["sessions"]
    assert sum(r["questions"] for r in days) == sum(len(s.turns) for s in sessions)
    assert sum(r["deflected"] for r in days) == d["deflected"]
    assert sum(r["handed_off"] for r in days) == d["handed_off"]
    report = build(sessions, T)
    assert report["deflection"] == [d] and report["handoffs"] == reports.handoffs_by_reason(sessions)


def test_the_overview_numbers_agree_on_simulated_traffic(hash_config):
    """Demo traffic, a customer who asks for a person at once and one who asks twice, through the bot."""
    runtime = Runtime(hash_config)
    try:
        demo_traffic(runtime, sessions=20, days=5)
        at_once = runtime.conversations.start("en").session_id
        runtime.conversations.request_person(at_once)
        runtime.conversations.leave_contact(at_once, "ann@example.com")
        live_conversation(runtime, "en", ["where is my parcel", "lamp return"], contact="bob@example.com")
        snap = Snapshot(Filters(since="7d"), dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1), store=runtime.store,
                        searcher=runtime.index.current(), encoder=runtime.encoder, thresholds=runtime.thresholds)
        d, days, reasons = snap.deflection, snap.daily(), snap.sections["handoffs"]
        assert sum(r["sessions"] for r in reasons) == d["handed_off"] > 0
        assert sum(r["tickets"] for r in reasons) == d["tickets"] > 0
        assert d["handed_off_before_question"] >= 1
        assert sum(r["conversations"] for r in days) == d["asked"]
        assert sum(r["handed_off"] for r in days) == d["handed_off"]
        assert sum(r["confirmed"] + r["assumed"] for r in days) == d["deflected"]
        assert sum(r["unresolved"] for r in days) == d["voted_down_and_left"] + d["unanswered_and_left"]
        top = reports.top_questions(snap.sessions, limit=10_000)
        assert sum(r["asked"] for r in top) == sum(r["questions"] for r in days)
        for row in top:
            assert row["bot_answered"] + row["bot_clarified"] + row["bot_handed_off"] == row["asked"] >= row["not_helped"]
    finally:
        runtime.store.close()
