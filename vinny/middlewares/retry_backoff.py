"""Scrapy's RetryMiddleware, waiting before each retry: exponential backoff, or `Retry-After`."""

from __future__ import annotations

import asyncio
import random

from scrapy import Request
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.http import Response

from vinny.timeutil import retry_after_seconds


class BackoffRetryMiddleware(RetryMiddleware):
    """Retries as Scrapy does, after `VINNY_RETRY_BACKOFF_BASE * 2**n` seconds (jittered,
    capped by `VINNY_RETRY_BACKOFF_MAX`), or after the server's `Retry-After` within that cap.
    Stats: `vinny/retry/backoff_seconds`."""

    # Both overrides are coroutines (Scrapy awaits them) without the deprecated `spider` argument.
    async def process_response(  # type: ignore[override]
            self, request: Request, response: Response) -> Request | Response:
        result = super().process_response(request, response)
        if isinstance(result, Request):
            await self._wait(result, response.headers.get(b"Retry-After"))
        return result

    async def process_exception(  # type: ignore[override]
            self, request: Request, exception: Exception) -> Request | Response | None:
        result = super().process_exception(request, exception)
        if isinstance(result, Request):
            await self._wait(result, None)
        return result

    async def _wait(self, retry: Request, retry_after: bytes | None) -> None:
        settings = self.crawler.settings
        cap = settings.getfloat("VINNY_RETRY_BACKOFF_MAX")
        attempt = retry.meta.get("retry_times", 1)
        delay = settings.getfloat("VINNY_RETRY_BACKOFF_BASE") * 2 ** (attempt - 1)
        delay *= random.uniform(0.75, 1.25)
        if (asked := retry_after_seconds(retry_after)) is not None:
            delay = max(delay, asked)
        delay = min(delay, cap)
        self.crawler.stats.inc_value("vinny/retry/backoff_seconds", round(delay, 2))
        await asyncio.sleep(delay)
