"""One JSON error shape for every error path: ``{"ok": false, "error", "errors", "status"}``."""
from __future__ import annotations

from flask import Flask, jsonify
from werkzeug.exceptions import HTTPException

from askdesk.core.errors import AskdeskError


def error_response(message: str, status: int, errors: list[str] | None = None):
    response = jsonify({"ok": False, "error": message, "errors": errors or [], "status": status})
    response.status_code = status
    return response


def register(app: Flask) -> None:
    @app.errorhandler(AskdeskError)
    def _askdesk(exc: AskdeskError):
        return error_response(exc.message, exc.status, exc.errors)

    @app.errorhandler(HTTPException)
    def _http(exc: HTTPException):
        if exc.code == 413:
            limit = app.config.get("MAX_CONTENT_LENGTH") or 0
            return error_response(f"the request body is too large (limit {limit // 1024} KiB); "
                                  "send only the question and its fields", 413)
        if exc.code == 429:
            return error_response(f"too many requests from your address (limit {exc.description}); "
                                  "wait a little and try again", 429)
        return error_response(exc.description or exc.name, exc.code or 500)

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        app.logger.exception("unhandled error")
        return error_response("internal error; the server log has the details", 500)
