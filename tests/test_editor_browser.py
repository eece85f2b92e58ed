"""The editor dashboard in real headless Chromium, used the way a content editor would: sign in,
read the overview, open a report, sort it, download its CSV, read the content gaps and open a
conversation. The sample help center (content/) with demo traffic gives realistic screenshots.

Needs Debian's Chromium (`apt-get install chromium`); ASKDESK_SKIP_BROWSER=1 skips these tests.
"""
from __future__ import annotations

import re

import pytest

from askdesk.analytics import reports
from askdesk.analytics.demo_traffic import generate, load_questions
from askdesk.analytics.ledger import read_ledger
from askdesk.core.settings import load_config
from askdesk.indexer.build import build_index
from askdesk.store.tokens import SqlTokens

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None
from support.browser import TIMEOUT_MS, artifacts_dir, start_server
from support.editor_traffic import live_conversation
from support.paths import LOCALES, REPO


@pytest.fixture(scope="module")
def askdesk(hash_encoder, tmp_path_factory):
    """The sample help center, indexed with the hash encoder, with 300 demo conversations over
    five weeks and one live conversation that ended in a ticket."""
    root = tmp_path_factory.mktemp("editor-browser")
    build_index(REPO / "content", root / "index", hash_encoder, locales=LOCALES)
    server = start_server(load_config({"index_dir": str(root / "index"), "encoder": "hash",
                                       "content_dir": str(REPO / "content"), "reload_check_seconds": 0.0,
                                       "store_url": str(root / "askdesk.db"), "secret_key": "editor-browser"},
                                      environ={}))
    runtime = server.app.extensions["askdesk"]
    answerable, unanswerable = load_questions(REPO / "content" / "eval" / "questions.jsonl")
    generate(runtime.conversations, answerable, unanswerable, sessions=300, days=35, seed=5)
    live_conversation(runtime, "en", ["<b>bold</b> can I pay with two cards?"], contact="ann@example.com")
    server.editor_token = SqlTokens(server.store).create("Erin Editor", "editor")[0]
    yield server
    server.stop()


