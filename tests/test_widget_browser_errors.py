"""The help widget when things go wrong or come back: a reload restores the conversation, a lost
session starts afresh, a network failure or a rate limit keeps what the customer typed; and every limit
on what the customer types is the server's. Shared pages and servers: test_widget_browser.py.
"""
from __future__ import annotations

import re

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None
import test_widget_browser as shared
from test_widget_browser import UI, Widget, config

from support.browser import start_server

# the shared servers and pages (pytest looks fixtures up by name in the test's module)
site, strict_site, askdesk, open_page = shared.site, shared.strict_site, shared.askdesk, shared.open_page


# -- a reload keeps the conversation ----------------------------------------------------------------
def test_conversation_is_restored_after_reload(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    w.open()
    w.ask("how do I reset my password")
    expect(w.card("Reset your password")).to_be_visible()
    session_id = w.session_id()

    page.reload()
    expect(w.panel).to_be_visible()                 # open, as it was (closed stays closed: test_widget_browser_first_hour)
    expect(w.log.locator(".msg.me")).to_have_text(["how do I reset my password"])
    expect(w.log).to_contain_text("Here is what I found:")
    expect(w.card("Reset your password").get_by_role("link", name=re.compile("^Open article"))).to_be_visible()
    expect(w.card("Reset your password")).to_contain_text("Forgot password?")   # the answer itself, again
    assert w.session_id() == session_id

    w.ask("track my order")                         # the same conversation goes on
    expect(w.card("Track your order")).to_be_visible()
    assert w.session_id() == session_id
    questions = [e.payload["text"] for e in askdesk.store.events(session_id) if e.kind == "question"]
    assert questions == ["how do I reset my password", "track my order"]


def test_a_lost_session_starts_afresh(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo")
    page.evaluate("(key) => sessionStorage.setItem(key, JSON.stringify({id: '0'.repeat(32), locale: 'en'}))",
                  f"askdesk:session:{askdesk.url}/")
    w = Widget(page)
    w.open()
    assert w.session_id() != "0" * 32


# -- errors keep what the customer typed ---------------------------------------------------------------
def test_network_failure_keeps_the_question(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    page.route("**/api/v1/sessions", lambda route: route.abort())
    w.launcher.click()
    expect(w.notice).to_contain_text("Can't reach support right now")
    page.unroute("**/api/v1/sessions")
    w.notice.get_by_role("button", name="Try again").click()
    expect(w.log).to_contain_text("Hi! Ask me anything")
    expect(w.notice).to_be_hidden()

    page.route("**/api/v1/sessions/*/messages", lambda route: route.abort())
    w.ask("how do I reset my password")
    expect(w.notice).to_contain_text("Can't reach support right now")
    expect(w.input).to_have_value("how do I reset my password")
    expect(w.log.locator(".msg.me")).to_have_count(0)
    page.unroute("**/api/v1/sessions/*/messages")
    w.input.press("Enter")
    expect(w.card("Reset your password")).to_be_visible()
    expect(w.notice).to_be_hidden()
    expect(w.input).to_have_value("")


def test_too_many_requests_is_friendly_and_keeps_the_question(open_page, hash_index, tmp_path):
    limited = start_server(config(hash_index, tmp_path / "askdesk.db", rate_limit="3/minute"))
    try:
        page = open_page()
        page.goto(f"{limited.url}/demo")            # pages outside the public API are not counted
        w = Widget(page)
        w.open()                                    # 1: the session
        for question in ("how do I reset my password", "track my order"):   # 2, 3
            w.ask(question)
            expect(w.log.locator(".msg.me").last).to_have_text(question)
            expect(w.log.locator(".typing")).to_have_count(0)
        w.ask("cancel my subscription")             # 4: over the limit
        expect(w.notice).to_contain_text("Too many requests — wait a moment")
        expect(w.input).to_have_value("cancel my subscription")
    finally:
        limited.stop()


# -- the server's limits -------------------------------------------------------------------------------
def test_every_limit_the_widget_enforces_is_the_servers(open_page, hash_index, tmp_path, monkeypatch):
    """A non-default max_question_chars, and other contact limits than the server's constants ship with,
    reach the widget's fields through the session start (and stay after a reload); the widget has no
    numbers of its own. The question box never gets a maxlength (a long paste is kept whole; its counter
    says by how much it is over and nothing is sent until it fits)."""
    from askdesk.api import conversations
    monkeypatch.setattr(conversations, "CONTACT_CHARS", 40)
    monkeypatch.setattr(conversations, "NAME_CHARS", 12)
    monkeypatch.setattr(conversations, "NOTE_CHARS", 30)
    server = start_server(config(hash_index, tmp_path / "askdesk.db", max_question_chars=30))
    try:
        limits = server.app.test_client().post("/api/v1/sessions", json={"locale": "en"}).get_json()["limits"]
        assert limits == {"text_chars": 30, "contact_chars": 40, "name_chars": 12, "note_chars": 30,
                          "suggest_min_chars": 3}
        page = open_page()
        page.goto(f"{server.url}/demo")
        w = Widget(page)
        expect(w.launcher).to_be_visible()
        assert w.shadow_eval("(root) => root.querySelector('input').hasAttribute('maxlength')") is False
        w.open()
        assert w.shadow_eval("(root) => root.querySelector('input').hasAttribute('maxlength')") is False
        counter = w.panel.locator(".count")   # no maxlength on the question: a paste stays whole, the counter tells
        w.input.press_sequentially("how do I reset my password, please?")   # 35 characters: 5 too many
        expect(counter).to_have_text("35 / 30 characters — 5 too many: shorten your message to send it.")
        w.input.press("Enter")
        expect(counter).to_contain_text("Not sent")
        expect(w.log.locator(".msg.me")).to_have_count(0)
        expect(w.input).to_have_value("how do I reset my password, please?")
        w.input.fill("how do I reset my password")
        expect(counter).to_be_hidden()                  # 26: under 90% of the limit
        w.input.press("Enter")
        expect(w.card("Reset your password")).to_be_visible()
        expect(w.notice).to_be_hidden()

        w.human.click()
        name = w.panel.get_by_role("textbox", name=UI["en"]["name"])
        expect(w.contact).to_have_attribute("maxlength", "40")
        expect(name).to_have_attribute("maxlength", "12")
        expect(w.panel.locator("textarea")).to_have_attribute("maxlength", "30")
        name.press_sequentially("Annabel Smithson")
        expect(name).to_have_value("Annabel Smit")

        page.reload()                                   # the restored conversation keeps its session's limits
        w.open()
        w.input.fill("x" * 31)
        expect(counter).to_contain_text("31 / 30 characters")
        w.input.fill("")
        expect(w.contact).to_have_attribute("maxlength", "40")
        w.contact.fill("ann@example.com")
        w.panel.get_by_role("button", name=UI["en"]["send_ticket"]).click()
        expect(w.log.locator(".ticket .number")).to_have_text(re.compile(r"^#\d+$"))
    finally:
        server.stop()
