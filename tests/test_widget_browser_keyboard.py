"""The help widget on a phone and with the keyboard only: it fits 360 px, its targets are big enough,
Escape gives focus back, suggestions are picked with the arrow keys; data-* attributes of the tag.
Shared pages and servers: test_widget_browser.py.
"""
from __future__ import annotations

import re

try:
    from playwright.sync_api import expect
except ImportError:   # the `chromium` fixture says how to install it
    expect = None
import test_widget_browser as shared
from test_widget_browser import Widget

from support.browser import artifacts_dir

# the shared servers and pages (pytest looks fixtures up by name in the test's module)
site, strict_site, askdesk, open_page = shared.site, shared.strict_site, shared.askdesk, shared.open_page


# -- a phone, the keyboard, screenshots -------------------------------------------------------------
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


# -- the tag's data-* attributes ----------------------------------------------------------------------
def test_data_attributes_open_at_load_on_the_left(open_page, askdesk):
    page = open_page()
    page.goto(f"{askdesk.url}/demo?position=left&open=true")
    w = Widget(page)
    expect(w.log).to_contain_text("Hi! Ask me anything")     # open without a click
    expect(w.launcher).to_have_attribute("aria-expanded", "true")
    assert w.panel.bounding_box()["x"] < 100 and w.launcher.bounding_box()["x"] < 100
    assert page.evaluate("document.activeElement === document.body")   # the page keeps its focus
