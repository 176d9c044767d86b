"""Overlapping runs of one spider: a second run is refused while the first holds the lock, and
runs that did overlap count no misses."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC, date, datetime

import pytest

from replica import ReplicaServer, load_catalog
from tests.e2e import ROOT, crawl, crawl_command, crawl_env, latest_run, run_stats
from vinny.database.master import MasterStore
from vinny.database.rows import read_event
from vinny.database.run_lock import RunLock, RunRefused
from vinny.models import VegasEvent
from vinny.timeutil import VEGAS

TODAY = date(2026, 11, 22)


def event(performer: str, day: int) -> dict:
    return VegasEvent.model_validate({
        "url": f"https://www.livnightclub.com/las-vegas/event/EVE11{day:02d}/x/",
        "event_code": f"EVE11{day:02d}", "performers": [performer], "venue": "LIV Las Vegas",
        "venue_slug": "liv-las-vegas", "venue_tag": "liv", "spider": "liv",
        "start_at": datetime(2026, 12, day, 22, 30, tzinfo=VEGAS),
        "scraped_at": datetime(2026, 11, 22, tzinfo=UTC)}).json_dict()


DOM, FISHER = event("Dom Dolla", 4), event("Fisher", 5)


@pytest.fixture
def store(tmp_path):
    store = MasterStore(tmp_path / "vinny.db")
    yield store
    store.close()


def finish(store, run_id, docs):
    list(store.apply_many(docs, run_id))
    return store.finish_run(run_id, "liv", "complete", {"events": len(docs)},
                            [d["event_id"] for d in docs], ["liv-las-vegas"], TODAY)


def test_two_overlapping_complete_runs_remove_nothing(store):
    store.begin_run("r1", "liv")
    finish(store, "r1", [DOM, FISHER])
    store.begin_run("r2", "liv")
    store.begin_run("r3", "liv")
    finish(store, "r3", [DOM])
    finish(store, "r2", [DOM])
    fisher = read_event(store.conn, FISHER["event_id"])
    assert fisher["status"] == "active"


def test_an_overlapping_run_says_its_misses_were_not_counted(store):
    store.begin_run("r1", "liv")
    store.begin_run("r2", "liv")
    finish(store, "r2", [DOM])
    assert finish(store, "r1", [DOM])["overlapped"] == ["r2"]
    reason = next(r["reason"] for r in store.runs("liv") if r["run_id"] == "r1")
    assert "misses not counted: overlapped r2" in reason


def test_runs_one_after_another_still_remove_what_vanished(store):
    for run_id, docs in (("r1", [DOM, FISHER]), ("r2", [DOM]), ("r3", [DOM])):
        store.begin_run(run_id, "liv")
        assert finish(store, run_id, docs)["overlapped"] == []
    assert read_event(store.conn, FISHER["event_id"])["status"] == "removed"


# -- the run lock ---------------------------------------------------------------------------


def test_a_second_run_of_a_running_spider_is_refused_naming_the_holder(tmp_path):
    first = RunLock(tmp_path, "liv").acquire()
    with pytest.raises(RunRefused, match=rf"'liv' is already running \(pid {os.getpid()}"):
        RunLock(tmp_path, "liv").acquire()
    first.release()


def test_runs_of_other_spiders_are_not_refused(tmp_path):
    RunLock(tmp_path, "liv").acquire()
    assert RunLock(tmp_path, "tao").acquire().handle is not None


def test_a_released_lock_is_taken_by_the_next_run(tmp_path):
    RunLock(tmp_path, "liv").acquire().release()
    assert RunLock(tmp_path, "liv").acquire().handle is not None


def test_the_lock_of_a_killed_run_is_taken_over(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from vinny.database.run_lock import RunLock; "
         "lock = RunLock(Path(sys.argv[1]), 'liv').acquire(); print('held', flush=True); "
         "time.sleep(60)", str(tmp_path)], cwd=ROOT, stdout=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "held"
    with pytest.raises(RunRefused):
        RunLock(tmp_path, "liv").acquire()
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    assert f"pid {holder.pid}" in (tmp_path / "liv.lock").read_text()
    assert RunLock(tmp_path, "liv").acquire().handle is not None


@pytest.mark.e2e
def test_scrapy_crawl_of_a_spider_already_running_is_refused(tmp_path):
    catalog = load_catalog()
    with ReplicaServer(catalog) as replica:
        env = crawl_env(VINNY_REPLICA_URL=replica.url, VINNY_DATA_DIR=str(tmp_path))
        slow = subprocess.Popen(
            crawl_command("liv", "DOWNLOAD_DELAY=0.3", "CONCURRENT_REQUESTS_PER_DOMAIN=1"),
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        lock = tmp_path / "runs" / "liv.lock"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not (
                lock.exists() and lock.read_text() and list(lock.parent.glob("*-liv"))):
            time.sleep(0.1)
        first_run = latest_run(tmp_path, "liv")
        second = crawl("liv", replica.url, tmp_path)
        assert slow.wait(timeout=240) == 0
    assert second.returncode == 1
    assert "RUN REFUSED: a run of 'liv' is already running (pid" in second.stderr
    assert latest_run(tmp_path, "liv") == first_run
    assert run_stats(tmp_path, "liv")["outcome"] == "complete"
