"""Prometheus metrics of one app, served at ``/metrics`` to the operator only.

Each app has its own registry (two apps in one process never share counters). Counted as things
happen: requests by route (the URL rule, never the raw path) and status, their latency, the bot's
replies by action, hand-offs by reason, and each search's time per stage (the searcher measures
them, :data:`askdesk.indexer.search.STAGES`; the runtime hands every result to :meth:`Metrics.searched`).
Read at scrape time: the outbox's backlog and the index build served. prometheus_client's metrics
are thread-safe, so waitress' threads share them.

``/metrics`` answers callers on the loopback address that did not come through a proxy, and any
caller with ``Authorization: Bearer <metrics_token>``.
"""
from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import logging
from typing import Any

from flask import Blueprint, Flask, Response, current_app, request
from prometheus_client import CONTENT_TYPE_LATEST, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, InfoMetricFamily
from prometheus_client.registry import Collector

from askdesk.core.errors import Forbidden, Unauthorized
from askdesk.indexer.search import STAGES, SearchResult

log = logging.getLogger(__name__)
EXTENSION = "askdesk.metrics"
UNMATCHED = "unmatched"          # the route label of a request that matched no route (a 404, a 405)
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"}   # any other counts as "other"
REQUEST_BUCKETS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0)
STAGE_BUCKETS = (0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1.0)

bp = Blueprint("metrics", __name__)


class _Now(Collector):
    """What is read when Prometheus scrapes: the outbox's backlog, the index build served."""

    def __init__(self, runtime: Any):
        self.runtime = runtime

    def collect(self):
        yield from self._outbox()
        yield from self._index()

    def _outbox(self):
        try:
            pending, oldest = self.runtime.outbox.backlog()
        except Exception as exc:   # noqa: BLE001 - a scrape must not fail for want of the store
            log.warning("metrics: the outbox could not be read: %s", exc)
            return
        yield GaugeMetricFamily("askdesk_outbox_pending", "Ticket deliveries waiting in the outbox.", value=pending)
        age = 0.0 if oldest is None else _seconds_since(oldest)
        yield GaugeMetricFamily("askdesk_outbox_oldest_age_seconds",
                                "Age of the oldest pending delivery (0 when none waits).", value=age)

    def _index(self):
        index = self.runtime.index
        if not index.ready:
            return
        manifest = index.current().manifest
        info = InfoMetricFamily("askdesk_index_build", "The index build this server answers from.")
        info.add_metric([], {"build_id": str(manifest.get("build_id", "")), "encoder": str(manifest.get("encoder", ""))})
        yield info
        if manifest.get("created"):
            yield GaugeMetricFamily("askdesk_index_age_seconds", "Time since the served index build was made.",
                                    value=_seconds_since(manifest["created"]))


def _seconds_since(stamp: str) -> float:
    return max(0.0, (dt.datetime.now(dt.UTC) - dt.datetime.fromisoformat(stamp)).total_seconds())


class Metrics:
    """The app's metrics, in their own registry."""

    def __init__(self, runtime: Any):
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.requests = Counter("askdesk_http_requests", "HTTP requests answered, by route, method and status.",
                                ["route", "method", "status"], registry=r)
        self.latency = Histogram("askdesk_http_request_duration_seconds", "Time to answer an HTTP request, by route.",
                                 ["route", "method"], buckets=REQUEST_BUCKETS, registry=r)
        self.replies = Counter("askdesk_bot_replies", "The bot's replies by action (answer, clarify, handoff, ...).",
                               ["action"], registry=r)
        self.handoffs = Counter("askdesk_handoffs", "Hand-off replies by reason.", ["reason"], registry=r)
        self.search_stages = Histogram("askdesk_search_stage_seconds", "Time a search spent per stage.",
                                       ["stage"], buckets=STAGE_BUCKETS, registry=r)
        r.register(_Now(runtime))

    def request(self, route: str | None, method: str, status: int, seconds: float) -> None:
        route = route or UNMATCHED
        method = method if method in METHODS else "other"
        self.requests.labels(route, method, str(status)).inc()
        self.latency.labels(route, method).observe(seconds)

    def reply(self, action: str, handoff_reason: str | None = None) -> None:
        self.replies.labels(action).inc()
        if action == "handoff":
            self.handoffs.labels(handoff_reason or "unknown").inc()

    def searched(self, result: SearchResult) -> None:
        for stage in STAGES:
            if stage in result.timings:
                self.search_stages.labels(stage).observe(result.timings[stage])


def of(app: Flask) -> Metrics:
    return app.extensions[EXTENSION]


def record_reply(action: str, handoff_reason: str | None = None) -> None:
    """Count one of the bot's replies on the current app (a view calls it with what it answers)."""
    of(current_app).reply(action, handoff_reason)


def _may_read() -> None:
    """Raise unless the caller may read the metrics (see the module's docstring)."""
    token = current_app.config["ASKDESK"].metrics_token
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer" and given.strip():
        if token and hmac.compare_digest(given.strip().encode(), token.encode()):
            return
        raise Unauthorized("the metrics token is not valid; send the metrics_token setting's value")
    if _loopback(request.remote_addr) and "X-Forwarded-For" not in request.headers:
        return
    if token:
        raise Unauthorized("metrics need `Authorization: Bearer <metrics_token>` from this address")
    raise Forbidden("metrics are served only on the loopback address; set metrics_token to read them from elsewhere")


def _loopback(address: str | None) -> bool:
    try:
        return address is not None and ipaddress.ip_address(address).is_loopback
    except ValueError:
        return False


@bp.get("/metrics")
def metrics():
    _may_read()
    return Response(generate_latest(of(current_app).registry), mimetype=None,
                    headers={"Content-Type": CONTENT_TYPE_LATEST, "Cache-Control": "no-store"})


def init(app: Flask, runtime: Any) -> Metrics:
    """Give ``app`` its metrics and the ``/metrics`` route; searches of ``runtime`` are timed."""
    app.extensions[EXTENSION] = found = Metrics(runtime)
    runtime.search_listeners.append(found.searched)
    app.register_blueprint(bp)
    return found
