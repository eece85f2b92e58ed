"""No public path ever reveals an internal or draft article: not its id, title or a word of its text.

The walk covers every route of the app that is not behind a login; a new public route that is not
in CALLS fails the test, so it cannot be forgotten.
"""
import pytest

from askdesk.kb.loader import load_content
from askdesk.shell.app import create_app

from support.paths import FIXTURE_KB, LOCALES

PRIVATE_PREFIXES = ("/agent", "/api/v1/agent", "/editor", "/api/v1/editor", "/static")
BOGUS_ID = "no-such-article-at-all"


def _replace(kwargs: dict, old: str, new: str) -> dict:
    if "json" in kwargs:
        return {**kwargs, "json": {k: (v.replace(old, new) if isinstance(v, str) else v)
                                   for k, v in kwargs["json"].items()}}
    return kwargs


def secret_articles():
    return [a for a in load_content(FIXTURE_KB, LOCALES).articles if not a.is_public]


def markers(article) -> list[str]:
    """What must never show: the id, the title, and a distinctive stretch of every passage."""
    found = [article.id, article.title]
    found += [p.text.split(".")[0][:40] for p in article.passages if len(p.text) > 20]
    return [m for m in found if m]


def questions(article) -> list[str]:
    return [article.title, *article.questions, article.summary]


def calls(sid: str, secrets) -> dict[str, list[tuple]]:
    """For each public route: the requests that try hardest to reach a private article."""
    asks = [q for a in secrets for q in questions(a) if q]
    ids = [a.id for a in secrets]
    return {
        "/api/v1/search": [("GET", "/api/v1/search", {"query_string": {"q": q}}) for q in asks],
        "/api/v1/articles/<path:article_id>": [("GET", f"/api/v1/articles/{i}", {}) for i in ids],
        "/api/v1/ask": [("POST", "/api/v1/ask", {"json": {"question": q}}) for q in asks],
        "/api/v1/sessions": [("POST", "/api/v1/sessions", {"json": {"locale": loc}}) for loc in LOCALES],
        "/api/v1/sessions/<session_id>": [("GET", f"/api/v1/sessions/{sid}", {})],
        "/api/v1/sessions/<session_id>/messages": [
            ("POST", f"/api/v1/sessions/{sid}/messages", {"json": {"text": q}}) for q in asks],
        "/api/v1/sessions/<session_id>/choose": [
            ("POST", f"/api/v1/sessions/{sid}/choose", {"json": {"article_id": i}}) for i in ids],
        "/api/v1/sessions/<session_id>/feedback": [
            ("POST", f"/api/v1/sessions/{sid}/feedback", {"json": {"article_id": i, "helpful": False}}) for i in ids],
        "/api/v1/sessions/<session_id>/clicks": [
            ("POST", f"/api/v1/sessions/{sid}/clicks", {"json": {"article_id": i}}) for i in ids],
        "/api/v1/sessions/<session_id>/handoff": [("POST", f"/api/v1/sessions/{sid}/handoff", {})],
        "/api/v1/sessions/<session_id>/contact": [
            ("POST", f"/api/v1/sessions/{sid}/contact", {"json": {"contact": "a@example.com"}})],
        "/api/v1/search/<search_id>/clicks": [
            ("POST", f"/api/v1/search/{'0' * 32}/clicks", {"json": {"article_id": i, "position": 1}}) for i in ids],
        "/api/v1/suggest": [("GET", "/api/v1/suggest", {"query_string": {"q": q}}) for q in asks],
        "/api/v1/top": [("GET", "/api/v1/top", {"query_string": {"locale": loc}}) for loc in LOCALES],
        "/help": [("GET", "/help", {"query_string": {"q": q}}) for q in asks],
        "/help/<locale>/<path:article_id>": [("GET", f"/help/{loc}/{i}", {}) for i in ids for loc in LOCALES],
        "/healthz": [("GET", "/healthz", {})],
        "/readyz": [("GET", "/readyz", {})],
        "/metrics": [("GET", "/metrics", {})],   # from loopback: the counts of the walk so far, by route only
        "/api/v1/openapi.json": [("GET", "/api/v1/openapi.json", {})],
        "/widget.js": [("GET", "/widget.js", {})],
        "/demo": [("GET", "/demo", {"query_string": {"locale": loc}}) for loc in LOCALES],
        "/": [("GET", "/", {"query_string": {"locale": loc}}) for loc in LOCALES],
        "/favicon.ico": [("GET", "/favicon.ico", {})],
    }


@pytest.fixture
def app(hash_config):
    return create_app({**hash_config, "rate_limit": ""})


def test_the_fixture_has_secrets_that_search_would_find(app):
    """The walk means something only if the private articles are findable by agents."""
    secrets = secret_articles()
    assert {a.audience for a in secrets} == {"internal", "public"} and {a.status for a in secrets} >= {"draft"}
    from askdesk.indexer.search import Scope
    searcher = app.extensions["askdesk"].index.current()
    for article in secrets:
        scope = Scope(audience="internal", include_drafts=True)
        assert searcher.search(article.title, scope=scope, limit=1).hits[0].id == article.id


def test_no_public_route_reveals_an_internal_or_draft_article(app):
    client = app.test_client()
    secrets = secret_articles()
    sid = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
    table = calls(sid, secrets)
    public_rules = {r.rule for r in app.url_map.iter_rules() if not r.rule.startswith(PRIVATE_PREFIXES)}
    assert public_rules <= set(table), f"add the new public routes to CALLS: {sorted(public_rules - set(table))}"
    walked = 0
    for rule in sorted(public_rules):
        for method, path, kwargs in table[rule]:
            with client.open(path, method=method, **kwargs) as response:   # closes streamed files
                body = response.get_data(as_text=True)
            assert response.status_code < 500, (path, body)
            asked = path + repr(kwargs)
            for article in secrets:
                if article.id in asked:
                    # an error may echo the id the caller sent; it must read exactly as for an id that
                    # does not exist at all, or it would tell that the article exists
                    with client.open(path.replace(article.id, BOGUS_ID), method=method,
                                     **_replace(kwargs, article.id, BOGUS_ID)) as bogus:
                        assert (response.status_code, body.replace(article.id, BOGUS_ID)) == (
                            bogus.status_code, bogus.get_data(as_text=True)), f"{method} {path} tells {article.id} exists"
                for marker in markers(article):
                    if marker not in asked:
                        assert marker not in body, f"{method} {path} reveals {marker!r} of {article.id}"
            walked += 1
    assert walked > 30
