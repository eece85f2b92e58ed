"""Helpers for tests in a real browser: a live askdesk server, a second "customer site" server on
another origin, and Debian's Chromium driven by Playwright (never a downloaded browser).

Only browser tests import this module (the ``chromium`` fixture in conftest.py imports it when a
test asks for a browser), so the other tests need neither Playwright nor Chromium."""
from __future__ import annotations

import http.server
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import waitress

try:
    from playwright.sync_api import expect, sync_playwright
except ImportError:   # the `chromium` fixture says how to install it
    expect = sync_playwright = None
from flask import Flask

from askdesk.shell.app import create_app

from support.paths import REPO

CHROMIUM = os.environ.get("ASKDESK_CHROMIUM", "/usr/bin/chromium")
TIMEOUT_MS = 10_000   # what a browser test waits for anything to appear
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def require_chromium() -> str:
    """The Chromium binary; skips when ASKDESK_SKIP_BROWSER=1, fails with the fix when it is missing."""
    if os.environ.get("ASKDESK_SKIP_BROWSER") == "1":
        pytest.skip("browser tests skipped (ASKDESK_SKIP_BROWSER=1)")
    if not Path(CHROMIUM).exists():
        pytest.fail(f"no Chromium at {CHROMIUM}: install it with `apt-get install chromium` (Debian/Ubuntu), "
                    "point ASKDESK_CHROMIUM at another binary, or set ASKDESK_SKIP_BROWSER=1 to skip browser tests",
                    pytrace=False)
    return CHROMIUM


def artifacts_dir() -> Path:
    """Where screenshots go: ``$ASKDESK_TEST_ARTIFACTS`` or ``<repo>/test-artifacts``."""
    path = Path(os.environ.get("ASKDESK_TEST_ARTIFACTS") or REPO / "test-artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


# the two screens every widget test that cares about layout runs at
SIZES = {"desktop": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}


def shot(page, name: str, size: str) -> None:
    """A screenshot ``widget-<name>-<size>.png`` for a person to look at."""
    page.screenshot(path=str(artifacts_dir() / f"widget-{name}-{size}.png"))


@dataclass
class LiveServer:
    """An askdesk app served by waitress on a free port, in a daemon thread."""
    app: Flask
    url: str
    _server: object = field(repr=False)
    _thread: threading.Thread = field(repr=False)

    @property
    def store(self):
        return self.app.extensions["askdesk"].store

    def stop(self) -> None:
        server = self._server

        def close_everything():   # runs inside the server's loop thread; an empty map ends the loop
            for dispatcher in list(server._map.values()):
                if dispatcher is not server.trigger:
                    dispatcher.close()
            server.trigger.close()

        server.trigger.pull_trigger(close_everything)
        self._thread.join(10)
        server.task_dispatcher.shutdown()
        self.store.close()


def start_server(config) -> LiveServer:
    app = create_app(config)
    server = waitress.create_server(app, host="127.0.0.1", port=0, threads=6, ident="askdesk-test")
    thread = threading.Thread(target=server.run, name="askdesk-test-server", daemon=True)
    thread.start()
    return LiveServer(app, f"http://127.0.0.1:{server.effective_port}", server, thread)


class CustomerSite:
    """A plain HTTP server standing for a customer's own website (another origin than askdesk's).

    ``/page?askdesk=<base url>`` is a page embedding the widget from that askdesk server."""

    def __init__(self, page: Callable[[str], str]):
        render = page

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (http.server's naming)
                from urllib.parse import parse_qs, urlsplit
                parts = urlsplit(self.path)
                if parts.path != "/page":
                    self.send_error(404)
                    return
                askdesk = parse_qs(parts.query).get("askdesk", [""])[0]
                body = render(askdesk).encode("utf-8")
                self.send_response(200)
                self.send_header("Content-Type", "text/html; charset=utf-8")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, format, *args):  # noqa: A002 - keep test output quiet
                pass

        self._server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self.origin = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, name="customer-site", daemon=True)
        self._thread.start()

    def page_url(self, askdesk_url: str) -> str:
        from urllib.parse import quote
        return f"{self.origin}/page?askdesk={quote(askdesk_url, safe='')}"

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)


@contextmanager
def launch_chromium() -> Iterator[object]:
    """Debian's Chromium, headless, driven by Playwright (the session-wide ``chromium`` fixture)."""
    executable = require_chromium()
    if sync_playwright is None:
        pytest.fail("the playwright package is missing: pip install -e '.[test]' (the browser is Debian's chromium; "
                    "no `playwright install` needed)", pytrace=False)
    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()
