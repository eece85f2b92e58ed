"""The help widget in real headless Chromium, used the way a customer would. This file: the widget's
files as served, and the whole flow on the demo shop; the pages, servers and the `Widget` driver the
other test_widget_browser_*.py files share. Embedding, isolation and hostile input:
test_widget_browser_embedding.py; a phone and the keyboard: test_widget_browser_keyboard.py; errors,
reloads and the server's limits: test_widget_browser_errors.py.

Needs Debian's Chromium (`apt-get install chromium`); ASKDESK_SKIP_BROWSER=1 skips these tests.
"""
from __future__ import annotations

import html
import re
import time
from pathlib import Path

import pytest

from askdesk.core.settings import load_config
from askdesk.store.tokens import SqlTokens

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None
from support.browser import TIMEOUT_MS, CustomerSite, artifacts_dir, start_server
from support.paths import FIXTURE_KB

STATIC = Path(__file__).resolve().parent.parent / "api" / "static"
WIDGET_MODULES = sorted((STATIC / "widget").glob("*.js"))

UI = {
    "en": {"help": "Help", "ask": "Ask a question…", "send": "Send", "human": "Talk to a person", "yes": "Yes",
           "no": "No", "contact": "Your e-mail or phone", "name": "Your name (optional)",
           "send_ticket": "Send to support", "greeting": "Hi! Ask me anything"},
    "ru": {"help": "Помощь", "ask": "Задайте вопрос…", "send": "Отправить", "human": "Связаться с сотрудником",
           "yes": "Да", "no": "Нет", "contact": "Ваш e-mail или телефон", "name": "Ваше имя (необязательно)",
           "send_ticket": "Отправить в поддержку", "greeting": "Здравствуйте!"},
}


def config(hash_index, store: Path, **overrides):
    return load_config({"index_dir": str(hash_index), "encoder": "hash", "content_dir": str(FIXTURE_KB),
                        "reload_check_seconds": 0.0, "store_url": str(store), "secret_key": "widget-tests",
                        **overrides}, environ={})


def customer_page(askdesk_url: str) -> str:
    """A customer's own site: no CSS of note, the widget from askdesk on another origin."""
    src = html.escape(f"{askdesk_url}/widget.js", quote=True)
    return ("<!doctype html><html lang='en'><head><meta charset='utf-8'>"
            "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Acme outdoor</title></head>"
            "<body><h1>Acme outdoor</h1><p>Tents, stoves and good advice.</p>"
            f"<script src='{src}' data-locale='en' defer></script></body></html>")


def strict_customer_page(askdesk_url: str) -> str:
    """A customer's site with a strict Content Security Policy: scripts and calls only to askdesk, no
    inline styles; what such a site adds to its policy for the widget is askdesk's origin."""
    origin = html.escape(askdesk_url, quote=True)
    policy = (f"default-src 'none'; script-src {origin}; connect-src {origin}; style-src 'self'; "
              "img-src 'self'; base-uri 'none'")
    return customer_page(askdesk_url).replace(
        "<meta charset='utf-8'>", f"<meta charset='utf-8'><meta http-equiv='Content-Security-Policy' content=\"{policy}\">")


# -- servers and the browser, shared by the tests of a file ---------------------------------------------
@pytest.fixture(scope="session")
def site():
    server = CustomerSite(customer_page)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def strict_site():
    server = CustomerSite(strict_customer_page)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def askdesk(hash_index, tmp_path_factory, site, strict_site):
    """askdesk with the default rate limit; the customer sites' origins may embed the widget."""
    server = start_server(config(hash_index, tmp_path_factory.mktemp("askdesk") / "askdesk.db",
                                 allowed_origins=f"{site.origin},{strict_site.origin}"))
    yield server
    server.stop()


def from_widget(url: str) -> bool:
    """Whether ``url`` is one of the widget's scripts: the loader or one of its modules."""
    return url.endswith("/widget.js") or "/static/widget/" in url


