"""An imported article as a person sees it, in Chromium at desktop and phone size: an old Zendesk
link lands on the new page, the steps keep their nesting, tables are tables, a link between imported
articles opens the linked one, and nothing of the old page's scripts shows."""
from __future__ import annotations

import pytest

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None

from askdesk.core.settings import load_config
from askdesk.indexer.build import build_index
from askdesk.kb.importers import import_help_center

from support.browser import SIZES, TIMEOUT_MS, shot, start_server
from support.paths import LOCALES, REPO

FIXTURES = REPO / "tests" / "fixtures" / "imports"


@pytest.fixture(scope="module")
def server(tmp_path_factory, hash_encoder):
    root = tmp_path_factory.mktemp("imported-site")
    for vendor in ("zendesk", "intercom"):
        import_help_center(FIXTURES / vendor, vendor, root / "content", LOCALES)
    build_index(root / "content", root / "index", hash_encoder, locales=LOCALES)
    live = start_server(load_config({"index_dir": str(root / "index"), "content_dir": str(root / "content"),
                                     "encoder": "hash", "reload_check_seconds": 0.0, "rate_limit": "",
                                     "store_url": str(root / "askdesk.db"), "secret_key": "test-secret"}, environ={}))
    yield live
    live.stop()


@pytest.fixture
def page(chromium):
    context = chromium.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_an_old_link_opens_the_imported_article_with_its_nested_steps(page, server, size):
    page.set_viewport_size(SIZES[size])
    page.goto(f"{server.url}/hc/en-us/articles/360001-How-do-I-reset-my-password")
    assert page.url == f"{server.url}/help/en/how-do-i-reset-my-password"
    expect(page.locator("h1")).to_have_text("How do I reset my password?")
    steps = page.locator("article ol, main ol").first
    expect(steps.locator(":scope > li")).to_have_count(3)
    nested = steps.locator(":scope > li").nth(1).locator(":scope > ul > li")
    expect(nested).to_have_count(2)
    expect(nested.first).to_contain_text("In the mobile app: tap Profile")
    expect(nested.nth(1).locator(":scope > ul > li")).to_have_text("No e-mail after 5 minutes? Look in the spam folder.")
    expect(page.get_by_role("img", name="The Forgot password? link under the password field")).to_have_count(1)
    assert "trackPageView" not in page.inner_text("body")
    shot(page, "imported-article", size)

    page.get_by_role("link", name="two-step verification").click()
    page.wait_for_url(f"{server.url}/help/en/set-up-two-step-verification")
    table = page.locator("table")
    expect(table.locator("th")).to_have_text(["Method", "Where", "Works offline"])
    expect(table.locator("tbody tr")).to_have_count(3)
    expect(table.locator("tbody tr").nth(2).locator("td")).to_have_text(["Backup codes | printed", "Paper", "Yes"])
    assert page.locator("iframe").count() == 0
    shot(page, "imported-table", size)


def test_an_intercom_list_item_with_paragraphs_keeps_its_sub_list_and_russian_reads_right(page, server):
    page.goto(f"{server.url}/en/articles/8021001-how-do-i-cancel-my-subscription")
    assert page.url.endswith("/help/en/how-do-i-cancel-my-subscription")
    second = page.locator("main ol, article ol").first.locator(":scope > li").nth(1)
    expect(second.locator(":scope > ul > li")).to_contain_text("On iOS, plans bought in the App Store")
    expect(page.locator("table tr").first.locator("th, td")).to_have_text(["Plan", "Refund"])
    page.goto(f"{server.url}/hc/ru/articles/360002")
    expect(page.locator("h1")).to_have_text("Как включить двухэтапную проверку")
    expect(page.locator("table th")).to_have_text(["Способ", "Где", "Без интернета"])
