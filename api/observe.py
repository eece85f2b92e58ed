"""What an operator sees of each request: an id, a metric and one log line.

The request id is the client's (or the proxy's) ``X-Request-Id`` when it is sane — up to 128 of
letters, digits and ``._:-`` — else a new random one; every response echoes it in ``X-Request-Id``.
Each request is counted and timed in :mod:`askdesk.api.metrics` and logged once on the logger
``askdesk.api.requests`` at info: id, method, route (the URL rule, never the raw path or the query,
which may hold what the customer typed), status and duration. The record carries the same values as
attributes (``request_id``, ``method``, ``route``, ``status``, ``duration_ms``) for a JSON formatter.
"""
from __future__ import annotations

import logging
import re
import time
import uuid

from flask import Flask, Response, current_app, g, request

from askdesk.api import metrics

HEADER = "X-Request-Id"
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
log = logging.getLogger("askdesk.api.requests")


def request_id(incoming: str | None) -> str:
    """``incoming`` when it is a sane id, else a new one."""
    if incoming and _SANE_ID.match(incoming):
        return incoming
    return uuid.uuid4().hex


def _start() -> None:
    g.request_started = time.perf_counter()
    g.request_id = request_id(request.headers.get(HEADER))


def _finish(response: Response) -> Response:
    started = g.get("request_started")
    seconds = time.perf_counter() - started if started is not None else 0.0
    rid = g.get("request_id") or request_id(request.headers.get(HEADER))
    response.headers[HEADER] = rid
    route = request.url_rule.rule if request.url_rule is not None else None
    metrics.of(current_app).request(route, request.method, response.status_code, seconds)
    duration_ms = round(seconds * 1000, 1)
    log.info("%s %s %s %s %.1f ms", rid, request.method, route or metrics.UNMATCHED, response.status_code,
             duration_ms, extra={"request_id": rid, "method": request.method, "route": route or metrics.UNMATCHED,
                                 "status": response.status_code, "duration_ms": duration_ms})
    return response


def init(app: Flask) -> None:
    """Time, count and log every request of ``app``. Call after every other ``before_request`` is
    registered (rate limits, sign-in checks): the clock starts before all of them."""
    app.before_request_funcs.setdefault(None, []).insert(0, _start)
    # after_request functions run last-registered first: registered first, this one sees the final response
    app.after_request_funcs.setdefault(None, []).insert(0, _finish)
