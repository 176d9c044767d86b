"""Pages that need a browser: what to ask scrapy-playwright for, and what it may skip."""

from __future__ import annotations

from scrapy import Request
from scrapy_playwright.page import PageMethod

_HEAVY = frozenset({"image", "font", "media", "stylesheet"})


def abort_heavy_requests(request) -> bool:
    """scrapy-playwright's PLAYWRIGHT_ABORT_REQUEST: the text is all we read."""
    return request.resource_type in _HEAVY


def rendered(request: Request, timeout_ms: int = 15_000) -> Request:
    """The same request, to be rendered by the browser before the callback sees it."""
    return request.replace(
        dont_filter=True,
        meta={**request.meta, "playwright": True, "playwright_page_methods": [
            # No marker is assumed: the page is read once its scripts have stopped fetching.
            PageMethod("wait_for_load_state", "networkidle", timeout=timeout_ms)]},
    )
