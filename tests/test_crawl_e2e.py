"""End to end: `scrapy crawl` of each family against the bundled replica, as operators run it."""

from __future__ import annotations

import json
import urllib.request
from collections import Counter

import pytest
import zstandard
from warcio.archiveiterator import ArchiveIterator

from tests.e2e import crawl, latest_run, master_events, nonempty, read_jsonl, run_stats
from vinny.extensions.pages_warc import read_pages
from vinny.venues import registry

SPIDERS = registry().spiders
pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def crawled(replica, tmp_path_factory):
    """The three spiders, one after another, into one data directory."""
    data_dir = tmp_path_factory.mktemp("data")
    results = {name: crawl(name, replica.url, data_dir) for name in SPIDERS}
    return data_dir, results


def expected(catalog, spider: str) -> dict[str, dict]:
    """{event id: what the catalogue expects, with its URLs}; never empty, so a check of each
    expected event checks something for every spider of the registry."""
    found = {}
    for entry in catalog["events"]:
        if entry["site"] == spider and "event_id" in entry["expect"]:
            found.setdefault(entry["expect"]["event_id"], {**entry["expect"], "urls": []})
            found[entry["expect"]["event_id"]]["urls"].append(entry["url"])
    return nonempty(found, f"events of {spider} in the replica's catalogue")


def entries_with(catalog, spider: str, key: str) -> Counter:
    return Counter(e["expect"][key] for e in catalog["events"]
                   if e["site"] == spider and key in e["expect"])


@pytest.mark.parametrize("spider", SPIDERS)
def test_crawl_exits_cleanly(crawled, spider):
    result = crawled[1][spider]
    assert result.returncode == 0, result.stderr[-3000:]


@pytest.mark.parametrize("spider", SPIDERS)
def test_every_event_of_the_family_and_nothing_else(crawled, catalog, spider):
    stored = {eid for eid, e in master_events(crawled[0]).items() if e["spider"] == spider}
    assert stored == set(expected(catalog, spider))


@pytest.mark.parametrize("spider", SPIDERS)
@pytest.mark.parametrize("field", ["event_date", "performer", "venue_slug", "venue_tag",
                                   "start_at", "performers"])
def test_event_fields_match_the_pages(crawled, catalog, spider, field):
    stored = master_events(crawled[0])
    wanted = nonempty({eid: want for eid, want in expected(catalog, spider).items()
                       if field in want}, f"{spider} events that state {field}")
    wrong = {eid: (stored.get(eid, {}).get(field), want[field]) for eid, want in wanted.items()
             if stored.get(eid, {}).get(field) != want[field]}
    assert wrong == {}


@pytest.mark.parametrize("spider", SPIDERS)
def test_stored_urls_are_the_real_ones(crawled, catalog, spider):
    stored = master_events(crawled[0])
    for eid, want in expected(catalog, spider).items():
        assert stored[eid]["url"] in want["urls"]


@pytest.mark.parametrize("spider", SPIDERS)
def test_skips_are_counted_per_reason(crawled, catalog, spider):
    stats = run_stats(crawled[0], spider)["stats"]
    counted = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("vinny/skipped/")}
    assert counted == dict(entries_with(catalog, spider, "skip"))


@pytest.mark.parametrize("spider", SPIDERS)
def test_rejections_are_counted_per_reason(crawled, catalog, spider):
    stats = run_stats(crawled[0], spider)["stats"]
    counted = {k.rsplit("/", 1)[1]: v for k, v in stats.items() if k.startswith("vinny/rejected/")}
    assert counted == dict(entries_with(catalog, spider, "reject"))


def test_rejections_are_written_to_rejects(crawled, catalog):
    wanted = nonempty(Counter((e["site"], e["expect"]["reject"]) for e in catalog["events"]
                              if "reject" in e["expect"]), "rejected pages in the catalogue")
    written = {(spider, reason): sum(r["reason"] == reason for r in read_jsonl(
        latest_run(crawled[0], spider) / "rejects.jsonl")) for spider, reason in wanted}
    assert written == dict(wanted)


def test_http_errors_are_written_to_rejects(crawled, catalog):
    missing = nonempty([e for e in catalog["events"] if e["expect"].get("error") == "http_404"],
                       "pages answering 404 in the catalogue")
    written = {e["url"]: next((r["reason"] for r in read_jsonl(
        latest_run(crawled[0], e["site"]) / "rejects.jsonl") if r.get("url") == e["url"]), None)
        for e in missing}
    assert written == {e["url"]: "http_404" for e in missing}


