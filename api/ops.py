"""Operations endpoints: liveness and readiness."""
from __future__ import annotations

from flask import Blueprint, current_app, jsonify

from askdesk.api.errors import error_response
from askdesk.core.errors import AskdeskError

bp = Blueprint("ops", __name__)


@bp.get("/healthz")
def healthz():
    return jsonify({"ok": True, "status": "alive"})


@bp.get("/readyz")
def readyz():
    live = current_app.extensions["askdesk"].index
    try:
        searcher = live.current()
    except AskdeskError as exc:
        return error_response(exc.message, exc.status)
    return jsonify({"ok": True, "status": "ready", "build": searcher.build_id,
                    "articles": len(searcher.articles), "encoder": searcher.manifest["encoder"],
                    "reload_error": live.last_error})
