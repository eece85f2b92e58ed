"""The command line: exit codes, JSON contracts and error messages."""
import json

import pytest
from click.testing import CliRunner

from askdesk.shell.cli import main

from support.paths import FIXTURE_KB

EVAL_KEYS = {"queries", "in_scope_queries", "oos_queries", "in_scope_accuracy", "oos_recall", "answered_precision",
             "answer_rate", "recall_at_1", "recall_at_5", "mrr", "latency_ms"}


@pytest.fixture
def run(monkeypatch):
    monkeypatch.setenv("ASKDESK_ENCODER", "hash")
    runner = CliRunner()

    def invoke(*args):
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)
    return invoke


@pytest.fixture
def questions(tmp_path):
    path = tmp_path / "q.jsonl"
    rows = [{"query": "I forgot my password", "expected": ["reset-password"], "locale": "en"},
            {"query": "where is my parcel", "expected": ["track-order"], "locale": "en"},
            {"query": "забыл пароль", "expected": ["reset-password"], "locale": "ru"},
            {"query": "do you sell bicycles", "expected": [], "locale": "en"}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_check_exit_codes(run, tmp_path):
    assert run("check", "--content", FIXTURE_KB).exit_code == 0
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "x.md").write_text("---\nid: x\ntitle: X\nlocale: de\n---\nBody\n", encoding="utf-8")
    result = run("check", "--content", tmp_path)
    assert result.exit_code == 1
    assert "x.md:4: error: unknown locale 'de'" in result.output


def test_index_search_ask_eval_tune(run, tmp_path, questions):
    index = tmp_path / "index"
    built = run("index", "--content", FIXTURE_KB, "--index", index, "--json")
    assert built.exit_code == 0 and json.loads(built.output)["articles"] == 9

    found = json.loads(run("search", "where is my parcel", "--index", index, "--json").output)
    assert found["hits"][0]["id"] == "track-order"
    ru = json.loads(run("search", "где посылка", "--locale", "ru", "--index", index, "--json").output)
    assert ru["hits"][0]["locale"] == "ru"

    reply = json.loads(run("ask", "I forgot my password", "--index", index, "--json").output)
    assert reply["decision"] in ("answer", "clarify", "handoff") and reply["tried"][0]["id"] == "reset-password"

    tuned = json.loads(run("tune", "--index", index, "--queries", questions, "--json").output)
    assert {"answer_threshold", "handoff_threshold"} <= set(tuned)
    metrics = json.loads(run("eval", "--index", index, "--queries", questions, "--json",
                             "--answer-threshold", tuned["answer_threshold"],
                             "--handoff-threshold", tuned["handoff_threshold"]).output)
    assert EVAL_KEYS <= set(metrics)
    assert metrics["answer_threshold"] == tuned["answer_threshold"]
    assert (metrics["queries"], metrics["in_scope_queries"], metrics["oos_queries"]) == (4, 3, 1)
    assert metrics["recall_at_1"] == 1.0
    for key in ("in_scope_accuracy", "oos_recall", "answered_precision", "answer_rate", "recall_at_5", "mrr"):
        assert metrics[key] is None or 0.0 <= metrics[key] <= 1.0