@pytest.fixture
def open_page(chromium):
    """A fresh browser context (no storage shared between tests) → a page that records JS errors.

    Any uncaught exception, and any console error raised from the widget's scripts, fails the test."""
    contexts, errors = [], []

    def factory(**options):
        context = chromium.new_context(**{"viewport": {"width": 1280, "height": 800}, **options})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))

        def console(message):
            url = (message.location or {}).get("url", "")
            if message.type == "error" and from_widget(url):
                errors.append(f"console error from {url}: {message.text}")
        page.on("console", console)
        return page

    yield factory
    for context in contexts:
        context.close()
    assert not errors, errors

class Widget:
    """The widget as a person sees it: by roles and accessible names, through its open shadow root."""

    def __init__(self, page, locale: str = "en"):
        self.page = page
        self.t = UI[locale]
        self.launcher = page.get_by_role("button", name=self.t["help"], exact=True)
        self.panel = page.get_by_role("dialog", name=self.t["help"])
        self.log = self.panel.get_by_role("log")
        self.input = self.panel.get_by_role("combobox", name=self.t["ask"])
        self.send = self.panel.get_by_role("button", name=self.t["send"], exact=True)
        self.human = self.panel.get_by_role("button", name=self.t["human"])
        self.contact = self.panel.get_by_role("textbox", name=self.t["contact"])
        self.notice = self.panel.get_by_role("alert")

    def open(self):
        """Open the panel (after a reload it may be open already: the widget restores it as it was)."""
        expect(self.launcher).to_be_visible()
        if self.launcher.get_attribute("aria-expanded") != "true":
            self.launcher.click()
        expect(self.panel).to_be_visible()
        expect(self.log).to_contain_text(self.t["greeting"])

    def ask(self, text: str, wait: bool = True):
        """Type a question and send it; by default wait until the bot has answered."""
        self.input.fill(text)
        self.input.press("Enter")
        if wait:
            expect(self.log.locator(".typing")).to_have_count(0)

    def card(self, title: str):
        return self.log.get_by_role("article").filter(has_text=title).last

    def vote(self, answer: str):
        self.log.get_by_role("button", name=self.t[answer], exact=True, disabled=False).last.click()

    def shadow_eval(self, script: str, arg=None):
        """Evaluate ``script`` (a function of the shadow root and ``arg``) in the page."""
        return self.page.evaluate(f"([arg]) => ({script})(document.querySelector('askdesk-widget').shadowRoot, arg)",
                                  [arg])

    def session_id(self) -> str:
        return self.page.evaluate(
            "() => JSON.parse(Object.entries(sessionStorage).find(([k]) => k.startsWith('askdesk:session:'))[1]).id")


def wait_until(check, timeout: float = 10.0):
    deadline = time.monotonic() + timeout
    while True:
        value = check()
        if value or time.monotonic() > deadline:
            return value
        time.sleep(0.05)


# -- the scripts and the demo page, without a browser -------------------------------------------------
FORBIDDEN = ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function")


