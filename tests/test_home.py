"""The start page at / leads to every part of askdesk in the visitor's language, and every page has
a favicon (linked from the base templates, and at /favicon.ico where browsers look by default)."""
import re

import pytest

from askdesk.shell.app import create_app


@pytest.fixture
def client(hash_config):
    app = create_app({**hash_config, "rate_limit": ""})
    yield app.test_client()
    app.extensions["askdesk"].store.close()


def test_the_start_page_leads_to_the_demo_the_help_center_the_console_and_the_dashboard(client):
    page = client.get("/", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert page.status_code == 200 and page.mimetype == "text/html"
    html = page.get_data(as_text=True)
    links = set(re.findall(r'href="([^"]+)"', html))
    assert {"/demo?locale=en", "/help?locale=en", "/agent", "/editor"} <= links
    assert '<html lang="en">' in html and "Help center" in html and "Agent console" in html
    assert "script-src 'self'" in page.headers["Content-Security-Policy"]        # the pages' CSP, unchanged
    assert "<script>" not in html and "style=" not in html
    for link in ("/demo?locale=en", "/help?locale=en"):
        assert client.get(link).status_code == 200
    for link in ("/agent", "/editor"):                                          # to the sign-in page
        assert client.get(link).status_code == 302


def test_the_start_page_speaks_russian_to_a_russian_browser_and_on_request(client):
    html = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9,en;q=0.5"}).get_data(as_text=True)
    assert '<html lang="ru">' in html and "Справочный центр" in html and 'href="/demo?locale=ru"' in html
    html = client.get("/?locale=en", headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert '<html lang="en">' in html and 'href="/help?locale=en"' in html


def test_every_page_has_a_favicon(client):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/svg+xml"
    assert icon.get_data(as_text=True).startswith("<svg") and "max-age" in icon.headers["Cache-Control"]
    with client.get("/static/favicon.svg") as linked:
        assert linked.status_code == 200 and linked.get_data() == icon.get_data()
    icon_link = '<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">'
    for path in ("/", "/help", "/help/en/reset-password", "/agent/login", "/help/en/no-such-article"):
        assert icon_link in client.get(path).get_data(as_text=True), path
