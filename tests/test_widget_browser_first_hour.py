"""The widget's part of issue 13 ("the first hour of a new user"), in Chromium at 360 px and at desktop
size: a reload brings the conversation back as it was (the panel open, each message its own bubble,
the customer's own e-mail as they typed it, while the server keeps it masked); a text over the
server's limit is said to be so and kept, never cut or sent; the contact form gives way while the
customer carries on and comes back on "Talk to a person"; the launcher leaves a help article's text
readable on a phone. Shared pages and servers: test_widget_browser.py.
"""
from __future__ import annotations

import re

import pytest

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None
import test_widget_browser as shared
from test_widget_browser import UI, Widget

from askdesk.shell.app import create_app

from support.browser import SIZES, shot

site, strict_site, askdesk, open_page = shared.site, shared.strict_site, shared.askdesk, shared.open_page

EMAIL = "ann.smith@example.com"


# -- 1. a reload: the panel as it was, one bubble per message, the customer's own contact ----------------
@pytest.mark.parametrize("size", SIZES)
def test_a_reload_restores_the_panel_the_bubbles_and_the_customers_own_words(open_page, askdesk, size):
    page = open_page(viewport=SIZES[size])
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    w.open()
    w.ask(f"where is my order? write to {EMAIL}")
    w.human.click()
    expect(w.contact).to_be_visible()
    bot = w.log.locator(".msg.bot")
    expect(bot.filter(has_text="Of course — I'll pass you to a person.")).to_have_count(1)
    expect(bot.filter(has_text="Leave your e-mail or phone number")).to_have_count(1)
    w.contact.fill(EMAIL)
    w.panel.get_by_role("button", name=UI["en"]["send_ticket"]).click()
    expect(w.log.locator(".ticket .number")).to_have_text(re.compile(r"^#\d+$"))
    mine, said, ticket = (w.log.locator(".msg.me").all_inner_texts(), bot.all_inner_texts(),
                          w.log.locator(".ticket").inner_text())
    assert f"An agent will reply to {EMAIL}" in ticket
    session_id = w.session_id()

    page.reload()
    expect(w.panel).to_be_visible()                       # open, as it was, without a click
    expect(w.launcher).to_have_attribute("aria-expanded", "true")
    expect(w.log.locator(".ticket")).to_contain_text(f"An agent will reply to {EMAIL}")
    assert w.log.locator(".msg.me").all_inner_texts() == mine       # the customer's words as typed
    assert bot.all_inner_texts() == said                              # each message its own bubble, again
    assert w.log.locator(".ticket").inner_text() == ticket
    assert "[email]" not in w.panel.inner_text()
    assert w.session_id() == session_id
    shot(page, "restored", size)

    stored = " ".join(str(e.payload) for e in askdesk.store.events(session_id))   # the server keeps it masked
    assert "[email]" in stored and EMAIL not in stored
    transcript = askdesk.app.test_client().get(f"/api/v1/sessions/{session_id}").get_json()["transcript"]
    assert EMAIL not in str(transcript)

    w.panel.get_by_role("button", name="Close").click()
    page.reload()
    expect(w.launcher).to_have_attribute("aria-expanded", "false")
    expect(w.panel).to_be_hidden()                        # closed, as it was


def test_the_transcript_keeps_a_handoffs_two_messages_apart(hash_config):
    """No browser: the handoff's reply is stored as one text; the widget's transcript has it as the two
    messages the customer saw (``texts``), the stored ``text`` unchanged for agents and the ledger."""
    client = create_app(hash_config).test_client()
    session = client.post("/api/v1/sessions", json={"locale": "en"}).get_json()["session_id"]
    live = client.post(f"/api/v1/sessions/{session}/handoff").get_json()
    line = [x for x in client.get(f"/api/v1/sessions/{session}").get_json()["transcript"] if x.get("action") == "handoff"]
    assert len(line) == 1 and line[0]["texts"] == [live["text"], live["handoff"]["text"]]
    assert line[0]["text"] == f"{live['text']} {live['handoff']['text']}"


