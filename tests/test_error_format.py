"""Every route answers its errors in its own format: the JSON envelope on API routes, a small HTML
page (escaped, with a link back, under the pages' Content-Security-Policy) on pages for people.

The tests walk the app's whole url_map, so a route added later is checked without being listed
here. What a route *should* answer is decided here from its path alone (:func:`expected`), apart
from how ``api/errors.py`` decides (by blueprint), so the two have to agree.
"""
import re

import pytest
from flask import abort

from askdesk.core.errors import NotFound
from askdesk.shell.app import create_app
from askdesk.store.tokens import SqlTokens

ERROR_KEYS = {"ok", "error", "errors", "status"}
API_PATHS = ("/healthz", "/readyz", "/metrics", "/widget.js")   # API routes outside /api/
EXAMPLE_VALUES = {"locale": "en", "int": "1"}
_ARGUMENT = re.compile(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>")
EVIL = "<script>alert(1)</script>"


def expected(path: str) -> str:
    """What a path should answer errors in: JSON for the API (and scripts and static files), HTML elsewhere."""
    return "json" if path.startswith(("/api/", "/static/")) or path == "/api" or path in API_PATHS else "html"


def example_path(rule) -> str:
    """The rule's path with example values: ``/agent/tickets/<int:number>`` → ``/agent/tickets/1``."""
    def value(match):
        converter, name = match.group(1), match.group(2)
        return EXAMPLE_VALUES.get(converter) or EXAMPLE_VALUES.get(name) or "x"
    return _ARGUMENT.sub(value, rule.rule)


def routes(app):
    """(rule, example path, a method it takes) for every rule of the app."""
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        methods = sorted(rule.methods - {"HEAD", "OPTIONS"})
        yield rule, example_path(rule), methods[0]


def assert_format(response, status: int, kind: str, where: str) -> str:
    text = response.get_data(as_text=True)
    assert response.status_code == status, f"{where}: {response.status_code} {text[:300]}"
    if kind == "json":
        body = response.get_json(silent=True)
        assert body is not None and set(body) == ERROR_KEYS, f"{where}: not the JSON envelope: {text[:300]}"
        assert body["ok"] is False and body["status"] == status and body["error"], where
    else:
        assert response.mimetype == "text/html", f"{where}: {response.mimetype} {text[:300]}"
        assert text.lstrip().lower().startswith("<!doctype html>") and f"{status}" in text, where
        assert "<a href=" in text, f"{where}: no link back"
        assert "script-src 'self'" in response.headers.get("Content-Security-Policy", ""), where
    return text


@pytest.fixture
def make_app(hash_config):
    made = []

    def make(**overrides):
        made.append(create_app({**hash_config, **overrides}))
        return made[-1]
    yield make
    for app in made:
        app.extensions["askdesk"].store.close()


def test_the_oracle_covers_the_routes_there_are(make_app):
    app = make_app(rate_limit="")
    kinds = {expected(path) for _, path, _ in routes(app)}
    assert kinds == {"json", "html"}
    assert expected("/help/en/x") == expected("/demo") == expected("/agent") == expected("/editor/gaps") == "html"


def test_every_route_answers_a_405_in_its_format(make_app):
    app = make_app(rate_limit="")
    client, token, _ = _signed_in(app)     # a caller who may see every route (else the agent API's is a 401)
    adapter = app.url_map.bind("localhost")
    for rule, path, _ in routes(app):
        allowed = set(adapter.allowed_methods(path))
        method = next(m for m in ("PUT", "DELETE", "PATCH", "POST", "GET") if m not in allowed)
        response = client.open(path, method=method, headers={"Authorization": f"Bearer {token}"})
        assert_format(response, 405, expected(path), f"{method} {path} ({rule.endpoint})")
        assert set(response.headers["Allow"].replace(" ", "").split(",")) >= allowed - {"OPTIONS"}


def test_unknown_urls_are_json_under_api_and_html_elsewhere(make_app):
    app = make_app(rate_limit="")
    client, token, _ = _signed_in(app)     # signed in, so an unknown console or agent API page is a 404
    client.environ_base["HTTP_AUTHORIZATION"] = f"Bearer {token}"
    prefixes = {bp.url_prefix for bp in app.blueprints.values() if bp.url_prefix}
    paths = ["/api", "/api/nope", "/api/v2/search", "/nope", "/help/nope", "/demo/nope", "/healthz/nope"]
    paths += [f"{prefix.rstrip('/')}/no/such/page" for prefix in sorted(prefixes)]
    assert {expected(p) for p in paths} == {"json", "html"}
    for path in paths:
        assert_format(client.get(path), 404, expected(path), f"GET {path}")


def _signed_in(app):
    """A client signed in to the console as an editor (who may open every page), with its bearer token."""
    token = SqlTokens(app.extensions["askdesk"].store).create("erin", "editor")[0]
    client = app.test_client()
    client.get("/agent/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    assert client.post("/agent/login", data={"token": token, "csrf": csrf}).status_code == 302
    with client.session_transaction() as session:
        csrf = session["csrf"]        # signing in starts a new session with a new form token
    return client, token, csrf


@pytest.mark.parametrize("failure, status", [
    (lambda: NotFound(f"no such thing {EVIL}"), 404),      # an askdesk error a view raises
    (lambda: None, 404),                                   # a werkzeug abort(404)
    (lambda: RuntimeError(f"a bug {EVIL}"), 500),          # anything unexpected
], ids=["askdesk-error", "abort-404", "unexpected-500"])
def test_every_route_answers_errors_its_view_raises_in_its_format(make_app, failure, status):
    app = make_app(rate_limit="")
    client, token, csrf = _signed_in(app)

    def failing(**_):
        exc = failure()
        if exc is None:
            abort(404, description=f"nothing here {EVIL}")
        raise exc
    for endpoint in list(app.view_functions):
        app.view_functions[endpoint] = failing
    for rule, path, method in routes(app):
        response = client.open(path, method=method, headers={"Authorization": f"Bearer {token}"},
                               data={"csrf": csrf} if method != "GET" else None)
        kind = expected(path)
        text = assert_format(response, status, kind, f"{method} {path} ({rule.endpoint})")
        assert "a bug" not in text                            # an unexpected error's text stays in the log
        if kind == "html":
            assert EVIL not in text and (status == 500 or "&lt;script&gt;" in text), f"{path}: not escaped"


def test_every_rate_limited_route_answers_a_429_in_its_format(make_app):
    app = make_app(rate_limit="1/minute")
    client = app.test_client()
    limited = set()
    for n, (rule, path, method) in enumerate(routes(app)):
        environ = {"REMOTE_ADDR": f"10.1.{n // 250}.{n % 250 + 1}"}   # a client of its own per route
        client.open(path, method=method, environ_base=environ)
        response = client.open(path, method=method, environ_base=environ)
        if response.status_code == 429:
            assert_format(response, 429, expected(path), f"{method} {path} ({rule.endpoint})")
            limited.add(rule.endpoint.partition(".")[0])
    assert limited >= {"public", "conversations", "pages"}


def test_the_sign_in_limit_answers_an_html_page(make_app):
    client = make_app().test_client()
    client.get("/agent/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    responses = [client.post("/agent/login", data={"token": "askd_wrong", "csrf": csrf}) for _ in range(11)]
    text = assert_format(responses[-1], 429, "html", "POST /agent/login")
    assert "too many requests" in text and responses[-1].headers["X-Frame-Options"] == "DENY"


# -- what the pages say ---------------------------------------------------------------------------
def test_help_error_pages_speak_the_pages_language_and_link_home(make_app):
    client = make_app(rate_limit="").test_client()
    page = assert_format(client.get("/help/ru/no-such-article"), 404, "html", "ru article")
    assert 'lang="ru"' in page and "Такой страницы нет" in page and 'href="/help?locale=ru"' in page
    assert "no public article &#39;no-such-article&#39;" in page
    page = assert_format(client.get("/nope", headers={"Accept-Language": "ru"}), 404, "html", "/nope in ru")
    assert "Справочный центр" in page
    page = assert_format(client.put("/help?locale=en"), 405, "html", "PUT /help")
    assert 'lang="en"' in page and 'href="/help?locale=en"' in page


def test_console_error_pages_keep_the_consoles_look_and_headers(make_app):
    app = make_app(rate_limit="")
    client, _, _ = _signed_in(app)
    for path in ("/agent/tickets/999", "/agent/no/such/page", "/editor/no/such/page"):
        response = client.get(path)
        page = assert_format(response, 404, "html", path)
        assert "console.css" in page and "Back to the inbox" in page
        assert "frame-ancestors 'none'" in response.headers["Content-Security-Policy"]
        assert response.headers["Cache-Control"] == "no-store"
    page = assert_format(client.get("/editor/reports/nope"), 404, "html", "/editor/reports/nope")
    assert "editor.css" in page and "Back to the dashboard" in page


def test_api_errors_keep_the_json_envelope(make_app):
    client = make_app(rate_limit="").test_client()
    body = client.get("/api/v1/articles/nope").get_json()
    assert body == {"ok": False, "error": "no article 'nope'; search with /api/v1/search?q=…", "errors": [],
                    "status": 404}
    assert client.get("/api/v1/agent/tickets").get_json()["status"] == 401
