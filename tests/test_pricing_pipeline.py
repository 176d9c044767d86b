"""TablePricingPipeline with a stand-in engine: which request, which tiers, what failure leaves."""

import asyncio
import json
from datetime import UTC, date, datetime, timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from scrapy.exceptions import DownloadTimeoutError, IgnoreRequest, NotConfigured
from scrapy.http import TextResponse

from tests.crawlers import project_crawler
from vinny.models import VegasEvent
from vinny.pipelines.table_pricing import TablePricingPipeline
from vinny.timeutil import VEGAS

TODAY = date(2026, 11, 22)
LIV_URL = "https://www.livnightclub.com/las-vegas/event/EVE121488100020261204/dom-dolla/"
TAO_URL = "https://taogroup.com/event/12-12-2026-steve-aoki-omnia-nightclub/"
TABLE = {"itemname": "Main Room Dance Floor", "booktypename": "Tables", "capacity": "12",
         "listprice": "6,000.00", "pricingdisplay": "Minimum Spend", "paytype": "deposit",
         "paynow": "$1,200", "stock": "3", "inactive": "0"}
TICKET = {"itemname": "General Admission", "booktypename": "Tickets", "capacity": "1",
          "listprice": "75", "pricingdisplay": "Price", "paynow": "75", "stock": "200"}


def inventory(items=None) -> bytes:
    items = {"MAS123": TABLE} if items is None else items
    return json.dumps({"html": "", "items": items, "eventdata": {"name": "x"}}).encode()


class Engine:
    """Answers `download_async` from `reply(request)` and records every request."""

    def __init__(self, reply):
        self.reply = reply
        self.requests = []

    async def download_async(self, request):
        self.requests.append(request)
        await asyncio.sleep(0)
        result = self.reply(request)
        if isinstance(result, Exception):
            raise result
        return result


def respond(body: bytes = b"", status: int = 200, content_type: str = "application/json"):
    def reply(request):
        return TextResponse(request.url, status=status, body=body, request=request,
                            headers={"Content-Type": content_type}, encoding="utf-8")
    return reply


def liv_event(**overrides) -> VegasEvent:
    data = {"url": LIV_URL, "event_code": "EVE121488100020261204", "event_name": "Dom Dolla",
            "performers": ["Dom Dolla"], "venue": "LIV Las Vegas", "venue_slug": "liv-las-vegas",
            "venue_tag": "liv", "start_at": datetime(2026, 12, 4, 22, 30, tzinfo=VEGAS),
            "spider": "liv", "scraped_at": datetime(2026, 11, 22, 10, tzinfo=UTC),
            "page_inventory": {"nonce": "19e9b3604c", "embedded": None}}
    return VegasEvent.model_validate({**data, **overrides})


def tao_event(**overrides) -> VegasEvent:
    data = {"url": TAO_URL, "event_code": "EVE108900020261212", "event_name": "Steve Aoki",
            "performers": ["Steve Aoki"], "venue": "OMNIA Nightclub",
            "venue_slug": "omnia-nightclub", "venue_tag": "omnia",
            "start_at": datetime(2026, 12, 12, 22, 30, tzinfo=VEGAS), "spider": "tao",
            "scraped_at": datetime(2026, 11, 22, 10, tzinfo=UTC)}
    return VegasEvent.model_validate({**data, **overrides})


@pytest.fixture
def crawler():
    return project_crawler(settings_dict={"VINNY_TODAY": TODAY.isoformat()})


def run(crawler, reply, *events):
    """Price `events` concurrently, as Scrapy does across responses; return the engine."""
    engine = crawler.engine = Engine(reply)
    pipeline = TablePricingPipeline.from_crawler(crawler)

    async def price_all():
        return await asyncio.gather(*(pipeline.process_item(e) for e in events))

    assert asyncio.run(price_all()) == list(events)
    return engine


def query(request) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlsplit(request.url).query,
                                         keep_blank_values=True).items()}


def stat(crawler, key):
    return crawler.stats.get_value(f"vinny/pricing/{key}")


def test_pricing_can_be_switched_off():
    crawler = project_crawler(settings_dict={"VINNY_PRICING_ENABLED": False})
    with pytest.raises(NotConfigured):
        TablePricingPipeline.from_crawler(crawler)


def test_past_event_costs_no_request(crawler):
    start = datetime(2026, 11, 21, 22, 30, tzinfo=VEGAS)
    engine = run(crawler, respond(inventory()), liv_event(start_at=start))
    assert engine.requests == [] and stat(crawler, "skipped/past") == 1


