"""Replica mode and pages that need a browser, at the download handler.

Rewriting at the download handler keeps robots.txt, offsite checks, download slots, the
HTTP cache and everything stored on the real URLs; only the socket goes to the replica
(`VINNY_REPLICA_URL`). Requests with `meta["playwright"]` are rendered by scrapy-playwright,
whose handler (and its Playwright driver) is created on the first such request only: a crawl
whose pages all carry their data never starts a browser or a driver.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response

if TYPE_CHECKING:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler


def replica_url(base: str, url: str) -> str:
    """`https://HOST/PATH?QUERY` -> `{base}/HOST/PATH?QUERY`."""
    _, _, rest = url.partition("://")
    return f"{base.rstrip('/')}/{rest}"


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    default = {"http": 80, "https": 443}.get(parts.scheme)
    try:
        port = parts.port or default
    except ValueError:  # a port that is not a number
        port = None
    return parts.scheme, (parts.hostname or ""), port


def at_replica(base: str, url: str) -> bool:
    """Whether `url` is already on the replica: same scheme, host and port, under its path."""
    if _origin(base) != _origin(url):
        return False
    prefix = urlsplit(base).path.rstrip("/")
    path = urlsplit(url).path
    return not prefix or path == prefix or path.startswith(prefix + "/")


class ReplicaDownloadHandler(HTTP11DownloadHandler):
    """HTTP(S) downloads, to the replica in replica mode; a browser for `meta["playwright"]`."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self._browser: asyncio.Future[ScrapyPlaywrightDownloadHandler] | None = None

    async def download_request(self, request: Request) -> Response:
        replica = self.crawler.settings.get("VINNY_REPLICA_URL") or ""
        target = request
        if replica and not at_replica(replica, request.url):
            target = request.replace(url=replica_url(replica, request.url))
        response: Response
        if request.meta.get("playwright"):
            # scrapy-playwright ships no types; its handler answers a Scrapy Response.
            response = await (await self._browser_handler()).download_request(target)
        else:
            response = await super().download_request(target)
        return response if target is request else response.replace(url=request.url)

    async def _browser_handler(self) -> ScrapyPlaywrightDownloadHandler:
        if self._browser is None:
            # One start-up shared by every page that arrives while the browser starts.
            self._browser = asyncio.ensure_future(self._start_browser())
        return await self._browser

    async def _start_browser(self) -> ScrapyPlaywrightDownloadHandler:
        # Imported here: Playwright costs ~0.8 s of start-up a crawl rarely needs.
        from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

        handler = ScrapyPlaywrightDownloadHandler.from_crawler(self.crawler)
        # The handler starts Playwright on `engine_started`, long past when it is created
        # here: run that same start-up now.
        await handler._maybe_launch_in_thread()
        return handler

    async def close(self) -> None:
        if self._browser is not None:
            await (await self._browser).close()
        await super().close()
