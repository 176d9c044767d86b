"""The base spider of a site family: sitemap index -> events sitemaps -> event pages.

Concrete spiders only declare where to start (`sitemap_urls`) and which pure extractor reads
the pages. Scrapy's `SitemapSpider` reads the sitemaps (gzip, size limits, robots.txt
sitemaps, `sitemap_follow`, `sitemap_rules`); `sitemap_filter` counts the event URLs and
keeps back the pages unchanged since the last run (by `<lastmod>`, where it is reliable),
whose stored event is yielded instead of a request. Hand-made, because Scrapy 2.19 has no
hook for it: the errback and `lastmod` given to the requests SitemapSpider builds, and the
count of sitemaps it ignores as invalid (it only logs them).
Stats: `vinny/sitemaps/{fetched,ignored,event_urls}`, `vinny/pages/{seen,unchanged}`,
`vinny/events/extracted`, `vinny/skipped/<reason>`, `vinny/browser/requests`,
`vinny/failed/<sitemap|page|extract>/<reason>` (each failure also sent as `page_failed`).
Every page that is skipped, fails or yields nothing is counted.

It lives in `vinny/spiders/` (as `SitemapSpider` lives in `scrapy.spiders`), not in the
top-level `spiders/`: spiders import vinny, never the reverse, and the tests import its
helpers (`wants_browser`, `utf8_body`); nothing imports from `spiders/`.
"""

from __future__ import annotations

import logging
import re
from collections.abc import AsyncIterator, Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import Response, TextResponse
from scrapy.spidermiddlewares.httperror import HttpError
from scrapy.spiders import SitemapSpider
from scrapy.spiders.sitemap import regex
from scrapy.utils.gz import gunzip, gzip_magic_number
from twisted.python.failure import Failure
from w3lib.url import safe_url_string

from vinny.browser import rendered
from vinny.database.pages import KnownPages
from vinny.extract import Skip
from vinny.paths import data_dir
from vinny.signals import page_failed

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


def _xml_tail(response: Response, max_size: int, size: int = 64) -> bytes:
    """The last bytes of a sitemap's XML, decompressed (up to `max_size`) when it came gzipped."""
    body = response.body
    if gzip_magic_number(response):
        try:
            body = gunzip(body, max_size=response.meta.get("download_maxsize", max_size))
        except Exception:  # a gzip stream too broken to read has no proper end either
            return b""
    return body.rstrip()[-size:]


@dataclass
class _Reading:
    """What `sitemap_filter` learnt of the sitemap being read: its kind, its event URLs'
    lastmods, and the stored events of its unchanged pages."""

    kind: str | None = None
    lastmods: dict[str, str | None] = field(default_factory=dict)  # by <loc> as written
    stored: list[dict[str, Any]] = field(default_factory=list)
    _normalised: dict[str, str | None] | None = None

    def lastmod(self, url: str) -> str | None:
        """The lastmod of the entry a request's URL (its <loc>, normalised) came from."""
        if url in self.lastmods:
            return self.lastmods[url]
        if self._normalised is None:  # only a <loc> that normalising changed comes here
            self._normalised = {safe_url_string(loc): lastmod
                                for loc, lastmod in self.lastmods.items()}
        return self._normalised.get(url)


