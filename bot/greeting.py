"""The greeting's topics: the articles worth offering before any question.

First the popular ones, those opened by the most conversations in the last ``POPULAR_DAYS``, less
those voted down (:func:`popular_articles`, a pure function of the replies, clicks and votes), then
the articles tagged as featured. Popularity counts conversations, not calls: a conversation counts
for an article once, and only when the bot showed it the article, so neither clicking one article
over and over nor clicking articles never shown moves anything up. The ranking is cached for ``POPULAR_CACHE_SECONDS`` by :class:`Popularity`,
on the clock it is given.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable

from askdesk.bot.cards import topic_card
from askdesk.core.dialogue import Card
from askdesk.core.records import ArticleClicked, Event, ReplyGiven, VoteCast
from askdesk.core.storage import Store
from askdesk.indexer.search import PUBLIC, Searcher
from askdesk.kb.model import Article

POPULAR_DAYS = 30
POPULAR_CACHE_SECONDS = 300
POPULAR_EVENTS = 50000   # the most recent replies, clicks and votes read to count it
CLICK, HELPFUL, NOT_HELPFUL = 1, 1, -2   # what a conversation counts towards an article's popularity


def popular_articles(events: Iterable[Event]) -> list[str]:
    """The ids of the articles with a positive balance over the conversations of ``events``, most
    popular first (ties by id). Each conversation counts for an article at most once: ``CLICK``
    when it opened the article after being shown it (a reply listing it: an answer, the options, the
    greeting's topics), plus its last vote on it (``HELPFUL`` or ``NOT_HELPFUL``: a "not helpful"
    outweighs two conversations that opened it). Opening or voting on an article the conversation
    was never shown counts nothing."""
    shown: set[tuple[str, str]] = set()
    opened: set[tuple[str, str]] = set()
    votes: dict[tuple[str, str], bool] = {}
    for event in sorted(events, key=lambda e: (e.created_at, e.id)):
        record = event.record
        if isinstance(record, ReplyGiven):
            shown.update((event.session_id, article_id) for article_id in record.articles)
        elif isinstance(record, ArticleClicked | VoteCast) and (event.session_id, record.article_id) in shown:
            key = (event.session_id, record.article_id)
            if isinstance(record, ArticleClicked):
                opened.add(key)
            else:
                votes[key] = record.helpful
    score: dict[str, int] = {}
    for _, article_id in opened:
        score[article_id] = score.get(article_id, 0) + CLICK
    for (_, article_id), helpful in votes.items():
        score[article_id] = score.get(article_id, 0) + (HELPFUL if helpful else NOT_HELPFUL)
    return [a for a, s in sorted(score.items(), key=lambda kv: (-kv[1], kv[0])) if s > 0]


def popular_since(now: dt.datetime, days: int = POPULAR_DAYS) -> str:
    """The start of the period popularity is counted over, in the store's time format."""
    return (now - dt.timedelta(days=days)).isoformat()


def topic_ids(popular: list[str], articles: Iterable[Article], locale: str, featured_tag: str) -> list[str]:
    """The popular ids, then the ids of the public ``locale`` articles tagged ``featured_tag`` (sorted)."""
    return [*popular, *sorted(a.id for a in articles if a.is_public and a.locale == locale
                              and featured_tag in a.tags and a.id not in popular)]


def suggestions(searcher: Searcher, locale: str, popular: list[str], featured_tag: str,
                limit: int = 5) -> list[Card]:
    """Up to ``limit`` topic cards in ``locale`` (an id with no public version in it is skipped)."""
    cards = []
    for article_id in topic_ids(popular, searcher.articles.values(), locale, featured_tag):
        article = searcher.article(article_id, locale, PUBLIC)
        if article is not None and article.locale == locale:
            cards.append(topic_card(article))
        if len(cards) == limit:
            break
    return cards


class Popularity:
    """:func:`popular_articles` over the store's recent replies, clicks and votes, recomputed at most every
    ``cache_seconds`` by ``now``."""

    def __init__(self, store: Store, now: Callable[[], dt.datetime], *, days: int = POPULAR_DAYS,
                 cache_seconds: float = POPULAR_CACHE_SECONDS):
        self.store, self.now, self.days, self.cache_seconds = store, now, days, cache_seconds
        self._cached: tuple[dt.datetime, list[str]] | None = None

    def ids(self) -> list[str]:
        now = self.now()
        if self._cached is not None and (now - self._cached[0]).total_seconds() < self.cache_seconds:
            return self._cached[1]
        ranked = popular_articles(self.store.recent_events((ReplyGiven.kind, VoteCast.kind, ArticleClicked.kind),
                                                           popular_since(now, self.days), POPULAR_EVENTS))
        self._cached = (now, ranked)
        return ranked

    def forget(self) -> None:
        """Drop the cached ranking: the next call counts again."""
        self._cached = None
