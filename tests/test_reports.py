"""The editors' reports on a hand-made ledger: exact expected rows."""
import json

import pytest
from click.testing import CliRunner

from askdesk.analytics import replay, reports
from askdesk.analytics.editors_report import build, to_markdown
from askdesk.analytics.ledger import normalise, sessions_from_events
from askdesk.analytics.spreadsheet import to_csv
from askdesk.bot.decision import Thresholds
from askdesk.core.dialogue import ConversationState
from askdesk.core.records import Event, Session
from askdesk.shell.cli import main

T = Thresholds(answer=0.45, handoff=0.3, margin=0.08)


class Ledger:
    """Writes sessions and events the way the conversation code does, with made-up times."""

    def __init__(self):
        self.sessions, self.events, self.clock = [], [], 0

    def _at(self, day: int) -> str:
        self.clock += 1
        return f"2026-11-{day:02d}T10:{self.clock // 60:02d}:{self.clock % 60:02d}+00:00"

    def session(self, sid, locale="en", day=10, source="live"):
        self.sessions.append(Session(sid, locale, "", ConversationState(), self._at(day), source))
        return sid

    def event(self, sid, kind, day=10, **payload):
        self.events.append(Event(f"e{len(self.events):04d}", sid, kind, payload, self._at(day)))

    def question(self, sid, text, decision, tried, *, locale="en", reason="", day=10, shown=(), action=None,
                 shown_locale=None):
        self.event(sid, "question", day, text=text, locale=locale, decision=decision, reason=reason,
                   confidence=tried[0][1] if tried else 0.0, tried=[{"id": i, "locale": locale, "score": s}
                                                                     for i, s in tried])
        if shown:
            self.event(sid, "reply", day, action=action or decision, text="…", articles=list(shown),
                       shown=[{"id": i, "locale": shown_locale or locale, "url": f"/help/x/{i}"} for i in shown])

    def records(self):
        return sessions_from_events(self.sessions, self.events)


@pytest.fixture
def ledger():
    """Five sessions:
    s1 (en): "Where is my order?" answered track-order, voted helpful.                → deflected, confirmed
    s2 (en): "where is my order" answered track-order, no vote, opened it.            → deflected, assumed
    s3 (en): "refund for a broken mug" answered refund, voted down; asks "my mug arrived broken"
             → no results → handoff no_results, ticket 1001; the agent labels it "damaged would
             have answered".                                                          → handed off
    s4 (ru): "как оплатить через СБП" answered from the English payment article (no Russian one),
             no vote.                                                                  → deflected, assumed
    s5 (en): "gift wrap?" clarify with 2 options, nothing chosen; leaves.               → unanswered and left
    s6 (en, demo): greeting only, no question.
    """
    led = Ledger()
    led.session("s1")
    led.question("s1", "Where is my order?", "answer", [("track-order", 0.8), ("delivery", 0.3)], shown=["track-order"])
    led.event("s1", "vote", article_id="track-order", helpful=True)
    led.session("s2")
    led.question("s2", "where is my order", "answer", [("track-order", 0.7), ("delivery", 0.2)], shown=["track-order"])
    led.event("s2", "click", article_id="track-order")
    led.session("s3", day=11)
    led.question("s3", "refund for a broken mug", "answer", [("refund", 0.5), ("damaged", 0.44)], day=11,
                 shown=["refund"])
    led.event("s3", "vote", day=11, article_id="refund", helpful=False)
    led.question("s3", "my mug arrived broken", "handoff", [], reason="no_results", day=11)
    led.event("s3", "handoff", day=11, reason="no_results", tried=[])
    led.event("s3", "ticket", day=11, number=1001, reason="no_results")
    led.event("s3", "agent_label", day=12, ticket=1001, agent="Ann", label="would_have_answered:damaged", previous="")
    led.session("s4", locale="ru", day=11)
    led.question("s4", "как оплатить через СБП", "answer", [("payment-methods", 0.6), ("refund", 0.2)], locale="ru",
                 day=11, shown=["payment-methods"], shown_locale="en")
    led.session("s5", day=12)
    led.question("s5", "gift wrap?", "clarify", [("gift-cards", 0.4), ("packaging", 0.35)], reason="middling",
                 day=12, shown=["gift-cards", "packaging"])
    led.session("s6", day=12, source="demo")
    return led.records()