class SitemapEventSpider(SitemapSpider):
    """Scrapy's `SitemapSpider` (gzip sitemaps, size limits, robots.txt sitemaps) following
    the events sitemaps of `sitemap_urls` and fetching every URL they list, with each sitemap,
    page and failure counted, and the stored event of an unchanged page reused."""

    sitemap_follow: Sequence[re.Pattern[str] | str] = (
        re.compile(r"/events-sitemap\d*\.xml(\.gz)?$"),)
    # Every URL of an events sitemap is fetched: the extractor, not the URL's shape,
    # decides what is an event, so a new URL scheme never silently loses events.
    sitemap_rules: Sequence[tuple[re.Pattern[str] | str, str]] = (("", "parse_event"),)
    # The path of a page that should be one event: one that reads as none goes to the browser.
    event_url: ClassVar[re.Pattern[str]] = re.compile(r"/event/[^/]+")
    extract: ClassVar[Extractor]
    # Whether the events sitemap's <lastmod> is the page's real modification time (TAO's is;
    # UrVenue's is always "now"), so that an unchanged page can be skipped.
    lastmod_is_reliable: ClassVar[bool] = False
    known_pages: KnownPages = KnownPages()
    # Set only while SitemapSpider reads a sitemap: its `sitemap_filter` has no other way out.
    _reading: _Reading | None = None

    async def start(self) -> AsyncIterator[Request]:
        if self.lastmod_is_reliable and self.settings.getbool("VINNY_SKIP_UNCHANGED"):
            self.known_pages = KnownPages(data_dir(self.settings) / "vinny.db", self.name)
        for url in self.sitemap_urls:
            yield Request(url, callback=self.parse_sitemap, errback=self.on_error)

    def parse_sitemap(self, response: Response) -> Iterator[dict[str, Any] | Request]:
        """SitemapSpider's reading of one sitemap (or robots.txt), counted, with its requests
        given the errback and lastmod, and the stored events of unchanged pages."""
        robots = response.url.endswith("/robots.txt")
        if not robots:
            self._count("vinny/sitemaps/fetched")
        self._reading = reading = _Reading()
        try:
            # SitemapSpider's own callback, called, not overridden: Scrapy 2.19 builds its
            # Requests with no errback, no cb_kwargs and no hook (scrapy PR #8175 adds one).
            requests = list(self._parse_sitemap(response))
        except Exception:  # lxml raises several types on hopeless input
            requests = []
        finally:
            self._reading = None
        if not robots and self._counted_invalid(response, reading):
            return
        # The requests are new and ours: set on them, not copied (a copy normalises the URL
        # and copies headers and meta again, per page).
        for request in requests:
            request.errback = self.on_error
            if request.callback == self.parse_event:
                request.cb_kwargs["lastmod"] = reading.lastmod(request.url)
            else:  # a sitemap listed by an index or by robots.txt
                request.callback = self.parse_sitemap
            yield request
        yield from reading.stored

    def sitemap_filter(self, entries: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Every entry, counted, but for the pages unchanged since they were read (their stored
        event is kept for `parse_sitemap` to yield instead of a request)."""
        reading = self._reading or _Reading()
        # SitemapSpider passes the `Sitemap` itself: its type tells an index from a urlset.
        reading.kind = getattr(entries, "type", None)
        for entry in entries:
            loc = entry.get("loc", "")
            if reading.kind == "sitemapindex":
                if not any(regex(rule).search(loc) for rule in self.sitemap_follow):
                    self._count("vinny/sitemaps/ignored")
                yield entry
                continue
            if not loc:
                continue
            self._count("vinny/sitemaps/event_urls")
            stored = self._unchanged_event(loc, entry.get("lastmod"))
            if stored is not None:
                reading.stored.append(stored)
                continue
            reading.lastmods[loc] = entry.get("lastmod")
            yield entry

    def _counted_invalid(self, response: Response, reading: _Reading) -> bool:
        """Whether the sitemap is unreadable (counted); a truncated or empty one is counted too."""
        if reading.kind not in ("sitemapindex", "urlset"):
            self._fail(response.url, "invalid_sitemap", "sitemap")
            return True
        tail = _xml_tail(response, self.settings.getint("DOWNLOAD_MAXSIZE"))
        if not tail.endswith(b">") or f"</{reading.kind}>".encode() not in tail:
            # lxml recovers what it can from a truncated file: keep it, but say so.
            self._fail(response.url, "truncated_sitemap", "sitemap")
        if reading.kind == "urlset" and not reading.lastmods and not reading.stored:
            self._fail(response.url, "empty_sitemap", "sitemap")
        return False

    def _unchanged_event(self, url: str, lastmod: str | None) -> dict[str, Any] | None:
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
    ) -> Iterator[dict[str, Any] | Request]:
        self._count("vinny/pages/seen")
        if not isinstance(response, TextResponse):
            self._fail(response.url, "not_html", "extract")
            return
        try:
            result = type(self).extract(response.url, utf8_body(response))
        except Exception as exc:
            self.logger.exception("extractor failed on %s", response.url)
            self._fail(response.url, f"extractor_error: {type(exc).__name__}", "extract")
            return
        if wants_browser(result) and self.event_url.search(urlsplit(response.url).path):
            if not response.meta.get("playwright"):
                # Before an event URL is given up, the browser runs the page's scripts.
                self._count("vinny/browser/requests")
                timeout = self.settings.getint("VINNY_BROWSER_TIMEOUT_MS")
                assert response.request is not None  # a callback's response has its request
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
        request = failure.request  # type: ignore[attr-defined]  # Scrapy sets it for errbacks
        if isinstance(failure.value, HttpError):
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
