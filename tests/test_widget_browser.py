"""The help widget in real headless Chromium, used the way a customer would: on the demo shop, embedded
cross-origin on another site, on a phone, with the keyboard, after a reload, and with hostile input.

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

WIDGET_JS = Path(__file__).resolve().parent.parent / "api" / "static" / "widget.js"

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


# -- servers and the browser, shared by the whole session ------------------------------------------
@pytest.fixture(scope="session")
def site():
    server = CustomerSite(customer_page)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def askdesk(hash_index, tmp_path_factory, site):
    """askdesk with the default rate limit; the customer site's origin may embed the widget."""
    server = start_server(config(hash_index, tmp_path_factory.mktemp("askdesk") / "askdesk.db",
                                 allowed_origins=site.origin))
    yield server
    server.stop()


@pytest.fixture
def open_page(chromium):
    """A fresh browser context (no storage shared between tests) → a page that records JS errors.

    Any uncaught exception, and any console error raised from widget.js, fails the test."""
    contexts, errors = [], []

    def factory(**options):
        context = chromium.new_context(**{"viewport": {"width": 1280, "height": 800}, **options})
        context.set_default_timeout(TIMEOUT_MS)
        contexts.append(context)
        page = context.new_page()
        page.on("pageerror", lambda exc: errors.append(f"uncaught: {exc}"))

        def console(message):
            url = (message.location or {}).get("url", "")
            if message.type == "error" and url.endswith("/widget.js"):
                errors.append(f"console error from widget.js: {message.text}")
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


# -- the script and the demo page, without a browser --------------------------------------------------
def test_widget_script_and_demo_page_are_served(askdesk):
    client = askdesk.app.test_client()
    with client.get("/widget.js") as script:
        assert script.status_code == 200
        assert script.headers["Content-Type"] == "text/javascript; charset=utf-8"
        assert script.headers["Cache-Control"] == "public, max-age=300"
        source = script.get_data(as_text=True)
    for forbidden in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert forbidden not in source, f"widget.js must build the DOM without {forbidden}"

    page = client.get("/demo").get_data(as_text=True)
    assert '<script src="/widget.js" data-locale="en" defer></script>' in page
    assert 'href="/help"' in page and 'href="/agent"' in page
    ru = client.get("/demo?locale=ru&email=%22%3E%3Cscript%3E")
    assert ru.headers["Content-Security-Policy"].startswith("default-src 'self'; script-src 'self'")
    ru_page = ru.get_data(as_text=True)
    assert '<html lang="ru">' in ru_page and 'data-locale="ru"' in ru_page
    assert 'data-email="&#34;&gt;&lt;script&gt;"' in ru_page and "<script>" not in ru_page
    assert 'data-locale="en"' in client.get("/demo?locale=de").get_data(as_text=True)


# -- 1. the whole flow on the demo shop ---------------------------------------------------------------
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
    expect(console.locator(".transcript")).to_contain_text("Shown: reset-password")       # what the bot showed
    expect(console.locator(".transcript")).to_contain_text("[not helpful] reset-password")
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


# -- 2. cross-origin embedding ------------------------------------------------------------------------
def test_widget_works_embedded_on_an_allowed_origin(open_page, askdesk, site):
    page = open_page()
    page.goto(site.page_url(askdesk.url))
    assert page.evaluate("location.origin") == site.origin != askdesk.url
    w = Widget(page)
    w.open()
    w.ask("how do I reset my password")
    card = w.card("Reset your password")
    link = card.get_by_role("link", name=re.compile("^Open article"))
    expect(link).to_have_attribute("href", re.compile(f"^{re.escape(askdesk.url)}/help/en/reset-password"))

    session_id = w.session_id()
    with page.context.expect_page() as popup:
        link.click()
    popup.value.wait_for_load_state()
    assert popup.value.url.startswith(f"{askdesk.url}/help/en/reset-password")
    assert wait_until(lambda: [e for e in askdesk.store.events(session_id) if e.kind == "click"]), \
        "the article click was not reported"


