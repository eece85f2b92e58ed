"""The agents' JSON API and the /agent console: tokens, roles, internal articles, the ticket inbox."""
import re

import pytest

from askdesk.core.records import MessageSent, QuestionAsked
from askdesk.store.tokens import SqlTokens

ERROR_KEYS = {"ok", "error", "errors", "status"}
XSS = "<img src=x onerror=alert(1)>"


@pytest.fixture
def store(app):
    return app.extensions["askdesk"].store


@pytest.fixture
def tokens(store):
    return SqlTokens(store)


@pytest.fixture
def agent_token(tokens):
    return tokens.create("alice", "agent")[0]


@pytest.fixture
def editor_token(tokens):
    return tokens.create("erin", "editor")[0]


@pytest.fixture
def api(app, agent_token):
    """A client that sends the agent's bearer token."""
    client = app.test_client()

    def call(method, path, token=agent_token, **kwargs):
        return client.open(path, method=method, headers={"Authorization": f"Bearer {token}"}, **kwargs)
    return call


@pytest.fixture
def ticket(store):
    session = store.create_session("en", "https://shop.example/cart")
    store.add_event(session.id, QuestionAsked("where is my parcel"))
    return store.create_ticket(session.id, "customer_request", "en", "https://shop.example/cart", "bob@example.com", {
        "transcript": [{"from": "customer", "text": f"Where is my parcel? {XSS}"},
                       {"from": "bot", "text": "Open Account → Orders to see the tracking number."},
                       {"from": "customer", "text": "talk to a person"}],
        "tried": [{"id": "track-order", "locale": "en", "title": "Track your order", "score": 0.41}]})


def assert_error(response, status, fragment=""):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == ERROR_KEYS and body["ok"] is False and body["status"] == status
    assert fragment in body["error"]


# -- every agent route is behind a token --------------------------------------------------------
def agent_requests(app, number):
    """One request per method of every /api/v1/agent rule, so a new route cannot be forgotten."""
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/agent"):
            continue
        path = rule.rule.replace("<int:number>", str(number))
        assert "<" not in path, f"give {rule.rule} an example value here"
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, path


def test_every_agent_route_refuses_anonymous_bad_and_revoked_tokens(app, tokens, ticket):
    client = app.test_client()
    revoked, _ = tokens.create("mallory", "editor")
    tokens.revoke("mallory")
    headers = {"anonymous": {}, "bad": {"Authorization": "Bearer askd_not-a-real-token"},
               "revoked": {"Authorization": f"Bearer {revoked}"}, "other scheme": {"Authorization": f"Basic {revoked}"}}
    routes = list(agent_requests(app, ticket.number))
    assert len(routes) >= 5
    for method, path in routes:
        for who, header in headers.items():
            response = client.open(path, method=method, headers=header, json={"text": "parcel", "status": "solved"},
                                   query_string={"q": "refund"})
            assert_error(response, 401)
            assert response.headers["WWW-Authenticate"].startswith("Bearer"), (who, method, path)
            body = response.get_data(as_text=True)
            assert "bob@example.com" not in body and "parcel" not in body.lower(), (who, method, path)
    assert app.extensions["askdesk"].store.get_ticket(ticket.number).status == "open"


# -- search and suggestions ---------------------------------------------------------------------
def test_agents_find_internal_articles_with_their_audience(api):
    body = api("GET", "/api/v1/agent/search", query_string={"q": "how much can an agent refund without a lead"}).get_json()
    top = body["hits"][0]
    assert (top["id"], top["audience"], top["status"]) == ("refund-approval", "internal", "published")
    assert top["url"] == "/agent/articles/en/refund-approval"   # no public page: the console's, for agents
    assert {"id", "title", "audience", "snippet", "url", "score"} <= set(top)
    public = api("GET", "/api/v1/agent/search", query_string={"q": "forgot my password", "limit": 2}).get_json()
    assert public["hits"][0]["url"] == "/help/en/reset-password" and len(public["hits"]) <= 2


def test_agents_may_not_include_drafts_and_editors_may(api, editor_token):
    query = {"q": "do I earn loyalty points", "include_drafts": "true"}
    assert_error(api("GET", "/api/v1/agent/search", query_string=query), 403, "role 'editor'")
    assert "loyalty-points" not in [h["id"] for h in api("GET", "/api/v1/agent/search",
                                                             query_string={"q": query["q"]}).get_json()["hits"]]
    hits = api("GET", "/api/v1/agent/search", token=editor_token, query_string=query).get_json()["hits"]
    assert (hits[0]["id"], hits[0]["status"]) == ("loyalty-points", "draft")
    assert_error(api("GET", "/api/v1/agent/search", query_string={"q": "x", "include_drafts": "maybe"}), 400,
                 "`include_drafts` must be true or false")


