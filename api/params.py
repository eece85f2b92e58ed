"""Reading request parameters with errors that name the parameter and the fix.

What a client sends is checked here, at the door, once for every route: JSON bodies are parsed by
:class:`RequestJSON` (nesting deeper than :data:`MAX_JSON_DEPTH` or a lone UTF-16 surrogate, which
no store or encoder can take, is a 400 naming the field), and whole numbers in paths are bounded
by :class:`StoreInteger` (a number no store column can hold is a 404 saying so). Query strings,
paths and forms need no such check: werkzeug decodes their bytes as UTF-8, replacing what is not.
"""
from __future__ import annotations

import re

from flask import current_app, request
from flask.json.provider import DefaultJSONProvider
from werkzeug import exceptions as werkzeug_exceptions
from werkzeug.routing import IntegerConverter

from askdesk.core.errors import BadRequest, PayloadTooLarge

MAX_JSON_DEPTH = 32            # no request of the API nests more than 3 levels
STORE_INT_MAX = 2 ** 63 - 1    # the largest integer SQLite and PostgreSQL (BIGINT) hold
_SURROGATE = re.compile("[\ud800-\udfff]")
TOO_DEEP = (f"the JSON body is nested more than {MAX_JSON_DEPTH} levels deep; "
            'send a flat object such as {"question": "..."}')


def _field(path: str) -> str:
    return f"`{path}`" if path else "the body"


def check_json(data) -> None:
    """Raise :class:`BadRequest` when ``data`` (parsed JSON) nests deeper than :data:`MAX_JSON_DEPTH`
    or has a lone surrogate in a key or a string. Iterative, so no depth can make it recurse."""
    stack = [(data, 0, "")]
    while stack:
        value, depth, path = stack.pop()
        if isinstance(value, str):
            found = _SURROGATE.search(value)
            if found:
                raise BadRequest(f"{_field(path)} holds a lone UTF-16 surrogate (\\u{ord(found.group()):04x}) at "
                                 f"character {found.start()}, which is not text: send valid Unicode (UTF-8)")
            continue
        if not isinstance(value, dict | list):
            continue
        if depth >= MAX_JSON_DEPTH:
            raise BadRequest(TOO_DEEP)
        if isinstance(value, list):
            stack.extend((item, depth + 1, f"{path}[{n}]") for n, item in enumerate(value))
            continue
        for key, item in value.items():
            name = f"{path}.{key}" if path else key
            if _SURROGATE.search(key):
                raise BadRequest(f"a key of {_field(path)} holds a lone UTF-16 surrogate, which is not text: "
                                 "send valid Unicode (UTF-8)")
            stack.append((item, depth + 1, name))


class RequestJSON(DefaultJSONProvider):
    """Flask's JSON, with what it parses checked by :func:`check_json`; a body nested deeper than
    Python's parser can go is the same 400, not a ``RecursionError``."""

    def loads(self, s, **kwargs):
        try:
            data = super().loads(s, **kwargs)
        except RecursionError:
            raise BadRequest(TOO_DEEP) from None
        check_json(data)
        return data


class StoreInteger(IntegerConverter):
    """``<int:…>`` in a route, for numbers a store can hold: a larger one (a ticket number of 30
    digits) is a 404 saying so, in the route's own format, rather than an ``OverflowError`` in the store."""

    def to_python(self, value: str) -> int:
        number = super().to_python(value)
        if number > STORE_INT_MAX:
            raise werkzeug_exceptions.NotFound(f"there is nothing numbered {value[:40]}: numbers here go up to "
                                               f"{STORE_INT_MAX}")
        return number


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
