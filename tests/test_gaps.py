"""Content gaps: which turns are gaps, topics by meaning, trend, the recommended action, ranking,
labels, drafts that load as articles, and ``askdesk gaps`` end to end on a hand-made ledger."""
import datetime as dt
import json
from pathlib import Path

import numpy as np
import pytest
from click.testing import CliRunner

from askdesk.analytics.clustering import cluster, diverse
from askdesk.analytics.drafts import draft_article, draft_id, drafts_for, write_drafts
from askdesk.analytics.gaps import (
    ADD_PHRASINGS,
    IMPROVE_ARTICLE,
    TRANSLATE,
    WRITE_NEW,
    Action,
    GapQuestion,
    Nearest,
    Topic,
    Trend,
    agents_say,
    gap_questions,
    gap_reason,
    group,
    label_of,
    rank,
    recommend,
    trend,
)
from askdesk.analytics.ledger import SessionRecord, Turn
from askdesk.bot.conversation import Conversations
from askdesk.bot.decision import Thresholds
from askdesk.indexer import layout
from askdesk.indexer.search import Searcher
from askdesk.kb.loader import load_content
from askdesk.shell.cli import main
from askdesk.store import open_store

THRESHOLDS = Thresholds(answer=0.45, handoff=0.3, margin=0.08)
START = dt.datetime(2026, 11, 1, tzinfo=dt.UTC)
TRIED = [{"id": "reset-password", "locale": "en", "score": 0.5}]


def turn(decision="answer", reason="confident", *, answered=("reset-password",), shown=None, votes=(), clicks=(),
         handoff=None, text="how do I reset my password", at="2026-11-02T10:00:00+00:00", session="s1"):
    return Turn(session, at, text, "en", decision, reason, 0.5, list(TRIED) if decision != "handoff" else [],
                shown=list(shown if shown is not None else answered), answered_with=list(answered),
                votes=list(votes), clicks=list(clicks), handoff=handoff)


@pytest.mark.parametrize("case, expected", [
    (turn("handoff", "no_results", answered=()), "no_results"),
    (turn("handoff", "out_of_scope", answered=()), "out_of_scope"),     # told so, not handed off: not "unsure"
    (turn("handoff", "low_confidence", answered=(), handoff="low_confidence"), "low_confidence"),
    (turn(votes=[("reset-password", False)]), "disliked"),
    (turn(votes=[("reset-password", False)], handoff="negative_feedback"), "disliked"),
    (turn(handoff="customer_request"), "handoff"),
    (turn("clarify", "middling", answered=(), shown=("a", "b")), "unchosen"),
    (turn("clarify", "middling", answered=("a",), shown=("a", "b")), None),          # chose an option
    (turn("clarify", "middling", answered=(), shown=("a", "b"), clicks=["a"]), None),  # opened one
    (turn(), None),                                                                  # answered, no complaint
    (turn(votes=[("reset-password", True)]), None),
])
def test_gap_reason(case, expected):
    assert gap_reason(case) == expected


def test_gap_questions_keep_what_failed_and_which_articles_were_rejected():
    sessions = [SessionRecord("s1", "en", "2026-11-02", "live", turns=[
                    turn(handoff="customer_request", at="2026-11-03T00:00:00+00:00"),
                    turn(votes=[("reset-password", True)])]),
                SessionRecord("s2", "en", "2026-11-01", "live", turns=[
                    turn(votes=[("reset-password", False)], session="s2", at="2026-11-01T00:00:00+00:00"),
                    turn("handoff", "no_results", answered=(), text="  ", session="s2")])]
    found = gap_questions(sessions)
    assert [(q.session_id, q.reason, q.rejected, q.shown, q.top_id) for q in found] == [
        ("s2", "disliked", ("reset-password",), "reset-password", "reset-password"),   # oldest first
        ("s1", "handoff", ("reset-password",), "reset-password", "reset-password")]    # a blank question is no gap


def at(days: float) -> dt.datetime:
    return START + dt.timedelta(days=days)


@pytest.mark.parametrize("days, weekly, earlier, later, direction", [
    ([], (0, 0, 0, 0), 0, 0, "steady"),
    ([20, 21, 27], (0, 0, 1, 2), 0, 3, "new"),
    ([1, 2, 3, 15, 16, 20, 22, 25], (3, 0, 3, 2), 3, 5, "up"),
    ([1, 2, 3, 4, 20], (4, 0, 1, 0), 4, 1, "down"),
    ([1, 2, 20], (2, 0, 1, 0), 2, 1, "steady"),      # a change of one question is no trend
    ([-5, 40], (1, 0, 0, 1), 1, 1, "steady"),        # outside the window: counted at its edge
])
def test_trend(days, weekly, earlier, later, direction):
    assert trend([at(d) for d in days], START, at(28)) == Trend(weekly, earlier, later, direction)


