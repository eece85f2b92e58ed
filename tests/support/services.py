"""The services some tests need, where the tests look for them, and a clear failure when one is missing.

``ASKDESK_TEST_POSTGRES_URL`` (default ``postgresql://postgres@127.0.0.1:5432/test``) and
``ASKDESK_TEST_REDIS_URL`` (default ``redis://127.0.0.1:6379``) point the tests elsewhere. A test
that needs a service fails, never skips, when it is unreachable; to leave such tests out, deselect
their tier (``-m "not postgres and not redis"``, or ``scripts/test.sh --fast``).
"""
from __future__ import annotations

import os
import socket
from urllib.parse import urlsplit

import pytest

POSTGRES_URL = os.environ.get("ASKDESK_TEST_POSTGRES_URL", "postgresql://postgres@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("ASKDESK_TEST_REDIS_URL", "redis://127.0.0.1:6379")
HOW_TO_SKIP = "(or leave these tests out: -m 'not postgres and not redis', or scripts/test.sh --fast)"


def require_postgres() -> str:
    """``POSTGRES_URL`` once a connection to it works; fails the test with the fix otherwise."""
    try:
        import psycopg
    except ImportError:
        pytest.fail("the psycopg package is missing: pip install -e '.[test]'", pytrace=False)
    try:
        with psycopg.connect(POSTGRES_URL, connect_timeout=5):
            return POSTGRES_URL
    except psycopg.OperationalError as exc:
        error = exc   # failed outside the handler: the message alone, not a chain of tracebacks
    pytest.fail(f"PostgreSQL is not reachable at {POSTGRES_URL}: {error}\nStart it, or point "
                f"ASKDESK_TEST_POSTGRES_URL at one {HOW_TO_SKIP}", pytrace=False)


def require_redis() -> str:
    """``REDIS_URL`` once its port answers; fails the test with the fix otherwise."""
    try:
        import redis  # noqa: F401  (the rate limiter's Redis storage needs it)
    except ImportError:
        pytest.fail("the redis package is missing: pip install -e . (Flask-Limiter[redis])", pytrace=False)
    parts = urlsplit(REDIS_URL)
    try:
        socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 6379), timeout=2).close()
        return REDIS_URL
    except OSError as exc:
        error = exc
    pytest.fail(f"Redis is not reachable at {REDIS_URL}: {error}\nStart it, or point "
                f"ASKDESK_TEST_REDIS_URL at one {HOW_TO_SKIP}", pytrace=False)
