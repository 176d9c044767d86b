"""The base spider of a site family: sitemap index -> events sitemaps -> event pages.

Concrete spiders only declare where to start and which pure extractor reads the pages.
Every page that is skipped, fails or yields nothing is counted.

It lives in `vinny/spiders/` (as `SitemapSpider` lives in `scrapy.spiders`), not in the
top-level `spiders/`: spiders import vinny, never the reverse, and the tests import its
helpers (`wants_browser`, `utf8_body`); nothing imports from `spiders/`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy import Request, Spider
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.utils.sitemap import Sitemap
from twisted.python.failure import Failure

from vinny.browser import rendered
from vinny.extract import Skip
from vinny.paths import data_dir
from vinny.signals import page_failed
from vinny.store.pages import KnownPages

logger = logging.getLogger(__name__)

Extractor = Callable[[str, bytes], "dict[str, Any] | Skip"]


def wants_browser(result: dict[str, Any] | Skip) -> bool:
    """Whether a page of an event URL gave too little to be an event without running its
    scripts: an app shell, or no date, no name or no venue where an event should be."""
    if isinstance(result, Skip):
        return result.reason in ("needs_browser", "not_event")
    return not (result.get("event_date") and (result.get("event_name") or result.get("performers"))
                and (result.get("venue_slug") or result.get("venue_label")))


def utf8_body(response: TextResponse) -> bytes:
    """The page in UTF-8: its body as received when it is UTF-8 already (nothing decoded),
    else its text re-encoded."""
    return response.body if response.encoding == "utf-8" else response.text.encode("utf-8")


class SitemapEventSpider(Spider):
    sitemap_index_url: ClassVar[str]
    events_sitemap: ClassVar[re.Pattern[str]] = re.compile(r"/events-sitemap\d*\.xml$")
    # The path of a page that should be one event: one that reads as none goes to the browser.
    event_url: ClassVar[re.Pattern[str]] = re.compile(r"/event/[^/]+")
    extract: ClassVar[Extractor]
    # Whether the events sitemap's <lastmod> is the page's real modification time (TAO's is;
    # UrVenue's is always "now"), so that an unchanged page can be skipped.
    lastmod_is_reliable: ClassVar[bool] = False
    known_pages: KnownPages = KnownPages()

    async def start(self) -> AsyncIterator[Request]:
        if self.lastmod_is_reliable and self.settings.getbool("VINNY_SKIP_UNCHANGED"):
            self.known_pages = KnownPages(data_dir(self.settings) / "vinny.db", self.name)
        yield Request(
            self.sitemap_index_url, callback=self.parse_sitemap_index, errback=self.on_error
        )

    def _read_sitemap(self, response: Response, kind: str) -> Sitemap | None:
        self._count("vinny/sitemaps/fetched")
        body = response.body.strip()
        try:
            sitemap = Sitemap(body) if body else None
        except Exception:  # lxml raises several types on hopeless input
            sitemap = None
        if sitemap is None or sitemap.type != kind:
            self._fail(response.url, f"invalid_{kind}", "sitemap")
            return None
        if not body.endswith(b">") or f"</{kind}>".encode() not in body[-64:]:
            # lxml recovers what it can from a truncated file: keep it, but say so.
            self._fail(response.url, "truncated_sitemap", "sitemap")
        return sitemap

    def parse_sitemap_index(self, response: Response) -> Iterator[Request]:
        index = self._read_sitemap(response, "sitemapindex")
        for entry in index or ():
            loc = entry.get("loc", "")
            if self.events_sitemap.search(urlsplit(loc).path):
                yield Request(loc, callback=self.parse_events_sitemap, errback=self.on_error)
            else:
                self._count("vinny/sitemaps/ignored")

    def parse_events_sitemap(self, response: Response) -> Iterator[Request]:
        sitemap = self._read_sitemap(response, "urlset")
        if sitemap is None:
            return
        urls = 0
        # Every URL of an events sitemap is fetched: the extractor, not the URL's shape,
        # decides what is an event, so a new URL scheme never silently loses events.
        for entry in sitemap:
            loc = entry.get("loc", "")
            if not loc:
                continue
            urls += 1
            stored = self._unchanged_event(loc, entry.get("lastmod"))
            if stored is not None:
                yield stored
                continue
            yield Request(
                loc,
                callback=self.parse_event,
                errback=self.on_error,
                cb_kwargs={"lastmod": entry.get("lastmod")},
            )
        self._count("vinny/sitemaps/event_urls", urls)
        if urls == 0:
            self._fail(response.url, "empty_sitemap", "sitemap")

    def _unchanged_event(self, url: str, lastmod: str | None) -> dict | None:
        """The stored event of a page unchanged since it was last read, as a fresh item."""
        event_id = self.known_pages.unchanged(url, lastmod)
        doc = self.known_pages.stored_event(event_id) if event_id else None
        if doc is None:
            return None
        self._count("vinny/pages/unchanged")
        self._count("vinny/events/extracted")
        return {**doc, "scraped_at": datetime.now(UTC), "page_lastmod": lastmod}

    def closed(self, reason: str) -> None:
        self.known_pages.close()

    def parse_event(
        self, response: Response, lastmod: str | None = None
    ) -> Iterator[dict | Request]:
        self._count("vinny/pages/seen")
        if not isinstance(response, TextResponse):
            self._fail(response.url, "not_html", "extract")
            return
        try:
            result = type(self).extract(response.url, utf8_body(response))
        except Exception as exc:
            logger.exception("extractor failed on %s", response.url)
            self._fail(response.url, f"extractor_error: {type(exc).__name__}", "extract")
            return
        if wants_browser(result) and self.event_url.search(urlsplit(response.url).path):
            if not response.meta.get("playwright"):
                # Before an event URL is given up, the browser runs the page's scripts.
                self._count("vinny/browser/requests")
                timeout = self.settings.getint("VINNY_BROWSER_TIMEOUT_MS")
                yield rendered(response.request, timeout)
                return
            if isinstance(result, Skip) and result.reason == "needs_browser":
                self._fail(response.url, "not_rendered", "extract")
                return
        if isinstance(result, Skip):
            self._count(f"vinny/skipped/{result.reason}")
            logger.debug("skipped %s: %s %s", response.url, result.reason, result.detail)
            return
        self._count("vinny/events/extracted")
        result.update(spider=self.name, scraped_at=datetime.now(UTC), page_lastmod=lastmod)
        yield result

    def on_error(self, failure: Failure) -> None:
        request = failure.request  # type: ignore[attr-defined]
        if failure.check(HttpError):
            reason = f"http_{failure.value.response.status}"
        else:
            reason = type(failure.value).__name__
        stage = "page" if request.callback == self.parse_event else "sitemap"
        self._fail(request.url, reason, stage)

    def _count(self, key: str, count: int = 1) -> None:
        self.crawler.stats.inc_value(key, count)

    def _fail(self, url: str, reason: str, stage: str) -> None:
        self._count(f"vinny/failed/{stage}/{reason}")
        logger.warning("%s %s: %s", stage, url, reason)
        self.crawler.signals.send_catch_log(page_failed, url=url, reason=reason, stage=stage)