def test_deflection_counts_each_session_once_and_keeps_confirmed_apart(ledger):
    assert reports.deflection(ledger) == {
        "sessions": 6, "asked": 5, "deflected": 3, "confirmed": 1, "assumed": 2, "voted_down_and_left": 0,
        "unanswered_and_left": 1, "handed_off": 1, "tickets": 1, "handed_off_before_question": 0,
        "deflection_pct": 60.0, "confirmed_pct": 20.0}


def test_top_questions_group_spelling_variants(ledger):
    top = reports.top_questions(ledger)
    assert top[0] == {"question": "where is my order", "asked": 2, "locale": "en", "bot_answered": 2,
                      "bot_clarified": 0, "bot_handed_off": 0, "not_helped": 0, "not_helped_pct": 0.0,
                      "top_article": "track-order", "last_asked": top[0]["last_asked"]}
    assert [r["asked"] for r in top] == [2, 1, 1, 1, 1]
    assert normalise("Где ЁЛКА?!") == "где елка"


def test_no_results_low_confidence_and_disliked(ledger):
    assert [r["question"] for r in reports.no_results(ledger)] == ["my mug arrived broken"]
    assert [(r["question"], r["reason"]) for r in reports.low_confidence(ledger)] == [("gift wrap?", "middling")]
    assert [(r["question"], r["article"], r["then"]) for r in reports.disliked(ledger)] == [
        ("refund for a broken mug", "refund", "nothing")]   # the handoff came with the next question


def test_handoffs_click_through_and_articles(ledger):
    assert reports.handoffs_by_reason(ledger) == [
        {"reason": "no_results", "sessions": 1, "share_pct": 100.0, "tickets": 1}]
    assert reports.click_through(ledger)[0] == {"question": "where is my order", "shown": 2, "opened": 1,
                                                "ctr_pct": 50.0}
    by_article = {r["article"]: r for r in reports.article_performance(ledger)}
    assert by_article["track-order"] == {"article": "track-order", "shown": 2, "as_answer": 2, "opened": 1,
                                         "helpful": 1, "not_helpful": 0, "helpful_pct": 100.0, "handoffs_after": 0}
    assert by_article["refund"]["helpful_pct"] == 0.0 and by_article["packaging"]["as_answer"] == 0


def test_locale_gaps_name_the_article_to_translate(ledger):
    assert reports.locale_gaps(ledger) == [{"asked_in": "ru", "article": "payment-methods", "answered_in": "en",
                                            "questions": 1, "example": "как оплатить через СБП"}]


def test_reformulations_show_what_was_asked_after_a_failed_answer(ledger):
    [row] = reports.reformulations(ledger)
    assert {k: row[k] for k in ("asked", "shown", "why_failed", "asked_next", "then")} == {
        "asked": "refund for a broken mug", "shown": "refund", "why_failed": "voted down",
        "asked_next": "my mug arrived broken", "then": "failed again"}


def test_agent_labels_say_which_article_would_have_answered(ledger):
    assert reports.agent_labels(ledger) == [{"verdict": "would_have_answered", "article": "damaged", "tickets": 1,
                                             "questions": "refund for a broken mug | my mug arrived broken"}]


def test_volume_by_day(ledger):
    assert [(r["day"], r["sessions"], r["questions"], r["deflected"], r["handed_off"])
            for r in reports.volume_by_day(ledger)] == [
        ("2026-11-10", 2, 2, 2, 0), ("2026-11-11", 2, 3, 1, 1), ("2026-11-12", 2, 1, 0, 0)]


def test_threshold_replay_knows_only_what_customers_saw(ledger):
    rows = {r["answer_threshold"]: r for r in replay.replay(ledger, T)}
    # at 0.45 (current): answered s1, s2, s3's first question, s4 (margins ≥ 0.08 except refund 0.5 vs 0.44)
    current = rows[0.45]
    assert current["current"] and current["questions"] == 6
    assert (current["answered"], current["known_outcomes"], current["bad"], current["unknown"]) == (3, 3, 0, 0)
    # at 0.3 gift-cards (0.4 vs 0.35: margin too small) still clarifies; nothing new is answered
    assert rows[0.3]["answered"] == 3
    # at 0.7 only s1 (0.8) and s2 (0.7) remain
    assert (rows[0.7]["answered"], rows[0.7]["bad"]) == (2, 0)
    # a looser margin lets the disliked refund answer through: known bad
    loose = {r["answer_threshold"]: r for r in replay.replay(ledger, Thresholds(0.45, 0.3, 0.05))}
    assert (loose[0.45]["answered"], loose[0.45]["bad"], loose[0.45]["bad_pct"]) == (4, 1, 25.0)


