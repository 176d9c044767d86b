"""TablePricingPipeline: VIP table pricing for every upcoming event.

Reads: `VegasEvent` (`event_code`, `event_date`, venue, and `page_inventory`: the nonce or
the table items its page carried). Writes: `table_pricing`, one `TablePricing` per table or
bottle-service tier, `fetched_at` in UTC; clears `page_inventory`. Never drops.
Where from: items embedded in the page (no request); otherwise one `uwspx_inventoryinit`
request per event code per run, through the engine (throttling, retries, robots, replica):
the site's `admin-ajax.php` for LIV and Wynn (`urvenue_ws_proxy` with the page's nonce, or
`uvpx` without one), booketing.com's proxy for TAO venues. Events before today in Las Vegas
cost nothing.
Late: dedup may merge a later page into an event that already passed with another code or
none (a code only the second page carries); when the spider goes idle, every upcoming event
whose code is not the one it was priced with is priced again, with the inventory that page
carried (`vinny/pricing/late`), before the master stores it. The spider then closes at the
engine's next heartbeat (up to 5 s later).
Never less: when the inventory cannot be had or read, `table_pricing` stays empty (the master
store keeps what it holds) and the reason goes to `enrichment_status.errors["pricing"]`.
Settings: `VINNY_PRICING_ENABLED`, `VINNY_PRICING_TIMEOUT` (seconds), `VINNY_TODAY`
(through `today_vegas`).
Stats: `vinny/pricing/requests`, `vinny/pricing/embedded` (requests saved by the page),
`vinny/pricing/embedded_unusable`, `vinny/pricing/reused` (a code already asked this run),
`vinny/pricing/priced`, `vinny/pricing/late` (events priced again), `vinny/pricing/tiers`,
`vinny/pricing/no_tiers` (tickets only),
`vinny/pricing/skipped/<reason>` (past, no_event_code, ...), `vinny/pricing/failed/<reason>`
(http_403, http_500, timeout, malformed_json, not_json, no_items, bad_amount, ...).
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Self

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import DontCloseSpider, DownloadTimeoutError, IgnoreRequest, NotConfigured
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.defer import Deferred
from twisted.internet.error import TimeoutError as TwistedTimeoutError

from vinny.models import EnrichmentStatus, PageInventory, TablePricing, TablePricingTier, VegasEvent
from vinny.pricing.inventory import InventoryError, Tier, tiers_from_answer, tiers_from_embedded
from vinny.pricing.sources import InventorySource, inventory_source
from vinny.timeutil import today_vegas
from vinny.venues import registry

logger = logging.getLogger(__name__)

HEADERS = {"Accept": "application/json, text/javascript, */*; q=0.01",
           "X-Requested-With": "XMLHttpRequest"}


@dataclass(frozen=True)
class Outcome:
    """One event code's inventory this run: its tiers, or why there are none."""

    tiers: tuple[Tier, ...] = ()
    fetched_at: datetime | None = None
    reason: str | None = None
    detail: str = ""


class TablePricingPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.timeout = crawler.settings.getfloat("VINNY_PRICING_TIMEOUT")
        self.today = today_vegas(crawler.settings)
        # One inventory per event code per run, shared by every event that carries the code.
        self.by_code: dict[str, asyncio.Future[Outcome]] = {}
        # Every upcoming event that passed, with the code it was priced for (None: no code).
        self.passed: dict[int, tuple[VegasEvent, str | None]] = {}
        self._late: Deferred[None] | None = None
        crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        if not crawler.settings.getbool("VINNY_PRICING_ENABLED"):
            raise NotConfigured("VINNY_PRICING_ENABLED is off")
        return cls(crawler)

    def spider_idle(self) -> None:
        """Dedup merged a later page into an event that already passed: maybe a new code."""
        if self._late is not None and not self._late.called:
            raise DontCloseSpider
        late = self.late_events()
        if not late:
            return
        self._late = deferred_from_coro(self.price_again(late))
        self._late.addErrback(lambda failure: logger.error(
            "late pricing failed: %s", failure, extra={"spider": self.crawler.spider}))
        raise DontCloseSpider

    def late_events(self) -> list[VegasEvent]:
        """Upcoming events whose code is no longer the one they were priced for."""
        return [event for event, code in self.passed.values() if event.event_code != code]

    async def price_again(self, events: list[VegasEvent]) -> None:
        self._count("late", len(events))
        await asyncio.gather(*(self.process_item(event) for event in events))

    async def process_item(self, event: VegasEvent) -> VegasEvent:
        page, event.page_inventory = event.page_inventory, None
        if event.event_date < self.today:
            self._count("skipped/past")
            return event
        self.passed[id(event)] = (event, event.event_code)
        source = inventory_source(registry().by_slug(event.venue_slug), event.event_code,
                                  event.event_date, page.nonce if page else None)
        if isinstance(source, str):
            self._count(f"skipped/{source}")
            return event
        pending = self.by_code.get(source.event_code)
        if pending is None:
            pending = asyncio.ensure_future(self._obtain(source, page, event.scraped_at))
            self.by_code[source.event_code] = pending
        else:
            self._count("reused")
        try:
            self._apply(event, await pending)
        except Exception as exc:  # a bug here must not cost the event
            logger.exception("pricing of %s failed", event.event_id,
                             extra={"spider": self.crawler.spider})
            event.table_pricing = []
            self._apply(event, Outcome(reason="internal_error", detail=repr(exc)))
        return event

    async def _obtain(self, source: InventorySource, page: PageInventory | None,
                      scraped_at: datetime) -> Outcome:
        if page is not None and page.embedded:
            try:
                tiers = tiers_from_embedded(page.embedded)
            except InventoryError as exc:
                self._count("embedded_unusable")
                logger.info("embedded items of %s unusable (%s): asking", source.event_code, exc)
            else:
                self._count("embedded")
                return Outcome(tuple(tiers), scraped_at)
        return await self._fetch(source)

    async def _fetch(self, source: InventorySource) -> Outcome:
        self._count("requests")
        request = Request(source.url, headers=HEADERS, meta={
            "download_timeout": self.timeout,
            # booketing.com is outside the TAO spider's allowed_domains.
            "allow_offsite": True,
        })
        try:
            response = await self.crawler.engine.download_async(request)
        except (DownloadTimeoutError, TimeoutError, TwistedTimeoutError) as exc:
            return _failed(source, "timeout", str(exc) or "no answer in time")
        except IgnoreRequest as exc:
            return _failed(source, "ignored", str(exc) or "refused by a middleware (robots.txt?)")
        except Exception as exc:  # a dead connection must not cost the event
            return _failed(source, type(exc).__name__, str(exc))
        if response.status != 200:
            return _failed(source, f"http_{response.status}", _snippet(response.body))
        try:
            tiers = tiers_from_answer(response.body)
        except InventoryError as exc:
            return _failed(source, exc.reason, exc.detail)
        return Outcome(tuple(tiers), datetime.now(UTC))

    def _apply(self, event: VegasEvent, outcome: Outcome) -> None:
        if outcome.reason is not None:
            self._count(f"failed/{outcome.reason}")
            if event.enrichment_status is None:
                event.enrichment_status = EnrichmentStatus(event_id=event.event_id)
            event.enrichment_status.add_error("pricing", f"{outcome.reason}: {outcome.detail}")
            return
        if not outcome.tiers:
            self._count("no_tiers")
            return
        assert outcome.fetched_at is not None  # an outcome with tiers says when it was had
        event.table_pricing = [
            TablePricing(event_id=event.event_id, tier_id=tier.tier_id,
                         fetched_at=outcome.fetched_at, is_available=tier.is_available,
                         tier=TablePricingTier(
                             tier_id=tier.tier_id, tier_name=tier.tier_name,
                             min_spend=tier.min_spend, pay_now=tier.pay_now, guests=tier.guests,
                             available_count=tier.available_count))
            for tier in outcome.tiers
        ]
        self._count("priced")
        self._count("tiers", len(outcome.tiers))

    def _count(self, key: str, count: int = 1) -> None:
        self.stats.inc_value(f"vinny/pricing/{key}", count)


def _failed(source: InventorySource, reason: str, detail: str) -> Outcome:
    detail = f"{detail} ({source.url})"
    logger.warning("pricing of %s failed: %s: %s", source.event_code, reason, detail)
    return Outcome(reason=reason, detail=detail)


def _snippet(body: bytes) -> str:
    """What an error answer was, never what it says: a fetched body is not ours to publish."""
    kind = "an HTML page" if body.lstrip()[:1] == b"<" else "a body"
    return f"{kind} of {len(body)} bytes" if body else "(empty body)"
