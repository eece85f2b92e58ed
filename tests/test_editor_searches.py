"""The dashboard's search report (/editor/searches): the numbers of analytics.searches for help
searches made through /help, per language, with CSV downloads through the one CSV writer."""
import re
from html import unescape

import pytest

from askdesk.core.settings import load_config
from askdesk.shell.app import create_app
from askdesk.store.tokens import SqlTokens

from support.paths import FIXTURE_KB


@pytest.fixture(scope="module")
def app(hash_index, tmp_path_factory):
    store = tmp_path_factory.mktemp("editor-searches") / "askdesk.db"
    app = create_app(load_config({"index_dir": str(hash_index), "encoder": "hash", "content_dir": str(FIXTURE_KB),
                                  "reload_check_seconds": 0.0, "store_url": str(store), "secret_key": "editor-tests",
                                  "rate_limit": ""}, environ={}))
    visitor = app.test_client()
    first = visitor.get("/help?locale=en&q=forgot+my+password").get_data(as_text=True)
    result = unescape(re.search(r'<h3><a href="([^"]+)"', first).group(1))
    visitor.get(result)
    visit = re.search(r"visit=([0-9a-f]{32})", result).group(1)
    visitor.get(f"/help?locale=en&visit={visit}&q=%3DHYPERLINK(%22x%22)")
    visitor.get("/help?locale=ru&q=где+мой+заказ")
    yield app
    app.extensions["askdesk"].store.close()


@pytest.fixture(scope="module")
def editor(app):
    token = SqlTokens(app.extensions["askdesk"].store).create("erin", "editor")[0]
    client = app.test_client()
    csrf = re.search(r'name="csrf" value="([^"]+)"', client.get("/agent/login").get_data(as_text=True)).group(1)
    assert client.post("/agent/login", data={"token": token, "csrf": csrf}).status_code == 302
    return client


def test_the_search_page_shows_the_searches_made_through_help(editor):
    body = editor.get("/editor/searches").get_data(as_text=True)
    assert '<p class="value" id="searches-total">3</p>' in body and "in 2 visits" in body
    assert "forgot my password" in body and "где мой заказ" in body
    assert 'aria-current="page">Searches</a>' in body
    assert "Clicks by result position" in body and "What was searched next in the same visit" in body
    english = editor.get("/editor/searches?locale=en").get_data(as_text=True)
    assert '<p class="value" id="searches-total">2</p>' in english and "где мой заказ" not in english


def test_the_csv_of_a_section_is_the_reports_rows_with_formulas_neutralised(editor):
    refinements = editor.get("/editor/searches/refinements.csv")
    assert refinements.status_code == 200 and refinements.mimetype == "text/csv"
    assert refinements.get_data(as_text=True).lstrip("\ufeff").splitlines() == [
        "query,next_query,locale,times,without_click", "forgot my password,\"'=HYPERLINK(\"\"x\"\")\",en,1,0"]
    positions = editor.get("/editor/searches/click_positions.csv").get_data(as_text=True)
    assert positions.lstrip("\ufeff").splitlines() == ["position,clicks,share_pct", "1,1,100.0"]
    missing = editor.get("/editor/searches/nope.csv")
    assert missing.status_code == 404


def test_the_json_api_gives_the_same_sections(app, editor):
    from askdesk.analytics import searches as reports
    runtime = app.extensions["askdesk"]
    token = SqlTokens(runtime.store).create("ed", "editor")[0]
    body = app.test_client().get("/api/v1/editor/searches?locale=en",
                                 headers={"Authorization": f"Bearer {token}"}).get_json()
    expected = reports.build(reports.read_searches(runtime.searches, runtime.store, "2000-01-01"), locale="en")
    assert body["sections"] == expected and body["sections"]["summary"][0]["searches"] == 2
    one = app.test_client().get("/api/v1/editor/searches?section=click_positions",
                                headers={"Authorization": f"Bearer {token}"}).get_json()
    assert one["sections"] == {"click_positions": [{"position": 1, "clicks": 1, "share_pct": 100.0}]}
    bad = app.test_client().get("/api/v1/editor/searches?section=nope", headers={"Authorization": f"Bearer {token}"})
    assert bad.status_code == 400 and "`section` must be one of summary" in bad.get_json()["error"]


def test_agents_and_visitors_do_not_see_it(app):
    assert app.test_client().get("/editor/searches").status_code in (302, 303)
