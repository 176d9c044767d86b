"""A broken site ends in a failed run that says why, exits 1 and leaves the master database
unchanged (a site that lost one field degrades the run instead: tests/test_run_checks_e2e.py)."""

from __future__ import annotations

import copy
import sqlite3

import pytest

from replica import ReplicaServer, load_catalog
from tests.e2e import crawl, run_stats

pytestmark = pytest.mark.e2e
TODAY = "VINNY_TODAY=2026-11-22"
QUICK = ("VINNY_PRICING_ENABLED=False", "VINNY_ENRICH_ENABLED=False",
         "VINNY_IMAGES_ENABLED=False", "VINNY_RETRY_BACKOFF_BASE=0.01")


def liv_pages(catalog):
    return [e for e in catalog["events"] if e["site"] == "liv" and "event_id" in e["expect"]]


def snapshot(data_dir) -> list[tuple]:
    """Everything the database holds about events (runs excluded: a failed run is recorded)."""
    with sqlite3.connect(data_dir / "vinny.db") as conn:
        return [row for table in ("events", "field_changes", "table_pricing", "images")
                for row in conn.execute(f"SELECT * FROM {table} ORDER BY 1, 2")]


@pytest.fixture
def stored(tmp_path):
    catalog = load_catalog()
    with ReplicaServer(catalog) as replica:
        assert crawl("liv", replica.url, tmp_path, TODAY, *QUICK).returncode == 0
    assert run_stats(tmp_path, "liv")["outcome"] == "complete"
    return catalog, tmp_path, snapshot(tmp_path)


def every_liv_page_failing(catalog):
    broken = copy.deepcopy(catalog)
    for entry in broken["events"]:
        if entry["site"] == "liv":
            entry["fault"] = "500"
    return broken


def broken_run(catalog, data_dir):
    with ReplicaServer(catalog) as replica:
        done = crawl("liv", replica.url, data_dir, TODAY, *QUICK)
    assert done.returncode == 1, done.stderr[-2000:]
    return run_stats(data_dir, "liv")


def test_half_the_sitemap_gone_fails_the_run(stored):
    catalog, data_dir, before = stored
    broken = copy.deepcopy(catalog)
    for entry in liv_pages(broken)[::2]:
        broken["events"].remove(entry)
    stats = broken_run(broken, data_dir)
    assert stats["outcome"] == "failed"
    assert "far fewer than usual" in stats["reason"]
    assert snapshot(data_dir) == before


def test_every_event_page_answering_500_fails_the_run(stored):
    catalog, data_dir, before = stored
    broken = every_liv_page_failing(catalog)
    stats = broken_run(broken, data_dir)
    assert stats["outcome"] == "failed" and "no events" in stats["reason"]
    assert snapshot(data_dir) == before


def test_a_failed_run_is_in_the_runs_table_with_its_reason(stored):
    catalog, data_dir, _ = stored
    broken = every_liv_page_failing(catalog)
    broken_run(broken, data_dir)
    with sqlite3.connect(data_dir / "vinny.db") as conn:
        outcome, reason = conn.execute(
            "SELECT outcome, reason FROM runs ORDER BY started_at DESC LIMIT 1").fetchone()
    assert outcome == "failed" and "no events" in reason
