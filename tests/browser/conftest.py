"""Browser tests: the real graph served over HTTP, driven by Debian's Chromium through
Playwright (``executable_path``; Playwright never downloads a browser here).

Tests use the ``browse`` / ``browse_without_js`` fixtures: ``browse.open(path)`` opens a
page and records any request to a host other than the test server;
``browse.assert_no_third_party_requests()`` fails the test if there was one. Screenshots go to ``tests/browser/screenshots/`` (ignored by git; CI keeps them as
artefacts).
"""

from __future__ import annotations

import shutil
import threading
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from werkzeug.serving import make_server

from cyberkg.web.app import create_app
from patience import ROOMY_BUDGET

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
SCREENSHOTS = Path(__file__).parent / "screenshots"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture(scope="session")
def site(built_store):
    """The real graph served by a threaded Werkzeug server on a free loopback port."""
    from cyberkg.settings import Settings
    settings = Settings.load({"store": str(built_store.directory), "workers": 2,
                              "query_timeout": ROOMY_BUDGET}, environ={})
    app = create_app(settings)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    app.extensions["cyberkg"].executor.close()


@pytest.fixture(scope="session")
def chromium():
    if not Path(CHROMIUM).exists():
        pytest.skip("browser tests need Debian's chromium (installed by .ci/run: apt-get install chromium)")
    sync_api = pytest.importorskip("playwright.sync_api", reason="browser tests need playwright (the test extra)")
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


class Browse:
    """Pages of the test site in one browser context, with every third-party request recorded."""

    def __init__(self, context, site: str) -> None:
        self.context = context
        self.site = site
        self.third_party_requests: list[str] = []

    def open(self, path: str):
        """A new page at ``site + path`` (waits for the load event)."""
        page = self.context.new_page()
        local = urlsplit(self.site).netloc

        def record(req) -> None:
            if urlsplit(req.url).netloc != local and req.url.startswith(("http:", "https:", "ws:", "wss:")):
                self.third_party_requests.append(req.url)

        page.on("request", record)
        page.goto(self.site + path)
        return page

    def assert_no_third_party_requests(self) -> None:
        assert self.third_party_requests == [], self.third_party_requests

    @staticmethod
    def screenshot(page, name: str) -> Path:
        """Save a full-page PNG under tests/browser/screenshots/ and return its path."""
        SCREENSHOTS.mkdir(exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def browse(chromium, site):
    """Browse the real site with JavaScript on."""
    context = chromium.new_context()
    yield Browse(context, site)
    context.close()


@pytest.fixture
def browse_without_js(chromium, site):
    """Browse the real site with JavaScript turned off."""
    context = chromium.new_context(java_script_enabled=False)
    yield Browse(context, site)
    context.close()
