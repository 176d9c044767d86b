"""Replica mode: send every download to the local replica while Scrapy sees the real URL.

Rewriting at the download handler keeps robots.txt, offsite checks, download slots, the
HTTP cache and everything stored on the real URLs; only the socket goes to the replica.
`BrowserDownloadHandler` does the same for scrapy-playwright, whose browser then opens the
replica's copy of the page.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import Response
from scrapy_playwright.handler import ScrapyPlaywrightDownloadHandler


def replica_url(base: str, url: str) -> str:
    """`https://HOST/PATH?QUERY` -> `{base}/HOST/PATH?QUERY`."""
    _, _, rest = url.partition("://")
    return f"{base.rstrip('/')}/{rest}"


class _ToReplica:
    """Rewrites the URL a handler fetches when `VINNY_REPLICA_URL` is set."""

    async def download_request(self, request: Request) -> Response:
        replica = self.crawler.settings.get("VINNY_REPLICA_URL") or ""
        if not replica or request.url.startswith(replica):
            return await super().download_request(request)
        rewritten = request.replace(url=replica_url(replica, request.url))
        response = await super().download_request(rewritten)
        return response.replace(url=request.url)


class ReplicaDownloadHandler(_ToReplica, HTTP11DownloadHandler):
    """HTTP(S) downloads, redirected to the replica in replica mode."""


class BrowserDownloadHandler(_ToReplica, ScrapyPlaywrightDownloadHandler):
    """As above, and requests with `meta["playwright"]` rendered by Debian's chromium."""
