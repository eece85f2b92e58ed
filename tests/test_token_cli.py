"""``askdesk token create|list|revoke`` on the store the settings name."""
import pytest

from askdesk.store import open_store
from askdesk.store.tokens import PREFIX, SqlTokens, digest


@pytest.fixture
def tokens(cli_db):
    store = open_store(cli_db)
    yield SqlTokens(store)
    store.close()


def test_create_prints_the_token_once_and_it_works(run, tokens):
    created = run("token", "create", "--name", "alice", "--role", "agent")
    assert created.exit_code == 0, created.output
    plain = created.stdout.strip()
    assert plain.startswith(PREFIX) and "\n" not in plain
    assert "cannot be shown again" in created.stderr
    assert tokens.verify(plain).name == "alice"
    listed = run("token", "list")
    assert listed.exit_code == 0 and "alice" in listed.output and "agent" in listed.output
    assert plain not in listed.output and digest(plain) not in listed.output


def test_revoke_by_name_then_the_token_is_refused(run, tokens):
    plain = run("token", "create", "--name", "erin", "--role", "editor").stdout.strip()
    revoked = run("token", "revoke", "erin")
    assert revoked.exit_code == 0 and "revoked token" in revoked.output
    assert tokens.verify(plain) is None
    row = run("token", "list").output.splitlines()[1]
    assert row.split()[1:3] == ["erin", "editor"] and row.split()[-1] != "-"


def test_mistakes_are_named(run):
    assert run("token", "list").output.startswith("no tokens yet")
    missing = run("token", "revoke", "nobody")
    assert missing.exit_code == 1 and "no active token with id or name 'nobody'" in missing.output
    run("token", "create", "--name", "alice", "--role", "agent")
    again = run("token", "create", "--name", "alice", "--role", "agent")
    assert again.exit_code == 1 and "active token named 'alice' exists" in again.output
    wrong_role = run("token", "create", "--name", "bob", "--role", "admin")
    assert wrong_role.exit_code == 2 and "'agent', 'editor'" in wrong_role.output
