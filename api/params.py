"""Reading request parameters with errors that name the parameter and the fix."""
from __future__ import annotations

from flask import current_app, request

from askdesk.core.errors import BadRequest, PayloadTooLarge


def question_text(value, name: str) -> str:
    if value is None or (isinstance(value, str) and not value.strip()):
        raise BadRequest(f"`{name}` is required: the customer's question as text")
    if not isinstance(value, str):
        raise BadRequest(f"`{name}` must be a string, got {type(value).__name__}")
    limit = current_app.config["ASKDESK"].max_question_chars
    if len(value) > limit:
        raise PayloadTooLarge(f"`{name}` is {len(value)} characters; the limit is {limit} (setting max_question_chars)")
    return value


def locale_param(value) -> str | None:
    if value in (None, ""):
        return None
    locales = current_app.extensions["askdesk"].locales
    if not isinstance(value, str) or value not in locales:
        raise BadRequest(f"`locale` must be one of {', '.join(locales)}, got {value!r}")
    return value


def int_param(name: str, default: int, low: int, high: int) -> int:
    raw = request.args.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        raise BadRequest(f"`{name}` must be a whole number from {low} to {high}, got {raw!r}") from None
    if not low <= value <= high:
        raise BadRequest(f"`{name}` must be from {low} to {high}, got {value}")
    return value


def json_body() -> dict:
    if not request.is_json:
        raise BadRequest("send a JSON object with Content-Type: application/json")
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise BadRequest("the body must be a JSON object, e.g. {\"question\": \"...\", \"locale\": \"en\"}")
    return data
