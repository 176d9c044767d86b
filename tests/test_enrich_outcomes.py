"""What 1001tracklists' answers become, through the pipeline: matched with or without sets,
not found, doubtful, a counted parse failure; and which of them a warm re-run asks again."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime

from scrapy.http import HtmlResponse

from replica.personas import Persona, Universe
from replica.render_artists import dj_page, plain_dj_page
from tests.crawlers import project_crawler
from tests.test_enrich_dj_page import PLAIN_LIST
from vinny.enrich.records import ArtistStore
from vinny.models import VegasEvent
from vinny.pipelines.artist_enrichment import ArtistEnrichmentPipeline
from vinny.slugs import slugify
from vinny.timeutil import VEGAS

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
DJ = "https://www.1001tracklists.com/dj/{}/index.html"


def event(performer: str, day: int = 4) -> VegasEvent:
    return VegasEvent.model_validate({
        "url": f"https://www.livnightclub.com/las-vegas/event/EVE{day}/x/",
        "performers": [performer], "venue": "LIV Las Vegas", "venue_slug": "liv-las-vegas",
        "venue_tag": "liv", "start_at": datetime(2026, 12, day, 22, 30, tzinfo=VEGAS),
        "spider": "liv", "scraped_at": NOW})


def page(name: str, layout: str | None = None) -> str:
    persona = Persona(name)
    return plain_dj_page(persona, layout) if layout else dj_page(persona, Universe())


class Engine:
    """1001tracklists as a dict {DJ page URL: HTML}; any other address is a 404."""

    def __init__(self, pages: dict[str, str]):
        self.pages = pages
        self.requests: list[str] = []

    async def download_async(self, request):
        self.requests.append(request.url)
        await asyncio.sleep(0)
        html = self.pages.get(request.url)
        return HtmlResponse(request.url, status=200 if html else 404,
                            body=(html or "Not found").encode(), request=request)


def crawler(tmp_path, pages: dict[str, str]):
    c = project_crawler(settings_dict={"VINNY_DATA_DIR": str(tmp_path),
                                   "VINNY_ENRICH_SOURCES": ["tracklists"]})
    c.engine = Engine(pages)
    return c


def run(c, *events: VegasEvent) -> list[VegasEvent]:
    async def go():
        pipeline = ArtistEnrichmentPipeline.from_crawler(c)
        pipeline.open_spider()
        done = await asyncio.gather(*(pipeline.process_item(e) for e in events))
        await pipeline.close_spider()
        return done
    return asyncio.run(go())


def stored(tmp_path, name: str):
    store = ArtistStore(tmp_path / "vinny.db")
    try:
        return store.load()[slugify(name)]
    finally:
        store.close()


UNREADABLE = {DJ.format("chrislorenzo"): page("Chris Lorenzo", "unreadable")}


def test_a_page_showing_sets_none_readable_is_an_error_of_the_event(tmp_path):
    (enriched,) = run(crawler(tmp_path, UNREADABLE), event("Chris Lorenzo"))
    errors = enriched.enrichment_status.errors["tracklists"]
    assert (enriched.enrichment_status.tracklists, len(errors)) == (False, 1)
    assert errors[0].startswith("failed: parse_failed: ")


def test_a_parse_failure_is_counted(tmp_path):
    c = crawler(tmp_path, UNREADABLE)
    run(c, event("Chris Lorenzo"))
    assert c.stats.get_value("vinny/enrich/tracklists/parse_failed") == 1


def test_a_parse_failure_is_asked_again_next_run(tmp_path):
    run(crawler(tmp_path, UNREADABLE), event("Chris Lorenzo"))
    again = crawler(tmp_path, UNREADABLE)
    run(again, event("Chris Lorenzo", 5))
    assert len(again.engine.requests) == 1


def test_a_plain_list_page_matches_and_keeps_its_sets(tmp_path):
    pages = {DJ.format("chrislorenzo"): PLAIN_LIST}
    (enriched,) = run(crawler(tmp_path, pages), event("Chris Lorenzo"))
    record = stored(tmp_path, "Chris Lorenzo")
    assert (enriched.enrichment_status.tracklists, len(record.tracklists)) == (True, 3)
    assert record.tracklists[0]["date"] == "2026-11-14"


def test_a_dj_page_listing_no_set_is_matched_without_error(tmp_path):
    pages = {DJ.format("chrislorenzo"): page("Chris Lorenzo", "no_sets")}
    (enriched,) = run(crawler(tmp_path, pages), event("Chris Lorenzo"))
    assert (enriched.enrichment_status.tracklists, enriched.enrichment_status.errors) == (
        True, {})


def test_an_answer_that_is_no_dj_page_is_not_found(tmp_path):
    pages = {DJ.format("chrislorenzo"): "<html><body><p>Nothing here.</p></body></html>"}
    c = crawler(tmp_path, pages)
    run(c, event("Chris Lorenzo"))
    assert c.stats.get_value("vinny/enrich/tracklists/not_found") == 1


# Every settled outcome: sets (microdata, plain list), no set, no page, a page naming
# someone else, an answer that is no DJ page.
SETTLED = {DJ.format("domdolla"): page("Dom Dolla"),
           DJ.format("chrislorenzo"): page("Chris Lorenzo", "list"),
           DJ.format("fisher"): page("Fisher", "no_sets"),
           DJ.format("illenium"): page("Gordo", "list"),
           DJ.format("kaskade"): "<html><head><title>1001Tracklists</title></head></html>"}
NAMES = ("Dom Dolla", "Chris Lorenzo", "Fisher", "Illenium", "Kaskade", "Nobody Known")


def test_every_settled_outcome_is_kept_a_warm_rerun_asks_nothing(tmp_path):
    first = crawler(tmp_path, SETTLED)
    run(first, *(event(n, 4 + i) for i, n in enumerate(NAMES)))
    warm = crawler(tmp_path, SETTLED)
    run(warm, *(event(n, 14 + i) for i, n in enumerate(NAMES)))
    assert (len(first.engine.requests), warm.engine.requests,
            warm.stats.get_value("vinny/enrich/tracklists/requests")) == (6, [], None)


def test_the_settled_outcomes_are_the_ones_expected(tmp_path):
    c = crawler(tmp_path, SETTLED)
    run(c, *(event(n, 4 + i) for i, n in enumerate(NAMES)))
    outcomes = {n: stored(tmp_path, n).sources["tracklists"]["outcome"] for n in NAMES}
    assert outcomes == {"Dom Dolla": "matched", "Chris Lorenzo": "matched",
                        "Fisher": "matched", "Illenium": "doubtful", "Kaskade": "not_found",
                        "Nobody Known": "not_found"}