def test_suggest_searches_the_question_of_a_long_ticket(api):
    text = ("Hello team,\n" + "I have been a customer for years and I love the shop. " * 40 +
            "\nHow much can an agent refund without a lead?\n> earlier mail: where is my parcel?\nThanks, Bob")
    body = api("POST", "/api/v1/agent/suggest", json={"text": text}).get_json()
    assert body["query"].startswith("How much can an agent refund") and "earlier mail" not in body["query"]
    assert body["hits"][0]["id"] == "refund-approval"
    assert_error(api("POST", "/api/v1/agent/suggest", json={}), 400, "`text` is required")
    assert_error(api("POST", "/api/v1/agent/suggest", json={"text": "x" * 5001}), 413, "the limit is 5000")


# -- tickets ------------------------------------------------------------------------------------
def test_ticket_inbox_detail_and_label_round_trip(api, store, ticket):
    inbox = api("GET", "/api/v1/agent/tickets", query_string={"status": "open"}).get_json()
    assert inbox["counts"] == {"open": 1, "pending": 0, "solved": 0}
    summary = inbox["tickets"][0]
    assert (summary["number"], summary["reason"], summary["contact"], summary["label"]) == (
        ticket.number, "customer_request", "bob@example.com", None)
    assert summary["first_question"].startswith("Where is my parcel?")

    store.add_event(ticket.session_id, MessageSent("after_ticket", "still there?"))    # after the handoff
    detail = api("GET", f"/api/v1/agent/tickets/{ticket.number}").get_json()["ticket"]
    assert detail["page_url"] == "https://shop.example/cart" and detail["packet"]["tried"][0]["score"] == 0.41
    assert [e["kind"] for e in detail["events"]] == ["question", "message"]

    label = {"kind": "would_have_answered", "article_id": "refund-approval"}
    changed = api("PATCH", f"/api/v1/agent/tickets/{ticket.number}", json={"status": "solved", "label": label})
    assert changed.status_code == 200, changed.get_json()
    assert changed.get_json()["ticket"]["label"] == label
    assert store.get_ticket(ticket.number).label == "would_have_answered:refund-approval"
    assert api("GET", "/api/v1/agent/tickets", query_string={"status": "open"}).get_json()["tickets"] == []
    api("PATCH", f"/api/v1/agent/tickets/{ticket.number}", json={"label": {"kind": "wrong_answer"}})
    assert store.get_ticket(ticket.number).label == "wrong_answer"
    api("PATCH", f"/api/v1/agent/tickets/{ticket.number}", json={"label": None})
    assert store.get_ticket(ticket.number).label == ""
    agent_events = [(e.kind, e.payload) for e in store.events(ticket.session_id) if e.kind.startswith("agent_")]
    assert agent_events == [
        ("agent_status", {"ticket": ticket.number, "agent": "alice", "status": "solved", "previous": "open"}),
        ("agent_label", {"ticket": ticket.number, "agent": "alice", "label": "would_have_answered:refund-approval",
                         "previous": ""}),
        ("agent_label", {"ticket": ticket.number, "agent": "alice", "label": "wrong_answer",
                         "previous": "would_have_answered:refund-approval"}),
        ("agent_label", {"ticket": ticket.number, "agent": "alice", "label": "", "previous": "wrong_answer"})]


@pytest.mark.parametrize("body, status, fragment", [
    ({"status": "closed"}, 400, "`status` must be one of open, pending, solved, got 'closed'"),
    ({"label": {"kind": "would_have_answered", "article_id": "no-such-article"}}, 400,
     "there is no article 'no-such-article'"),
    ({"label": {"kind": "would_have_answered", "article_id": "loyalty-points"}}, 400,     # a draft: agents cannot see it
     "there is no article 'loyalty-points'"),
    ({"label": {"kind": "would_have_answered"}}, 400, "`label.article_id` is required"),
    ({"label": "wrong"}, 400, "`label` must be null or an object"),
    ({"status": "solved", "label": {"kind": "great"}}, 400, "`kind` is one of would_have_answered, wrong_answer"),
    ({"colour": "red"}, 400, "unknown: colour"),
    ({}, 400, "send `status` and/or `label`"),
])
def test_bad_ticket_changes_are_named_and_change_nothing(api, store, ticket, body, status, fragment):
    assert_error(api("PATCH", f"/api/v1/agent/tickets/{ticket.number}", json=body), status, fragment)
    assert (store.get_ticket(ticket.number).status, store.get_ticket(ticket.number).label) == ("open", "")


