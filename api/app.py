"""The application factory."""
from __future__ import annotations

from typing import Any, Mapping

from flask import Flask

from askdesk.api import (agent, console, conversations, editor, editor_api, errors, limits, ops, pages, public, security,
                 widget)
from askdesk.shell.runtime import Runtime
from askdesk.core.settings import Config, load_config


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` is a resolved :class:`Config` or overrides layered on the settings."""
    if not isinstance(config, Config):
        config = load_config(config)
    app = Flask(__name__)
    app.config["ASKDESK"] = config
    app.config["MAX_CONTENT_LENGTH"] = 64 * 1024
    app.json.ensure_ascii = False
    app.extensions["askdesk"] = Runtime(config)
    errors.register(app)
    security.init(app)
    app.register_blueprint(public.bp)
    app.register_blueprint(conversations.bp)
    app.register_blueprint(ops.bp)
    app.register_blueprint(pages.bp)
    app.register_blueprint(agent.bp)
    app.register_blueprint(console.bp)
    app.register_blueprint(editor.bp)
    app.register_blueprint(editor_api.bp)
    app.register_blueprint(widget.bp)
    limits.init(app, public=[public.bp, conversations.bp, pages.bp], login_endpoint="console.login")
    return app
