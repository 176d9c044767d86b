"""ArtistImagesPipeline in process: stored images, late images, unusable names, the switch, and
a response handed to the pipeline as Scrapy's media machinery does (its presets stored where
`thumb_path` says). Crawls with real downloads and bad images are in test_images_crawl.py."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from io import BytesIO

import pytest
from PIL import Image
from scrapy import Spider
from scrapy.exceptions import DontCloseSpider, NotConfigured
from scrapy.http import Response

from tests.crawlers import project_crawler
from vinny.images.store import LocalImageStore, put
from vinny.models import VegasEvent
from vinny.pipelines.artist_images import ArtistImagesPipeline, ImageProblem
from vinny.timeutil import VEGAS

FLYER = "https://taogroup.com/wp-content/uploads/2026/11/omnia-steve-aoki-1212.jpg"


def event(performer: str = "Steve Aoki", image_urls: list[str] | None = None) -> VegasEvent:
    return VegasEvent.model_validate({
        "event_id": "2026-12-12-steve-aoki-omnia-nightclub", "performer": performer,
        "performers": [performer], "venue": "OMNIA Nightclub", "venue_slug": "omnia-nightclub",
        "venue_tag": "omnia", "url": "https://taogroup.com/event/12-12-2026-steve-aoki-omnia/",
        "start_at": datetime(2026, 12, 12, 22, 30, tzinfo=VEGAS), "spider": "tao",
        "scraped_at": datetime(2026, 11, 22, tzinfo=UTC), "image_urls": image_urls or []})


def jpeg(width: int) -> bytes:
    buf = BytesIO()
    Image.new("RGB", (width, width * 5 // 4)).save(buf, "JPEG")
    return buf.getvalue()


@pytest.fixture
def stored_dir(tmp_path):
    """A data directory already holding Steve Aoki's presets for OMNIA."""
    store = LocalImageStore(tmp_path)
    for preset, width in (("main", 500), ("hd", 1200)):
        asyncio.run(put(store, f"artists/steve-aoki/omnia-{preset}.jpg", jpeg(width), 0, 0))
    return tmp_path


def pipeline_for(data_dir, **settings) -> ArtistImagesPipeline:
    crawler = project_crawler(Spider, {"VINNY_DATA_DIR": str(data_dir), "IMAGES_STORE": "",
                                   **settings})
    crawler.spider = Spider(name="tao")
    pipeline = ArtistImagesPipeline.from_crawler(crawler)
    pipeline.open_spider()
    return pipeline


def test_stored_presets_are_recorded_with_no_download(stored_dir):
    # The crawler has no engine: a download attempt would raise.
    pipeline = pipeline_for(stored_dir)
    item = asyncio.run(pipeline.process_item(event(image_urls=[FLYER])))
    assert [(s.preset, s.width) for s in item.images[0].sizes] == [("main", 500), ("hd", 1200)]


def test_stored_presets_are_counted_as_already_stored(stored_dir):
    pipeline = pipeline_for(stored_dir)
    asyncio.run(pipeline.process_item(event(image_urls=[FLYER])))
    assert pipeline.stats.get_value("vinny/images/already_stored") == 1


def test_record_url_is_the_base_url_and_the_key(stored_dir):
    pipeline = pipeline_for(stored_dir, VINNY_IMAGES_BASE_URL="https://cdn.example/")
    item = asyncio.run(pipeline.process_item(event(image_urls=[FLYER])))
    assert item.images[0].sizes[0].r2_url == "https://cdn.example/artists/steve-aoki/omnia-main.jpg"


def test_event_without_image_passes_with_no_record(tmp_path):
    pipeline = pipeline_for(tmp_path)
    item = asyncio.run(pipeline.process_item(event()))
    assert (item.images, pipeline.stats.get_value("vinny/images/no_source")) == ([], 1)


