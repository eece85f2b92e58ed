"""The widget at the edge of the help center, in Chromium at desktop size and at 360 px: a question
outside it gets one honest line and a "Talk to a person" choice (no contact form until it is
pressed); a vote on an earlier card works; no server text ever reaches the customer. On the sample
help center indexed with the hash encoder: big enough to calibrate itself, so "out of scope" is the
calibrated decision, not a scripted one. Shared pages and servers: test_widget_browser.py.
"""
from __future__ import annotations

import json

import pytest

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None
import test_widget_browser as shared
from test_widget_browser import Widget

from askdesk.core.records import QuestionAsked, VoteCast
from askdesk.core.settings import load_config
from askdesk.indexer.build import build_index

from support.browser import SIZES, shot, start_server
from support.paths import LOCALES, REPO

open_page = shared.open_page

OUTSIDE = "what is the weather in paris"
SERVER_TEXT = ("was not shown", "article '", "`article_id`", "Traceback", '"error"')


@pytest.fixture(scope="module")
def sample(hash_encoder, tmp_path_factory):
    """askdesk on the sample help center (calibrated at index time)."""
    root = tmp_path_factory.mktemp("widget-edges")
    build_index(REPO / "content", root / "index", hash_encoder, locales=LOCALES)
    server = start_server(load_config({"index_dir": str(root / "index"), "encoder": "hash",
                                       "content_dir": str(REPO / "content"), "reload_check_seconds": 0.0,
                                       "store_url": str(root / "askdesk.db"), "secret_key": "widget-edges"},
                                      environ={}))
    yield server
    server.stop()


def no_server_text(w: Widget) -> None:
    shown = w.panel.inner_text()
    for fragment in SERVER_TEXT:
        assert fragment not in shown, f"server text {fragment!r} reached the widget"


@pytest.mark.parametrize("size", SIZES)
def test_a_question_outside_gets_one_line_and_a_person_only_when_asked(open_page, sample, size):
    page = open_page(viewport=SIZES[size])
    page.goto(f"{sample.url}/demo")
    w = Widget(page)
    w.open()
    w.ask(OUTSIDE)
    line = w.log.locator(".msg.bot").last
    expect(line).to_contain_text("that question is outside what I know")
    expect(line).to_contain_text("I can help with payments and refunds, orders and delivery, your account")
    person = w.log.get_by_role("button", name="Talk to a person")
    expect(person).to_be_visible()
    expect(w.contact).to_have_count(0)                     # no contact form pushed
    expect(w.log.locator(".chips").last.get_by_role("button").first).to_be_visible()   # popular topics
    shot(page, "out-of-scope", size)
    asked = [e.record for e in sample.store.events(w.session_id()) if isinstance(e.record, QuestionAsked)]
    assert (asked[-1].decision, asked[-1].reason) == ("handoff", "out_of_scope")

    person.click()
    expect(w.contact).to_be_visible()
    expect(w.log).to_contain_text("Of course — I'll pass you to a person.")
    expect(person).to_be_disabled()
    no_server_text(w)
    shot(page, "out-of-scope-person", size)


@pytest.mark.parametrize("size", SIZES)
def test_a_vote_on_an_earlier_card_works_and_errors_are_friendly(open_page, sample, size):
    page = open_page(viewport=SIZES[size])
    page.goto(f"{sample.url}/demo")
    w = Widget(page)
    w.open()
    w.ask("gift cards")
    gift = w.log.get_by_role("article").first      # the first card of the conversation, whatever comes after
    expect(gift).to_contain_text("Gift cards")
    w.ask("how do I reset my password")
    expect(w.card("Reset your password")).to_be_visible()

    gift.get_by_role("button", name="No", exact=True).click()     # the earlier card
    expect(w.log).to_contain_text("Perhaps this one does")
    expect(gift.get_by_role("button", name="No", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(w.notice).to_be_hidden()
    expect(w.contact).to_have_count(0)
    no_server_text(w)
    votes = [e.record for e in sample.store.events(w.session_id()) if isinstance(e.record, VoteCast)]
    assert [(v.article_id, v.helpful, v.question) for v in votes] == [("gift-cards", False, "gift cards")]
    shot(page, "earlier-vote", size)

    # whatever the server says when it refuses, the customer reads the widget's own words
    page.route("**/feedback", lambda route: route.fulfill(status=400, content_type="application/json", body=json.dumps(
        {"ok": False, "error": "article 'reset-password' was not shown in this conversation", "errors": [],
         "status": 400})))
    w.card("Reset your password").get_by_role("button", name="Yes", exact=True).click()
    expect(w.notice).to_contain_text("Sorry, I couldn't do that")
    no_server_text(w)
    shot(page, "refused", size)
