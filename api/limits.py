"""Per-client rate limits (Flask-Limiter) for the public API, the help pages and the console sign-in.

Each app has its own limiter (two apps in one process never share counters unless they share a
storage). Limits come from the ``rate_limit`` setting; counters live where ``rate_limit_storage``
says (memory for one server, Redis for several). Behind ``proxy_hops`` trusted proxies the client
is the address they forwarded (``werkzeug.middleware.proxy_fix``).
"""
from __future__ import annotations

from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from werkzeug.middleware.proxy_fix import ProxyFix

LOGIN_LIMIT = "10/minute;100/day"   # sign-in attempts; tokens are unguessable, this keeps logs calm


def init(app: Flask, public: list[Blueprint], login_endpoint: str) -> Limiter:
    """Limit every route of the ``public`` blueprints together (one budget per client) and the
    POSTs to ``login_endpoint``. Call after the blueprints are registered."""
    config = app.config["ASKDESK"]
    if config.proxy_hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=config.proxy_hops, x_proto=config.proxy_hops,
                                x_host=config.proxy_hops)
    limiter = Limiter(get_remote_address, app=app, storage_uri=config.rate_limit_storage, headers_enabled=True,
                      strategy="moving-window", key_prefix="askdesk")

    def unlimited() -> bool:
        return not config.rate_limit

    budget = limiter.shared_limit(lambda: config.rate_limit, scope="public", exempt_when=unlimited)
    for blueprint in public:
        budget(blueprint)
    app.view_functions[login_endpoint] = limiter.limit(LOGIN_LIMIT, methods=["POST"], exempt_when=unlimited)(
        app.view_functions[login_endpoint])
    return limiter
