"""The dashboard in a real browser: chromium (Playwright) against a master database built by real
replica crawls (LIV crawled three times: a table price raised and a night removed between them,
TAO once), served by uvicorn on 127.0.0.1 with a frozen "today". Every request that leaves
127.0.0.1 is refused and recorded; every console error, page error and failed request fails.
A screenshot of each page (desktop and phone width) is written under the test's tmp_path."""

from __future__ import annotations

import copy
import os
import sqlite3
import threading
import time
from datetime import date
from urllib.parse import quote, urlsplit

import pytest
import uvicorn
from playwright.sync_api import Page, sync_playwright

from replica import ReplicaServer, load_catalog
from tests.e2e import crawl
from tests.test_api_server import free_port
from vinny.api.app import create_app

pytestmark = [pytest.mark.e2e, pytest.mark.skipif(
    not os.path.exists("/usr/bin/chromium"), reason="Debian's chromium is not installed")]
CHROMIUM = "/usr/bin/chromium"
TODAY = "2026-11-22"
TIESTO = "2026-12-11-tiesto-liv-las-vegas"
CHRIS_LAKE = "2027-01-09-chris-lake-liv-las-vegas"
FISHER = "2027-01-08-fisher-liv-las-vegas"
HOSTILE = "Fisher <img src=x onerror=alert(1)> & </script>"
RAISE = 500
PHONE = {"width": 390, "height": 844}


def entry(catalog, event_id):
    return next(e for e in catalog["events"] if e["expect"].get("event_id") == event_id)


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory):
    """Run 1 sees the full catalogue; runs 2 and 3 a catalogue with Tiësto's tables raised,
    Chris Lake gone (removed after two misses) and a performer made of markup."""
    data = tmp_path_factory.mktemp("dashboard")
    catalog = load_catalog()
    edited = copy.deepcopy(catalog)
    entry(edited, TIESTO)["inventory_raise"] = RAISE
    entry(edited, FISHER)["performers"] = ["Fisher", HOSTILE]
    edited["events"].remove(entry(edited, CHRIS_LAKE))
    for cat, spiders in ((catalog, ("liv", "tao")), (edited, ("liv", "liv"))):
        replica = ReplicaServer(cat).start()
        try:
            for spider in spiders:
                done = crawl(spider, replica.url, data, f"VINNY_TODAY={TODAY}")
                assert done.returncode == 0, done.stderr[-2000:]
        finally:
            replica.stop()
    return data


@pytest.fixture(scope="module")
def db(data_dir):
    conn = sqlite3.connect(data_dir / "vinny.db")
    conn.row_factory = sqlite3.Row
    yield conn
    conn.close()


@pytest.fixture(scope="module")
def server(data_dir):
    app = create_app(data_dir / "vinny.db", today=lambda: date.fromisoformat(TODAY))
    port = free_port()
    served = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=served.run, daemon=True)
    thread.start()
    for _ in range(200):
        if served.started:
            break
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    served.should_exit = True
    thread.join(timeout=10)


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


class Visit:
    """A browser page that records what went wrong: console errors, page errors, failed or
    refused requests, responses >= 400."""

    def __init__(self, browser, shots, viewport=None):
        self.problems: list[str] = []
        self.context = browser.new_context(viewport=viewport or {"width": 1280, "height": 900})
        self.page: Page = self.context.new_page()
        self.shots = shots
        self.page.on("console", lambda m: m.type == "error" and self.problems.append(
            f"console: {m.text}"))
        self.page.on("pageerror", lambda e: self.problems.append(f"pageerror: {e}"))
        self.page.on("requestfailed", lambda r: self.problems.append(f"failed: {r.url}"))
        self.page.on("response", lambda r: r.status >= 400 and self.problems.append(
            f"{r.status}: {r.url}"))
        self.page.route("**/*", self._route)

    def _route(self, route) -> None:
        if urlsplit(route.request.url).hostname == "127.0.0.1":
            route.continue_()
        else:
            self.problems.append(f"outside: {route.request.url}")
            route.abort()

    def open(self, url: str, shot: str | None = None) -> Page:
        self.page.goto(url)
        self.settle(shot)
        return self.page

    def settle(self, shot: str | None = None) -> None:
        self.page.wait_for_load_state("load")
        if self.page.locator("canvas").count():
            self.page.wait_for_selector("html[data-charts-drawn=true]", timeout=20_000)
        if shot:
            self.page.screenshot(path=self.shots / f"{shot}.png", full_page=True)
        # Lazy images the screenshot scrolled into view: loaded before the next navigation.
        self.page.wait_for_load_state("networkidle")

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def visit(browser, tmp_path):
    opened = []

    def start(viewport=None) -> Visit:
        opened.append(Visit(browser, tmp_path, viewport))
        return opened[-1]

    yield start
    for v in opened:
        v.close()


def pages(server) -> dict[str, str]:
    return {"health": f"{server}/", "changes": f"{server}/dashboard/changes",
            "venue": f"{server}/dashboard/venues/liv-las-vegas",
            "event-price": f"{server}/dashboard/events/{quote(TIESTO)}",
            "event-removed": f"{server}/dashboard/events/{quote(CHRIS_LAKE)}",
            "event-markup": f"{server}/dashboard/events/{quote(FISHER)}"}


