"""Content-gap topics (:class:`analytics.gaps.Topic`) as JSON and as flat rows for CSV.

Topics are numbered from 1 in their ranked order; a ``write_new`` topic carries its draft article
(:mod:`analytics.drafts`).
"""
from __future__ import annotations

from askdesk.analytics.drafts import Draft
from askdesk.analytics.gaps import Topic


def topic_json(number: int, topic: Topic, draft: Draft | None) -> dict:
    nearest = topic.nearest
    return {
        "number": number, "label": topic.label, "questions": topic.volume, "customers": topic.customers,
        "locales": topic.locales,
        "trend": {"direction": topic.trend.direction, "weekly": list(topic.trend.weekly),
                  "earlier": topic.trend.earlier, "later": topic.trend.later},
        "nearest": None if nearest is None else {"id": nearest.id, "locale": nearest.locale, "title": nearest.title,
                                                 "category": nearest.category, "score": nearest.score,
                                                 "locales": list(nearest.locales)},
        "categories": topic.categories,
        "action": None if topic.action is None else {"kind": topic.action.kind, "article": topic.action.article,
                                                     "reason": topic.action.reason},
        "rejected": topic.rejected,
        "examples": [{"text": q.text, "locale": q.locale, "session_id": q.session_id, "at": q.at, "reason": q.reason}
                     for q in topic.examples],
        "draft": None if draft is None else {"id": draft.id, "locale": draft.locale, "category": draft.category,
                                             "path": draft.relative_path.as_posix(), "text": draft.text},
    }


def topic_row(number: int, topic: Topic, draft: Draft | None) -> dict:
    """One topic as a flat row (a spreadsheet's line): lists joined with `` | ``."""
    nearest, action = topic.nearest, topic.action
    return {"number": number, "topic": topic.label, "questions": topic.volume, "customers": topic.customers,
            "trend": topic.trend.direction, "per_week": " ".join(map(str, topic.trend.weekly)),
            "languages": ", ".join(f"{locale} {n}" for locale, n in topic.locales.items()),
            "nearest_article": nearest.id if nearest else "", "nearest_title": nearest.title if nearest else "",
            "nearest_score": nearest.score if nearest else None,
            "action": action.kind if action else "", "action_article": (action.article or "") if action else "",
            "reason": action.reason if action else "",
            "examples": " | ".join(q.text for q in topic.examples),
            "draft": draft.relative_path.as_posix() if draft else ""}
