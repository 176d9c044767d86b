"""The documentation pages render offline: `vinny serve` for real, chromium through Playwright,
every request that leaves 127.0.0.1 refused (and recorded), and the UI read off the page."""

from __future__ import annotations

import os
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.exportdb import build
from tests.test_api_server import serving

pytestmark = pytest.mark.e2e
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("docs")
    build(data / "vinny.db")
    with serving(data) as url:
        yield url


def render(url: str, selector: str) -> tuple[str, list[str]]:
    """The text of `selector` once rendered, and every request to another host (refused)."""
    outside: list[str] = []

    def route(r) -> None:
        if urlsplit(r.request.url).hostname == "127.0.0.1":
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        try:
            page = browser.new_page()
            page.route("**/*", route)
            page.goto(url)
            page.wait_for_selector(selector, timeout=20_000)
            return page.inner_text(selector), outside
        finally:
            browser.close()


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
def test_swagger_ui_renders_offline(server):
    text, outside = render(f"{server}/docs", "#operations-default-events_events_get")
    assert ("/events" in text, outside) == (True, [])


@pytest.mark.skipif(not os.path.exists(CHROMIUM), reason="Debian's chromium is not installed")
def test_redoc_renders_offline(server):
    text, outside = render(f"{server}/redoc", "h1")
    # ReDoc's bundle links its "API docs by Redocly" badge image to its CDN: decoration only.
    assert ("vinny" in text, outside) == (True, ["https://cdn.redoc.ly/redoc/logo-mini.svg"])
