"""Validation and dedup pipelines: the item that comes out and the stats a person reads."""

import asyncio
import json
from datetime import UTC, date, datetime

import pytest
from scrapy.exceptions import DropItem
from scrapy.http import TextResponse

from tests.crawlers import project_crawler
from vinny.models import VegasEvent
from vinny.pipelines.duplicate_events import DuplicateEventsPipeline
from vinny.pipelines.event_validation import EventValidationPipeline, RejectedEvent
from vinny.pipelines.table_pricing import TablePricingPipeline
from vinny.timeutil import VEGAS


def page(**overrides):
    data = {
        "url": "https://www.livnightclub.com/las-vegas/event/EVE121488100020261204/dom-dolla/",
        "event_code": "EVE121488100020261204", "event_name": "Dom Dolla",
        "performers": ["Dom Dolla"], "venue": "LIV Las Vegas", "venue_slug": "liv-las-vegas",
        "venue_tag": "liv", "venue_url": "https://www.livnightclub.com/las-vegas/",
        "venue_label": "LIV Las Vegas", "city": None, "event_date": date(2026, 12, 4),
        "start_at": datetime(2026, 12, 4, 22, 30, tzinfo=VEGAS), "image_urls": [],
        "description": None, "status": "active", "jsonld_malformed": 0, "spider": "liv",
        "scraped_at": datetime(2026, 11, 22, tzinfo=UTC), "page_lastmod": None,
    }
    return {**data, **overrides}


@pytest.fixture
def dedup(crawler):
    return DuplicateEventsPipeline.from_crawler(crawler)


def test_valid_page_becomes_an_event(validate, crawler):
    event = validate.process_item(page())
    assert isinstance(event, VegasEvent) and event.event_id == "2026-12-04-dom-dolla-liv-las-vegas"
    assert crawler.stats.get_value("vinny/events/valid") == 1


def test_missing_date_is_rejected_with_reason(validate, crawler):
    with pytest.raises(RejectedEvent) as caught:
        validate.process_item(page(event_date=None, start_at=None))
    assert caught.value.reason == "missing_date"
    assert crawler.stats.get_value("vinny/rejected/missing_date") == 1


def test_unknown_venue_is_rejected_naming_the_label(validate, crawler):
    with pytest.raises(RejectedEvent) as caught:
        validate.process_item(page(venue_slug=None, venue_label="Pool Deck", venue="Pool Deck"))
    assert caught.value.reason == "unknown_venue" and "Pool Deck" in str(caught.value)


def test_model_refusal_is_rejected_with_the_field(validate, crawler):
    with pytest.raises(RejectedEvent) as caught:
        validate.process_item(page(url="javascript:alert(1)"))
    assert caught.value.reason == "invalid_url"
    assert crawler.stats.get_value("vinny/rejected/invalid_url") == 1


def test_missing_optional_fields_are_counted(validate, crawler):
    validate.process_item(page(start_at=None, image_urls=[]))
    assert crawler.stats.get_value("vinny/field/start_at/missing") == 1
    assert crawler.stats.get_value("vinny/field/image_urls/missing") == 1


def test_malformed_jsonld_is_counted(validate, crawler):
    validate.process_item(page(jsonld_malformed=1))
    assert crawler.stats.get_value("vinny/extract/jsonld_malformed") == 1


def test_first_page_of_an_event_passes(validate, dedup):
    event = validate.process_item(page())
    assert dedup.process_item(event) is event


def test_second_page_of_the_same_night_is_dropped_and_counted(validate, dedup, crawler):
    dedup.process_item(validate.process_item(page()))
    other = validate.process_item(page(url="https://www.livnightclub.com/las-vegas/event/EVE-SUP7FH/dom-dolla/"))
    with pytest.raises(DropItem):
        dedup.process_item(other)
    assert crawler.stats.get_value("vinny/dedup/duplicates") == 1


def test_duplicate_fills_what_the_first_page_lacked(validate, dedup):
    first = dedup.process_item(validate.process_item(page(start_at=None, image_urls=[])))
    flyer = "https://venueeventartist.com/imateq/event/1/1214881/x/1200SC0/x.jpeg"
    second_url = "https://www.livnightclub.com/las-vegas/event/EVE-SUP7FH/dom-dolla/"
    with pytest.raises(DropItem):
        dedup.process_item(validate.process_item(page(url=second_url, image_urls=[flyer])))
    assert first.image_urls == [flyer]
    assert first.start_at == datetime(2026, 12, 4, 22, 30, tzinfo=VEGAS)
    assert first.source_urls == sorted([page()["url"], second_url])


