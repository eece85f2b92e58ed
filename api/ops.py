"""Operations endpoints: liveness, readiness (what each failure means: the README's operations part) and
the API's OpenAPI description (metrics: ``api/metrics.py``)."""
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
    """Ready when there is an index to answer from and the store takes a write (it commits one small
    row, so a full disk or a read-only store shows here before a customer meets it); else a 503
    whose ``errors`` name each cause and its fix."""
    runtime = current_app.extensions["askdesk"]
    live, problems, searcher = runtime.index, [], None
    try:
        searcher = live.current()
    except AskdeskError as exc:
        problems.append(exc.message)
    try:
        runtime.store.check_writable()
    except AskdeskError as exc:
        problems.append(exc.message)
    if problems:
        return error_response(f"not ready: {'; and '.join(problems)}", 503, problems)
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
