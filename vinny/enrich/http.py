"""Requests to a source with its rate limits honoured: a 429's `Retry-After` is waited out
up to a bound, then the artist is deferred; a 5xx or a dropped connection is tried once more.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from vinny.enrich.types import (
    HttpRequest,
    HttpResponse,
    RateLimited,
    Send,
    SourceBlocked,
    SourceFailed,
)
from vinny.timeutil import retry_after_seconds

# A 429 without `Retry-After` is waited this long before the one more try.
DEFAULT_RETRY_AFTER = 2.0
TRANSIENT_BACKOFF = 1.0
QUOTA_MARK = b"QUOTA_EXCEEDED"

Sleep = Callable[[float], Awaitable[None]]
__all__ = ["retry_after_seconds"]  # one parser of `Retry-After` for every retry (timeutil)


def is_quota_exceeded(status: int, body: bytes) -> bool:
    return status == 429 and QUOTA_MARK in body


class Transport:
    """One source's way out: `fetch` returns any non-429 answer, or raises."""

    def __init__(self, send: Send, *, max_wait: float, attempts: int = 3,
                 sleep: Sleep = asyncio.sleep, on_request: Callable[[], None] | None = None):
        self.send = send
        self.max_wait = max_wait
        self.attempts = attempts
        self.sleep = sleep
        self.on_request = on_request or (lambda: None)

    async def fetch(self, request: HttpRequest) -> HttpResponse:
        transient_left = 1
        for _ in range(self.attempts):
            self.on_request()
            try:
                response = await self.send(request)
            except SourceFailed:
                if not transient_left:
                    raise
                transient_left -= 1
                await self.sleep(TRANSIENT_BACKOFF)
                continue
            if response.status >= 500 and transient_left and not _challenge(response):
                transient_left -= 1
                await self.sleep(TRANSIENT_BACKOFF)
                continue
            if response.status != 429:
                return response
            if is_quota_exceeded(response.status, response.body):
                raise SourceBlocked("QUOTA_EXCEEDED")
            wait = retry_after_seconds(response.headers.get("retry-after"))
            if wait is None:
                wait = DEFAULT_RETRY_AFTER
            if wait > self.max_wait:
                raise RateLimited(wait)
            await self.sleep(wait)
        raise RateLimited(None)


def _challenge(response: HttpResponse) -> bool:
    """Cloudflare's challenge page (a 503 on some sites): retrying will not help."""
    return b"cf-chl" in response.body[:20000] or b"Just a moment" in response.body[:2000]
