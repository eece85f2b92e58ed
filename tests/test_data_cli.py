"""Retention and data requests as an operator runs them: ``askdesk retention``, ``askdesk session
export|forget``, and the daily run in every server (:class:`store.retention.RetentionWorker`)."""
import datetime as dt
import json
import time

import pytest

from askdesk.core.errors import ConfigError
from askdesk.core.records import QuestionAsked
from askdesk.core.settings import load_config
from askdesk.shell.runtime import Runtime
from askdesk.store import open_store
from askdesk.store.retention import RetentionWorker, cutoff

LONG_AGO = dt.datetime.now(dt.UTC) - dt.timedelta(days=40)


@pytest.fixture
def sessions(cli_db):
    """An old session, an old one with a ticket (both 40 days ago) and a recent one, by name."""
    store = open_store(cli_db)
    store.clock = lambda: LONG_AGO
    made = {"old": store.create_session("en", "https://shop.example/a"),
            "old_ticket": store.create_session("en", "https://shop.example/b")}
    store.clock = lambda: dt.datetime.now(dt.UTC)
    made["recent"] = store.create_session("en")
    for session in made.values():
        store.add_event(session.id, QuestionAsked("where is my order?"))
    store.create_ticket(made["old_ticket"].id, "customer_request", "en", "", "bob@example.com", {"transcript": []})
    yield {name: session.id for name, session in made.items()}
    store.close()


@pytest.fixture
def store(cli_db, sessions):
    s = open_store(cli_db)
    yield s
    s.close()


def test_retention_dry_run_counts_what_the_real_run_deletes(run, sessions, store):
    dry = run("retention", "--days", "30", "--dry-run")
    assert dry.exit_code == 0
    assert dry.output.startswith("would delete 2 events, 1 sessions, 1 sessions emptied (kept for their tickets), "
                                 "0 ticket deliveries, 0 help-center searches and clicks: conversations started before ")
    assert "(30 days); nothing changed (--dry-run)" in dry.output
    assert store.get_session(sessions["old"]) is not None
    done = run("retention", "--days", "30")
    assert done.exit_code == 0 and done.output.startswith("deleted 2 events, 1 sessions, 1 sessions emptied")
    assert store.get_session(sessions["old"]) is None and store.events(sessions["old_ticket"]) == []
    assert store.list_tickets()[0].session_id == sessions["old_ticket"] and store.events(sessions["recent"])


def test_retention_defaults_to_the_setting_and_zero_keeps_everything(run, sessions, store, monkeypatch):
    kept = run("retention")
    assert kept.exit_code == 0 and "keeps every conversation" in kept.output
    assert store.get_session(sessions["old"]) is not None
    monkeypatch.setenv("ASKDESK_RETENTION_DAYS", "30")
    assert run("retention").output.startswith("deleted 2 events, 1 sessions")
    assert store.get_session(sessions["old"]) is None


def test_export_prints_or_writes_everything_about_a_session(run, sessions, tmp_path):
    printed = run("session", "export", sessions["old_ticket"])
    assert printed.exit_code == 0
    held = json.loads(printed.stdout)
    assert held["session"]["id"] == sessions["old_ticket"] and held["tickets"][0]["contact"] == "bob@example.com"
    out = tmp_path / "export.json"
    written = run("session", "export", sessions["old_ticket"], "--out", str(out))
    assert written.exit_code == 0 and json.loads(out.read_text(encoding="utf-8")) == held
    assert "1 events, 1 tickets, 0 ticket deliveries" in written.stderr
    missing = run("session", "export", "nope")
    assert missing.exit_code == 1 and "no session 'nope'" in missing.output


def test_forget_asks_for_yes_then_deletes_it_all(run, sessions, store):
    refused = run("session", "forget", sessions["old_ticket"])
    assert refused.exit_code == 1
    assert "has 1 events, 1 tickets, 0 ticket deliveries" in refused.output and "--yes" in refused.output
    assert store.get_session(sessions["old_ticket"]) is not None
    done = run("session", "forget", sessions["old_ticket"], "--yes")
    assert done.exit_code == 0
    assert done.output.strip() == (f"forgot session {sessions['old_ticket']}: deleted 0 ticket deliveries, 1 tickets, "
                                   "1 events, 1 sessions")
    assert store.get_session(sessions["old_ticket"]) is None and store.list_tickets() == []
    again = run("session", "forget", sessions["old_ticket"], "--yes")
    assert again.exit_code == 1 and "deleted already" in again.output


def test_a_server_applies_the_retention_period_when_it_starts_and_stops_with_it(cli_db, sessions, store):
    runtime = Runtime(load_config({"store_url": cli_db, "retention_days": 30}, environ={}))
    runtime.retention_worker.start()
    deadline = time.monotonic() + 5
    while store.get_session(sessions["old"]) is not None:
        assert time.monotonic() < deadline, "the retention worker deleted nothing"
        time.sleep(0.02)
    runtime.close()
    assert not runtime.retention_worker.running and store.get_session(sessions["recent"]) is not None


def test_the_retention_worker_runs_again_after_its_interval(store, sessions):
    worker = RetentionWorker(store, 30, interval_seconds=0.05)
    worker.start()
    time.sleep(0.1)                        # the first run deleted what was old then
    store.clock = lambda: LONG_AGO         # a session as old, written since
    later = store.create_session("en")
    deadline = time.monotonic() + 5
    while store.get_session(later.id) is not None:
        assert time.monotonic() < deadline, "the second run did not come"
        time.sleep(0.02)
    worker.stop()


def test_a_retention_of_no_days_is_refused():
    with pytest.raises(ConfigError, match="retention_days is -1"):
        load_config({"retention_days": -1}, environ={})
    with pytest.raises(ValueError, match="at least 1"):
        cutoff(0, dt.datetime.now(dt.UTC))
