"""End to end: a `scrapy crawl` against the bundled replica writes the exports when it closes,
after the master store, and the `d1` and `markdown` feed formats work from FEEDS."""

from __future__ import annotations

import json

import pytest

from tests.e2e import crawl, master_events
from tests.test_export_d1 import execute

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawled(replica, tmp_path_factory):
    data = tmp_path_factory.mktemp("data")
    feeds = {str(data / "feed.sql"): {"format": "d1"}, str(data / "feed.md"):
             {"format": "markdown"}}
    done = crawl("liv", replica.url, data, f"FEEDS={json.dumps(feeds)}",
                 "VINNY_ENRICH_ENABLED=False")
    assert done.returncode == 0, done.stderr[-3000:]
    return data, done


def test_the_exports_hold_what_the_master_store_wrote(crawled):
    data, _ = crawled
    exported = json.loads((data / "exports" / "events.json").read_bytes())
    assert [e["event_id"] for e in exported] == sorted(master_events(data))


def test_every_format_is_written_on_close(crawled):
    exports = crawled[0] / "exports"
    assert all((exports / name).exists() for name in (
        "events.json", "events.jsonl", "events.csv", "d1.sql", "venues/index.md",
        "venues/liv-las-vegas.md", "ics/all.ics", "ics/liv-las-vegas.ics"))


def test_the_d1_feed_loads_the_crawled_events(crawled):
    data, _ = crawled
    conn = execute((data / "feed.sql").read_bytes().decode())
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == len(master_events(data))


def test_the_markdown_feed_lists_the_crawled_events(crawled):
    data, _ = crawled
    rows = (data / "feed.md").read_text().count("\n| ") - 2
    assert rows == len(master_events(data))


def test_exports_can_be_turned_off(replica, tmp_path):
    done = crawl("liv", replica.url, tmp_path, "VINNY_EXPORT_ON_CLOSE=False",
                 "VINNY_ENRICH_ENABLED=False")
    assert done.returncode == 0 and (tmp_path / "master_events.json").exists() and not (
        tmp_path / "exports").exists()
