"""The dashboard without a browser: its pages over the small export database (a start time
moved, a night removed, a table raised and a tier gone), the escaping of what pages fetched,
freshness against the schedule, `vinny serve` serving it at `/`, and `vinny demo` pointing
at it."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
import urllib.request
from datetime import datetime, timedelta
from urllib.parse import quote

import pytest
from fastapi.testclient import TestClient

from tests.e2e import ROOT, crawl_env
from tests.exportdb import BUILT_AT, HOSTILE, TODAY, build, change_one
from tests.test_api_server import serving
from vinny.api.app import create_app
from vinny.dashboard import data
from vinny.dashboard.markup import Markup, external, json_block, render
from vinny.database.rows import read_event
from vinny.venues import registry

BLOCK = re.compile(r'<script type="application/json" id="([^"]+)">(.*?)</script>', re.S)


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("dash") / "vinny.db")
    return path, change_one(path)


@pytest.fixture(scope="module")
def client(db_path):
    app = create_app(db_path[0], today=lambda: TODAY,
                     now=lambda: datetime.fromisoformat(BUILT_AT) + timedelta(days=1))
    return TestClient(app)


@pytest.fixture(scope="module")
def conn(db_path):
    connection = sqlite3.connect(db_path[0])
    connection.row_factory = sqlite3.Row
    yield connection
    connection.close()


def charts(html: str) -> dict[str, dict]:
    return {m[1]: json.loads(m[2]) for m in BLOCK.finditer(html)}


def test_tier_chart_follows_a_raise_and_ends_a_tier_that_went(client, db_path):
    html = client.get(f"/dashboard/events/{quote(db_path[1])}").text
    sets = {d["label"]: [p["y"] for p in d["data"]] for name, spec in charts(html).items()
            if name.startswith("tier-") for d in spec["datasets"]}
    assert sets == {"Table MAS1": [6000, 7500], "Table MAS2": [3000]}


def test_a_tier_that_went_ends_on_no_price_and_one_never_priced_has_no_chart(client, db_path,
                                                                             conn):
    doc = read_event(conn, db_path[1])
    series = data.tier_series(conn, doc, data.pricing_history(conn, db_path[1]))
    html = client.get(f"/dashboard/events/{quote(db_path[1])}").text
    assert ([[p["min_spend"] for p in s["points"]] for s in series if s["tier_id"] == "MAS3"],
            "Table MAS3: minimum spend" in html) == ([[None, None]], False)


def test_health_charts_hold_one_point_per_run_and_invent_no_coverage(client, conn):
    blocks = charts(client.get("/").text)
    runs = conn.execute("SELECT events, inserted, updated, removed, rejected, errors FROM runs "
                        "WHERE spider = 'liv' ORDER BY started_at").fetchall()
    # The export database's runs record no coverage: no line is drawn for it.
    columns = [list(column) for column in zip(*runs, strict=True)]
    assert ([d["data"] for d in blocks["runs-liv-data"]["datasets"]],
            blocks["coverage-liv-data"]["datasets"]) == (columns, [])


def test_change_feed_filters_by_whole_field_names(conn):
    pricing = data.changes(conn, data.ChangeFilter(field="table_pricing"), 100)
    stored = conn.execute("SELECT COUNT(*) FROM field_changes "
                          "WHERE field LIKE 'table_pricing[%'").fetchone()[0]
    prefix = data.changes(conn, data.ChangeFilter(field="start"), 100)
    assert (len(pricing), {data.field_root(c["field"]) for c in pricing}, prefix) == (
        stored, {"table_pricing"}, [])


def test_change_feed_pages_back_from_the_oldest_shown(conn):
    newest = data.changes(conn, data.ChangeFilter(), 2)
    older = data.changes(conn, data.ChangeFilter(before=newest[-1]["change_id"]), 100)
    everything = data.changes(conn, data.ChangeFilter(), 1000)
    assert newest + older == everything


def test_database_text_reaches_the_page_escaped(client, conn):
    event_id = conn.execute("SELECT event_id FROM events WHERE performer = ?",
                            (HOSTILE,)).fetchone()[0]
    html = client.get(f"/dashboard/events/{quote(event_id)}").text
    assert ("<h1>x&#x27;); DROP TABLE events; --</h1>" in html, HOSTILE in html) == (True, False)


def test_json_block_cannot_be_closed_by_a_value():
    value = {"performer": "</script><script>alert(1)</script> & <!--"}
    block = json_block("d", value)
    inner = block.removeprefix('<script type="application/json" id="d">').removesuffix(
        "</script>")
    assert ("<" in inner, json.loads(inner)) == (False, value)


def test_only_web_links_are_followed():
    assert [external(u) for u in ("https://liv.example/x", "javascript:alert(1)",
                                  "data:text/html,x", " JavaScript:alert(1)", None)] == [
        "https://liv.example/x", None, None, None, None]


def test_values_are_escaped_unless_built_here():
    assert render("<p>{a}{b}</p>", a="<b>&", b=Markup("<i>ok</i>")) == (
        "<p>&lt;b&gt;&amp;<i>ok</i></p>")


@pytest.mark.parametrize(("after", "state"), [(30, "fresh"), (90, "late"), (150, "stale")])
def test_an_hourly_spider_is_fresh_then_late_then_stale(conn, after, state):
    finished = conn.execute("SELECT MAX(finished_at) FROM runs WHERE spider = 'liv'").fetchone()[0]
    now = datetime.fromisoformat(finished) + timedelta(minutes=after)
    assert data.spider_status(conn, "liv", now)["state"] == state


def test_a_spider_that_never_ran_is_stale(conn):
    assert data.spider_status(conn, "zouk", datetime.fromisoformat(BUILT_AT))["state"] == "stale"


@pytest.mark.parametrize("path", ["/dashboard/events/nope", "/dashboard/venues/nope"])
def test_unknown_pages_are_html_404s(client, path):
    response = client.get(path)
    assert (response.status_code, response.headers["content-type"].split(";")[0],
            "<h1>Not found</h1>" in response.text) == (404, "text/html", True)


def test_without_a_database_the_dashboard_says_so(tmp_path):
    response = TestClient(create_app(tmp_path / "vinny.db")).get("/")
    assert (response.status_code, "run a crawl first" in response.text) == (503, True)


def test_pages_forbid_scripts_from_anywhere_but_the_server(client):
    policy = client.get("/").headers["content-security-policy"]
    assert "script-src 'self';" in policy


def test_the_api_document_lists_no_dashboard_page(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert [p for p in paths if p == "/" or p.startswith("/dashboard")] == []


def test_vinny_serve_serves_the_dashboard_and_its_charting_library(db_path):
    with serving(db_path[0].parent) as url:
        with urllib.request.urlopen(f"{url}/", timeout=5) as page:
            html = page.read().decode()
        with urllib.request.urlopen(f"{url}/dashboard/static/chart.umd.min.js",
                                    timeout=5) as script:
            head = script.read(200).decode()
    assert ("<h1>Catalogue health</h1>" in html, "Chart.js v4.6.1" in head) == (True, True)


@pytest.mark.e2e
def test_demo_ends_by_saying_where_to_open_the_dashboard_which_shows_its_runs(tmp_path):
    done = subprocess.run([sys.executable, "-m", "vinny.cli", "demo"], cwd=ROOT,
                          env=crawl_env(VINNY_DATA_DIR=str(tmp_path)), capture_output=True,
                          text=True, timeout=600)
    html = TestClient(create_app(tmp_path / "vinny.db")).get("/").text
    drawn = sorted(m[1] for m in BLOCK.finditer(html) if m[1].startswith("runs-"))
    assert (done.returncode, done.stdout.strip().splitlines()[-1], drawn) == (
        0, f"Dashboard: run `vinny serve`, then open http://127.0.0.1:8000/ "
           f"(it reads {tmp_path / 'vinny.db'})",
        sorted(f"runs-{spider}-data" for spider in registry().spiders))
    # Quiet by default: progress, the summary and where to look, in about 30 lines.
    assert len((done.stdout + done.stderr).splitlines()) <= 30


def test_event_history_shows_the_newest_changes_oldest_first_and_counts_all(conn, db_path):
    every = conn.execute("SELECT field FROM field_changes WHERE event_id = ? ORDER BY change_id",
                         (db_path[1],)).fetchall()
    total, newest = data.event_history(conn, db_path[1], limit=2)
    assert (total, [c["field"] for c in newest]) == (len(every), [r[0] for r in every[-2:]])