def test_widget_script_and_demo_page_are_served(askdesk):
    client = askdesk.app.test_client()
    with client.get("/widget.js") as script:
        assert script.status_code == 200
        assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert script.headers["Cache-Control"] == "public, max-age=300"
        assert script.headers["X-Content-Type-Options"] == "nosniff"
        source = script.get_data(as_text=True)
    for forbidden in FORBIDDEN:
        assert forbidden not in source, f"widget.js must build the DOM without {forbidden}"
    version = re.search(r'"static/widget/([0-9a-f]{16})/main\.js"', source).group(1)

    # the loader's modules: every one served as JavaScript to any site, cached for good, and no HTML parsing
    assert len(WIDGET_MODULES) >= 8
    for path in WIDGET_MODULES:
        text = path.read_text("utf-8")
        assert len(text.splitlines()) < 300, f"{path.name} should stay small"
        for imported in re.findall(r'from "\./([\w-]+\.js)"', text):
            assert (path.parent / imported).is_file(), f"{path.name} imports a missing {imported}"
        with client.get(f"/static/widget/{version}/{path.name}", headers={"Origin": "https://shop.example"}) as module:
            assert module.status_code == 200, path.name
            assert module.headers["Content-Type"] == "text/javascript; charset=utf-8"
            assert module.headers["Access-Control-Allow-Origin"] == "*"
            assert module.headers["Cache-Control"] == "public, max-age=31536000, immutable"
            assert module.headers["X-Content-Type-Options"] == "nosniff"
            assert module.get_data(as_text=True) == text
        for forbidden in FORBIDDEN:
            assert forbidden not in text, f"widget/{path.name} must build the DOM without {forbidden}"
    with client.get("/static/widget/0123456789abcdef/main.js") as stale:   # a loader cached before a release
        assert stale.status_code == 200 and stale.headers["Cache-Control"] == "no-cache"
    assert client.get(f"/static/widget/{version}/styles.css").status_code == 404

    page = client.get("/demo").get_data(as_text=True)
    assert '<script src="/widget.js" data-locale="en" defer></script>' in page
    assert 'href="/help"' in page and 'href="/agent"' in page
    ru = client.get("/demo?locale=ru&email=%22%3E%3Cscript%3E")
    assert ru.headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self'")
    ru_page = ru.get_data(as_text=True)
    assert '<html lang="ru">' in ru_page and 'data-locale="ru"' in ru_page
    assert 'data-email="&#34;&gt;&lt;script&gt;"' in ru_page and "<script>" not in ru_page
    assert 'data-locale="en"' in client.get("/demo?locale=de").get_data(as_text=True)




