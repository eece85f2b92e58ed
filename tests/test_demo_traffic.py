"""Demo traffic goes through the real bot, is spread over the past, and is marked so it can be left out."""
import json

from click.testing import CliRunner

from askdesk.analytics.ledger import read_ledger
from askdesk.shell.cli import main

QUESTIONS = [
    {"query": "how do I reset my password", "expected": ["reset-password"], "locale": "en"},
    {"query": "forgot my password", "expected": ["reset-password"], "locale": "en"},
    {"query": "where is my order", "expected": ["track-order"], "locale": "en"},
    {"query": "где мой заказ", "expected": ["track-order"], "locale": "ru"},
    {"query": "what is the meaning of life", "expected": [], "locale": "en"},
]


def test_demo_traffic_fills_the_ledger_and_is_left_out_on_request(hash_config, tmp_path):
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in QUESTIONS), encoding="utf-8")
    env = {"ASKDESK_STORE_URL": hash_config.store_url, "ASKDESK_INDEX_DIR": hash_config.index_dir,
           "ASKDESK_ENCODER": "hash", "ASKDESK_WEBHOOK_URL": "http://127.0.0.1:9/never-called"}
    result = CliRunner().invoke(main, ["demo-traffic", "--sessions", "40", "--days", "14",
                                       "--questions", str(questions)], env=env)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("40 demo sessions")
    assert result.stderr.startswith("demo traffic: 40 simulated customers ask the bot")   # said before it starts

    from askdesk.store import open_store
    store = open_store(hash_config.store_url)
    sessions = read_ledger(store, "2000-01-01")
    assert len(sessions) == 40 and {s.source for s in sessions} == {"demo"}
    assert len({s.created_at[:10] for s in sessions}) >= 7            # spread over the two weeks
    turns = [t for s in sessions for t in s.turns]
    assert {t.decision for t in turns} >= {"answer", "handoff"}
    assert any(t.votes for t in turns) and any(s.ticket for s in sessions)
    assert store.recent_events(("ticket",), "2000") and not [d for d in _deliveries(store)]  # demo: nothing sent
    assert read_ledger(store, "2000-01-01", include_demo=False) == []
    report = json.loads(CliRunner().invoke(main, ["report", "--since", "30d", "--no-demo", "--format", "json",
                                                  "--section", "deflection"], env=env).output)
    assert report["deflection"][0]["sessions"] == 0

    again = CliRunner().invoke(main, ["demo-traffic", "--if-empty", "--questions", str(questions)], env=env)
    assert again.exit_code == 0 and again.stdout.startswith("40 demo sessions are already there")
    live = store.create_session("en")                                   # a real customer, kept
    removed = CliRunner().invoke(main, ["demo-traffic", "--remove"], env=env)
    assert removed.stdout.startswith("removed 40 demo sessions")
    assert [s.id for s in read_ledger(store, "2000-01-01")] == [live.id] and store.list_tickets() == []


def _deliveries(store):
    from askdesk.store.outbox import SqlOutbox
    return SqlOutbox(store).list()


def test_demo_traffic_shows_progress_in_a_terminal(hash_config, tmp_path, monkeypatch):
    questions = tmp_path / "questions.jsonl"
    questions.write_text("\n".join(json.dumps(q) for q in QUESTIONS), encoding="utf-8")
    env = {"ASKDESK_STORE_URL": hash_config.store_url, "ASKDESK_INDEX_DIR": hash_config.index_dir,
           "ASKDESK_ENCODER": "hash"}
    monkeypatch.setattr("askdesk.shell.cli.base.stderr_is_terminal", lambda: True)
    result = CliRunner().invoke(main, ["demo-traffic", "--sessions", "12", "--questions", str(questions)], env=env)
    assert result.exit_code == 0, result.output
    assert "demo traffic: 100%" in result.stderr and "12/12" in result.stderr
    assert result.stdout.startswith("12 demo sessions")     # stdout stays the one summary line