def test_tonight_is_priced(crawler):
    event = liv_event(start_at=datetime(2026, 11, 22, 22, 30, tzinfo=VEGAS))
    run(crawler, respond(inventory()), event)
    assert len(event.table_pricing) == 1


def test_page_nonce_asks_the_newer_proxy_action(crawler):
    (request,) = run(crawler, respond(inventory()), liv_event()).requests
    assert urlsplit(request.url).netloc == "www.livnightclub.com"
    assert query(request) == {"action": "urvenue_ws_proxy", "uvaction": "uwspx_inventoryinit",
                              "eventcode": "EVE121488100020261204", "cartcode": "",
                              "returntempl": "1", "uws_nonce": "19e9b3604c"}


def test_page_without_nonce_asks_uvpx(crawler):
    (request,) = run(crawler, respond(inventory()), liv_event(page_inventory=None)).requests
    assert query(request)["action"] == "uvpx" and "uws_nonce" not in query(request)


def test_wynn_event_asks_wynnsocial(crawler):
    event = liv_event(url="https://www.wynnsocial.com/event/EVE111500020261205/marshmello/",
                      event_code="EVE111500020261205", venue="XS Nightclub",
                      venue_slug="xs-nightclub", venue_tag="xs", spider="wynnsocial")
    (request,) = run(crawler, respond(inventory()), event).requests
    assert request.url.startswith("https://www.wynnsocial.com/wp-admin/admin-ajax.php?")


def test_tao_event_asks_booketing_under_entity_61(crawler):
    (request,) = run(crawler, respond(inventory()), tao_event()).requests
    assert request.url.startswith("https://booketing.com/uws/house/proxy?")
    assert (query(request)["manageentid"], query(request)["eventcode"]) == (
        "61", "EVE108900020261212")


def test_booketing_request_may_leave_the_spiders_domains(crawler):
    (request,) = run(crawler, respond(inventory()), tao_event()).requests
    assert request.meta["allow_offsite"] is True


def test_tao_page_without_code_uses_the_venue_ven_code(crawler):
    (request,) = run(crawler, respond(inventory()), tao_event(event_code=None)).requests
    assert query(request)["eventcode"] == "EVE108900020261212"


def test_tao_venue_unknown_to_booketing_is_skipped_and_counted(crawler):
    event = tao_event(event_code=None, venue="TAO Nightclub", venue_slug="tao-nightclub",
                      venue_tag="tao")
    engine = run(crawler, respond(inventory()), event)
    assert engine.requests == [] and stat(crawler, "skipped/no_booketing_venue") == 1


def test_request_timeout_is_the_pricing_setting():
    crawler = project_crawler(settings_dict={"VINNY_TODAY": TODAY.isoformat(),
                                         "VINNY_PRICING_TIMEOUT": 7.5})
    (request,) = run(crawler, respond(inventory()), liv_event()).requests
    assert request.meta["download_timeout"] == 7.5


def test_embedded_items_save_the_request(crawler):
    embedded = json.dumps({"MAS9": TABLE}) + ";\nvar venueid = '1214881';\n"
    event = liv_event(page_inventory={"nonce": None, "embedded": embedded})
    engine = run(crawler, respond(inventory()), event)
    assert engine.requests == [] and [p.tier_id for p in event.table_pricing] == ["MAS9"]
    assert stat(crawler, "embedded") == 1


def test_embedded_tiers_date_from_the_page_fetch(crawler):
    event = liv_event(page_inventory={"embedded": json.dumps({"MAS9": TABLE})})
    run(crawler, respond(inventory()), event)
    assert event.table_pricing[0].fetched_at == event.scraped_at


def test_unusable_embedded_items_fall_back_to_one_request(crawler):
    event = liv_event(page_inventory={"nonce": None, "embedded": '{"MAS9": {"itemna'})
    engine = run(crawler, respond(inventory()), event)
    assert len(engine.requests) == 1 and [p.tier_id for p in event.table_pricing] == ["MAS123"]
    assert stat(crawler, "embedded_unusable") == 1


def test_page_inventory_is_cleared(crawler):
    event = liv_event()
    run(crawler, respond(inventory()), event)
    assert event.page_inventory is None


def test_tiers_carry_every_field(crawler):
    event = liv_event()
    run(crawler, respond(inventory()), event)
    (pricing,) = event.table_pricing
    assert (pricing.event_id, pricing.tier_id, pricing.is_available) == (
        event.event_id, "MAS123", True)
    assert pricing.tier.model_dump() == {
        "tier_id": "MAS123", "tier_name": "Main Room Dance Floor", "min_spend": 6000,
        "pay_now": 1200, "guests": 12, "available_count": 3}