# -- the whole flow on the demo shop ---------------------------------------------------------------
def test_question_answer_not_helpful_then_ticket(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    expect(w.launcher).to_have_attribute("aria-expanded", "false")
    w.launcher.focus()
    page.keyboard.press("Enter")
    expect(w.launcher).to_have_attribute("aria-expanded", "true")
    expect(w.log).to_contain_text("Hi! Ask me anything")
    expect(w.input).to_be_focused()

    w.input.press_sequentially("passw", delay=30)      # suggest-as-you-type
    listbox = w.panel.get_by_role("listbox")
    expect(listbox.get_by_role("option", name="Reset your password")).to_be_visible()
    expect(w.input).to_have_attribute("aria-expanded", "true")
    w.ask("how do I reset my password")
    expect(listbox).to_be_hidden()
    expect(w.log.locator(".msg.me").last).to_have_text("how do I reset my password")
    card = w.card("Reset your password")
    expect(card).to_contain_text("Forgot password?")
    link = card.get_by_role("link", name=re.compile("^Open article"))
    expect(link).to_have_attribute("href", f"{askdesk.url}/help/en/reset-password#reset-it-from-the-sign-in-page")
    expect(link).to_have_attribute("target", "_blank")
    expect(link).to_have_attribute("rel", "noopener")
    page.screenshot(path=str(artifacts_dir() / "widget-desktop.png"))

    # "No" → the next best article or a person; "No" again on a next article → a person
    w.vote("no")
    expect(card.get_by_role("button", name="No", exact=True)).to_be_disabled()
    expect(card.get_by_role("button", name="No", exact=True)).to_have_attribute("aria-pressed", "true")
    next_no = w.log.get_by_role("button", name="No", exact=True, disabled=False)
    expect(w.contact.or_(next_no)).to_be_visible()
    if next_no.count():
        next_no.click()
    expect(w.contact).to_be_visible()
    expect(w.log).to_contain_text("Sorry I couldn't help")
    expect(w.contact).to_be_focused()

    w.contact.fill("not-an-email")
    w.panel.get_by_role("button", name="Send to support").click()
    expect(w.log).to_contain_text("doesn't look like an e-mail address")
    expect(w.contact).to_have_attribute("aria-invalid", "true")
    expect(w.contact).to_have_value("not-an-email")
    expect(w.contact).to_be_focused()

    w.contact.fill("ann@example.com")
    w.panel.get_by_role("button", name="Send to support").click()
    number_box = w.log.locator(".ticket .number")
    expect(number_box).to_have_text(re.compile(r"^#\d+$"))
    expect(w.log).to_contain_text("An agent will reply to ann@example.com")
    expect(w.contact).to_be_hidden()
    number = int(number_box.inner_text().lstrip("#"))
    page.screenshot(path=str(artifacts_dir() / "widget-ticket-desktop.png"))

    ticket = askdesk.store.get_ticket(number)
    assert ticket is not None and ticket.reason == "negative_feedback"
    assert ticket.contact == "ann@example.com" and ticket.locale == "en"
    assert ticket.page_url == f"{askdesk.url}/demo"
    lines = ticket.packet["transcript"]
    assert {"from": "customer", "text": "how do I reset my password"}.items() <= next(
        line for line in lines if line["from"] == "customer").items()
    assert any(line["from"] == "bot" and "reset-password" in line.get("articles", []) for line in lines)
    assert '"ann@example.com"' in page.evaluate("() => Object.values(localStorage)")   # remembered for next time

    # the agent's side: sign in to the console, find the ticket in the inbox, read the conversation
    token, _record = SqlTokens(askdesk.store).create("Agent Smith", "agent")
    console = open_page()
    console.goto(f"{askdesk.url}/agent")
    console.get_by_label("Token").fill(token)
    console.get_by_role("button", name="Sign in").click()
    console.get_by_role("link", name=str(number), exact=True).click()
    expect(console.locator(".transcript")).to_contain_text("how do I reset my password")
    expect(console.locator(".transcript")).to_contain_text("Showed: “Reset your password”")   # what the bot showed, in words
    expect(console.locator(".transcript")).to_contain_text("Not helpful: “Reset your password”")
    expect(console.locator("body")).to_contain_text("ann@example.com")
    expect(console.locator("body")).to_contain_text("answer did not help")       # the reason, for people
    console.screenshot(path=str(artifacts_dir() / "console-ticket.png"), full_page=True)


def test_talk_to_a_person_in_russian(open_page, askdesk):
    page = open_page(locale="ru-RU")
    page.goto(f"{askdesk.url}/demo?locale=ru&email=ivan@example.ru")
    w = Widget(page, "ru")
    w.open()
    expect(w.input).to_have_attribute("placeholder", "Задайте вопрос…")
    expect(w.human).to_be_visible()
    w.human.click()
    expect(w.log).to_contain_text("Конечно — передаю вас сотруднику.")
    expect(w.contact).to_have_value("ivan@example.ru")      # data-email from the host site
    w.panel.get_by_role("textbox", name=UI["ru"]["name"]).fill("Иван")
    w.panel.get_by_role("button", name="Отправить в поддержку").click()
    expect(w.log).to_contain_text("Номер вашего обращения")
    number = int(w.log.locator(".ticket .number").inner_text().lstrip("#"))
    expect(w.log).to_contain_text(f"Номер вашего обращения — #{number}")

    ticket = askdesk.store.get_ticket(number)
    assert ticket.reason == "customer_request" and ticket.locale == "ru"
    assert ticket.contact == "ivan@example.ru" and ticket.packet["name"] == "Иван"

    w.human.click()     # after the ticket: the bot says where the ticket stands, no second ticket
    expect(w.log).to_contain_text(f"я добавил это в обращение #{number}")


def test_clarify_offers_articles_with_highlights(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    w.open()
    w.ask("order")
    expect(w.log).to_contain_text("Which one is closest")
    options = w.log.locator("button.option")
    expect(options).to_have_count(2)
    expect(options.locator("mark").first).to_have_text(re.compile("order", re.I))
    assert "<mark>" not in w.log.inner_text()
    w.log.get_by_role("button", name=re.compile("^Track your order")).click()
    expect(options.first).to_be_disabled()
    card = w.card("Track your order")
    expect(card).to_contain_text("tracking number")
    card.get_by_role("button", name="Yes", exact=True).click()
    expect(w.log).to_contain_text("You're welcome!")
    expect(card.get_by_role("button", name="Yes", exact=True)).to_have_attribute("aria-pressed", "true")

    w.ask("trak my ordr")                              # typos: "did you mean"
    expect(w.log).to_contain_text("Showing results for “track my order”")
    w.ask("subscription refund")                       # an article only in Russian is flagged as such
    expect(w.log.get_by_role("button", name=re.compile(r"Оплата через СБП \(in Russian\)"))).to_be_visible()
