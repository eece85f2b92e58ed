"""Operations endpoints: liveness, readiness and the API's OpenAPI description (metrics: ``api/metrics.py``)."""
from __future__ import annotations

from flask import Blueprint, Response, current_app, jsonify

from askdesk.api import openapi
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


@bp.get("/api/v1/openapi.json")
def openapi_json():
    """The OpenAPI description (public: it says nothing a client cannot learn by calling)."""
    response = Response(openapi.document_json(), mimetype="application/json")
    response.cache_control.public = True
    response.cache_control.max_age = 3600
    return response
