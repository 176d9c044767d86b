"""A full disk when the run is stored: the run is failed with the reason, `scrapy crawl` exits
1, no temporary file outlives the run; temporary files of a killed run go with the next run.

The disk fills through `FullDisk`, an extension the crawl loads from this module: it makes the
master database's writes raise SQLite's "database or disk is full", or the write of
`master_events.json` raise `ENOSPC` after its temporary file has been started.
"""

from __future__ import annotations

import errno
import json
import os
import sqlite3
import time

import pytest

from tests.e2e import crawl, latest_run, run_stats
from vinny import settings as project
from vinny.database.orphans import sweep_orphans
from vinny.files import locked

TODAY = "VINNY_TODAY=2026-11-22"
QUICK = ("VINNY_PRICING_ENABLED=False", "VINNY_ENRICH_ENABLED=False",
         "VINNY_IMAGES_ENABLED=False")


class FullDisk:
    """Test extension: `TEST_FULL_DISK` = "database" or "master_json" fills the disk there."""

    def __init__(self, where: str):
        from vinny.database import master
        from vinny.publish import master_json

        if where == "database":
            def apply(*args, **kwargs):
                raise sqlite3.OperationalError("database or disk is full")
            master.MasterStore._apply = apply
        elif where == "master_json":
            def json_array(docs):
                yield b"["
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            master_json._json_array = json_array

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler.settings.get("TEST_FULL_DISK"))


def full_disk_crawl(replica, data_dir, where):
    extensions = {**project.EXTENSIONS, f"{__name__}.FullDisk": 0}
    return crawl("liv", replica.url, data_dir, TODAY, *QUICK, f"TEST_FULL_DISK={where}",
                 f"EXTENSIONS={json.dumps(extensions)}")


def temporary_files(data_dir):
    return [p for p in data_dir.rglob("*.tmp")]


@pytest.mark.e2e
@pytest.mark.parametrize(("where", "why"), [
    ("database", "cannot store the run: database or disk is full"),
    ("master_json", "cannot store the run: [Errno 28] No space left on device"),
])
def test_a_full_disk_fails_the_run_with_the_reason_and_exit_1(replica, tmp_path, where, why):
    done = full_disk_crawl(replica, tmp_path, where)
    stats = run_stats(tmp_path, "liv")
    assert (done.returncode, stats["outcome"]) == (1, "failed")
    assert why in stats["reason"] and f"FAILED: {why}" in done.stderr


@pytest.mark.e2e
@pytest.mark.parametrize("where", ["database", "master_json"])
def test_a_full_disk_is_in_the_runs_table(replica, tmp_path, where):
    full_disk_crawl(replica, tmp_path, where)
    with sqlite3.connect(tmp_path / "vinny.db") as conn:
        outcome, reason = conn.execute("SELECT outcome, reason FROM runs").fetchone()
    assert outcome == "failed" and "cannot store the run" in reason


@pytest.mark.e2e
def test_a_full_disk_leaves_no_temporary_file(replica, tmp_path):
    full_disk_crawl(replica, tmp_path, "master_json")
    assert temporary_files(tmp_path) == []


@pytest.mark.e2e
def test_temporary_files_of_a_killed_run_are_removed_by_the_next_run(replica, tmp_path):
    assert crawl("liv", replica.url, tmp_path, TODAY, *QUICK).returncode == 0
    killed = latest_run(tmp_path, "liv")
    image = tmp_path / "artists" / "fisher" / ".liv-main.jpg.0f1e.tmp"
    image.parent.mkdir(parents=True)
    orphans = [tmp_path / ".master_events.json.k1ll3d.tmp",
               tmp_path / "exports" / ".events.csv.k1ll3d.tmp", killed / ".stats.json.x.tmp",
               image]
    for orphan in orphans:
        orphan.write_bytes(b"half a file")
    os.utime(image, (time.time() - 7200,) * 2)
    assert crawl("liv", replica.url, tmp_path, TODAY, *QUICK).returncode == 0
    assert temporary_files(tmp_path) == []
    assert run_stats(tmp_path, "liv")["stats"]["vinny/orphans/removed"] == 4


def test_a_temporary_file_whose_writer_is_alive_is_kept(tmp_path):
    being_written = tmp_path / ".master_events.json.live.tmp"
    being_written.write_bytes(b"[")
    with locked(tmp_path / "master_events.json"):
        assert sweep_orphans(tmp_path, []) == []
    assert sweep_orphans(tmp_path, []) == [being_written]


def test_a_recent_temporary_image_is_kept(tmp_path):
    image = tmp_path / "artists" / "fisher" / ".liv-main.jpg.0f1e.tmp"
    image.parent.mkdir(parents=True)
    image.write_bytes(b"\xff\xd8")
    assert sweep_orphans(tmp_path, []) == [] and image.exists()