def test_image_merged_in_after_the_event_passed_is_processed_when_idle(stored_dir):
    pipeline = pipeline_for(stored_dir)

    async def scenario() -> VegasEvent:
        item = await pipeline.process_item(event())
        item.image_urls = [FLYER]  # what dedup does when a later page of the event has one
        with pytest.raises(DontCloseSpider):
            pipeline.spider_idle()
        for _ in range(500):  # the spider stays open until the late work is done
            try:
                pipeline.spider_idle()
                return item
            except DontCloseSpider:
                await asyncio.sleep(0.01)
        raise AssertionError("the late image never finished")

    assert asyncio.run(scenario()).images[0].artist_slug == "steve-aoki"


def test_idle_with_nothing_late_lets_the_spider_close(tmp_path):
    pipeline = pipeline_for(tmp_path)
    asyncio.run(pipeline.process_item(event()))
    assert pipeline.spider_idle() is None


def slugless(image_urls: list[str]) -> VegasEvent:
    """An event whose performer makes no slug (validation refuses most such names first)."""
    item = event(image_urls=image_urls)
    item.performer = "../.."
    return item


def test_performer_making_no_slug_keeps_the_event_with_the_error(tmp_path):
    pipeline = pipeline_for(tmp_path)
    item = asyncio.run(pipeline.process_item(slugless([FLYER])))
    assert (item.images, len(item.enrichment_status.errors["images"])) == ([], 1)


def test_performer_making_no_slug_is_counted(tmp_path):
    pipeline = pipeline_for(tmp_path)
    asyncio.run(pipeline.process_item(slugless([FLYER])))
    assert pipeline.stats.get_value("vinny/images/failed/unsafe_key") == 1


def test_items_other_than_events_pass_untouched(tmp_path):
    pipeline = pipeline_for(tmp_path)
    item = {"image_urls": [FLYER]}
    assert asyncio.run(pipeline.process_item(item)) == {"image_urls": [FLYER]}


def test_switched_off_the_pipeline_is_not_configured(tmp_path):
    with pytest.raises(NotConfigured):
        pipeline_for(tmp_path, VINNY_IMAGES_ENABLED=False)


def downloaded(pipeline: ArtistImagesPipeline, item: VegasEvent, body: bytes,
               status: int = 200):
    """What Scrapy's media machinery does with a response to the event's image request."""
    request = pipeline.get_media_requests(item, pipeline.spiderinfo)[0]
    response = Response(request.url, status=status, body=body, request=request)
    return asyncio.run(pipeline.media_downloaded(response, request, pipeline.spiderinfo,
                                                 item=item))


def test_downloaded_image_is_stored_as_both_presets_under_their_keys(tmp_path):
    result = downloaded(pipeline_for(tmp_path), event(image_urls=[FLYER]), jpeg(1600))
    stored = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*.jpg"))
    assert (result["path"], stored) == ("artists/steve-aoki/omnia-main.jpg", [
        "artists/steve-aoki/omnia-hd.jpg", "artists/steve-aoki/omnia-main.jpg"])


def test_thumb_path_decides_where_each_preset_goes(tmp_path):
    class Flat(ArtistImagesPipeline):
        def thumb_path(self, request, thumb_id, response=None, info=None, *, item=None):
            return f"flat/{thumb_id}.jpg"

    crawler = project_crawler(Spider, {"VINNY_DATA_DIR": str(tmp_path), "IMAGES_STORE": ""})
    crawler.spider = Spider(name="tao")
    pipeline = Flat.from_crawler(crawler)
    pipeline.open_spider()
    downloaded(pipeline, event(image_urls=[FLYER]), jpeg(600))
    assert sorted(p.name for p in (tmp_path / "flat").iterdir()) == ["hd.jpg", "main.jpg"]


def test_a_404_is_a_problem_named_by_its_status(tmp_path):
    with pytest.raises(ImageProblem) as raised:
        downloaded(pipeline_for(tmp_path), event(image_urls=[FLYER]), b"", status=404)
    assert raised.value.reason == "http_404"