def test_errors_name_the_problem_and_the_fix(run, tmp_path, questions):
    result = run("search", "refund", "--index", tmp_path / "missing")
    assert result.exit_code == 1 and "no index in" in result.output and "askdesk index" in result.output
    index = tmp_path / "index"
    run("index", "--content", FIXTURE_KB, "--index", index)
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"query": "x", "expected": ["nope"]}\n{oops\n', encoding="utf-8")
    result = run("eval", "--index", index, "--queries", bad)
    assert result.exit_code == 1 and "bad.jsonl:2: not valid JSON" in result.output
    bad.write_text('{"query": "x", "expected": ["nope"]}\n', encoding="utf-8")
    result = run("eval", "--index", index, "--queries", bad)
    assert result.exit_code == 1 and "ids the index does not have: nope" in result.output
    result = run("eval", "--index", index, "--queries", questions, "--answer-threshold", "0.1",
                 "--handoff-threshold", "0.5")
    assert result.exit_code == 1 and "handoff_threshold (0.5) must be between 0 and answer_threshold (0.1)" in result.output
    result = run("index", "--content", FIXTURE_KB, "--index", index, "--encoder", "nope")
    assert result.exit_code == 1 and "unknown encoder 'nope'" in result.output


def test_index_exits_1_and_names_what_a_build_left_out_or_keeps_the_previous_with_strict(run, tmp_path):
    import shutil

    kb, index = tmp_path / "kb", tmp_path / "index"
    shutil.copytree(FIXTURE_KB, kb)
    first = run("index", "--content", kb, "--index", index, "--json")
    assert first.exit_code == 0 and json.loads(first.stdout)["left_out"] == []
    previous = json.loads(first.stdout)["build_id"]
    broken = kb / "en" / "account" / "reset-password.md"
    broken.write_text(broken.read_text(encoding="utf-8").replace("title: Reset your password",
                                                                  'title: "Reset your password'), encoding="utf-8")

    strict = run("index", "--content", kb, "--index", index, "--strict")
    assert strict.exit_code == 1
    assert f"{broken}:3: error: front matter is not valid YAML" in strict.stderr
    assert f"--strict and 1 article file with errors ({broken}): no new build was made, build {previous} " \
           "stays current" in strict.stderr
    assert (index / "CURRENT").read_text(encoding="utf-8").strip() == previous

    lenient = run("index", "--content", kb, "--index", index)
    assert lenient.exit_code == 1 and lenient.stdout.startswith("indexed 8 articles")
    new = (index / "CURRENT").read_text(encoding="utf-8").strip()
    assert new != previous and f"build {new} is current WITHOUT 1 article file with errors: {broken}" in lenient.stderr
    as_json = run("index", "--content", kb, "--index", index, "--json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout)["left_out"] == [str(broken)]

    empty = tmp_path / "empty"
    (empty / "en").mkdir(parents=True)
    (empty / "en" / "a.md").write_text("---\ntitle: 'A\n---\nBody\n", encoding="utf-8")
    nothing = run("index", "--content", empty, "--index", tmp_path / "none")
    assert nothing.exit_code == 1 and "no article could be indexed: no new build was made, there is no build" \
        in nothing.stderr


def test_import_jsonl_and_csv(run, tmp_path):
    jsonl = tmp_path / "kb.jsonl"
    jsonl.write_text(json.dumps({"id": "card_arrival", "title": "Card arrival", "questions": ["where is my card?"],
                                 "body": "Cards arrive in 5 days.", "locale": "en", "category": ""}) + "\n"
                     + json.dumps({"id": "odd id?", "title": "Odd", "questions": [], "body": "x"}) + "\n"
                     + json.dumps({"id": "odd?", "title": "Odd", "questions": [], "body": "y"}) + "\n"
                     + json.dumps({"id": "odd", "title": "Odd", "questions": [], "body": "z"}) + "\n",
                     encoding="utf-8")
    assert run("import", jsonl, "--out", tmp_path / "out").exit_code == 0
    csv_file = tmp_path / "faq.csv"
    csv_file.write_text("question,answer,category,locale\nHow to pay?,By card.,billing,en\n"
                        "Can I pay by card?,By card.,billing,en\nКак оплатить?,Картой.,billing,ru\n", encoding="utf-8")
    assert run("import", csv_file, "--out", tmp_path / "out").exit_code == 0
    from askdesk.kb.loader import load_content

    articles = {a.key: a for a in load_content(tmp_path / "out", ("en", "ru")).articles}
    assert articles["en:card_arrival"].questions == ["where is my card?"]
    assert "en:odd-id" in articles  # not a valid id: slugified
    assert articles["en:odd?"].body_markdown.strip() == "y" and articles["en:odd"].body_markdown.strip() == "z"
    assert articles["en:how-to-pay"].questions == ["Can I pay by card?"]
    assert "ru:как-оплатить" in articles
    bad = tmp_path / "bad.csv"
    bad.write_text("q,a\nx,y\n", encoding="utf-8")
    result = run("import", bad, "--out", tmp_path / "out2")
    assert result.exit_code == 1 and "`question` and `answer` columns" in result.output
