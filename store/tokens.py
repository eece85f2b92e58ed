"""Bearer tokens of agents and editors, kept in the store's database (``migrations/0003_tokens.sql``).

A token is shown once, when it is created; the database keeps only its SHA-256 hex digest.
A token is 32 random bytes from :mod:`secrets`, so it cannot be guessed or brute-forced from
its digest: a slow password hash (bcrypt, scrypt) would only slow every request down. Lookup
is by the digest through a unique index; timing differences of that lookup tell an attacker
nothing about a token, only about digests they cannot invert.

Contract: ``tests/test_tokens_contract.py`` runs the same tests on SQLite and PostgreSQL.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Protocol

from askdesk.core.errors import BadRequest, NotFound
from askdesk.store.sql import SqlStore

ROLES = ("agent", "editor")     # weakest first: each role may do everything the ones before it may
PREFIX = "askd_"                # makes a leaked token recognisable to secret scanners and people
TOUCH_SECONDS = 60              # last_used_at is written at most this often per token
MAX_NAME_CHARS = 100


@dataclass(frozen=True)
class TokenRecord:
    id: str
    name: str
    role: str
    created_at: str
    last_used_at: str | None
    revoked_at: str | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


class Tokens(Protocol):
    def create(self, name: str, role: str) -> tuple[str, TokenRecord]:
        """A new token for ``name``: the plain token (shown once, never stored) and its record.
        A name belongs to one active token at a time; roles are :data:`ROLES`."""
    def verify(self, plain: str) -> TokenRecord | None:
        """The record of an active token, marking it used; None for an unknown or revoked one."""
    def active(self, token_id: str) -> TokenRecord | None:
        """Like :meth:`verify`, by id (a console session keeps the id, never the token)."""
    def list(self) -> list[TokenRecord]:
        """Every token, revoked ones included, oldest first."""
    def revoke(self, id_or_name: str) -> TokenRecord:
        """Revoke the token with this id, else the active token with this name; NotFound otherwise."""


def digest(plain: str) -> str:
    return hashlib.sha256(plain.encode("utf-8")).hexdigest()


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _stamp(moment: dt.datetime) -> str:
    return moment.isoformat(timespec="microseconds")


class SqlTokens:
    _COLUMNS = "id, name, role, created_at, last_used_at, revoked_at"

    def __init__(self, db: SqlStore, clock: Callable[[], dt.datetime] = _utc_now):
        self.db = db
        self.clock = clock

    def create(self, name: str, role: str) -> tuple[str, TokenRecord]:
        name = (name or "").strip()
        if not name or len(name) > MAX_NAME_CHARS:
            raise BadRequest(f"a token needs a name of 1 to {MAX_NAME_CHARS} characters (the agent's or "
                             f"editor's name), got {name!r}")
        if role not in ROLES:
            raise BadRequest(f"role must be one of {', '.join(ROLES)}, got {role!r}")
        plain = PREFIX + secrets.token_urlsafe(32)
        record = TokenRecord(uuid.uuid4().hex[:12], name, role, _stamp(self.clock()), None, None)
        try:
            self.db.execute("INSERT INTO tokens (id, name, role, token_hash, created_at) VALUES (?, ?, ?, ?, ?)",
                            (record.id, name, role, digest(plain), record.created_at))
        except Exception as exc:
            if "unique" not in str(exc).lower():
                raise
            raise BadRequest(f"an active token named {name!r} exists; revoke it first "
                             f"(`askdesk token revoke {name}`) or choose another name") from exc
        return plain, record

    def verify(self, plain: str) -> TokenRecord | None:
        if not plain or not plain.startswith(PREFIX):
            return None
        return self._use(self.db.execute(f"SELECT {self._COLUMNS} FROM tokens WHERE token_hash = ?",
                                         (digest(plain),), "one"))

    def active(self, token_id: str) -> TokenRecord | None:
        return self._use(self.db.execute(f"SELECT {self._COLUMNS} FROM tokens WHERE id = ?", (token_id,), "one"))

    def _use(self, row) -> TokenRecord | None:
        if row is None or row[5] is not None:
            return None
        record = TokenRecord(*row)
        now = self.clock()
        if record.last_used_at is None or \
                dt.datetime.fromisoformat(record.last_used_at) <= now - dt.timedelta(seconds=TOUCH_SECONDS):
            self.db.execute("UPDATE tokens SET last_used_at = ? WHERE id = ?", (_stamp(now), record.id))
            record = TokenRecord(*row[:4], _stamp(now), None)
        return record

    def list(self) -> list[TokenRecord]:
        rows = self.db.execute(f"SELECT {self._COLUMNS} FROM tokens ORDER BY created_at, id", (), "all")
        return [TokenRecord(*r) for r in rows]

    def revoke(self, id_or_name: str) -> TokenRecord:
        row = self.db.execute(f"SELECT {self._COLUMNS} FROM tokens WHERE id = ? AND revoked_at IS NULL",
                              (id_or_name,), "one") \
            or self.db.execute(f"SELECT {self._COLUMNS} FROM tokens WHERE name = ? AND revoked_at IS NULL",
                               (id_or_name,), "one")
        if row is None:
            raise NotFound(f"no active token with id or name {id_or_name!r}; `askdesk token list` shows them")
        revoked_at = _stamp(self.clock())
        self.db.execute("UPDATE tokens SET revoked_at = ? WHERE id = ?", (revoked_at, row[0]))
        return TokenRecord(*row[:5], revoked_at)