@pytest.fixture
def page(chromium, askdesk):  # noqa: F811 (the fixture imported above)
    """A signed-in editor's page, 1280 px wide; any script error or failed request fails the test."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True)
    context.set_default_timeout(TIMEOUT_MS)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=askdesk.url)
    tab = context.new_page()
    problems = []
    tab.on("pageerror", lambda exc: problems.append(f"uncaught: {exc}"))
    tab.on("response", lambda r: problems.append(f"{r.status} {r.url}")
           if r.status >= 400 and not r.url.endswith("/favicon.ico") else None)
    tab.goto(f"{askdesk.url}/editor")
    expect(tab).to_have_url(re.compile(r"/agent/login\?next=/editor$"))
    tab.get_by_label("Token").fill(askdesk.editor_token)
    tab.get_by_role("button", name="Sign in").click()
    expect(tab).to_have_url(f"{askdesk.url}/editor")
    yield tab
    context.close()
    assert not problems, problems


def test_the_overview_shows_headline_numbers_and_the_chart(page, askdesk):
    sessions = read_ledger(askdesk.store, "2000-01-01")
    since = page.evaluate("() => new Date(Date.now() - 30 * 86400e3).toISOString()")
    window = [s for s in sessions if s.created_at >= since]
    expect(page.get_by_role("heading", name="Overview", level=1)).to_be_visible()
    expect(page.get_by_role("status").filter(has_text="Includes demo data")).to_be_visible()
    deflection = page.locator(".tile", has=page.get_by_role("heading", name="Deflection"))
    d = reports.deflection(window)
    expect(deflection.locator(".value")).to_have_text(f"{d['deflection_pct']:g} %")
    expect(deflection).to_contain_text("confirmed")
    expect(deflection).to_contain_text("assumed")
    tickets = page.locator(".tile", has=page.get_by_role("heading", name="Tickets"))
    expect(tickets.locator(".value")).to_have_text(str(d["tickets"]))

    chart = page.get_by_role("img", name=re.compile("^Conversations per day"))
    expect(chart).to_be_visible()
    assert chart.locator("rect.s-confirmed").count() > 0 and chart.locator("rect.s-handed_off").count() > 0
    assert chart.bounding_box()["width"] > 1000
    page.get_by_text("The same numbers as a table").click()
    expect(page.locator("details.data table tbody tr")).to_have_count(chart.locator("g.column").count())

    definition = page.locator("#how-deflection")
    expect(definition.get_by_text("Deflected, assumed")).to_be_hidden()
    page.get_by_role("link", name="what this means").click()
    definition.get_by_text("How deflection is counted").click()
    expect(definition.get_by_text("Deflected, assumed")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("^Conversations handed to a person, by reason"))).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    page.get_by_text("The same numbers as a table").click()          # closed again for the picture
    page.screenshot(path=str(artifacts_dir() / "editor-overview.png"), full_page=True)


def test_a_report_sorts_and_downloads_as_csv(page, askdesk, tmp_path):
    page.get_by_role("link", name="All reports").click()
    page.get_by_role("link", name="Top questions").first.click()
    expect(page.get_by_role("heading", name="Top questions", level=1)).to_be_visible()
    page.get_by_role("columnheader", name="Asked", exact=True).get_by_role("link").click()
    expect(page).to_have_url(re.compile(r"sort=asked&dir=desc"))
    expect(page.get_by_role("columnheader", name="Asked", exact=True)).to_have_attribute("aria-sort", "descending")
    counts = [int(c) for c in page.locator("table.report tbody tr td:nth-child(2)").all_inner_texts()]
    assert counts == sorted(counts, reverse=True) and counts

    with page.expect_download() as info:
        page.get_by_role("link", name="Download CSV").click()
    download = info.value
    assert re.fullmatch(r"askdesk-top_questions-\d{4}-\d\d-\d\d-to-\d{4}-\d\d-\d\d\.csv", download.suggested_filename)
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    lines = saved.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0] == ("question,asked,locale,bot_answered,bot_clarified,bot_handed_off,not_helped,not_helped_pct,"
                        "top_article,last_asked")
    assert [int(re.search(r",(\d+),(?:en|ru),", line).group(1)) for line in lines[1:]] == counts


def test_the_gaps_page_offers_a_draft_to_copy_and_download(page, askdesk, tmp_path):
    page.get_by_role("link", name="Content gaps").click()
    expect(page.get_by_role("heading", name="Content gaps", level=1)).to_be_visible()
    first = page.locator("article.topic").first
    expect(first.locator(".todo")).to_be_visible()
    page.screenshot(path=str(artifacts_dir() / "editor-gaps.png"), full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": 1800})

    topic = page.locator("article.topic", has=page.locator("details.draft")).first
    copy = topic.locator("button[data-copy-exact]")
    expect(copy).to_have_accessible_name("Copy draft")    # shown by editor.js
    copy.click()
    expect(copy).to_have_text("Copied")
    draft = topic.locator("pre").text_content()
    assert page.evaluate("navigator.clipboard.readText()") == draft and draft.startswith("---\nid: ")
    with page.expect_download() as info:
        topic.get_by_role("link", name=re.compile(r"^Download .+\.md$")).click()
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.read_text(encoding="utf-8") == draft

    example = topic.locator("ul.examples a").first
    question = example.text_content()
    example.click()
    expect(page).to_have_url(re.compile(r"/editor/sessions/[0-9a-f]{32}"))
    expect(page.locator(".turn.customer").filter(has_text=question).first).to_be_visible()


def test_a_question_opens_its_conversation(page, askdesk):
    page.goto(f"{askdesk.url}/editor/reports/top_questions?demo=0")
    page.get_by_role("link", name="<b>bold</b> can I pay with two cards?").click()
    expect(page.get_by_role("heading", name=re.compile("^Conversation"), level=1)).to_be_visible()
    expect(page.locator(".turn.customer").first).to_have_text(re.compile(r"<b>bold</b> can I pay with two cards\?"))
    assert page.locator(".turn b").count() == 0
    expect(page.get_by_role("table").filter(has_text="Bot did")).to_be_visible()
    ticket = page.get_by_role("link", name=re.compile(r"^#\d+ in the agent inbox$"))
    ticket.click()
    expect(page).to_have_url(re.compile(r"/agent/tickets/\d+$"))
    expect(page.get_by_role("link", name="Editor dashboard")).to_be_visible()
