"""Per-client rate limits (Flask-Limiter) for the public API and the console login.

Limits come from the ``rate_limit`` setting; counters live where ``rate_limit_storage`` says
(memory for one server, Redis for several). Behind ``proxy_hops`` trusted proxies the client is
the address they forwarded (``werkzeug.middleware.proxy_fix``).
"""
from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

limiter = Limiter(key_func=get_remote_address)


def _public_limit() -> str:
    return current_app.config["ASKDESK"].rate_limit


def _exempt() -> bool:
    return not current_app.config["ASKDESK"].rate_limit


public_limit = limiter.shared_limit(_public_limit, scope="public", exempt_when=_exempt)
"""Decorate a public view (or register a blueprint with it): one budget per client for all of them."""

LOGIN_LIMIT = "10/minute;100/day"
login_limit = limiter.limit(LOGIN_LIMIT, methods=["POST"], exempt_when=_exempt)
"""Sign-in attempts per client; tokens are unguessable, this keeps the logs and the database calm."""


def init(app: Flask) -> None:
    config = app.config["ASKDESK"]
    app.config["RATELIMIT_STORAGE_URI"] = config.rate_limit_storage
    app.config["RATELIMIT_HEADERS_ENABLED"] = True
    app.config["RATELIMIT_STRATEGY"] = "moving-window"
    app.config["RATELIMIT_KEY_PREFIX"] = "askdesk"
    if config.proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxy_hops, x_proto=config.proxy_hops,
                                x_host=config.proxy_hops)
    limiter.init_app(app)