# -- 2. a text over the server's limit: said so before sending, kept whole, never sent cut --------------
@pytest.mark.parametrize("size", SIZES)
def test_a_long_paste_is_kept_and_not_sent_until_short_enough(open_page, askdesk, size):
    page = open_page(viewport=SIZES[size])
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    w.open()
    sent = []
    page.on("request", lambda r: sent.append(r.post_data) if r.url.endswith("/messages") else None)
    counter = w.panel.locator(".count")
    expect(counter).to_be_hidden()
    long_text = ("how do I reset my password " * 400)[:10_000]
    w.input.fill(long_text)                               # a paste
    assert len(w.input.input_value()) == 10_000            # the whole text stays in the box
    expect(counter).to_be_visible()
    expect(counter).to_have_text("10,000 / 1,000 characters — 9,000 too many: shorten your message to send it.")
    expect(w.input).to_have_attribute("aria-invalid", "true")
    expect(w.input).to_have_attribute("aria-describedby", "askdesk-q-count")
    shot(page, "too-long", size)

    w.input.press("Enter")
    expect(counter).to_contain_text("Not sent: your message is 10,000 characters and the limit is 1,000")
    expect(w.input).to_be_focused()
    assert len(w.input.input_value()) == 10_000
    expect(w.log.locator(".msg.me")).to_have_count(0)
    assert sent == []
    shot(page, "too-long-not-sent", size)

    w.input.fill("x" * 950)                               # near the limit: a plain counter
    expect(counter).to_have_text("950 / 1,000 characters")
    expect(w.input).not_to_have_attribute("aria-invalid", "true")
    w.ask("how do I reset my password")
    expect(counter).to_be_hidden()
    expect(w.card("Reset your password")).to_be_visible()
    assert len(sent) == 1


def test_the_limit_is_told_in_the_customers_language(open_page, askdesk):
    page = open_page(viewport=SIZES["phone"], locale="ru-RU")
    page.goto(f"{askdesk.url}/demo?locale=ru")
    w = Widget(page, "ru")
    w.open()
    w.input.fill("где мой заказ " * 100)             # 1,399 characters as sent (trimmed)
    counter = w.panel.locator(".count")
    expect(counter).to_have_text(re.compile(r"^1\s399 / 1\s000 символов — на 399 больше допустимого"))
    w.input.press("Enter")
    expect(counter).to_contain_text("Не отправлено")


# -- 3. the contact form gives way while the customer carries on, and comes back ----------------------------
@pytest.mark.parametrize("size", SIZES)
def test_the_contact_form_gives_way_and_comes_back(open_page, askdesk, size):
    page = open_page(viewport=SIZES[size])
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    w.open()
    w.human.click()
    expect(w.contact).to_be_visible()
    w.contact.fill("ann@exa")                             # half typed
    w.ask("track my order")                               # the customer carries on
    expect(w.card("Track your order")).to_be_visible()
    expect(w.contact).to_have_count(0)                    # the form gave way
    shot(page, "form-gives-way", size)

    w.human.click()
    expect(w.contact).to_be_visible()                     # back, with what was typed in it, after the answer
    expect(w.contact).to_have_value("ann@exa")
    assert w.shadow_eval("(root) => root.querySelector('.log').lastElementChild.matches('form.contact')")
    shot(page, "form-comes-back", size)

    w.ask("cancel my subscription")
    expect(w.contact).to_have_count(0)
    page.reload()                                         # restored as the customer left it: no form
    expect(w.log.locator(".msg.me").last).to_have_text("cancel my subscription")
    expect(w.contact).to_have_count(0)
    w.human.click()
    expect(w.contact).to_be_visible()
    w.contact.fill("ann@example.com")
    w.panel.get_by_role("button", name=UI["en"]["send_ticket"]).click()
    expect(w.log.locator(".ticket .number")).to_have_text(re.compile(r"^#\d+$"))


# -- 4. the launcher and a help article's text -------------------------------------------------------------
COVERED = """(root) => {
  const launcher = root.querySelector('.launcher').getBoundingClientRect();
  const covered = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent.trim() || node.parentElement.closest('script, style')) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    for (const r of range.getClientRects()) {
      if (r.right > launcher.left && r.left < launcher.right && r.bottom > launcher.top && r.top < launcher.bottom) {
        covered.push(node.textContent.trim().slice(0, 40));
      }
    }
  }
  return covered;
}"""


@pytest.mark.parametrize("size", SIZES)
def test_the_launcher_leaves_a_help_articles_text_readable(open_page, askdesk, size):
    page = open_page(viewport=SIZES[size])
    page.goto(f"{askdesk.url}/help/en/reset-password")
    w = Widget(page)
    expect(w.launcher).to_be_visible()
    page.wait_for_load_state("load")
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    assert w.shadow_eval(COVERED) == []                  # the article's end scrolls out from under it
    shot(page, "help-article", size)

    page.goto(f"{askdesk.url}/demo")                     # the demo shop leaves room already: nothing added
    expect(w.launcher).to_be_visible()
    page.wait_for_load_state("load")
    assert w.shadow_eval("(root) => root.querySelector('.spacer').getBoundingClientRect().height") == 0
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    footer_bottom = page.evaluate("() => document.querySelector('footer').getBoundingClientRect().bottom")
    assert abs(footer_bottom - SIZES[size]["height"]) < 2   # the footer still ends the page
    assert w.shadow_eval(COVERED) == []
    shot(page, "demo-bottom", size)
    w.open()
    expect(w.input).to_be_focused()
