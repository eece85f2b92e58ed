"""Logging, configured once by the shell: every askdesk module logs under ``askdesk.*`` (its
``__name__``), and the command line sends those lines, with the WSGI server's warnings, to stderr."""
from __future__ import annotations

import logging
import sys

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
_MARK = "_askdesk_handler"


class _Stderr(logging.StreamHandler):
    """Writes to whatever ``sys.stderr`` is at the time (a test runner or click may swap it)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, value) -> None:
        pass


def configure_logging(level: str = "info") -> None:
    """Send ``askdesk.*`` records at ``level`` and above (and waitress' warnings) to stderr.
    Calling it again changes the level and adds no second handler."""
    numeric = logging.getLevelName(level.upper())
    if not isinstance(numeric, int):
        raise ValueError(f"unknown log level {level!r}; use debug, info, warning or error")
    for name, at in (("askdesk", numeric), ("waitress", max(numeric, logging.WARNING))):
        logger = logging.getLogger(name)
        logger.setLevel(at)
        if not any(getattr(h, _MARK, False) for h in logger.handlers):
            handler = _Stderr()
            handler.setFormatter(logging.Formatter(FORMAT))
            setattr(handler, _MARK, True)
            logger.addHandler(handler)
