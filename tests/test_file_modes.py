"""Every file vinny publishes has one mode (0644), whatever the process umask: the exports,
`master_events.json`, and every file of a run's archive (its own and Scrapy's feed)."""

import os
import sqlite3
import stat

import pytest
from scrapy import Spider

from tests.crawlers import project_crawler
from tests.exportdb import TODAY, build
from vinny.extensions.run_archive import RunArchive
from vinny.files import MODE, open_published
from vinny.publish.exports import export
from vinny.publish.master_json import export_master_json


@pytest.fixture
def private_umask():
    """A umask that would make every new file private (0600)."""
    previous = os.umask(0o077)
    yield
    os.umask(previous)


def modes(root) -> dict[str, int]:
    return {str(p.relative_to(root)): stat.S_IMODE(p.stat().st_mode)
            for p in sorted(root.rglob("*")) if p.is_file() and not p.name.endswith(".lock")}


class _Liv(Spider):
    name = "liv"


def test_the_published_mode_is_world_readable():
    assert MODE == 0o644


def test_a_file_written_as_it_goes_is_published_readable(tmp_path, private_umask):
    with open_published(tmp_path / "rejects.jsonl") as handle:
        handle.write(b"{}\n")
    assert modes(tmp_path) == {"rejects.jsonl": MODE}


def test_every_exported_file_has_the_published_mode(tmp_path, private_umask):
    export(build(tmp_path / "vinny.db"), tmp_path / "exports", None, TODAY)
    found = modes(tmp_path / "exports")
    assert set(found.values()) == {MODE} and "events.csv" in found and "ics/all.ics" in found


def test_master_events_json_has_the_published_mode(tmp_path, private_umask):
    conn = sqlite3.connect(build(tmp_path / "vinny.db"), isolation_level=None)
    conn.row_factory = sqlite3.Row
    export_master_json(conn, tmp_path / "master_events.json")
    conn.close()
    assert stat.S_IMODE((tmp_path / "master_events.json").stat().st_mode) == MODE


def test_every_file_of_a_run_archive_has_the_published_mode(tmp_path, private_umask):
    crawler = project_crawler(_Liv, {"VINNY_DATA_DIR": str(tmp_path), "VINNY_RUNS_KEEP": 5})
    archive = RunArchive.from_crawler(crawler)
    (archive.run_dir / "events.jsonl").write_bytes(b"")  # as Scrapy's feed storage makes it
    crawler.stats.set_value("finish_reason", "finished")
    archive.spider_closed(spider=None, reason="finished")
    archive.engine_stopped()
    assert modes(archive.run_dir) == dict.fromkeys(
        ["events.jsonl", "pages.warc.zst", "raw_data.json", "rejects.jsonl", "stats.json"], MODE)
