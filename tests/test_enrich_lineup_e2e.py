"""A b2b night in a real crawl (`scrapy crawl tao`) on the replica: both artists enriched from
every source, one of them from a plain-list DJ page; a warm re-run asks no source again."""

from __future__ import annotations

import sqlite3
from datetime import date

import orjson
import pytest

from replica.personas import Persona
from tests.e2e import master_events, run_stats
from tests.test_enrich_e2e import SOURCE_HOSTS, crawl_twice, tao_entry

pytestmark = pytest.mark.e2e
SOURCES = ("tracklists", "resident_advisor", "spotify")
B2B = "Chris Lake b2b Chris Lorenzo"


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    catalog = {"events": [tao_entry(B2B, "OMNIA Nightclub", date(2026, 12, 4)),
                          tao_entry("Above & Beyond", "Marquee Nightclub", date(2026, 12, 5))],
               "enrichment": {"artists": {"Chris Lorenzo": {"tracklists_page": "list"}}}}
    return crawl_twice(catalog, tmp_path_factory.mktemp("data"))


def artist_sources(data_dir) -> dict[str, dict[str, str]]:
    conn = sqlite3.connect(data_dir / "vinny.db")
    try:
        rows = conn.execute("SELECT artist_slug, enrichment FROM artist_stats").fetchall()
    finally:
        conn.close()
    return {slug: {s: e["outcome"] for s, e in orjson.loads(enrichment or "{}").items()}
            for slug, enrichment in rows}


def test_both_crawls_exit_cleanly(two_runs):
    assert [r.returncode for r in two_runs[1]] == [0, 0], two_runs[1][0].stderr[-2000:]


def test_a_b2b_night_enriches_both_artists_from_every_source(two_runs):
    found = artist_sources(two_runs[0])
    matched = dict.fromkeys(SOURCES, "matched")
    assert (found.get("chris-lake"), found.get("chris-lorenzo")) == (matched, matched)


def test_a_known_act_with_an_ampersand_is_one_artist(two_runs):
    found = artist_sources(two_runs[0])
    assert (found.get("above-and-beyond"), "above" in found) == (
        dict.fromkeys(SOURCES, "matched"), False)


def test_the_b2b_event_carries_the_headliners_bio_and_flags(two_runs):
    (event,) = [e for e in master_events(two_runs[0]).values() if e["performer"] == B2B]
    status = event["enrichment_status"]
    assert (event["artist_bio"], [status[s] for s in SOURCES]) == (
        Persona("Chris Lake").bio, [True, True, True])


def test_the_plain_list_dj_page_gave_its_sets(two_runs):
    conn = sqlite3.connect(two_runs[0] / "vinny.db")
    try:
        (sets,) = conn.execute("SELECT tracklists FROM artist_stats WHERE artist_slug = ?",
                               ("chris-lorenzo",)).fetchone()
    finally:
        conn.close()
    assert len(orjson.loads(sets)) == len(Persona("Chris Lorenzo").tracklists())


def test_the_first_run_asked_each_source_about_each_artist(two_runs):
    hosts = sorted({host for host, _ in two_runs[2][0]})
    pages = sorted(path for host, path in two_runs[2][0] if host == "www.1001tracklists.com")
    assert (hosts, pages) == (sorted(SOURCE_HOSTS), [
        "/dj/aboveandbeyond/index.html", "/dj/chrislake/index.html",
        "/dj/chrislorenzo/index.html"])


def test_a_warm_rerun_makes_no_request_to_any_source(two_runs):
    stats = run_stats(two_runs[0], "tao")["stats"]
    asked = {s: stats.get(f"vinny/enrich/{s}/requests", 0) for s in SOURCES}
    assert (asked, two_runs[2][1]) == (dict.fromkeys(SOURCES, 0), [])
