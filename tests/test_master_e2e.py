"""The master database under real processes: concurrent crawls, a kill, edits, removals."""

from __future__ import annotations

import copy
import json
import signal
import sqlite3
import subprocess
from pathlib import Path

import pytest

from tests.e2e import (
    ROOT,
    crawl,
    crawl_command,
    crawl_env,
    latest_run,
    master_events,
    run_stats,
    wait_until,
)
from vinny.database.master import MasterStore
from vinny.venues import registry

pytestmark = pytest.mark.e2e
TODAY = "VINNY_TODAY=2026-11-22"
FISHER = "2027-01-08-fisher-liv-las-vegas"
CHRIS_LAKE = "2027-01-09-chris-lake-liv-las-vegas"
TIESTO = "2026-12-11-tiesto-liv-las-vegas"


def entry(catalog, event_id):
    return next(e for e in catalog["events"] if e["expect"].get("event_id") == event_id)


def history(data_dir, event_id):
    store = MasterStore(data_dir / "vinny.db")
    try:
        return store.history(event_id)
    finally:
        store.close()


def test_concurrent_crawls_of_every_spider_lose_no_event(serve, catalog, tmp_path):
    replica = serve(catalog)
    env = crawl_env(VINNY_REPLICA_URL=replica.url, VINNY_DATA_DIR=str(tmp_path))
    spiders = registry().spiders
    procs = [subprocess.Popen(crawl_command(name, TODAY), cwd=ROOT, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for name in spiders]
    assert [p.wait(timeout=240) for p in procs] == [0] * len(spiders)
    expected = {e["expect"]["event_id"] for e in catalog["events"] if "event_id" in e["expect"]}
    assert set(master_events(tmp_path)) == expected
    with sqlite3.connect(tmp_path / "vinny.db") as conn:
        stored = {r[0] for r in conn.execute("SELECT event_id FROM events")}
        outcomes = sorted(r[0] for r in conn.execute("SELECT outcome FROM runs"))
    assert stored == expected and outcomes == ["complete"] * len(spiders)


def archived_pages(run_dir: Path) -> int:
    """Bytes of the run's page archive written so far (warcio flushes after each page)."""
    warc = run_dir / "pages.warc.zst"
    return warc.stat().st_size if warc.exists() else 0


def test_a_killed_crawl_leaves_database_and_file_intact(serve, catalog, tmp_path):
    replica = serve(catalog)
    assert crawl("liv", replica.url, tmp_path, TODAY).returncode == 0
    before = (tmp_path / "master_events.json").read_bytes()
    first_run = latest_run(tmp_path, "liv")
    env = crawl_env(VINNY_REPLICA_URL=replica.url, VINNY_DATA_DIR=str(tmp_path))
    proc = subprocess.Popen(crawl_command("liv", TODAY, "DOWNLOAD_DELAY=0.3",
                                          "CONCURRENT_REQUESTS_PER_DOMAIN=1"),
                            cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    # Killed once the second run has stored its first page, while it is still crawling.
    wait_until(lambda: latest_run(tmp_path, "liv") != first_run
               and archived_pages(latest_run(tmp_path, "liv")) > 0,
               "the second run archiving its first page")
    assert proc.poll() is None, "the crawl ended before it could be killed"
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    with sqlite3.connect(tmp_path / "vinny.db") as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert (tmp_path / "master_events.json").read_bytes() == before
    assert crawl("liv", replica.url, tmp_path, TODAY).returncode == 0
    assert run_stats(tmp_path, "liv")["outcome"] == "complete"


def test_unchanged_rerun_records_nothing_and_edits_record_exactly_themselves(
        serve, catalog, tmp_path):
    assert crawl("liv", serve(catalog).url, tmp_path, TODAY).returncode == 0
    assert crawl("liv", serve(catalog).url, tmp_path, TODAY).returncode == 0
    assert run_stats(tmp_path, "liv")["stats"]["vinny/master/changes"] == 0

    edited = copy.deepcopy(catalog)
    entry(edited, FISHER)["start_local"] = "2027-01-08T23:30"
    entry(edited, CHRIS_LAKE)["performers"] = ["Chris Lake", "Kaskade"]
    entry(edited, TIESTO)["inventory_raise"] = 500
    assert crawl("liv", serve(edited).url, tmp_path, TODAY).returncode == 0
    assert run_stats(tmp_path, "liv")["stats"]["vinny/master/changes"] == 3
    assert [(c["field"], c["old_value"], c["new_value"]) for c in history(tmp_path, FISHER)] == [
        ("start_at", "2027-01-08T22:30:00-08:00", "2027-01-08T23:30:00-08:00")]
    assert [(c["field"], c["new_value"]) for c in history(tmp_path, CHRIS_LAKE)] == [
        ("performers", ["Chris Lake", "Kaskade"])]
    (price,) = history(tmp_path, TIESTO)
    assert price["field"].endswith(".tier.min_spend")
    assert price["new_value"] - price["old_value"] == 500


def test_vanished_event_is_removed_after_two_complete_crawls_and_restored(
        serve, catalog, tmp_path):
    full = serve(catalog)
    without = copy.deepcopy(catalog)
    without["events"].remove(entry(without, CHRIS_LAKE))
    gone = serve(without)
    assert crawl("liv", full.url, tmp_path, TODAY).returncode == 0
    assert crawl("liv", gone.url, tmp_path, TODAY).returncode == 0
    assert master_events(tmp_path)[CHRIS_LAKE]["status"] == "active"
    assert crawl("liv", gone.url, tmp_path, TODAY).returncode == 0
    assert master_events(tmp_path)[CHRIS_LAKE]["status"] == "removed"
    assert crawl("liv", full.url, tmp_path, TODAY).returncode == 0
    restored = master_events(tmp_path)[CHRIS_LAKE]
    assert restored["status"] == "active"
    assert [(h["old_value"], h["new_value"]) for h in restored["history"]] == [
        ("active", "removed"), ("removed", "active")]


def test_a_crawl_stopped_halfway_removes_nothing(serve, catalog, tmp_path):
    replica = serve(catalog)
    assert crawl("liv", replica.url, tmp_path, TODAY).returncode == 0
    for _ in range(2):
        done = crawl("liv", replica.url, tmp_path, TODAY, "CLOSESPIDER_PAGECOUNT=5")
        outcome = run_stats(tmp_path, "liv")["outcome"]
        # Five pages are far fewer events than usual: failed, and `scrapy crawl` says so.
        assert (outcome, done.returncode) in (("partial", 0), ("failed", 1))
    assert {e["status"] for e in master_events(tmp_path).values()} == {"active"}


def test_master_file_keeps_the_documented_shape(serve, catalog, tmp_path):
    assert crawl("tao", serve(catalog).url, tmp_path, TODAY).returncode == 0
    events = json.loads((tmp_path / "master_events.json").read_text())
    required = {"event_id", "event_date", "performer", "venue", "url", "scraped_at", "artist_bio",
                "venue_url", "start_at", "venue_tag", "status", "image_urls", "table_pricing",
                "images", "enrichment_status", "history"}
    assert events and all(required <= set(e) for e in events)
