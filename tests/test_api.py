"""HTTP contract: endpoints, one error shape on every error path, readiness, hot index reload."""
import shutil
import time

import pytest

from askdesk.core.settings import load_config
from askdesk.indexer import layout
from askdesk.indexer.build import build_index
from askdesk.shell.app import create_app

from support.paths import LOCALES

ERROR_KEYS = {"ok", "error", "errors", "status"}


@pytest.fixture
def client(hash_config):
    return create_app(hash_config).test_client()


def assert_error(response, status, fragment):
    assert response.status_code == status, response.get_data(as_text=True)
    body = response.get_json()
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == status and isinstance(body["errors"], list)
    assert fragment in body["error"]


def test_search(client):
    body = client.get("/api/v1/search?q=forgot+my+password&locale=en&limit=3").get_json()
    assert body["ok"] is True and body["locale"] == "en"
    assert body["hits"][0]["id"] == "reset-password"
    assert len(body["hits"]) <= 3
    assert {"id", "title", "locale", "score", "snippet", "url", "cross_language", "anchor"} <= set(body["hits"][0])


def test_search_category_filter(client):
    body = client.get("/api/v1/search?q=refund+parcel&category=orders").get_json()
    assert [h["id"] for h in body["hits"]] == ["track-order"]


def test_article(client):
    body = client.get("/api/v1/articles/reset-password?locale=ru").get_json()
    assert body["article"]["title"] == "Как восстановить пароль"
    assert body["article"]["url"] == "/help/ru/reset-password"


def test_ask_answers_or_clarifies_or_hands_off(client):
    body = client.post("/api/v1/ask", json={"question": "I forgot my password, reset link", "locale": "en"}).get_json()
    assert body["decision"] in ("answer", "clarify")
    chosen = body["answer"] if body["decision"] == "answer" else body["options"][0]
    assert chosen["id"] == "reset-password"
    off = client.post("/api/v1/ask", json={"question": "zzzz qqqq xxxx"}).get_json()
    assert off["decision"] == "handoff" and off["reason"] in ("low_confidence", "no_results")


@pytest.mark.parametrize("method, path, kwargs, status, fragment", [
    ("get", "/api/v1/search", {}, 400, "`q` is required"),
    ("get", "/api/v1/search?q=", {}, 400, "`q` is required"),
    ("get", "/api/v1/search?q=x&limit=abc", {}, 400, "`limit` must be a whole number"),
    ("get", "/api/v1/search?q=x&limit=0", {}, 400, "`limit` must be from 1 to 50"),
    ("get", "/api/v1/search?q=x&locale=de", {}, 400, "`locale` must be one of en, ru"),
    ("get", "/api/v1/search?q=" + "a" * 1001, {}, 413, "the limit is 1000"),
    ("get", "/api/v1/articles/no-such-article", {}, 404, "no article 'no-such-article'"),
    ("get", "/api/v1/articles/refund-approval", {}, 404, "no article"),   # internal
    ("get", "/api/v1/articles/loyalty-points", {}, 404, "no article"),    # draft
    ("post", "/api/v1/ask", {"data": "not json", "content_type": "text/plain"}, 400, "Content-Type: application/json"),
    ("post", "/api/v1/ask", {"data": "{bad json", "content_type": "application/json"}, 400, "JSON object"),
    ("post", "/api/v1/ask", {"json": ["a list"]}, 400, "JSON object"),
    ("post", "/api/v1/ask", {"json": {}}, 400, "`question` is required"),
    ("post", "/api/v1/ask", {"json": {"question": 42}}, 400, "must be a string"),
    ("post", "/api/v1/ask", {"json": {"question": "x" * 1001}}, 413, "1001 characters"),
    ("post", "/api/v1/ask", {"json": {"question": "hi", "locale": 5}}, 400, "`locale` must be one of"),
    ("post", "/api/v1/ask", {"data": "x" * 70000, "content_type": "application/json"}, 413, "too large"),
    ("get", "/api/v1/ask", {}, 405, "not allowed"),
    ("get", "/api/v1/nothing-here", {}, 404, "not found"),
])
def test_every_error_has_one_shape(client, method, path, kwargs, status, fragment):
    assert_error(getattr(client, method)(path, **kwargs), status, fragment)


def test_health_and_readiness(client, hash_index):
    assert client.get("/healthz").get_json() == {"ok": True, "status": "alive"}
    ready = client.get("/readyz").get_json()
    assert ready["ok"] is True and ready["build"] == layout.current_build_id(hash_index)


def test_not_ready_without_an_index(tmp_path):
    app = create_app(load_config({"index_dir": str(tmp_path / "none"), "encoder": "hash"}, environ={}))
    client = app.test_client()
    assert client.get("/healthz").status_code == 200
    assert_error(client.get("/readyz"), 503, "askdesk index")
    assert_error(client.get("/api/v1/search?q=refund"), 503, "no index")


def test_help_article_page_is_rendered_and_sanitised(client):
    page = client.get("/help/en/reset-password").get_data(as_text=True)
    assert 'id="the-e-mail-did-not-arrive"' in page and "<strong>Forgot password?</strong>" in page
    assert client.get("/help/en/refund-approval").status_code == 404


def test_server_picks_up_a_new_build_without_restart(kb_copy, tmp_path, hash_encoder):
    root = tmp_path / "index"
    build_index(kb_copy, root, hash_encoder, locales=LOCALES)
    app = create_app(load_config({"index_dir": str(root), "encoder": "hash", "reload_check_seconds": 0.0}, environ={}))
    client = app.test_client()
    assert client.get("/api/v1/search?q=gift+wrapping&locale=en").get_json()["hits"][0]["id"] != "gift-wrap"
    shutil.copy(kb_copy / "en" / "orders" / "track-order.md", kb_copy / "en" / "orders" / "gift.md")
    (kb_copy / "en" / "orders" / "gift.md").write_text(
        "---\nid: gift-wrap\ntitle: Gift wrapping\n---\nWe gift wrap any order for free.\n", encoding="utf-8")
    new_build = build_index(kb_copy, root, hash_encoder, locales=LOCALES).build_id
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        response = client.get("/api/v1/search?q=gift+wrapping&locale=en")
        assert response.status_code == 200  # no request fails during the switch
        if client.get("/readyz").get_json()["build"] == new_build:
            break
        time.sleep(0.05)
    assert client.get("/api/v1/search?q=gift+wrapping&locale=en").get_json()["hits"][0]["id"] == "gift-wrap"


def test_help_home_browses_the_locales_public_articles_by_category(client):
    en = client.get("/help?locale=en").get_data(as_text=True)
    assert "Reset your password" in en and "Track your order" in en and "How can we help?" in en
    assert "Refund approval limits" not in en and "Loyalty points" not in en   # internal, draft
    ru = client.get("/help", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)
    assert "Чем мы можем помочь?" in ru and "Где мой заказ" in ru and "Reset your password" not in ru
