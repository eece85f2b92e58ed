"""The web layer assembled: one blueprint per audience on a Flask app around a runtime the shell
built (:func:`askdesk.shell.app.create_app` is the factory that reads settings and calls this)."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from askdesk.api import (
    agent,
    console,
    conversations,
    editor,
    editor_api,
    errors,
    home,
    limits,
    metrics,
    observe,
    old_urls,
    ops,
    pages,
    params,
    public,
    security,
    widget,
)


def build_app(config: Mapping[str, Any], runtime: Any) -> Flask:
    """A Flask app serving ``runtime`` (encoder, live index, store, bot: see
    :class:`askdesk.shell.runtime.Runtime`) with the resolved settings ``config``."""
    app = Flask(__name__)
    app.config["ASKDESK"] = config
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    app.json = params.RequestJSON(app)              # bodies checked at the door (api/params.py)
    app.json.ensure_ascii = False
    app.url_map.converters["int"] = params.StoreInteger   # before any route is added
    app.extensions["askdesk"] = runtime
    errors.register(app)
    security.init(app)
    app.register_blueprint(home.bp)
    app.register_blueprint(public.bp)
    app.register_blueprint(conversations.bp)
    app.register_blueprint(ops.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(old_urls.bp)
    app.register_blueprint(agent.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(editor_api.bp)
    app.register_blueprint(widget.bp)
    metrics.init(app, runtime)
    limits.init(app, public=[public.bp, conversations.bp, pages.bp], login_endpoint="console.login")
    observe.init(app)   # last: its clock starts before the rate limits' and sign-in checks
    return app