def test_fetched_at_is_aware_utc(crawler):
    event = liv_event()
    run(crawler, respond(inventory()), event)
    fetched = event.table_pricing[0].fetched_at
    assert fetched.utcoffset() == timedelta(0)
    assert abs(datetime.now(UTC) - fetched) < timedelta(minutes=1)


def test_tickets_are_not_tiers(crawler):
    event = liv_event()
    run(crawler, respond(inventory({"MAS123": TABLE, "TIX1": TICKET})), event)
    assert [p.tier_id for p in event.table_pricing] == ["MAS123"]


def test_tickets_only_inventory_leaves_pricing_empty_without_error(crawler):
    event = liv_event()
    run(crawler, respond(inventory({"TIX1": TICKET})), event)
    assert event.table_pricing == [] and event.enrichment_status.errors == {}
    assert stat(crawler, "no_tiers") == 1


def test_one_request_per_event_code(crawler):
    events = [liv_event(), liv_event(url=LIV_URL + "again/")]
    engine = run(crawler, respond(inventory()), *events)
    assert len(engine.requests) == 1 and stat(crawler, "reused") == 1
    assert all(len(e.table_pricing) == 1 for e in events)


def test_failed_code_is_not_asked_twice(crawler):
    events = [liv_event(), liv_event(url=LIV_URL + "again/")]
    engine = run(crawler, respond(b"", status=500), *events)
    assert len(engine.requests) == 1
    assert all(e.enrichment_status.errors["pricing"] for e in events)


def test_success_is_counted(crawler):
    run(crawler, respond(inventory({"MAS1": TABLE, "MAS2": TABLE})), liv_event())
    assert (stat(crawler, "requests"), stat(crawler, "priced"), stat(crawler, "tiers")) == (
        1, 1, 2)


HTML_ERROR = b"<!DOCTYPE html><html><head><title>WordPress &rsaquo; Error</title></head></html>"
FAILURES = {
    # An answer is described by kind and size, never quoted (it is not ours to publish).
    "invalid_nonce": (respond(b'{"success":false,"data":"Invalid nonce"}', 403), "http_403",
                      "a body of 40 bytes"),
    "server_error": (respond(HTML_ERROR, 500, "text/html"), "http_500", "an HTML page of"),
    "timeout": (lambda r: DownloadTimeoutError("took longer than 20.0 seconds"), "timeout",
                "20.0 seconds"),
    "robots": (lambda r: IgnoreRequest("Forbidden by robots.txt"), "ignored", "robots"),
    "connection": (lambda r: ConnectionRefusedError("refused"), "ConnectionRefusedError",
                   "refused"),
    "malformed_json": (respond(inventory()[:50]), "malformed_json", "line 1"),
    "html_instead_of_json": (respond(HTML_ERROR, 200, "text/html"), "not_json", "HTML page"),
    "empty_items": (respond(inventory([])), "no_items", "no items"),
    "odd_price": (respond(inventory({"MAS1": {**TABLE, "listprice": "6.000,00"}})),
                  "bad_amount", "unreadable"),
    "negative_amount": (respond(inventory({"MAS1": {**TABLE, "listprice": "-6000"}})),
                        "bad_amount", "negative"),
    "absurd_amount": (respond(inventory({"MAS1": {**TABLE, "paynow": "$90,000,000"}})),
                      "bad_amount", "absurd"),
}


@pytest.mark.parametrize("case", list(FAILURES))
def test_failure_keeps_the_event_without_pricing(crawler, case):
    event = liv_event()
    run(crawler, FAILURES[case][0], event)
    assert event.table_pricing == []


@pytest.mark.parametrize("case", list(FAILURES))
def test_failure_is_recorded_on_the_event(crawler, case):
    _, reason, words = FAILURES[case]
    event = liv_event()
    run(crawler, FAILURES[case][0], event)
    (message,) = event.enrichment_status.errors["pricing"]
    assert message.startswith(f"{reason}: ") and words in message


@pytest.mark.parametrize("case", list(FAILURES))
def test_failure_is_counted_by_reason(crawler, case):
    run(crawler, FAILURES[case][0], liv_event())
    assert stat(crawler, f"failed/{FAILURES[case][1]}") == 1


def test_unexpected_error_keeps_the_event_and_is_recorded(crawler, monkeypatch):
    def broken(body):
        raise TypeError("a bug")

    monkeypatch.setattr("vinny.pipelines.table_pricing.tiers_from_answer", broken)
    event = liv_event()
    run(crawler, respond(inventory()), event)
    assert event.table_pricing == []
    assert event.enrichment_status.errors["pricing"][0].startswith("internal_error: ")
