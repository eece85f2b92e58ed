"""The headers that keep a browser and the caches between safe: Secure cookies and HSTS behind https,
no-store on what a token opens, and a 401 for every path of the token-only APIs, known or not."""
import pytest

from askdesk.shell.app import create_app
from askdesk.store.tokens import SqlTokens

ERROR_KEYS = {"ok", "error", "errors", "status"}
TOKEN_APIS = ("/api/v1/agent", "/api/v1/editor")


@pytest.fixture
def make_app(hash_config):
    made = []

    def make(**overrides):
        made.append(create_app({**hash_config, "rate_limit": "", **overrides}))
        return made[-1]
    yield make
    for app in made:
        app.extensions["askdesk"].store.close()


def sign_in(app):
    """A console client signed in as an editor, and the ``Set-Cookie`` of its sign-in."""
    token = SqlTokens(app.extensions["askdesk"].store).create("erin", "editor")[0]
    client = app.test_client()
    client.get("/agent/login")
    with client.session_transaction() as session:
        csrf = session["csrf"]
    response = client.post("/agent/login", data={"token": token, "csrf": csrf})
    assert response.status_code == 302
    return client, token, response.headers.getlist("Set-Cookie")


def token_routes(app):
    """An example path and a method of every route of the agent and editor APIs."""
    store = app.extensions["askdesk"].store
    number = store.create_ticket(store.create_session("en").id, "customer_request", "en", "", "bob@example.com",
                                 {}).number
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(TOKEN_APIS):
            yield rule.rule.replace("<int:number>", str(number)), sorted(rule.methods - {"HEAD", "OPTIONS"})[0]


def test_behind_https_the_session_cookie_is_secure_and_every_response_has_hsts(make_app):
    app = make_app(public_url="https://help.example.com")
    client, _, cookies = sign_in(app)
    assert cookies and all("Secure" in c and "HttpOnly" in c for c in cookies), cookies
    for path in ("/", "/help", "/api/v1/top", "/healthz", "/agent", "/nope"):
        assert client.get(path).headers.get("Strict-Transport-Security") == "max-age=31536000", path


@pytest.mark.parametrize("public_url", ["", "http://localhost:8080"])
def test_over_plain_http_the_cookie_is_not_secure_and_there_is_no_hsts(make_app, public_url):
    app = make_app(public_url=public_url)
    client, _, cookies = sign_in(app)
    assert cookies and not any("Secure" in c for c in cookies)       # a browser would drop it over http
    assert "Strict-Transport-Security" not in client.get("/help").headers


def test_what_a_token_opens_is_never_cached(make_app):
    app = make_app()
    client, token, _ = sign_in(app)
    checked = 0
    for path, method in token_routes(app):
        body = {"text": "where is my parcel"} if method == "POST" else {"status": "pending"} if method == "PATCH" else None
        response = client.open(path, method=method, json=body, query_string={"q": "parcel"},
                               headers={"Authorization": f"Bearer {token}"})
        assert response.status_code < 400, f"{method} {path}: {response.get_data(as_text=True)[:200]}"
        assert response.headers.get("Cache-Control") == "no-store", f"{method} {path}"
        checked += 1
    assert checked >= 6
    # the pages that show customers' contacts and questions, and what the token-only APIs refuse
    for path in ("/agent", "/agent/tickets/1", "/editor", "/editor/reports/top_questions.csv"):
        assert client.get(path).headers.get("Cache-Control") == "no-store", path
    assert app.test_client().get("/api/v1/agent/tickets").headers.get("Cache-Control") == "no-store"


@pytest.mark.parametrize("prefix", TOKEN_APIS)
def test_every_path_of_the_token_apis_is_a_401_without_a_token_known_or_not(make_app, prefix):
    app = make_app()
    client = app.test_client()
    known = [(path, method) for path, method in token_routes(app) if path.startswith(prefix)]
    unknown = [(prefix, "GET"), (prefix + "/", "GET"), (prefix + "/nope", "GET"), (prefix + "/tickets/1/nope", "POST"),
               (known[0][0], "PUT"), (prefix + "/" + "9" * 30, "DELETE")]
    for path, method in known + unknown:
        response = client.open(path, method=method)
        body = response.get_json(silent=True)
        assert response.status_code == 401, f"{method} {path}: {response.status_code}"
        assert body is not None and set(body) == ERROR_KEYS and "Authorization: Bearer" in body["error"], path
        assert response.headers["WWW-Authenticate"] == 'Bearer realm="askdesk"', path
        assert response.headers["Cache-Control"] == "no-store", path
    # with a valid token an unknown path is what it is: a 404 in the JSON shape
    _, token, _ = sign_in(app)
    response = client.get(prefix + "/nope", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 404 and set(response.get_json()) == ERROR_KEYS
    bad = client.get(prefix + "/nope", headers={"Authorization": "Bearer askd_not_a_token"})
    assert bad.status_code == 401 and "not valid" in bad.get_json()["error"]
