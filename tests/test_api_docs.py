"""The documentation pages render offline: `vinny serve` for real, chromium through Playwright,
every request that leaves 127.0.0.1 refused (and recorded), and the UI read off the page."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import sync_playwright

from tests.e2e import ROOT
from tests.exportdb import build
from tests.test_api_server import free_port

pytestmark = pytest.mark.e2e
CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("docs")
    build(data / "vinny.db")
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "vinny.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env={**os.environ, "VINNY_DATA_DIR": str(data)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/openapi.json", timeout=5).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read().decode()[-2000:])
                time.sleep(0.05)
        yield url
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


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
