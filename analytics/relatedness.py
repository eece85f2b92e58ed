"""Whether a customer's next question says the failed one again in other words (a reformulation)
or asks about something else: pure functions over two turns of the ledger.

Two questions are related when the bot's nearest article for both is the same one (each question
event keeps the articles tried, best first), or when they share enough of their words
(:func:`word_similarity` at least :data:`WORD_SIMILARITY`). Words are compared by their first
:data:`STEM` letters, so "return" and "returns", "shipping" and "shiping" meet, and the little
words of English and Russian questions do not count.
"""
from __future__ import annotations

from askdesk.analytics.ledger import Turn, normalise

WORD_SIMILARITY = 0.25     # the share of the two questions' words they have in common (Jaccard)
STEM = 5                   # letters of each word compared
STOPWORDS = frozenset("""
a an the and or but of to in on at for from with by is are was were be been am do does did my me i you your
we our it its this that there what how when where why which who can could would should will not no yes please
hi hello much many any some get have has had so if as about just
и в во не на с со что как где когда почему мой моя мое мои я вы мне меня у о об а но ли за по из к до то это
""".split())


def words(text: str) -> frozenset[str]:
    """A question's content words, each cut to :data:`STEM` letters."""
    return frozenset(w[:STEM] for w in normalise(text).split() if w not in STOPWORDS and len(w) > 1)


def word_similarity(first: str, second: str) -> float:
    """The share of the two questions' content words they have in common (0 when either has none)."""
    a, b = words(first), words(second)
    return len(a & b) / len(a | b) if a and b else 0.0


def nearest(turn: Turn) -> str | None:
    """The article the bot found nearest to the question, if it tried any."""
    return turn.tried[0]["id"] if turn.tried else None


def related(first: Turn, second: Turn, threshold: float = WORD_SIMILARITY) -> bool:
    """``second`` is about the same thing as ``first``: the same nearest article, or words alike."""
    same_article = nearest(first) is not None and nearest(first) == nearest(second)
    return same_article or word_similarity(first.text, second.text) >= threshold
