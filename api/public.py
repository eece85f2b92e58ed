"""Public endpoints (the widget and help page call these): search, articles, ask.

Nothing here ever returns an internal or draft article: every call uses the public scope.
"""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify, request

from askdesk.api.metrics import record_reply
from askdesk.api.params import int_param, json_body, locale_param, question_text
from askdesk.api.search_log import log_click, log_search, visit_param
from askdesk.bot.ask import ask as ask_bot
from askdesk.core.errors import BadRequest, NotFound
from askdesk.indexer.search import PUBLIC, Scope, article_url

bp = Blueprint("public", __name__, url_prefix="/api/v1")


def _runtime():
    return current_app.extensions["askdesk"]


@bp.get("/search")
def search():
    query = question_text(request.args.get("q"), "q")
    visit = visit_param(request.args.get("visit"), strict=True)
    scope = Scope(category=request.args.get("category") or None,
                  tags=tuple(t for t in request.args.get("tags", "").split(",") if t))
    result = _runtime().index.current().search(query, locale=locale_param(request.args.get("locale")),
                                                scope=scope, limit=int_param("limit", 10, 1, 50))
    search_id = log_search(result, "api", visit)
    return jsonify({"ok": True, **result.to_dict(), "search_id": search_id, "visit": visit})


@bp.post("/search/<search_id>/clicks")
def search_click(search_id: str):
    """A result of an earlier search opened: ``{"article_id": ..., "position": 1}`` (1 = the first hit)."""
    body = json_body()
    article_id, position = body.get("article_id"), body.get("position")
    if not isinstance(article_id, str) or not article_id:
        raise BadRequest("`article_id` is required: the id of the hit that was opened")
    if not isinstance(position, int) or isinstance(position, bool) or not 1 <= position <= 50:
        raise BadRequest(f"`position` must be the hit's place from 1 to 50 (1 = the first), got {position!r}")
    if not log_click(search_id[:64], article_id, position):
        raise NotFound(f"search {search_id[:40]!r} did not show that article at position {position}: "
                       "send the search_id, a hit's id and its place as the search returned them")
    return jsonify({"ok": True}), 201


@bp.get("/articles/<path:article_id>")
def article(article_id: str):
    found = _runtime().index.current().article(article_id, locale_param(request.args.get("locale")), PUBLIC)
    if found is None:
        raise NotFound(f"no article {article_id!r}; search with /api/v1/search?q=…")
    data = found.to_dict()
    data.pop("path", None)
    data["url"] = article_url(found)
    return jsonify({"ok": True, "article": data})


@bp.post("/ask")
def ask():
    body = json_body()
    question = question_text(body.get("question"), "question")
    rt = _runtime()
    reply = ask_bot(rt.index.current(), question, locale=locale_param(body.get("locale")),
                    thresholds=rt.thresholds, scope=PUBLIC)
    record_reply(reply["decision"], reply["reason"])
    return jsonify({"ok": True, **reply})