def lengths(page: Page, canvas_id: str) -> list[int]:
    """Points per dataset as the chart instance in the page holds them."""
    return page.evaluate("id => Chart.getChart(document.getElementById(id))"
                         ".data.datasets.map(d => d.data.length)", canvas_id)


def drawn(page: Page, canvas_id: str) -> list[int]:
    """Point elements Chart.js laid out per dataset (what is drawn, not only given)."""
    return page.evaluate("id => { const c = Chart.getChart(document.getElementById(id));"
                         " return c.data.datasets.map((_, i) => c.getDatasetMeta(i).data"
                         ".filter(p => Number.isFinite(p.x)).length); }", canvas_id)


def test_every_page_loads_clean_at_desktop_and_phone_width(server, visit, tmp_path):
    problems, overflow = {}, {}
    for viewport, suffix in ((None, ""), (PHONE, "-phone")):
        v = visit(viewport)
        for name, url in pages(server).items():
            page = v.open(url, shot=name + suffix)
            if suffix:
                overflow[name] = page.evaluate(
                    "document.documentElement.scrollWidth > window.innerWidth")
        problems[suffix or "desktop"] = v.problems
    shots = sorted(p.name for p in tmp_path.glob("*.png"))
    assert (problems, set(overflow.values()), len(shots)) == (
        {"desktop": [], "-phone": []}, {False}, 2 * len(pages(server)))


def test_health_charts_have_one_point_per_recent_run(server, visit, db):
    page = visit().open(f"{server}/")
    for spider in ("liv", "tao"):
        runs = db.execute("SELECT events, inserted, updated, removed, rejected, errors "
                          "FROM runs WHERE spider = ? ORDER BY started_at", (spider,)).fetchall()
        fields = db.execute("SELECT COUNT(DISTINCT field) FROM run_coverage JOIN runs USING "
                            "(run_id) WHERE spider = ?", (spider,)).fetchone()[0]
        found = page.evaluate("id => Chart.getChart(document.getElementById(id))"
                              ".data.datasets[0].data", f"runs-{spider}")
        assert (lengths(page, f"runs-{spider}"), drawn(page, f"coverage-{spider}"), found) == (
            [len(runs)] * 6, [len(runs)] * fields, [r["events"] for r in runs])


def test_spiders_without_runs_say_so_and_have_no_chart(server, visit):
    page = visit().open(f"{server}/")
    assert (page.locator("#spider-zouk canvas").count(),
            page.locator("#spider-zouk").inner_text().count("No run yet.")) == (0, 1)


def test_event_page_draws_each_tier_over_time_with_the_raise(server, visit, db):
    page = visit().open(f"{server}/dashboard/events/{quote(TIESTO)}")
    tiers = db.execute("SELECT tier_id, tier_name, min_spend FROM table_pricing_tiers "
                       "WHERE event_id = ? ORDER BY tier_id", (TIESTO,)).fetchall()
    (raise_,) = db.execute("SELECT field, old_value, new_value FROM field_changes "
                           "WHERE event_id = ?", (TIESTO,)).fetchall()
    old, new = int(raise_["old_value"]), int(raise_["new_value"])
    # The raised tier: first stored, raised, fetched again by the third run; the others:
    # first stored and fetched again. A tier never priced has no chart.
    expected = [[t["tier_name"], [old, new, new] if raise_["field"].startswith(
        f"table_pricing[{t['tier_id']}]") else [t["min_spend"]] * 2] for t in tiers
        if t["min_spend"] is not None]
    ids = page.evaluate("() => [...document.querySelectorAll('canvas[id^=tier-]')]"
                        ".map(c => c.id)")
    sets = [page.evaluate("id => Chart.getChart(document.getElementById(id)).data.datasets"
                          ".map(d => [d.label, d.data.map(p => p.y)])[0]", i) for i in ids]
    assert (sets, [drawn(page, i) for i in ids], new - old) == (
        expected, [[len(ys)] for _, ys in expected], RAISE)


def test_links_lead_from_health_to_venue_to_event_and_from_changes_to_event(server, visit):
    v = visit()
    page = v.open(f"{server}/")
    page.get_by_role("link", name="LIV Las Vegas", exact=True).click()
    v.settle()
    venue_title = page.locator("h1").inner_text()
    page.locator("table a").first.click()
    v.settle()
    event_venue = page.locator("dd a").first.inner_text()
    page.get_by_role("link", name="Changes").first.click()
    v.settle()
    page.select_option("select[name=field]", "status")
    page.get_by_role("button", name="Filter").click()
    v.settle()
    fields = page.locator("tbody tr td:nth-child(5)").all_inner_texts()
    page.locator("tbody tr a").first.click()
    v.settle()
    assert (venue_title, event_venue, set(fields), page.url.endswith(quote(CHRIS_LAKE)),
            page.locator("dd .badge").inner_text(), v.problems) == (
        "LIV Las Vegas", "LIV Las Vegas", {"status"}, True, "removed", [])


def test_text_from_pages_is_shown_as_text_never_as_markup(server, visit):
    page = visit().open(f"{server}/dashboard/changes?field=performers")
    cells = page.locator("tbody td").all_inner_texts()
    assert (any(HOSTILE in c for c in cells), page.locator("main img").count(),
            page.evaluate("document.scripts.length")) == (True, 0, 0)