def test_unknown_tickets_and_statuses(api):
    assert_error(api("GET", "/api/v1/agent/tickets/999999"), 404, "no ticket 999999")
    assert_error(api("PATCH", "/api/v1/agent/tickets/999999", json={"status": "solved"}), 404, "no ticket 999999")
    assert_error(api("GET", "/api/v1/agent/tickets", query_string={"status": "closed"}), 400, "`status` must be")


# -- the console --------------------------------------------------------------------------------
def csrf_of(page) -> str:
    return re.search(r'name="csrf" value="([^"]+)"', page.get_data(as_text=True)).group(1)


def sign_in(client, token, next_path=None):
    page = client.get("/agent/login")
    data = {"csrf": csrf_of(page), "token": token}
    if next_path is not None:
        data["next"] = next_path
    return client.post("/agent/login", data=data)


def test_console_needs_a_login_and_refuses_bad_tokens(app, agent_token):
    client = app.test_client()
    response = client.get("/agent/tickets/1001?x=1")
    assert response.status_code == 302
    assert response.headers["Location"] == "/agent/login?next=/agent/tickets/1001?x%3D1"
    refused = sign_in(client, "askd_wrong")
    assert refused.status_code == 401 and "not valid or was revoked" in refused.get_data(as_text=True)
    assert client.get("/agent").status_code == 302
    assert sign_in(client, agent_token).headers["Location"] == "/agent"
    page = client.get("/agent")
    assert page.status_code == 200 and "alice" in page.get_data(as_text=True)
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]
    cookie = client.get_cookie("session")
    assert cookie.http_only and cookie.same_site == "Lax"


@pytest.mark.parametrize("target, expected", [
    ("/agent/tickets/1001", "/agent/tickets/1001"),
    ("https://evil.example", "/agent"),
    ("//evil.example/agent", "/agent"),
    ("/\\evil.example", "/agent"),
    ("/\t/evil.example", "/agent"),
])
def test_login_goes_only_to_local_paths(app, agent_token, target, expected):
    assert sign_in(app.test_client(), agent_token, target).headers["Location"] == expected


def test_ticket_page_shows_the_transcript_escaped(app, agent_token, ticket):
    client = app.test_client()
    sign_in(client, agent_token)
    page = client.get(f"/agent/tickets/{ticket.number}").get_data(as_text=True)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and XSS not in page
    assert "bob@example.com" in page and "Track your order" in page and "0.41" in page
    assert 'class="turn customer"' in page and 'class="turn bot"' in page
    assert "<script>" not in page.replace('<script src="/static/console.js" defer></script>', "")
    inbox = client.get("/agent?status=open&q=refund+limits+for+agents").get_data(as_text=True)
    assert f"/agent/tickets/{ticket.number}" in inbox and "Refund approval limits for agents" in inbox
    assert "&lt;img src=x" in inbox and XSS not in inbox


def test_console_forms_need_the_csrf_token_and_change_the_ticket(app, store, agent_token, ticket):
    client = app.test_client()
    sign_in(client, agent_token)
    path = f"/agent/tickets/{ticket.number}"
    csrf = csrf_of(client.get(path))
    assert client.post(f"{path}/status", data={"status": "solved"}).status_code == 400
    assert client.post(f"{path}/status", data={"status": "solved", "csrf": "forged"}).status_code == 400
    assert store.get_ticket(ticket.number).status == "open"
    assert client.post(f"{path}/status", data={"status": "pending", "csrf": csrf}).headers["Location"] == path
    bad = client.post(f"{path}/label", data={"kind": "would_have_answered", "article_id": "nope", "csrf": csrf})
    assert bad.status_code == 400 and "there is no article &#39;nope&#39;" in bad.get_data(as_text=True)
    client.post(f"{path}/label", data={"kind": "would_have_answered", "article_id": "track-order", "csrf": csrf})
    saved = store.get_ticket(ticket.number)
    assert (saved.status, saved.label) == ("pending", "would_have_answered:track-order")
    assert "Label saved." in client.get(path).get_data(as_text=True)
    suggested = client.post("/agent/suggest", data={"text": "Where is my parcel?", "csrf": csrf})
    assert suggested.status_code == 200 and "Track your order" in suggested.get_data(as_text=True)


def test_logout_and_revocation_end_the_console_session(app, tokens, agent_token, editor_token):
    client = app.test_client()
    sign_in(client, agent_token)
    csrf = csrf_of(client.get("/agent"))
    assert client.post("/agent/logout", data={"csrf": csrf}).headers["Location"] == "/agent/login"
    assert client.get("/agent").status_code == 302
    sign_in(client, editor_token)
    assert client.get("/agent").status_code == 200
    tokens.revoke("erin")
    assert client.get("/agent").headers["Location"].startswith("/agent/login")