def test_widget_on_an_origin_that_is_not_allowed_fails_gently(open_page, hash_index, tmp_path, site):
    closed = start_server(config(hash_index, tmp_path / "askdesk.db", allowed_origins=""))
    try:
        page = open_page()
        page.goto(site.page_url(closed.url))
        w = Widget(page)
        w.launcher.click()
        expect(w.notice).to_contain_text("Can't reach support right now")
        w.notice.get_by_role("button", name="Try again").click()
        expect(w.notice).to_contain_text("Can't reach support right now")
        w.input.fill("where is my parcel")
        w.input.press("Enter")
        expect(w.notice).to_contain_text("Can't reach support right now")
        expect(w.input).to_have_value("where is my parcel")
        expect(w.log.locator(".msg.me")).to_have_count(0)
        assert closed.store.list_tickets() == []
    finally:
        closed.stop()


# -- 3. style isolation -------------------------------------------------------------------------------
STYLE_PROPS = ["fontFamily", "fontSize", "fontWeight", "fontStyle", "color", "backgroundColor", "textTransform",
               "letterSpacing", "borderTopWidth", "borderTopStyle", "borderTopLeftRadius", "paddingTop", "paddingLeft",
               "boxSizing", "width", "height", "display", "lineHeight"]
WIDGET_PARTS = {"launcher": ".launcher", "panel": ".panel", "title": "h2", "input": "input", "send": ".send",
                "human": ".human", "bubble": ".msg.bot"}
HOST_PARTS = {"body": "body", "h1": "h1", "cta": "button.cta", "add": "button.add", "lead": "p.lead",
              "product": ".product", "link": "nav a"}


def computed(page, parts: dict, root: str = "document") -> dict:
    return page.evaluate("""([parts, props, root]) => {
        const scope = root === 'shadow' ? document.querySelector('askdesk-widget').shadowRoot : document;
        const out = {};
        for (const [name, selector] of Object.entries(parts)) {
            const style = getComputedStyle(scope.querySelector(selector));
            out[name] = Object.fromEntries(props.map((p) => [p, style[p]]));
        }
        out.sheets = document.styleSheets.length;
        return out;
    }""", [parts, STYLE_PROPS, root])


def test_host_css_does_not_reach_the_widget_and_the_widget_css_does_not_leak(open_page, askdesk, site):
    plain = open_page()
    plain.goto(site.page_url(askdesk.url))
    shop = open_page()
    shop.goto(f"{askdesk.url}/demo")         # * {font-family: serif}, button {uppercase…}, [role=dialog] {display:none}
    for page in (plain, shop):
        w = Widget(page)
        w.open()
        page.mouse.move(1, 1)                # no hover, and wait out the launcher's colour transition
        expect(w.launcher).to_have_css("background-color", "rgb(43, 89, 195)")
    on_plain, on_shop = computed(plain, WIDGET_PARTS, "shadow"), computed(shop, WIDGET_PARTS, "shadow")
    for part in WIDGET_PARTS:
        assert on_shop[part] == on_plain[part], part
    assert on_shop["launcher"]["fontFamily"].startswith("system-ui")
    assert on_shop["launcher"]["textTransform"] == "none"
    assert on_shop["launcher"]["backgroundColor"] == "rgb(43, 89, 195)"
    expect(w.panel).to_be_visible()

    without = open_page()
    without.route("**/widget.js", lambda route: route.fulfill(status=200, content_type="text/javascript",
                                                            body="/* no widget */"))
    without.goto(f"{askdesk.url}/demo")
    expect(without.locator("button.cta")).to_be_visible()
    assert computed(without, HOST_PARTS) == computed(shop, HOST_PARTS)
    assert shop.evaluate("document.querySelectorAll('style, link[rel=stylesheet]').length") == 1


