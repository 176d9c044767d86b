"""Run checks under real crawls: a TAO catalogue of mostly date-only pages is complete and
stored whole; a time that vanished from a site that had times degrades the run, which still
stores its events and removes nothing.

Pages are changed through the replica's `add_route` (a route that answers before the
catalog's): the page the catalog renders, with its start time taken out.
"""

from __future__ import annotations

import copy
import re
import sqlite3
from collections.abc import Callable

import pytest

from replica import ReplicaServer, load_catalog
from replica.reply import Reply
from replica.routes import path_of, render_entry
from tests.e2e import crawl, master_events, run_stats

pytestmark = pytest.mark.e2e
TODAY = "VINNY_TODAY=2026-11-22"
QUICK = ("VINNY_PRICING_ENABLED=False", "VINNY_ENRICH_ENABLED=False",
         "VINNY_IMAGES_ENABLED=False", "VINNY_RETRY_BACKOFF_BASE=0.01")
# Where each family's page states its start time (beside a date-only or absent startDate).
TAO_TIME = re.compile(rb'<div class="event-time">[^<]*</div>')
# The one client-rendered page still shows its time once the browser has run its script.
VANISHED = re.compile(r"start_at on [0-9]% of events, usually [0-9]+%")
LIV_TIME = re.compile(rb"""<(\w+) class=["'][^"']*\buwsdtime\b[^"']*["']>[^<]*</\1>""")


def pages(catalog: dict, site: str) -> list[dict]:
    return [e for e in catalog["events"] if e["site"] == site and "event_id" in e["expect"]]


def serve(catalog: dict, changed: list[dict], rewrite: Callable[[bytes], bytes]) -> ReplicaServer:
    """The replica of `catalog`, where each page of `changed` is rewritten."""
    server = ReplicaServer(catalog)
    for entry in changed:
        page = render_entry(entry)
        reply = Reply(page.status, page.content_type, (rewrite(page.body()),), page.headers)
        server.add_route(*path_of(entry["url"]), lambda request, reply=reply: reply)
    return server


def runs_table(data_dir) -> list[tuple[str, str]]:
    with sqlite3.connect(data_dir / "vinny.db") as conn:
        return conn.execute("SELECT outcome, reason FROM runs ORDER BY started_at").fetchall()


# -- TAO: most pages carry only a date ------------------------------------------------------


@pytest.fixture(scope="module")
def date_only_tao(tmp_path_factory):
    """Two of every three TAO event pages Yoast-only (no Event JSON-LD) and without a time:
    the date only in the URL and `og:title`, as most of taogroup.com is. Crawled twice."""
    data_dir = tmp_path_factory.mktemp("tao")
    catalog = copy.deepcopy(load_catalog())
    changed = [e for i, e in enumerate(pages(catalog, "tao")) if i % 3]
    for entry in changed:
        entry["variant"] = [*entry["variant"], "no_jsonld"]
    done = []
    for _ in range(2):
        with serve(catalog, changed, lambda body: TAO_TIME.sub(b"", body)) as replica:
            done.append(crawl("tao", replica.url, data_dir, TODAY, *QUICK))
            done[-1].stats = run_stats(data_dir, "tao")
    return catalog, data_dir, done


def test_a_catalogue_of_mostly_date_only_pages_lacks_most_start_times(date_only_tao):
    _, _, done = date_only_tao
    assert done[0].stats["stats"]["vinny/coverage/start_at"] < 50


def test_a_catalogue_of_mostly_date_only_pages_is_complete(date_only_tao):
    _, _, done = date_only_tao
    assert [(d.returncode, d.stats["outcome"]) for d in done] == [(0, "complete")] * 2


def test_every_event_of_a_mostly_date_only_catalogue_is_stored(date_only_tao):
    catalog, data_dir, _ = date_only_tao
    expected = {e["expect"]["event_id"] for e in pages(catalog, "tao")}
    assert set(master_events(data_dir)) == expected


# -- LIV: the start time vanishes from a site that had times --------------------------------


@pytest.fixture(scope="module")
def time_vanished(tmp_path_factory):
    """A complete run without page `new`; then two runs where no page shows a start time any
    more, with `new` back and page `gone` missing from the sitemap."""
    data_dir = tmp_path_factory.mktemp("liv")
    catalog = load_catalog()
    new, gone = pages(catalog, "liv")[3], pages(catalog, "liv")[5]
    first = copy.deepcopy(catalog)
    first["events"].remove(new)
    with ReplicaServer(first) as replica:
        assert crawl("liv", replica.url, data_dir, TODAY, *QUICK).returncode == 0
    before = master_events(data_dir)
    broken = copy.deepcopy(catalog)
    broken["events"].remove(gone)
    done = []
    for _ in range(2):
        with serve(broken, pages(broken, "liv"), lambda body: LIV_TIME.sub(b"", body)) as replica:
            done.append(crawl("liv", replica.url, data_dir, TODAY, *QUICK))
            done[-1].stats = run_stats(data_dir, "liv")
    return data_dir, before, done, new["expect"]["event_id"], gone["expect"]["event_id"]


def test_a_vanished_start_time_degrades_the_run_and_says_why(time_vanished):
    _, _, done, _, _ = time_vanished
    assert [d.stats["outcome"] for d in done] == ["degraded", "degraded"]
    assert VANISHED.search(done[0].stats["reason"])


def test_a_degraded_run_exits_0_and_logs_its_reason_as_an_error(time_vanished):
    _, _, done, _, _ = time_vanished
    assert done[0].returncode == 0
    assert re.search(r"ERROR: RUN \S+ DEGRADED: " + VANISHED.pattern, done[0].stderr)


def test_a_degraded_run_stores_a_new_event(time_vanished):
    data_dir, before, _, new, _ = time_vanished
    assert new not in before and master_events(data_dir)[new]["status"] == "active"


def test_a_degraded_run_keeps_the_start_times_it_could_not_read(time_vanished):
    data_dir, before, _, _, _ = time_vanished
    after = master_events(data_dir)
    assert {k: after[k]["start_at"] for k in before} == {k: e["start_at"]
                                                        for k, e in before.items()}


def test_degraded_runs_remove_nothing(time_vanished):
    data_dir, _, _, _, gone = time_vanished
    assert master_events(data_dir)[gone]["status"] == "active"


def test_a_degraded_run_is_in_the_runs_table_with_its_reason(time_vanished):
    data_dir, _, _, _, _ = time_vanished
    outcome, reason = runs_table(data_dir)[-1]
    assert outcome == "degraded" and VANISHED.search(reason)
