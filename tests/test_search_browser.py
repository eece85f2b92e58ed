"""Help-center searches end to end in headless Chromium: a visitor searches through /help, opens a
result and searches again in other words; an editor then sees those searches in the dashboard's
search report (the click at position 1, the refinement, the CSV).

Needs Debian's Chromium (`apt-get install chromium`); ASKDESK_SKIP_BROWSER=1 skips these tests.
"""
from __future__ import annotations

import re

import pytest

from askdesk.core.settings import load_config
from askdesk.store.tokens import SqlTokens

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None
from support.browser import TIMEOUT_MS, artifacts_dir, start_server
from support.paths import FIXTURE_KB


@pytest.fixture(scope="module")
def askdesk(hash_index, tmp_path_factory):
    root = tmp_path_factory.mktemp("search-browser")
    server = start_server(load_config({"index_dir": str(hash_index), "encoder": "hash", "content_dir": str(FIXTURE_KB),
                                       "reload_check_seconds": 0.0, "store_url": str(root / "askdesk.db"),
                                       "secret_key": "search-browser", "rate_limit": ""}, environ={}))
    server.editor_token = SqlTokens(server.store).create("Erin Editor", "editor")[0]
    yield server
    server.stop()


def _tab(chromium, problems: list):
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    tab = context.new_page()
    tab.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    tab.on("response", lambda r: problems.append(f"{r.status} {r.url}")
           if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    return context, tab


def test_a_help_search_a_click_and_a_second_search_reach_the_search_report(chromium, askdesk):
    problems: list[str] = []
    context, visitor = _tab(chromium, problems)
    visitor.goto(f"{askdesk.url}/help?locale=en")
    search_box = visitor.get_by_role("searchbox")
    search_box.fill("forgot my password")
    search_box.press("Enter")
    expect(visitor).to_have_url(re.compile(r"/help\?locale=en&visit=[0-9a-f]{32}&q=forgot"))
    visit = re.search(r"visit=([0-9a-f]{32})", visitor.url).group(1)
    visitor.locator(".hit h3 a").first.click()
    expect(visitor).to_have_url(re.compile(rf"/help/en/reset-password\?from=[0-9a-f]{{32}}&pos=1&visit={visit}$"))
    visitor.get_by_role("link", name=re.compile("Help center")).click()
    visitor.get_by_role("searchbox").fill("refund parcel")
    visitor.get_by_role("button", name="Search").click()
    expect(visitor).to_have_url(re.compile(rf"visit={visit}&q=refund"))
    context.close()

    context, editor = _tab(chromium, problems)
    editor.goto(f"{askdesk.url}/editor/searches")
    editor.get_by_label("Token").fill(askdesk.editor_token)
    editor.get_by_role("button", name="Sign in").click()
    expect(editor).to_have_url(f"{askdesk.url}/editor/searches")
    expect(editor.get_by_role("heading", name="Help-center searches", level=1)).to_be_visible()
    expect(editor.locator("#searches-total")).to_have_text("2")
    expect(editor.locator(".tile", has_text="Click-through").locator(".value")).to_have_text("50 %")
    top = editor.locator("#top_searches")
    expect(top.locator("tbody tr")).to_have_count(2)
    expect(top).to_contain_text("forgot my password")
    expect(editor.locator("#click_positions tbody tr")).to_have_text(re.compile(r"^\s*1\s*1\s*100 %\s*$"))
    refined = editor.locator("#refinements tbody tr")
    expect(refined).to_have_count(1)
    expect(refined).to_contain_text("forgot my password")
    expect(refined).to_contain_text("refund parcel")
    editor.screenshot(path=str(artifacts_dir() / "editor-searches.png"), full_page=True)
    with editor.expect_download() as download:
        editor.locator("#refinements").get_by_role("link", name="Download CSV").click()
    csv = download.value.path().read_text(encoding="utf-8-sig")
    assert csv.splitlines() == ["query,next_query,locale,times,without_click", "forgot my password,refund parcel,en,1,0"]
    context.close()
    assert not problems, problems
