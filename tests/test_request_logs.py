"""One log line per request (askdesk.api.observe, formatted by askdesk.shell.logs): the request id
(the client's when sane, echoed in X-Request-Id), method, route, status and duration, as text or as
JSON lines; never what the customer typed."""
import json
import logging

import pytest
from click.testing import CliRunner

from askdesk.shell.app import create_app
from askdesk.shell.cli import main
from askdesk.shell.logs import JsonLines, configure_logging

from support.servers import serving

QUESTION = "my card 4111 was charged twice"


@pytest.fixture
def clean_loggers():
    saved = {name: (logging.getLogger(name).level, list(logging.getLogger(name).handlers))
             for name in ("askdesk", "waitress")}
    for name in saved:
        logging.getLogger(name).handlers[:] = [h for h in logging.getLogger(name).handlers
                                               if not getattr(h, "_askdesk_handler", False)]
    yield
    for name, (level, handlers) in saved.items():
        logging.getLogger(name).setLevel(level)
        logging.getLogger(name).handlers[:] = handlers


@pytest.fixture
def client(hash_config):
    return create_app(hash_config).test_client()


def request_lines(err: str) -> list[dict]:
    return [line for line in map(json.loads, err.splitlines()) if line["logger"] == "askdesk.api.requests"]


def test_a_json_line_per_request_with_its_id_route_status_and_time(clean_loggers, capsys, client):
    configure_logging("info", "json")
    session = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
    capsys.readouterr()
    response = client.post(f"/api/v1/sessions/{session}/messages", json={"text": QUESTION},
                           headers={"X-Request-Id": "edge-7f3a.01"})
    searched = client.get("/api/v1/search", query_string={"q": QUESTION})
    err = capsys.readouterr().err
    first, second = request_lines(err)
    assert response.headers["X-Request-Id"] == "edge-7f3a.01"
    assert first["request_id"] == "edge-7f3a.01" and first["level"] == "INFO"
    assert (first["method"], first["route"], first["status"]) == ("POST", "/api/v1/sessions/<session_id>/messages", 200)
    assert isinstance(first["duration_ms"], float) and first["duration_ms"] >= 0
    assert second["request_id"] == searched.headers["X-Request-Id"] and len(second["request_id"]) == 32
    assert (second["route"], second["status"]) == ("/api/v1/search", 200)
    # the customer's words and the conversation's id stay out of the log
    assert "4111" not in err and "charged" not in err and session not in err


@pytest.mark.parametrize("incoming", ["x" * 129, "has space", "tab\tid", "id;drop", "", "<script>"])
def test_an_insane_request_id_is_replaced(client, incoming):
    response = client.get("/healthz", headers={"X-Request-Id": incoming})
    echoed = response.headers["X-Request-Id"]
    assert echoed != incoming and len(echoed) == 32 and echoed.isalnum()


def test_a_text_line_and_errors_keep_their_status(clean_loggers, capsys, client):
    configure_logging("info", "text")
    client.get("/api/v1/articles/no-such-article")
    client.get("/api/v1/nowhere")
    lines = [line for line in capsys.readouterr().err.splitlines() if "askdesk.api.requests" in line]
    assert len(lines) == 2
    assert " GET /api/v1/articles/<path:article_id> 404 " in lines[0] and lines[0].endswith(" ms")
    assert " GET unmatched 404 " in lines[1] and "nowhere" not in lines[1]


def test_warning_level_hides_the_request_lines(clean_loggers, capsys, client):
    configure_logging("warning", "json")
    client.get("/healthz")
    assert capsys.readouterr().err == ""


def test_the_cli_takes_the_log_format_setting(clean_loggers, monkeypatch):
    monkeypatch.setenv("ASKDESK_LOG_FORMAT", "json")
    assert CliRunner().invoke(main, ["settings"]).exit_code == 0
    handlers = [h for h in logging.getLogger("askdesk").handlers if getattr(h, "_askdesk_handler", False)]
    assert len(handlers) == 1 and isinstance(handlers[0].formatter, JsonLines)
    with pytest.raises(ValueError, match="unknown log format 'xml'"):
        configure_logging("info", "xml")


@pytest.mark.slow
def test_askdesk_serve_logs_each_request_as_json(hash_index, tmp_path):
    settings = {"ASKDESK_INDEX_DIR": str(hash_index), "ASKDESK_ENCODER": "hash",
                "ASKDESK_STORE_URL": str(tmp_path / "askdesk.db"), "ASKDESK_SECRET_KEY": "logs",
                "ASKDESK_LOG_FORMAT": "json"}
    with serving(settings, tmp_path, count=1) as (server,):
        answered = server.request("GET", "/api/v1/search?q=" + "reset%20password", headers={"X-Request-Id": "abc-1"})
        assert answered.status == 200 and answered.headers["X-Request-Id"] == "abc-1"
        server.stop()
        lines = [json.loads(line) for line in server.stderr().splitlines() if line.startswith("{")]
    searched = [line for line in lines if line.get("request_id") == "abc-1"]
    assert len(searched) == 1 and searched[0]["route"] == "/api/v1/search" and searched[0]["status"] == 200
    assert "password" not in server.stderr()


def test_an_error_line_carries_the_request_id_and_its_traceback(clean_loggers, capsys, hash_config):
    app = create_app(hash_config)

    def broken():
        raise RuntimeError("the disk caught fire")

    app.view_functions["ops.healthz"] = broken
    configure_logging("info", "json")
    response = app.test_client().get("/healthz", headers={"X-Request-Id": "req-42"})
    assert response.status_code == 500 and response.headers["X-Request-Id"] == "req-42"
    lines = [json.loads(line) for line in capsys.readouterr().err.splitlines()]
    error = next(line for line in lines if line["level"] == "ERROR")
    assert error["request_id"] == "req-42" and "RuntimeError: the disk caught fire" in error["exc"]
    assert request_lines("\n".join(json.dumps(line) for line in lines))[0]["status"] == 500
