"""Replica mode and pages that need a browser, at the download handler.

Rewriting at the download handler keeps robots.txt, offsite checks, download slots, the
HTTP cache and everything stored on the real URLs; only the socket goes to the replica
(`VINNY_REPLICA_URL`). Requests with `meta["playwright"]` are rendered by scrapy-playwright,
whose handler (and its Playwright driver) is created on the first such request only: a crawl
whose pages all carry their data never starts a browser or a driver.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response

if TYPE_CHECKING:
    from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler


def replica_url(base: str, url: str) -> str:
    """`https://HOST/PATH?QUERY` -> `{base}/HOST/PATH?QUERY`."""
    _, _, rest = url.partition("://")
    return f"{base.rstrip('/')}/{rest}"


class ReplicaDownloadHandler(HTTP11DownloadHandler):
    """HTTP(S) downloads, to the replica in replica mode; a browser for `meta["playwright"]`."""

    def __init__(self, crawler):
        super().__init__(crawler)
        self._browser: ScrapyPlaywrightDownloadHandler | None = None

    async def download_request(self, request: Request) -> Response:
        replica = self.crawler.settings.get("VINNY_REPLICA_URL") or ""
        target = request
        if replica and not request.url.startswith(replica):
            target = request.replace(url=replica_url(replica, request.url))
        if request.meta.get("playwright"):
            response = await (await self._browser_handler()).download_request(target)
        else:
            response = await super().download_request(target)
        return response if target is request else response.replace(url=request.url)

    async def _browser_handler(self) -> ScrapyPlaywrightDownloadHandler:
        if self._browser is None:
            # Imported here: Playwright costs ~0.8 s of start-up a crawl rarely needs.
            from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler

            self._browser = ScrapyPlaywrightDownloadHandler.from_crawler(self.crawler)
            # The handler starts Playwright on `engine_started`, long past when it is created
            # here: run that same start-up now.
            await self._browser._maybe_launch_in_thread()
        return self._browser

    async def close(self) -> None:
        if self._browser is not None:
            await self._browser.close()
        await super().close()