# -- 4. hostile input is text -------------------------------------------------------------------------
def test_customer_text_is_shown_as_text_never_run(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    w.open()
    attacks = ['<img src=x onerror="window.__xss=1">', "<script>window.__xss=1</script>"]
    w.ask(attacks[0], wait=False)
    w.ask(attacks[1])               # Enter while the bot may still be answering: sent right after, in order
    expect(w.log.locator(".msg.me")).to_have_text(attacks)
    expect(w.log.locator(".typing")).to_have_count(0)
    expect(w.input).to_have_value("")
    page.reload()                                   # the restored transcript is rendered as text too
    w.open()
    for attack in attacks:
        expect(w.log.get_by_text(attack, exact=True)).to_be_visible()
    assert page.evaluate("typeof window.__xss") == "undefined"
    assert w.shadow_eval("(root) => root.querySelectorAll('img, script').length") == 0


# -- 5. a phone, the keyboard, screenshots -------------------------------------------------------------
def test_phone_layout_fits_and_escape_returns_focus(open_page, askdesk):
    page = open_page(viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True, device_scale_factor=2)
    page.goto(f"{askdesk.url}/demo")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    w = Widget(page)
    w.open()
    w.ask("how do I reset my password")
    card = w.card("Reset your password")
    expect(card.get_by_role("button", name="No", exact=True)).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    box = w.panel.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["x"] + box["width"] <= 360 and box["y"] + box["height"] <= 740
    assert box["width"] == 360            # full width below 480 px
    assert w.shadow_eval("(root) => root.querySelector('.log').scrollWidth <= root.querySelector('.log').clientWidth")
    targets = [w.panel.get_by_role("button", name="Close"), w.send, w.human, w.input,
               card.get_by_role("button", name="Yes", exact=True), card.get_by_role("button", name="No", exact=True),
               card.get_by_role("link", name=re.compile("^Open article"))]
    for target in targets:
        size = target.bounding_box()
        assert size["height"] >= 40 and size["width"] >= 40, (target, size)
    page.screenshot(path=str(artifacts_dir() / "widget-360.png"))

    page.keyboard.press("Escape")
    expect(w.panel).to_be_hidden()
    expect(w.launcher).to_be_focused()
    expect(w.launcher).to_have_attribute("aria-expanded", "false")


def test_keyboard_only_use(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    w.launcher.focus()
    page.keyboard.press("Enter")
    expect(w.panel).to_have_attribute("role", "dialog")
    expect(w.log).to_have_attribute("aria-live", "polite")
    expect(w.input).to_be_focused()
    page.keyboard.press("Tab")
    expect(w.send).to_be_focused()
    assert w.shadow_eval("(root) => getComputedStyle(root.activeElement).outlineStyle") == "solid"
    page.keyboard.press("Tab")
    expect(w.human).to_be_focused()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    expect(w.input).to_be_focused()

    page.keyboard.type("track")                     # pick a suggestion with the arrow keys
    option = w.panel.get_by_role("option", name="Track your order")
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    expect(w.panel.get_by_role("option").first).to_have_attribute("aria-selected", "true")
    expect(w.input).to_have_attribute("aria-activedescendant", re.compile("askdesk-opt-0"))
    page.keyboard.press("Backspace")                # typing again drops the highlight: Enter sends the text
    assert w.input.get_attribute("aria-activedescendant") is None
    page.keyboard.type("k")
    expect(option).to_be_visible()
    page.keyboard.press("ArrowDown")
    while option.get_attribute("aria-selected") != "true":
        page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    expect(w.log.locator(".msg.me").last).to_have_text("Track your order")
    expect(w.card("Track your order")).to_be_visible()

    page.keyboard.press("Escape")
    expect(w.panel).to_be_hidden()
    expect(w.launcher).to_be_focused()
    assert w.shadow_eval("(root) => getComputedStyle(root.activeElement).outlineStyle") == "solid"


# -- 6. a reload keeps the conversation ----------------------------------------------------------------
def test_conversation_is_restored_after_reload(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo")
    w = Widget(page)
    w.open()
    w.ask("how do I reset my password")
    expect(w.card("Reset your password")).to_be_visible()
    session_id = w.session_id()

    page.reload()
    expect(w.panel).to_be_hidden()
    w.open()
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


def test_data_attributes_open_at_load_on_the_left(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo?position=left&open=true")
    w = Widget(page)
    expect(w.log).to_contain_text("Hi! Ask me anything")     # open without a click
    expect(w.launcher).to_have_attribute("aria-expanded", "true")
    assert w.panel.bounding_box()["x"] < 100 and w.launcher.bounding_box()["x"] < 100
    assert page.evaluate("document.activeElement === document.body")   # the page keeps its focus
