"""Replica mode: send every download to the local replica while Scrapy sees the real URL.

Rewriting at the download handler keeps robots.txt, offsite checks, download slots, the
HTTP cache and everything stored on the real URLs; only the socket goes to the replica.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.crawler import Crawler
from scrapy.http import Response


def replica_url(base: str, url: str) -> str:
    """`https://HOST/PATH?QUERY` -> `{base}/HOST/PATH?QUERY`."""
    _, _, rest = url.partition("://")
    return f"{base.rstrip('/')}/{rest}"


class ReplicaDownloadHandler(HTTP11DownloadHandler):
    """HTTP(S) downloads, redirected to `VINNY_REPLICA_URL` when that setting is set."""

    def __init__(self, crawler: Crawler):
        super().__init__(crawler)
        self.replica = crawler.settings.get("VINNY_REPLICA_URL") or ""

    async def download_request(self, request: Request) -> Response:
        if not self.replica or request.url.startswith(self.replica):
            return await super().download_request(request)
        rewritten = request.replace(url=replica_url(self.replica, request.url))
        response = await super().download_request(rewritten)
        return response.replace(url=request.url)