@pytest.mark.parametrize("order", [(0, 1), (1, 0)])
def test_which_page_names_the_event_does_not_depend_on_arrival(crawler, order):
    validate = EventValidationPipeline.from_crawler(crawler)
    dedup = DuplicateEventsPipeline.from_crawler(crawler)
    flyer = "https://venueeventartist.com/imateq/event/1/1214881/x/1200SC0/x.jpeg"
    pages = [page(image_urls=[flyer], event_code="EVE-SUP7FH",
                  url="https://www.livnightclub.com/las-vegas/event/EVE-SUP7FH/dom-dolla/"),
             page()]
    kept = dedup.process_item(validate.process_item(pages[order[0]]))
    with pytest.raises(DropItem):
        dedup.process_item(validate.process_item(pages[order[1]]))
    assert (kept.url, kept.event_code) == (pages[0]["url"], "EVE-SUP7FH")


def test_same_artist_other_night_is_not_a_duplicate(validate, dedup):
    dedup.process_item(validate.process_item(page()))
    later = validate.process_item(page(event_date=date(2026, 12, 5),
                                       start_at=datetime(2026, 12, 5, 22, 30, tzinfo=VEGAS)))
    assert dedup.process_item(later) is later


def test_spelling_variants_of_one_artist_are_one_event(validate, dedup):
    dedup.process_item(validate.process_item(page(performers=["Tiësto"])))
    with pytest.raises(DropItem):
        variant = page(performers=["TIESTO"], url=page()["url"] + "x/")
        dedup.process_item(validate.process_item(variant))


# -- dedup, then pricing: a code only the later page carries --------------------------------

LISTING = "https://www.livnightclub.com/las-vegas/events/dom-dolla/"
TABLE = {"itemname": "Main Room", "booktypename": "Tables", "capacity": "10",
         "listprice": "5,000.00", "pricingdisplay": "Minimum Spend", "paynow": "$1,000",
         "stock": "2", "inactive": "0"}


class InventoryEngine:
    """A stand-in engine answering every inventory request with one table; records them."""

    def __init__(self):
        self.requests = []

    async def download_async(self, request):
        self.requests.append(request)
        body = json.dumps({"html": "", "items": {"MAS1": TABLE}}).encode()
        return TextResponse(request.url, body=body, request=request, encoding="utf-8",
                            headers={"Content-Type": "application/json"})


@pytest.fixture
def priced_late():
    """A listing without a code passes dedup and pricing; then the event page, carrying the
    code and its nonce, is merged into it and dropped; then the spider goes idle."""
    crawler = project_crawler(settings_dict={"VINNY_TODAY": "2026-11-22"})
    crawler.engine = InventoryEngine()
    validate = EventValidationPipeline.from_crawler(crawler)
    dedup = DuplicateEventsPipeline.from_crawler(crawler)
    pricing = TablePricingPipeline.from_crawler(crawler)
    first = dedup.process_item(validate.process_item(page(url=LISTING, event_code=None)))
    asyncio.run(pricing.process_item(first))
    unpriced = list(first.table_pricing)
    with pytest.raises(DropItem):
        dedup.process_item(validate.process_item(
            page(page_inventory={"nonce": "19e9b3604c", "embedded": None})))
    late = pricing.late_events()
    asyncio.run(pricing.price_again(late))
    return first, unpriced, late, pricing


def test_a_code_only_the_duplicate_page_carries_is_priced(priced_late):
    first, unpriced, late, _ = priced_late
    assert (unpriced, late) == ([], [first])
    assert [t.tier_id for t in first.table_pricing] == ["MAS1"]


def test_the_late_price_asks_for_that_code_with_its_page_nonce(priced_late):
    _, _, _, pricing = priced_late
    (request,) = pricing.crawler.engine.requests
    assert "EVE121488100020261204" in request.url and "19e9b3604c" in request.url


def test_late_pricing_is_counted_and_leaves_nothing_late(priced_late):
    first, _, _, pricing = priced_late
    assert pricing.stats.get_value("vinny/pricing/late") == 1 and first.page_inventory is None
    assert pricing.late_events() == []
