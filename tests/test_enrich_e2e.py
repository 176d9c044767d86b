"""Enrichment in real crawls (`scrapy crawl tao`) and `vinny enrich artists`, on the replica."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

import pytest

from replica import ReplicaServer
from replica.expect import expectation, slugify
from replica.personas import Persona
from replica.venues import VENUES
from tests.e2e import ROOT, crawl, master_events, run_stats

pytestmark = pytest.mark.e2e
SOURCE_HOSTS = ("www.1001tracklists.com", "ra.co", "api.spotify.com")
TODAY = "VINNY_TODAY=2026-11-22"


def tao_entry(performer: str, venue_label: str, night: date) -> dict:
    venue = VENUES[venue_label]
    entry = {"site": "tao", "name": performer, "venue_label": venue_label,
             "venue_id": venue.venue_id, "city": venue.city, "performers": [performer],
             "start_local": f"{night.isoformat()}T22:30",
             "image": f"https://taogroup.com/wp-content/uploads/2026/11/{venue.slug}-"
                      f"{slugify(performer)}-{night:%m%d}.jpg",
             "modified": "2026-11-01T10:00:00+00:00", "variant": [], "fault": None,
             "code": f"EVE{venue.venue_id}000{night:%Y%m%d}" if venue.venue_id else None,
             "url": f"https://taogroup.com/event/{night.month}-{night.day}-{night.year}-"
                    f"{slugify(performer)}-{venue.slug}/"}
    entry["expect"] = expectation(entry)
    return entry


# Dom Dolla: four nights at three venues.
NIGHTS = [("OMNIA Nightclub", date(2026, 12, 4)), ("Hakkasan Nightclub", date(2026, 12, 5)),
          ("Marquee Nightclub", date(2026, 12, 11)), ("OMNIA Nightclub", date(2026, 12, 12))]


def catalog(artists: dict | None = None, extra: list[dict] = ()) -> dict:
    events = [tao_entry("Dom Dolla", venue, night) for venue, night in NIGHTS]
    return {"events": [*events, *extra], "enrichment": {"artists": artists or {}}}


def source_requests(replica) -> list[tuple[str, str]]:
    return [(r["host"], r["path"]) for r in replica.requests if r["host"] in SOURCE_HOSTS]


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory):
    """Two crawls of TAO within the time-to-live; the enrichment requests of each."""
    return crawl_twice(catalog(), tmp_path_factory.mktemp("data"))


def crawl_twice(catalog: dict, data_dir):
    """(data_dir, both crawls of TAO, the enrichment requests of each) on one replica."""
    with ReplicaServer(catalog) as replica:
        first = crawl("tao", replica.url, data_dir, TODAY)
        asked_first = source_requests(replica)
        replica.reset()
        second = crawl("tao", replica.url, data_dir, TODAY)
        asked_second = source_requests(replica)
    return data_dir, (first, second), (asked_first, asked_second)


def test_both_crawls_exit_cleanly(two_runs):
    assert [r.returncode for r in two_runs[1]] == [0, 0], two_runs[1][0].stderr[-2000:]


def test_four_nights_at_three_venues_cost_one_request_per_source(two_runs):
    asked = sorted(two_runs[2][0])
    assert asked == [("api.spotify.com", "/v1/search"), ("ra.co", "/graphql"),
                     ("www.1001tracklists.com", "/dj/domdolla/index.html")]


def test_a_second_run_within_the_time_to_live_costs_no_request(two_runs):
    assert two_runs[2][1] == []


def test_every_night_carries_the_enrichment(two_runs):
    events = [e for e in master_events(two_runs[0]).values() if e["performer"] == "Dom Dolla"]
    flags = {(e["enrichment_status"]["tracklists"], e["enrichment_status"]["resident_advisor"],
              e["enrichment_status"]["spotify"]) for e in events}
    assert (len(events), flags) == (4, {(True, True, True)})


def test_events_get_bio_stats_and_links(two_runs):
    event = next(e for e in master_events(two_runs[0]).values()
                 if e["performer"] == "Dom Dolla")
    assert event["artist_bio"] and event["artist_stats"]["spotify_id"]
    assert event["social_links"]["resident_advisor"] == "https://ra.co/dj/domdolla"


def test_the_second_run_changes_nothing(two_runs):
    assert run_stats(two_runs[0], "tao")["stats"].get("vinny/master/changes") == 0


def test_switched_off_no_enrichment_request_is_made(tmp_path):
    with ReplicaServer(catalog()) as replica:
        result = crawl("tao", replica.url, tmp_path, TODAY, "VINNY_ENRICH_ENABLED=False")
        asked = source_requests(replica)
    assert (result.returncode, asked) == (0, [])


def test_a_403_from_ra_stops_ra_and_the_crawl_goes_on(tmp_path):
    extra = [tao_entry("Fisher", "Hakkasan Nightclub", date(2026, 12, 6))]
    faults = {"Dom Dolla": {"faults": {"resident_advisor": "403"}},
              "Fisher": {"faults": {"resident_advisor": "403"}}}
    with ReplicaServer(catalog(faults, extra)) as replica:
        result = crawl("tao", replica.url, tmp_path, TODAY)
    stats = run_stats(tmp_path, "tao")["stats"]
    events = master_events(tmp_path)
    assert (result.returncode, len(events)) == (0, 5)
    assert stats["vinny/enrich/resident_advisor/breaker"] == "http_403 from ra.co"
    assert all("resident_advisor" in e["enrichment_status"]["errors"] for e in events.values())


def vinny_enrich(replica_url, data_dir, *args):
    env = {**os.environ, "VINNY_REPLICA_URL": replica_url, "VINNY_DATA_DIR": str(data_dir)}
    return subprocess.run([sys.executable, "-m", "vinny.cli", "enrich", "artists", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)


def test_the_command_enriches_stored_artists_without_crawling(tmp_path):
    with ReplicaServer(catalog()) as replica:
        crawl("tao", replica.url, tmp_path, TODAY, "VINNY_ENRICH_ENABLED=False")
        replica.reset()
        result = vinny_enrich(replica.url, tmp_path)
        asked = {host for host, _ in source_requests(replica)}
        pages = [r for r in replica.requests if r["host"] == "taogroup.com"]
    assert (result.returncode, asked, pages) == (0, set(SOURCE_HOSTS), [])
    assert "Dom Dolla: tracklists matched, resident_advisor matched, spotify matched" in (
        result.stdout)


def test_the_command_with_force_and_one_source_asks_only_that_source(tmp_path):
    with ReplicaServer(catalog()) as replica:
        crawl("tao", replica.url, tmp_path, TODAY)
        replica.reset()
        result = vinny_enrich(replica.url, tmp_path, "--force", "--source", "spotify",
                              "--artist", "Dom Dolla")
        asked = source_requests(replica)
    # The stored Spotify id is asked for directly: no search.
    spotify_id = Persona("Dom Dolla").spotify_id
    assert (result.returncode, asked) == (0, [("api.spotify.com", f"/v1/artists/{spotify_id}")])
