"""The token store contract, run on SQLite and on PostgreSQL."""
import datetime as dt

import pytest

from askdesk.core.errors import BadRequest, NotFound
from askdesk.store.tokens import PREFIX, SqlTokens, digest


class Clock:
    def __init__(self):
        self.now = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def tokens(store, clock):
    return SqlTokens(store, clock)


def test_a_token_is_shown_once_and_stored_only_as_its_digest(tokens, store):
    plain, record = tokens.create("alice", "agent")
    assert plain.startswith(PREFIX) and len(plain) > len(PREFIX) + 40
    assert (record.name, record.role, record.last_used_at, record.revoked_at) == ("alice", "agent", None, None)
    stored = store.execute("SELECT * FROM tokens", (), "all")
    assert len(stored) == 1 and plain not in [str(v) for v in stored[0]]
    assert digest(plain) in stored[0]
    other, _ = tokens.create("bob", "editor")
    assert other != plain


def test_verify_accepts_active_tokens_only(tokens):
    plain, record = tokens.create("alice", "editor")
    assert tokens.verify(plain).id == record.id and tokens.verify(plain).role == "editor"
    for wrong in ("", "nonsense", PREFIX, plain + "x", plain[:-1], PREFIX + "A" * 43):
        assert tokens.verify(wrong) is None
    tokens.revoke("alice")
    assert tokens.verify(plain) is None
    assert tokens.active(record.id) is None


def test_last_used_is_written_at_most_once_a_minute(tokens, clock):
    plain, record = tokens.create("alice", "agent")
    first = tokens.verify(plain).last_used_at
    assert first is not None
    clock.advance(30)
    assert tokens.verify(plain).last_used_at == first
    assert tokens.list()[0].last_used_at == first
    clock.advance(31)
    later = tokens.active(record.id).last_used_at
    assert later > first and tokens.list()[0].last_used_at == later


def test_names_and_roles_are_checked(tokens):
    tokens.create("alice", "agent")
    with pytest.raises(BadRequest, match="active token named 'alice' exists"):
        tokens.create("alice", "editor")
    with pytest.raises(BadRequest, match="role must be one of agent, editor, got 'admin'"):
        tokens.create("carol", "admin")
    with pytest.raises(BadRequest, match="needs a name"):
        tokens.create("  ", "agent")


def test_revoke_by_name_or_id_and_reuse_the_name(tokens, clock):
    old_plain, old = tokens.create("alice", "agent")
    clock.advance(1)
    _, bob = tokens.create("bob", "agent")
    assert tokens.revoke("alice").revoked_at is not None
    clock.advance(1)
    new_plain, new = tokens.create("alice", "editor")   # a revoked token frees its name
    assert tokens.verify(new_plain).id == new.id and tokens.verify(old_plain) is None
    assert tokens.revoke(bob.id).name == "bob"
    listed = tokens.list()
    assert [(t.name, t.active) for t in listed] == [("alice", False), ("bob", False), ("alice", True)]
    with pytest.raises(NotFound, match="no active token with id or name 'bob'"):
        tokens.revoke("bob")
    with pytest.raises(NotFound):
        tokens.revoke(old.id)
