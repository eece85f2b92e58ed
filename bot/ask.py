"""One question in, one decision out: search, then :func:`bot.decision.decide`, shaped for clients."""
from __future__ import annotations

from askdesk.bot.cards import card_from_hit
from askdesk.bot.decision import ANSWER, CLARIFY, SEARCH_DEPTH, Thresholds, decide_search
from askdesk.indexer.search import PUBLIC, Scope, Searcher

ANSWER_FIELDS = ("id", "locale", "title", "url", "heading", "cross_language")   # and the answer as ``text``
OPTION_FIELDS = ("id", "locale", "title", "snippet", "url", "cross_language")


def ask(searcher: Searcher, question: str, *, locale: str | None, thresholds: Thresholds,
        scope: Scope = PUBLIC) -> dict:
    """The bot's reply to ``question``: ``answer`` (one article), ``clarify`` (2-3) or ``handoff``."""
    result = searcher.search(question, locale=locale, scope=scope, limit=SEARCH_DEPTH)
    decision = decide_search(result, thresholds)
    reply = {
        "decision": decision.action,
        "reason": decision.reason,
        "confidence": round(decision.confidence, 4),
        "locale": result.locale,
        "did_you_mean": result.did_you_mean,
        "took_ms": round(result.took_ms, 2),
        "tried": [{"id": h.id, "locale": h.locale, "title": h.title, "score": h.score} for h in result.hits],
    }
    if decision.action == ANSWER:
        card = card_from_hit(result.hits[0])
        reply["answer"] = {**card.to_dict(ANSWER_FIELDS), "text": card.answer}
    elif decision.action == CLARIFY:
        reply["options"] = [card_from_hit(result.hits[i]).to_dict(OPTION_FIELDS) for i in decision.options]
    return reply
