"""The decisions that used to hide in the conversation code, as pure functions over hand-made data:
what a searched question's reply shows, what may be offered after "not helpful", where a
conversation is, and which articles the greeting offers (no store, no index, no clock)."""
import datetime as dt

import pytest

from askdesk.bot.decision import Decision
from askdesk.bot.greeting import popular_articles, popular_since, topic_ids
from askdesk.bot.policy import next_best, showing, stage
from askdesk.core.dialogue import Card, ConversationState, TicketRef
from askdesk.core.records import ArticleClicked, Event, ReplyGiven, VoteCast
from askdesk.kb.model import Article


@pytest.mark.parametrize("decision, shown", [
    (Decision("answer", "confident", 0.9, (0,)), ("answer", (0,))),
    (Decision("clarify", "middling", 0.4, (0,)), ("maybe", (0,))),            # unsure, only one near
    (Decision("clarify", "close_call", 0.5, (0, 1)), ("clarify", (0, 1))),
    (Decision("clarify", "middling", 0.4, (0, 1, 2)), ("clarify", (0, 1, 2))),
])
def test_what_a_searched_question_shows(decision, shown):
    assert showing(decision) == shown


TRIED = (Card("a", "en", score=0.8), Card("b", "en", score=0.5), Card("c", "en", score=0.31), Card("d", "en", score=0.1))


@pytest.mark.parametrize("shown, floor, offered", [
    (("a",), 0.3, ["b", "c"]),         # best first, the shown one left out
    (("a", "b"), 0.3, ["c"]),
    (("a",), 0.6, []),                  # nothing else above the hand-off threshold
    ((), 0.0, ["a", "b", "c", "d"]),
    (("a", "b", "c", "d"), 0.0, []),
])
def test_next_best_is_untried_and_above_the_floor(shown, floor, offered):
    assert [card.id for card in next_best(TRIED, shown, floor)] == offered


@pytest.mark.parametrize("state, where", [
    (ConversationState(), "with_bot"),
    (ConversationState(handoff="low_confidence"), "awaiting_contact"),
    (ConversationState(handoff="customer_request", ticket=TicketRef(1001, "a@example.com")), "ticket_open"),
])
def test_stage(state, where):
    assert stage(state) == where


def _events(*records):
    """Events in this order; a record alone is conversation ``s``'s, a ``(session, record)`` pair the session's."""
    pairs = [r if isinstance(r, tuple) else ("s", r) for r in records]
    return [Event(f"e{i}", session, r.kind, r.to_payload(), f"2026-11-01T10:00:{i:02d}+00:00")
            for i, (session, r) in enumerate(pairs)]


def _shown(*ids, session="s"):
    return session, ReplyGiven("answer", "", tuple(ids))


@pytest.mark.parametrize("records, ranked", [
    ([], []),
    ([_shown("a", "b"), ArticleClicked("a"), ArticleClicked("b"),
      _shown("b", session="t"), ("t", ArticleClicked("b"))], ["b", "a"]),             # two conversations opened b
    ([_shown("a", "b"), ArticleClicked("b"), ArticleClicked("a")], ["a", "b"]),       # ties by id
    ([_shown("a"), VoteCast("a", True), ArticleClicked("a"), VoteCast("a", False)], []),   # one "no" outweighs
    ([_shown("a"), ArticleClicked("a"), ("t", ArticleClicked("a")), _shown("a", session="t"),
      ("t", ArticleClicked("a")), ("u", ArticleClicked("a")), _shown("a", session="u"), ("u", VoteCast("a", True)),
      ("v", ArticleClicked("a")), _shown("a", session="v"), ("v", ArticleClicked("a")),
      ("v", VoteCast("a", False))], ["a"]),                                             # 1 + 1 + 1 + (1 - 2)
    ([_shown("y", "z"), VoteCast("z", True), ArticleClicked("y", chosen=True)], ["y", "z"]),
    ([*[ArticleClicked("spam")] * 15, _shown("a"), *[ArticleClicked("a")] * 15,
      _shown("b", session="t"), ("t", ArticleClicked("b")), _shown("b", session="u"), ("u", ArticleClicked("b"))],
     ["b", "a"]),                          # 15 clicks from one conversation count once; never shown counts nothing
    ([ArticleClicked("a"), _shown("a")], []),                                          # opened before it was shown
    ([VoteCast("a", True), VoteCast("a", True)], []),                                  # voted, never shown
])
def test_popular_articles_count_conversations_shown_and_opening(records, ranked):
    assert popular_articles(_events(*records)) == ranked


def test_popularity_is_counted_over_the_days_before_now():
    now = dt.datetime(2026, 11, 30, 12, tzinfo=dt.UTC)
    assert popular_since(now, 30) == "2026-10-31T12:00:00+00:00"


def _article(id, locale="en", tags=("popular",), audience="public", status="published"):
    return Article(id, locale, id.title(), "", f"{id}.md", tags=list(tags), audience=audience, status=status)


@pytest.mark.parametrize("popular, locale, ids", [
    ([], "en", ["reset", "track"]),                  # the featured ones, sorted
    (["refund"], "en", ["refund", "reset", "track"]),  # popular first
    (["track"], "en", ["track", "reset"]),           # not twice
    ([], "ru", ["track"]),
])
def test_topic_ids(popular, locale, ids):
    articles = [_article("track"), _article("reset"), _article("track", "ru"), _article("other", tags=()),
                _article("secret", audience="internal"), _article("draft", status="draft")]
    assert topic_ids(popular, articles, locale, "popular") == ids
