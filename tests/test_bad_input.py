"""A client's mistake is a 4xx in the one JSON shape with no traceback in the log, whatever it sends:
lone surrogates, JSON nested thousands of levels, numbers no store can hold, periods out of range.

The JSON routes are found by walking the app's url_map (every POST or PATCH under /api/), so a route
added later is checked without being listed here.
"""
import datetime as dt
import logging

import pytest

from askdesk.analytics.period import window
from askdesk.core.errors import BadRequest
from askdesk.shell.app import create_app
from askdesk.store.tokens import SqlTokens

ERROR_KEYS = {"ok", "error", "errors", "status"}
# Every text field a JSON route reads, so whichever the route reads first meets the bad value.
FIELDS = ("question", "text", "locale", "page_url", "article_id", "helpful", "contact", "name", "note",
          "status", "label")
SESSION = "0" * 32


@pytest.fixture
def app(hash_config):
    app = create_app({**hash_config, "rate_limit": ""})
    yield app
    app.extensions["askdesk"].store.close()


@pytest.fixture
def call(app):
    """A client that sends an editor's bearer token (an editor may call every API route)."""
    tokens = SqlTokens(app.extensions["askdesk"].store)
    token = tokens.create("erin", "editor")[0]
    client = app.test_client()

    def send(method, path, **kwargs):
        return client.open(path, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)
    return send


@pytest.fixture
def json_routes(app, call):
    """(method, example path) of every route under /api/ that reads a JSON body (it refuses plain
    text), on a real session and ticket."""
    store = app.extensions["askdesk"].store
    session = store.create_session("en")
    number = store.create_ticket(session.id, "customer_request", "en", "", "bob@example.com", {}).number
    found = []
    for rule in app.url_map.iter_rules():
        for method in sorted(rule.methods & {"POST", "PATCH"}):
            path = rule.rule.replace("<session_id>", session.id).replace("<int:number>", str(number))
            refused = call(method, path, data="plain text", content_type="text/plain")
            if rule.rule.startswith("/api/") and refused.status_code == 400 and "JSON" in refused.get_json()["error"]:
                found.append((method, path))
    assert len(found) >= 9
    return found


def assert_client_error(response, status: int, *words: str) -> str:
    body = response.get_json(silent=True)
    assert response.status_code == status, response.get_data(as_text=True)[:300]
    assert body is not None and set(body) == ERROR_KEYS and body["status"] == status
    for word in words:
        assert word in body["error"], body["error"]
    return body["error"]


@pytest.fixture
def no_tracebacks(caplog):
    caplog.set_level(logging.ERROR)
    yield
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR], "a client's mistake was logged as an error"


@pytest.mark.parametrize("raw", [False, True], ids=["escaped", "raw-bytes"])
def test_a_lone_surrogate_in_any_json_text_field_is_a_400_naming_it(call, json_routes, no_tracebacks, raw):
    for method, path in json_routes:
        for field in FIELDS:
            if raw:   # the surrogate's own three bytes, which Python's JSON decoder lets through
                data = b'{"' + field.encode() + b'": "\xed\xa0\x80 reset"}'
            else:
                data = '{"' + field + '": "\\ud800 reset"}'
            response = call(method, path, data=data, content_type="application/json")
            assert_client_error(response, 400, f"`{field}`", "surrogate")


def test_a_lone_surrogate_deep_in_a_body_or_in_a_key_is_named(call, no_tracebacks):
    response = call("POST", "/api/v1/ask", data='{"question": "reset", "extra": [{"x": "ok \\udfff"}]}',
                    content_type="application/json")
    assert_client_error(response, 400, "`extra[0].x`", "surrogate")
    response = call("POST", "/api/v1/ask", data='{"question": "reset", "\\ud800": 1}', content_type="application/json")
    assert_client_error(response, 400, "key", "surrogate")
    pair = call("POST", "/api/v1/ask", data='{"question": "reset \\ud83d\\ude00"}', content_type="application/json")
    assert pair.status_code == 200                    # a proper pair is an emoji, not a lone surrogate


def test_bad_utf8_in_a_query_string_is_replaced_not_a_500(call, no_tracebacks):
    for path in ("/api/v1/search?q=%ED%A0%80reset", "/api/v1/suggest?q=%ED%A0%80reset", "/api/v1/top?locale=%ED%A0%80",
                 "/api/v1/agent/search?q=%ED%A0%80reset", "/api/v1/editor/report?since=%ED%A0%80"):
        assert call("GET", path).status_code < 500, path


@pytest.mark.parametrize("nested", ["[" * 5000 + "]" * 5000, '{"a":' * 4000 + "1" + "}" * 4000,
                                    '{"question": ' + "[" * 40 + "]" * 40 + "}"],
                         ids=["array-5000", "object-4000", "array-40"])
def test_json_nested_deeply_is_a_400_on_every_json_route(call, json_routes, no_tracebacks, nested):
    for method, path in json_routes:
        assert_client_error(call(method, path, data=nested, content_type="application/json"), 400, "nested", "32")


def test_numbers_no_store_can_hold_match_no_route(app, call, no_tracebacks):
    huge = "9" * 30
    for method, path in (("GET", f"/api/v1/agent/tickets/{huge}"), ("PATCH", f"/api/v1/agent/tickets/{huge}"),
                         ("GET", f"/api/v1/agent/tickets/{2 ** 63}")):
        assert_client_error(call(method, path, json={"status": "closed"}), 404, "nothing numbered", str(2 ** 63 - 1))
    assert_client_error(call("GET", f"/api/v1/agent/tickets/{2 ** 63 - 1}"), 404, "no ticket")
    client = app.test_client()
    page = client.get(f"/agent/tickets/{huge}")    # the console: its own HTML page
    assert page.status_code == 404 and page.mimetype == "text/html" and "nothing numbered" in page.get_data(as_text=True)


@pytest.mark.parametrize("query, name", [
    ("since=99999999d", "since"), ("since=99999999999999999999w", "since"), ("since=9999999999h", "since"),
    ("until=9999-12-31", "until"), ("since=0001-01-01", "since"), ("since=0001-01-01T00:00%2B05:00", "since"),
    ("since=2026-01-01&until=9999-12-31T23:00-05:00", "until"),
])
def test_periods_out_of_range_are_a_400_naming_the_parameter_and_the_range(call, no_tracebacks, query, name):
    for path in ("/api/v1/editor/report", "/api/v1/editor/gaps"):
        assert_client_error(call("GET", f"{path}?{query}"), 400, f"`{name}`", "36500d", "1970-01-01", "9999-12-30")


def test_the_edges_of_the_range_are_accepted(call):
    assert call("GET", "/api/v1/editor/report?since=36500d").status_code == 200
    assert call("GET", "/api/v1/editor/report?since=1970-01-01&until=9999-12-30").status_code == 200


def test_the_command_lines_periods_have_the_same_range():
    now = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)
    with pytest.raises(BadRequest, match="`since` is '99999999d'"):
        window("99999999d", None, now)
    with pytest.raises(BadRequest, match="`until` is '9999-12-31T23:00-05:00'"):
        window("30d", "9999-12-31T23:00-05:00", now)
    assert window("1970-01-01", "2026-01-01", now)[0].startswith("1970-01-01")
