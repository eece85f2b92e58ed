"""The help widget embedded on customers' sites: cross-origin from an allowed origin, gently failing on
one that is not, under a strict Content Security Policy; its styles and the host page's kept apart;
customer text shown as text, never run. Shared pages and servers: test_widget_browser.py.
"""
from __future__ import annotations

import re

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None
import test_widget_browser as shared
from test_widget_browser import Widget, config, wait_until

from support.browser import start_server

# the shared servers and pages (pytest looks fixtures up by name in the test's module)
site, strict_site, askdesk, open_page = shared.site, shared.strict_site, shared.askdesk, shared.open_page


# -- cross-origin embedding ------------------------------------------------------------------------
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


def test_widget_works_on_a_site_with_a_strict_content_security_policy(open_page, askdesk, strict_site):
    """A site whose policy allows scripts and calls to askdesk's origin only (no inline styles) runs the
    loader and the modules it imports, and the widget keeps its styles (a constructed style sheet)."""
    page = open_page()
    blocked = []        # what the policy refused (the widget's own console errors fail every test anyway)
    page.on("console", lambda m: blocked.append(m.text) if m.type == "error" and not (
        m.location or {}).get("url", "").endswith("/favicon.ico") else None)
    page.goto(strict_site.page_url(askdesk.url))
    assert "script-src" in page.evaluate("document.querySelector('meta[http-equiv]').content")
    w = Widget(page)
    w.open()
    page.mouse.move(1, 1)
    expect(w.launcher).to_have_css("background-color", "rgb(43, 89, 195)")
    w.ask("how do I reset my password")
    expect(w.card("Reset your password")).to_contain_text("Forgot password?")
    assert blocked == [], blocked


# -- style isolation -------------------------------------------------------------------------------
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


# -- hostile input is text -------------------------------------------------------------------------
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
