"""One question in, one decision out: search, then :func:`bot.decision.decide`, shaped for clients."""
from __future__ import annotations

from askdesk.bot.decision import ANSWER, CLARIFY, Thresholds, decide
from askdesk.indexer.search import Scope, Searcher

SEARCH_DEPTH = 5


def ask(searcher: Searcher, question: str, *, locale: str | None, thresholds: Thresholds,
        scope: Scope = Scope()) -> dict:
    """The bot's reply to ``question``: ``answer`` (one article), ``clarify`` (2-3) or ``handoff``."""
    result = searcher.search(question, locale=locale, scope=scope, limit=SEARCH_DEPTH)
    decision = decide([h.score for h in result.hits], thresholds)
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
        hit = result.hits[0]
        reply["answer"] = {"id": hit.id, "locale": hit.locale, "title": hit.title, "text": hit.answer,
                           "url": hit.url, "heading": hit.heading, "cross_language": hit.cross_language}
    elif decision.action == CLARIFY:
        reply["options"] = [{"id": h.id, "locale": h.locale, "title": h.title, "snippet": h.snippet,
                             "url": h.url, "cross_language": h.cross_language}
                            for h in (result.hits[i] for i in decision.options)]
    return reply
