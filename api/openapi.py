"""The OpenAPI 3.1 description of the HTTP API: ``api/openapi.yaml``, kept by hand beside the routes
and checked against them by ``tests/test_openapi.py``; served as JSON at ``/api/v1/openapi.json``."""
from __future__ import annotations

import json
from functools import cache
from importlib.resources import files

import yaml

DOCUMENT = "openapi.yaml"


@cache
def document() -> dict:
    """The description as a dict (read once per process; it is package data)."""
    return yaml.safe_load(files("askdesk.api").joinpath(DOCUMENT).read_text(encoding="utf-8"))


@cache
def document_json() -> bytes:
    """The description as the JSON bytes the route serves (built once)."""
    return json.dumps(document(), ensure_ascii=False, separators=(",", ":")).encode("utf-8")