def test_report_renders_every_section(ledger):
    built = build(ledger, T)
    markdown = to_markdown(built)
    assert "## Deflection" in markdown and "assumed" in markdown and "## Threshold replay" in markdown
    assert to_csv(built["handoffs"]) == "reason,sessions,share_pct,tickets\nno_results,1,100.0,1\n"


def test_report_command_reads_the_configured_store(hash_config, tmp_path):
    from askdesk.shell.app import create_app
    app = create_app({**hash_config, "rate_limit": ""})
    client = app.test_client()
    sid = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
    card = client.post(f"/api/v1/sessions/{sid}/messages", json={"text": "how do I reset my password"}).get_json()
    client.post(f"/api/v1/sessions/{sid}/feedback", json={"article_id": card["articles"][0]["id"], "helpful": True})
    env = {"ASKDESK_STORE_URL": hash_config.store_url, "ASKDESK_INDEX_DIR": hash_config.index_dir,
           "ASKDESK_ENCODER": "hash"}
    result = CliRunner().invoke(main, ["report", "--since", "1d", "--format", "json"], env=env)
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["deflection"][0]["confirmed"] == 1 and data["top_questions"][0]["question"] == "how do I reset my password"
    csv_out = CliRunner().invoke(main, ["report", "--format", "csv", "--section", "articles"], env=env)
    assert csv_out.output.startswith("article,shown,as_answer,opened,helpful,not_helpful,helpful_pct,handoffs_after\n"
                                     "reset-password,1,1,0,1,0,100.0,0")
    no_section = CliRunner().invoke(main, ["report", "--format", "csv"], env=env)
    assert no_section.exit_code == 2 and "add --section NAME" in no_section.output
    bad = CliRunner().invoke(main, ["report", "--since", "last tuesday"], env=env)
    assert bad.exit_code != 0 and "30d, 12w, 6h or a date" in bad.output


def test_questions_outside_the_help_center_are_told_apart_from_unsure_ones():
    led = Ledger()
    led.session("o1")
    led.question("o1", "what is the weather", "handoff", [("app-crashes", 0.2)], reason="out_of_scope")
    led.event("o1", "reply", action="out_of_scope", text="I can help with …", articles=[])
    led.question("o1", "and in paris", "handoff", [("app-crashes", 0.2)], reason="out_of_scope")
    led.event("o1", "handoff", reason="out_of_scope", tried=[])
    led.session("o2")
    led.question("o2", "gift wrap?", "handoff", [("packaging", 0.25)], reason="low_confidence")
    led.event("o2", "handoff", reason="low_confidence", tried=[])
    sessions = led.records()
    assert [(r["question"], r["then"]) for r in reports.out_of_scope(sessions)] == [
        ("and in paris", "handoff"), ("what is the weather", "nothing")]
    assert [r["question"] for r in reports.low_confidence(sessions)] == ["gift wrap?"]
    assert {r["reason"]: r["sessions"] for r in reports.handoffs_by_reason(sessions)} == {
        "out_of_scope": 1, "low_confidence": 1}
    assert "out_of_scope" in build(sessions, T)


def test_the_dashboard_names_every_handoff_reason():
    from askdesk.api import editor_text
    for reason in ("customer_request", "low_confidence", "out_of_scope", "no_results", "negative_feedback"):
        assert editor_text.cell("reason", reason) != reason
    assert editor_text.cell("reason", "out_of_scope") == "outside the help center"
    assert "out_of_scope" in editor_text.SECTION_HELP and "out_of_scope" in editor_text.GAP_REASONS


def test_a_vote_on_an_earlier_card_counts_for_the_question_that_card_answered():
    led = Ledger()
    led.session("v1")
    led.question("v1", "how do i return a lamp", "answer", [("return-item", 0.8)], shown=["return-item"])
    led.question("v1", "and how long is delivery", "answer", [("delivery-times", 0.7)], shown=["delivery-times"])
    led.event("v1", "vote", article_id="return-item", helpful=False, question="how do i return a lamp")
    led.event("v1", "click", article_id="return-item")
    first, second = led.records()[0].turns
    assert first.votes == [("return-item", False)] and first.clicks == ["return-item"]
    assert second.votes == [] and second.clicks == []
    assert [r["question"] for r in reports.disliked(led.records())] == ["how do i return a lamp"]