def test_trend_last_week_may_be_short():
    assert trend([at(29)], START, at(30)).weekly == (0, 0, 0, 0, 1)


def near(score, locales=("en",), article="refunds"):
    return Nearest(article, locales[0], "Refunds", "billing", score, locales)


@pytest.mark.parametrize("nearest, locale, rejected, liked, kind, article", [
    (None, "en", {}, {}, WRITE_NEW, None),
    (near(0.2), "en", {}, {}, WRITE_NEW, None),                                  # nothing close
    (near(0.6, ("en",)), "ru", {}, {}, TRANSLATE, "refunds"),                    # close, but not in Russian
    (near(0.4), "en", {}, {}, ADD_PHRASINGS, "refunds"),                         # close, nobody rejected it
    (near(0.6), "en", {"other": 3}, {}, ADD_PHRASINGS, "refunds"),
    (near(0.6), "en", {"refunds": 2}, {}, IMPROVE_ARTICLE, "refunds"),           # the answer, rejected
    (near(0.4), "en", {"refunds": 2}, {}, WRITE_NEW, None),                      # only related, rejected
    (near(0.6), "en", {"refunds": 2}, {"refunds": 5}, WRITE_NEW, None),          # helps others, not these
])
def test_recommend(nearest, locale, rejected, liked, kind, article):
    action = recommend(nearest, locale, rejected, liked, THRESHOLDS)
    assert (action.kind, action.article) == (kind, article) and action.reason


def question(text="q", session="s1", locale="en", when="2026-11-02T10:00:00+00:00"):
    return GapQuestion(text, locale, session, when, "low_confidence", None, 0.0, None, ())


def topic(label, sessions, **kw):
    questions = [question(label, s) for s in sessions]
    return Topic(label, questions, questions[:1], Trend((len(questions),), 0, len(questions), "new"), **kw)


def test_rank_by_customers_then_questions_then_label():
    topics = [topic("b", ["s1", "s2"]), topic("one", ["s9"]), topic("a", ["s1", "s2"]),
              topic("many questions", ["s3", "s3", "s3"]), topic("c", ["s1", "s2", "s4"])]
    assert [t.label for t in rank(topics)] == ["c", "a", "b", "many questions", "one"]


def test_topic_figures_and_phrasings():
    t = Topic("Where is my order?", [question("Where is my order?", "s1"), question("where is my order", "s2"),
                                     question("где мой заказ", "s2", "ru"), question("where's my parcel", "s3")],
              [question("where's my parcel", "s3")], Trend((4,), 0, 4, "new"))
    assert (t.volume, t.customers, t.locales, t.locale) == (4, 3, {"en": 3, "ru": 1}, "en")
    assert t.phrasings("en") == ["where's my parcel", "Where is my order?"]   # examples first, spellings once
    assert t.phrasings() == ["where's my parcel", "Where is my order?", "где мой заказ"]


@pytest.mark.parametrize("text, expected", [
    ("where is  my\norder", "where is my order"),
    ("word " * 30, "word " * 15 + "word…"),                     # 80 characters at most, whole words
    ("a" * 100, "a" * 79 + "…"),
])
def test_label_of(text, expected):
    assert label_of(text) == expected and len(label_of(text)) <= 80