@pytest.mark.parametrize("spider", SPIDERS)
def test_run_archive_is_complete(crawled, spider):
    run = latest_run(crawled[0], spider)
    stats = json.loads((run / "stats.json").read_text())
    raw = json.loads((run / "raw_data.json").read_text())
    feed = read_jsonl(run / "events.jsonl")
    assert stats["outcome"] == "complete"
    assert len(raw) == stats["stats"]["item_scraped_count"] == len(feed)
    urls = {page.url for page in read_pages(run / "pages.warc.zst")}
    assert {event["url"] for event in raw} <= urls


def test_pages_are_archived_as_received_in_warc(crawled, replica, catalog):
    """A WARC reader of its own (warcio) reads the archive; a windows-1252 page's bytes are
    the replica's, not a re-encoding."""
    run = latest_run(crawled[0], "wynnsocial")
    with zstandard.open(run / "pages.warc.zst", "rb") as stream:
        records = {record.rec_headers.get_header("WARC-Target-URI"): record.content_stream().read()
                   for record in ArchiveIterator(stream) if record.rec_type == "response"}
    assert {page.url: page.body for page in read_pages(run / "pages.warc.zst")} == records
    cp1252 = [e for e in catalog["events"] if "windows1252" in e["variant"]
              and e["site"] == "wynnsocial"]
    assert cp1252
    for entry in cp1252:
        served = urllib.request.urlopen(f"{replica.url}/{entry['url'].split('://', 1)[1]}").read()
        with pytest.raises(UnicodeDecodeError):  # really not UTF-8
            served.decode("utf-8")
        assert records[entry["url"]] == served


@pytest.mark.parametrize("spider", SPIDERS)
def test_stats_show_pages_events_and_failures(crawled, spider):
    stats = run_stats(crawled[0], spider)["stats"]
    assert stats["vinny/pages/seen"] >= stats["vinny/events/extracted"] > 0
    assert stats["vinny/events/valid"] >= stats["item_scraped_count"]


def test_page_failing_once_is_retried_and_kept(crawled, catalog):
    stored = master_events(crawled[0])
    flaky = [e for e in catalog["events"] if e["fault"] == "500_once"]
    assert flaky
    for entry in flaky:
        assert entry["expect"]["event_id"] in stored


def test_duplicate_pages_make_one_event_with_both_accounts(crawled, catalog):
    stored = master_events(crawled[0])
    dupes = [e for e in catalog["events"] if "duplicate" in e["variant"]]
    assert dupes
    for entry in dupes:
        event = stored[entry["expect"]["event_id"]]
        assert entry["url"] in event["source_urls"] and len(event["source_urls"]) == 2
        assert event["image_urls"]


def test_broken_and_empty_sitemaps_are_counted(crawled):
    failed = Counter()
    for spider in SPIDERS:
        for key, value in run_stats(crawled[0], spider)["stats"].items():
            if key.startswith("vinny/failed/sitemap/"):
                failed[key.rsplit("/", 1)[1]] += value
    assert failed["empty_sitemap"] >= 1 and failed["truncated_sitemap"] >= 1


def test_robots_txt_is_asked_and_other_sitemaps_ignored(crawled, replica):
    with urllib.request.urlopen(f"{replica.url}/__replica__/requests") as response:
        paths = {(r["host"], r["path"]) for r in json.load(response)}
    assert ("www.livnightclub.com", "/robots.txt") in paths
    assert not any(path.endswith(("page-sitemap.xml", "post-sitemap.xml")) for _, path in paths)


def test_rerun_on_unchanged_replica_records_no_change(crawled, replica):
    data_dir = crawled[0]
    before = master_events(data_dir)
    result = crawl("liv", replica.url, data_dir)
    assert result.returncode == 0
    assert run_stats(data_dir, "liv")["stats"].get("vinny/master/changes") == 0
    assert master_events(data_dir).keys() == before.keys()


def test_old_runs_are_pruned(replica, tmp_path):
    for _ in range(2):
        assert crawl("wynnsocial", replica.url, tmp_path, "VINNY_RUNS_KEEP=1").returncode == 0
    assert len(list((tmp_path / "runs").glob("*-wynnsocial*"))) == 1
