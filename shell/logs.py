"""Logging, configured once by the shell: every askdesk module logs under ``askdesk.*`` (its
``__name__``), and the command line sends those lines, with the WSGI server's warnings, to stderr.

Under ``askdesk serve`` that includes one line per request (``askdesk.api.requests``, see
:mod:`askdesk.api.observe`): request id, method, route, status and duration. ``log_format = "json"``
writes each line as one JSON object instead, with those fields as keys, and the request id on every
line logged while a request is answered (an error's traceback too, as ``exc``).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
FORMATS = ("text", "json")
REQUEST_FIELDS = ("request_id", "method", "route", "status", "duration_ms")
_MARK = "_askdesk_handler"


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test runner or click may swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


class JsonLines(logging.Formatter):
    """One JSON object a line: time (UTC), level, logger, message, the request's fields when the
    record has them, and ``exc`` with the traceback of an exception."""

    def format(self, record: logging.LogRecord) -> str:
        line = {"time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
                "level": record.levelname, "logger": record.name, "message": record.getMessage()}
        line.update({name: getattr(record, name) for name in REQUEST_FIELDS if hasattr(record, name)})
        if "request_id" not in line:
            rid = _current_request_id()
            if rid is not None:
                line["request_id"] = rid
        if record.exc_info:
            line["exc"] = self.formatException(record.exc_info)
        return json.dumps(line, ensure_ascii=False, default=str)


def _current_request_id() -> str | None:
    """The id of the request being answered on this thread, if any (set by askdesk.api.observe)."""
    from flask import g, has_request_context
    return g.get("request_id") if has_request_context() else None


def configure_logging(level: str = "info", fmt: str = "text") -> None:
    """Send ``askdesk.*`` records at ``level`` and above (and waitress' warnings) to stderr, as
    ``fmt`` (``text`` or ``json``). Calling it again changes both and adds no second handler."""
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}; use debug, info, warning or error")
    if fmt.lower() not in FORMATS:
        raise ValueError(f"unknown log format {fmt!r}; use text or json")
    formatter = JsonLines() if fmt.lower() == "json" else logging.Formatter(FORMAT)
    for name, at in (("askdesk", numeric), ("waitress", max(numeric, logging.WARNING))):
        logger = logging.getLogger(name)
        logger.setLevel(at)
        handler = next((h for h in logger.handlers if getattr(h, _MARK, False)), None)
        if handler is None:
            handler = _Stderr()
            setattr(handler, _MARK, True)
            logger.addHandler(handler)
        handler.setFormatter(formatter)
