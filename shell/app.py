"""The application factory: settings layered once, a runtime wired from them, the web app around it."""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import Flask

from askdesk.api.web import build_app
from askdesk.core.settings import Config, load_config
from askdesk.shell.runtime import Runtime


def create_app(config: Config | Mapping[str, Any] | None = None) -> Flask:
    """Build the app. ``config`` is a resolved :class:`Config` or overrides layered on the settings
    (defaults → TOML file → ``ASKDESK_*`` environment → this mapping)."""
    if not isinstance(config, Config):
        config = load_config(config)
    return build_app(config, Runtime(config))