def unit(*rows):
    vectors = np.array(rows, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors / np.where(norms == 0, 1, norms)


def test_cluster_groups_by_cosine_distance():
    vectors = unit([1, 0.1, 0], [1, 0, 0.1], [1, 0.05, 0.05], [0, 1, 0], [0, 1, 0.2], [0, 0, 1], [0, 0, 0])
    labels = cluster(vectors, 0.4).tolist()
    assert labels[0] == labels[1] == labels[2] and labels[3] == labels[4]
    assert len({labels[0], labels[3], labels[5], labels[6]}) == 4          # the loner and the empty text alone
    assert len(set(cluster(vectors, 1.5).tolist())) == 1
    assert cluster(unit([1, 0]), 0.4).tolist() == [0] and cluster(np.zeros((0, 2)), 0.4).tolist() == []


def test_diverse_starts_central_then_spreads():
    vectors = unit([1, 1, 0], [1, 1.05, 0], [1, 0, 1], [1, 0.6, 0.4])
    assert diverse(vectors, 3) == [3, 1, 2]                   # the centre, then the two far sides; not 1's twin
    assert diverse(vectors, 9) == [3, 1, 2, 0]
    assert diverse(vectors, 1, weights=[1, 1, 10, 1]) == [2]  # a text asked often pulls the centre to it


def test_group_reads_typos_as_corrected_and_counts_repeats(hash_encoder):
    asked = [question("reset my password", "s1"), question("resett my pasword", "s3"), question("gift wrap", "s4"),
             question("Reset my password!", "s2", when="2026-11-05T00:00:00+00:00")]
    fixes = {"resett my pasword": "reset my password"}
    topics = group(asked, hash_encoder, START, at(28), spell=fixes.get)
    assert sorted((t.customers, len(t.examples)) for t in topics) == [(1, 1), (3, 2)]
    assert len(group(asked, hash_encoder, START, at(28))) == 3       # uncorrected, the typo stands alone
    password = max(topics, key=lambda t: t.customers)
    assert password.label == "Reset my password!"                     # asked twice: the centre; latest spelling


def test_draft_ids_are_slugs_unique_and_short():
    assert draft_id("Can you gift-wrap my order?", ()) == "can-you-gift-wrap-my-order"
    assert draft_id("Can you gift wrap my order", {"can-you-gift-wrap-my-order"}) == "can-you-gift-wrap-my-order-2"
    assert draft_id("Где мой заказ?", ()) == "где-мой-заказ"
    assert len(draft_id("word " * 40, ())) <= 60 and not draft_id("word " * 40, ()).endswith("-")
    assert draft_id("???", ()) == "new-article"


def test_drafts_load_as_articles_and_are_never_overwritten(tmp_path):
    en = Topic("can you gift wrap my order", [question("can you gift wrap my order"),
                                              question("do you do gift wrapping", "s2")],
               [question("can you gift wrap my order"), question("do you do gift wrapping", "s2")],
               Trend((2,), 0, 2, "new"), categories=["Orders & delivery", "billing"],
               action=Action(WRITE_NEW, None, "nothing close"))
    ru = Topic("подарочная упаковка", [question("подарочная упаковка", locale="ru")],
               [question("подарочная упаковка", locale="ru")], Trend((1,), 0, 1, "new"),
               action=Action(WRITE_NEW, None, "nothing close"))
    fix = Topic("x", [question("x")], [question("x")], Trend((1,), 0, 1, "new"),
                action=Action(ADD_PHRASINGS, "refunds", "close"))
    drafts = drafts_for([en, fix, ru], dt.date(2026, 11, 25), {"can-you-gift-wrap-my-order"})
    assert sorted(drafts) == [0, 2] and drafts[0].id == "can-you-gift-wrap-my-order-2"
    written, kept = write_drafts(list(drafts.values()), tmp_path)
    assert [p.relative_to(tmp_path).as_posix() for p in written] == [
        "en/orders-delivery/can-you-gift-wrap-my-order-2.md", "ru/general/подарочная-упаковка.md"] and kept == []

    loaded = load_content(tmp_path, ("en", "ru"))
    assert loaded.problems == []
    by_locale = {a.locale: a for a in loaded.articles}
    article = by_locale["en"]
    assert (article.id, article.title, article.category, article.status, article.audience, article.updated) == (
        "can-you-gift-wrap-my-order-2", "Can you gift wrap my order", "orders-delivery", "draft", "public",
        "2026-11-25")
    assert article.questions == ["do you do gift wrapping"] and not article.is_public
    assert [p.heading for p in article.passages][1:] == ["Steps", "If it does not work"]
    assert [p.heading for p in by_locale["ru"].passages][1:] == ["Что сделать", "Если не получилось"]

    written[0].write_text("edited by an editor", encoding="utf-8")
    again, kept = write_drafts(list(drafts.values()), tmp_path)
    assert again == [] and kept == written and written[0].read_text(encoding="utf-8") == "edited by an editor"
    assert draft_article(ru, dt.date(2026, 11, 25)).text.startswith("---\nid: подарочная-упаковка\n")


def test_a_draft_is_written_in_the_topics_main_language():
    asked = [question("подарочная упаковка", "s1", "ru"), question("gift wrapping", "s2"), question("gift wrap", "s3")]
    mixed = Topic("подарочная упаковка", asked, asked, Trend((3,), 0, 3, "new"))
    draft = draft_article(mixed, dt.date(2026, 11, 25))
    assert (draft.id, draft.locale, draft.category) == ("gift-wrapping", "en", "general")
    assert "title: Gift wrapping\n" in draft.text and "questions:\n- gift wrap\n" in draft.text


# -- end to end: a hand-made ledger through the real bot, then `askdesk gaps` ------------------------
GIFT_WRAP = ["can you gift wrap my present", "gift wrap my present please", "Can you gift wrap my present?",
             "do you gift wrap a present"]


@pytest.fixture
def ledger(hash_config, hash_encoder):
    """Customers of the fixture KB: three ask for gift wrapping (handed off: nothing close), two vote the
    password answer down, one is helped, one asks something nobody else does."""
    store = open_store(hash_config.store_url)
    searcher = Searcher(layout.current_build(Path(hash_config.index_dir)), hash_encoder)
    conversations = Conversations(store, lambda: searcher, lambda: THRESHOLDS, reply_within_hours=24,
                                  max_text_chars=1000)

    def ask(text, helpful=None):
        sid = conversations.start("en").session_id
        reply = conversations.message(sid, text)
        if helpful is not None:
            conversations.feedback(sid, reply.articles[0].id, helpful)
        return sid, reply.action

    asked = [ask(GIFT_WRAP[0]), ask(GIFT_WRAP[1]), ask(GIFT_WRAP[2])]
    sid, _ = asked[0]
    conversations.message(sid, GIFT_WRAP[3])        # the same customer again: a question more, not a customer
    asked += [ask("how do I reset my password", helpful=False), ask("how do I reset my password", helpful=False),
              ask("where is my parcel", helpful=True), ask("what is the meaning of life")]
    assert [action for _, action in asked] == ["handoff"] * 3 + ["answer"] * 3 + ["handoff"]
    yield
    searcher.close()
    store.close()


def test_gaps_command_end_to_end(ledger, hash_config, monkeypatch, tmp_path):
    monkeypatch.setenv("ASKDESK_ENCODER", "hash")
    monkeypatch.setenv("ASKDESK_INDEX_DIR", hash_config.index_dir)
    monkeypatch.setenv("ASKDESK_STORE_URL", hash_config.store_url)
    runner = CliRunner()
    result = runner.invoke(main, ["gaps", "--format", "json", "--drafts", str(tmp_path / "drafts")],
                           catch_exceptions=False)
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    assert report["questions"] == report["grouped"] == 7 and report["topics_total"] == 3
    gift, password, life = report["topics"]

    assert (gift["customers"], gift["questions"], gift["action"]["kind"], gift["trend"]["direction"]) == (
        3, 4, WRITE_NEW, "new")
    examples = {e["text"] for e in gift["examples"]}     # two spellings of one question are one example
    assert len(examples) == 3 and {GIFT_WRAP[1], GIFT_WRAP[3]} < examples and examples & set(GIFT_WRAP[:3:2])
    assert {q["reason"] for q in gift["asked"]} == {"low_confidence"} and len(gift["asked"]) == 4
    assert gift["draft"]["path"] == f"en/{gift['draft']['category']}/{gift['draft']['id']}.md"

    assert (password["customers"], password["action"]["kind"], password["action"]["article"]) == (
        2, IMPROVE_ARTICLE, "reset-password")
    assert password["nearest"]["id"] == "reset-password" and password["rejected"] == {"reset-password": 2}
    assert password["draft"] is None
    assert (life["label"], life["customers"]) == ("what is the meaning of life", 1)   # the singleton ranks last

    drafts = load_content(tmp_path / "drafts", ("en", "ru"))
    assert drafts.problems == [] and len(drafts.articles) == 2 and {a.status for a in drafts.articles} == {"draft"}
    assert "wrote 2 draft(s)" in result.stderr

    table = runner.invoke(main, ["gaps", "--limit", "2"], catch_exceptions=False).output
    assert "\n| 1 | " in table and "\n| 3 | " not in table and "**improve_article** `reset-password`" in table
    rows = runner.invoke(main, ["gaps", "--format", "csv", "--locale", "ru"], catch_exceptions=False).output
    assert rows == ""          # no Russian sessions: no topics, and no header either
    none = runner.invoke(main, ["gaps", "--since", "2020-01-01", "--until", "2020-02-01"], catch_exceptions=False)
    assert "No question failed a customer" in none.output
    bad = runner.invoke(main, ["gaps", "--since", "yesterday"])
    assert bad.exit_code != 0 and "is not a period" in bad.output


@pytest.mark.parametrize("verdicts, expected", [
    ({}, None),                                                   # no agent looked at these tickets
    ({"s1": "track-order"}, ("track-order", 1)),
    ({"s1": "track-order", "s2": "track-order", "s3": "missing-item"}, ("track-order", 2)),
    ({"s1": "track-order", "s2": "missing-item", "s3": "damaged-item"}, None),   # agents disagree
    ({"elsewhere": "track-order"}, None),                         # a label on another topic's ticket
])
def test_agents_labels_name_the_article_to_add_phrasings_to(verdicts, expected):
    found = agents_say(topic("where is my parcel", ["s1", "s2", "s3"]), verdicts)
    if expected is None:
        assert found is None
    else:
        assert (found.kind, found.article) == (ADD_PHRASINGS, expected[0])
        assert f"agents labelled {expected[1]} of these tickets" in found.reason
