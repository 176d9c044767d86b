"""ArtistEnrichmentPipeline with a stand-in engine: once per artist, what lands on the event."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

import pytest
from scrapy.exceptions import NotConfigured
from scrapy.http import HtmlResponse

from replica.personas import Persona, Universe
from replica.render_artists import dj_page
from tests.crawlers import project_crawler
from vinny.enrich.records import ArtistRecord
from vinny.enrich.types import DOUBTFUL, MATCHED, ArtistData, Finding
from vinny.models import VegasEvent
from vinny.pipelines.artist_enrichment import ArtistEnrichmentPipeline, apply_record
from vinny.timeutil import VEGAS

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)


def event(day=4, venue=("LIV Las Vegas", "liv-las-vegas", "liv"), performer="Dom Dolla"):
    name, slug, tag = venue
    return VegasEvent.model_validate({
        "url": f"https://www.livnightclub.com/las-vegas/event/EVE{day}/x/",
        "performers": [performer], "venue": name, "venue_slug": slug, "venue_tag": tag,
        "start_at": datetime(2026, 12, day, 22, 30, tzinfo=VEGAS), "spider": "liv",
        "scraped_at": NOW})


class Engine:
    def __init__(self):
        self.requests = []

    async def download_async(self, request):
        self.requests.append(request)
        await asyncio.sleep(0.01)
        html = dj_page(Persona("Dom Dolla"), Universe())
        return HtmlResponse(request.url, body=html.encode(), request=request)


def crawler(tmp_path, **settings):
    c = project_crawler(settings_dict={"VINNY_DATA_DIR": str(tmp_path),
                                   "VINNY_ENRICH_SOURCES": ["tracklists"], **settings})
    c.engine = Engine()
    return c


def run(crawler, *events):
    async def go():
        pipeline = ArtistEnrichmentPipeline.from_crawler(crawler)
        pipeline.open_spider()
        done = await asyncio.gather(*(pipeline.process_item(e) for e in events))
        await pipeline.close_spider()
        return done
    return asyncio.run(go())


def record(**findings):
    result = ArtistRecord(slug="dom-dolla")
    result.merge(findings, NOW)
    return result


def test_switched_off_the_pipeline_is_not_loaded(tmp_path):
    with pytest.raises(NotConfigured):
        ArtistEnrichmentPipeline.from_crawler(crawler(tmp_path, VINNY_ENRICH_ENABLED=False))


def test_four_nights_of_one_artist_cost_one_request(tmp_path):
    c = crawler(tmp_path)
    run(c, *(event(day) for day in (4, 5, 11, 12)))
    assert len(c.engine.requests) == 1


def test_every_night_of_the_artist_gets_the_result(tmp_path):
    events = run(crawler(tmp_path), event(4), event(5))
    assert [e.enrichment_status.tracklists for e in events] == [True, True]


def test_a_second_run_within_the_time_to_live_costs_no_request(tmp_path):
    run(crawler(tmp_path), event(4))
    again = crawler(tmp_path)
    (enriched,) = run(again, event(5))
    assert (again.engine.requests, enriched.enrichment_status.tracklists) == ([], True)


def test_tracklists_requests_use_their_own_download_slot(tmp_path):
    c = crawler(tmp_path)
    run(c, event(4))
    assert c.engine.requests[0].meta["download_slot"] == "1001tracklists"


def test_the_record_fills_bio_stats_and_links():
    e = event()
    apply_record(e, record(
        resident_advisor=Finding("resident_advisor", MATCHED, "", ArtistData(
            bio="Bio.", links={"instagram": "https://www.instagram.com/domdolla/"})),
        spotify=Finding("spotify", MATCHED, "", ArtistData(
            spotify_id="id1", genres=["house"],
            links={"spotify": "https://open.spotify.com/artist/id1"}))))
    assert (e.artist_bio, e.artist_stats.spotify_id, e.streaming_links.spotify,
            e.social_links.instagram) == ("Bio.", "id1", "https://open.spotify.com/artist/id1",
                                          "https://www.instagram.com/domdolla/")


def test_a_doubtful_source_is_an_error_of_that_source_and_no_flag():
    e = event()
    apply_record(e, record(spotify=Finding("spotify", DOUBTFUL, "2 artists named 'Dom Dolla'")))
    status = e.enrichment_status
    assert (status.spotify, status.errors) == (
        False, {"spotify": ["doubtful: 2 artists named 'Dom Dolla'"]})


def test_nothing_known_leaves_the_artist_records_empty():
    e = event()
    apply_record(e, record(spotify=Finding("spotify", "not_found", "")))
    assert (e.artist_stats, e.streaming_links, e.social_links) == (None, None, None)


def test_pricing_errors_on_the_event_are_kept():
    e = event()
    e.enrichment_status.add_error("pricing", "http_403")
    apply_record(e, record(spotify=Finding("spotify", DOUBTFUL, "x")))
    assert set(e.enrichment_status.errors) == {"pricing", "spotify"}


def test_1001tracklists_gets_one_request_per_2_5_s_outside_replica_mode():
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if k != "VINNY_REPLICA_URL"}
    out = subprocess.run([sys.executable, "-c", "import json; from vinny import settings; "
                          "print(json.dumps(settings.DOWNLOAD_SLOTS['1001tracklists']))"],
                         env=env, capture_output=True, text=True, check=True).stdout
    assert json.loads(out) == {"concurrency": 1, "delay": 2.5, "jitter": 0}
