"""Articles as the customer sees them: the one place a search hit or an article becomes a
:class:`~askdesk.core.dialogue.Card` (the bot's replies, the greeting's topics, suggest-as-you-type,
``askdesk ask`` and a restored transcript all show cards made here)."""
from __future__ import annotations

from askdesk.core.dialogue import Card
from askdesk.indexer.search import PUBLIC, Hit, Searcher, article_url
from askdesk.indexer.snippets import short_answer
from askdesk.kb.model import Article


def card_from_hit(hit: Hit) -> Card:
    """A search hit as a card, its score rounded (what is stored and compared later)."""
    return Card(hit.id, hit.locale, hit.title, round(hit.score, 4), hit.answer, hit.snippet, hit.url, hit.heading,
                hit.cross_language)


def topic_card(article: Article) -> Card:
    """An article offered before any question (the greeting's topics): title and page only."""
    return Card(article.id, article.locale, article.title, url=article_url(article))


def card_again(searcher: Searcher, shown: Card) -> Card | None:
    """A card shown earlier, built again from the current index (what a reloaded widget shows): the
    passage it pointed to (by the anchor of its URL) or the article's first; None when the article
    is no longer public."""
    article = searcher.article(shown.id, shown.locale or None, PUBLIC)
    if article is None:
        return None
    anchor = shown.url.partition("#")[2]
    passage = next((p for p in article.passages if anchor and p.anchor == anchor),
                   article.passages[0] if article.passages else None)
    return Card(article.id, article.locale, article.title,
                answer=short_answer(article.summary, passage.text if passage else ""),
                url=shown.url or article_url(article), heading=passage.heading if passage else "",
                cross_language=shown.cross_language)
