"""No script from content or from a customer's input ever runs: pages are sanitised and escaped,
snippets are escaped but for the highlight, and HTML pages forbid inline scripts (CSP).
The widget's own handling (textContent only) is tested in a real browser: test_widget_browser.py."""
from html.parser import HTMLParser

import pytest

from askdesk.core.settings import load_config
from askdesk.indexer.build import build_index
from askdesk.shell.app import create_app

from support.paths import LOCALES

EVIL_ARTICLE = """---
id: evil-gift-card
title: Gift cards <script>alert(1)</script>
summary: Gift cards <img src=x onerror=alert(2)> never expire.
---
Gift cards never expire. <script>alert(3)</script> <img src=x onerror="alert(4)">

<a href="javascript:alert(5)">click me</a> and <a href="https://shop.example/cards" onclick="alert(6)">cards</a>

<iframe src="https://evil.example"></iframe><svg onload=alert(7)></svg>

## Balance <b onmouseover=alert(8)>check</b>

Check the gift card balance on the card page. <style>body{display:none}</style>
"""



class ActiveContent(HTMLParser):
    """Collects everything in a page that could run or restyle: script-like tags, event handler
    attributes, javascript: URLs (what the browser would see, not what the source text contains)."""
    DANGEROUS_TAGS = {"script", "iframe", "svg", "object", "embed", "style", "link", "base"}

    def __init__(self):
        super().__init__()
        self.found: list[str] = []
        self.in_main = False

    def handle_endtag(self, tag):
        if tag == "main":   # after the page's content come the page's own scripts (the help widget)
            self.in_main = False

    def handle_starttag(self, tag, attrs):
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in self.DANGEROUS_TAGS:
            self.found.append(f"<{tag}>")
        for name, value in attrs:
            if name.startswith("on") or (value or "").strip().lower().startswith("javascript:"):
                self.found.append(f"{tag} {name}={value}")


def test_the_checker_sees_active_content():
    assert active_content('<main><img src=x onerror="a()"><a href=" JavaScript:x">y</a><script></script>') == [
        "img onerror=a()", "a href= JavaScript:x", "<script>"]


def active_content(page: str) -> list[str]:
    parser = ActiveContent()
    parser.feed(page)
    return parser.found


@pytest.fixture
def client(kb_copy, tmp_path, hash_encoder):
    (kb_copy / "en" / "billing" / "evil-gift-card.md").write_text(EVIL_ARTICLE, encoding="utf-8")
    build_index(kb_copy, tmp_path / "index", hash_encoder, locales=LOCALES)
    config = load_config({"index_dir": str(tmp_path / "index"), "encoder": "hash", "rate_limit": "",
                          "store_url": str(tmp_path / "db.sqlite"), "secret_key": "x"}, environ={})
    return create_app(config).test_client()


def test_article_page_from_hostile_content_has_no_script(client):
    response = client.get("/help/en/evil-gift-card")
    page = response.get_data(as_text=True)
    assert response.status_code == 200 and "Gift cards never expire." in page
    assert active_content(page) == []
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page          # the title shows as text
    assert "script-src 'self'" in response.headers["Content-Security-Policy"]


@pytest.mark.parametrize("query", ['<script>alert(1)</script> gift card', '"><img src=x onerror=alert(1)> gift'])
def test_help_search_escapes_the_query_and_the_snippets(client, query):
    page = client.get("/help", query_string={"q": query}).get_data(as_text=True)
    assert active_content(page) == []
    assert "Gift cards" in page


def test_api_snippets_are_escaped_but_for_the_highlight(client):
    hits = client.get("/api/v1/search", query_string={"q": "gift card <script>"}).get_json()["hits"]
    hit = next(h for h in hits if h["id"] == "evil-gift-card")
    assert "<mark>" in hit["snippet"]
    without_marks = hit["snippet"].replace("<mark>", "").replace("</mark>", "")
    assert "<" not in without_marks


def test_a_question_with_markup_is_data_not_markup(client):
    sid = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
    evil = '<img src=x onerror="alert(1)"> gift card'
    client.post(f"/api/v1/sessions/{sid}/messages", json={"text": evil})
    response = client.get(f"/api/v1/sessions/{sid}")
    assert response.mimetype == "application/json" and response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.get_json()["transcript"][1]["text"] == evil   # kept verbatim; clients render it as text
