"""Pages that need a browser: what to ask scrapy-playwright for, and what it may skip."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from scrapy import Request
from scrapy_playwright.page import PageMethod

if TYPE_CHECKING:  # a crawl that renders no page never loads Playwright
    from playwright.async_api import Request as PlaywrightRequest

_HEAVY = frozenset({"image", "font", "media", "stylesheet"})


def abort_heavy_requests(request: PlaywrightRequest) -> bool:
    """scrapy-playwright's PLAYWRIGHT_ABORT_REQUEST: the text is all we read, and a page's
    scripts fetch nothing but from the page's own origin (a page must not make the browser
    reach an internal service or another host: the outbound guard never sees its requests)."""
    if request.resource_type in _HEAVY:
        return True
    if request.is_navigation_request():
        return False  # the page vinny asked for (already through the outbound guard)
    try:
        page = request.frame.url
    except Exception:  # a worker's request has no frame: nothing of the page's own
        return True
    return _origin(request.url) != _origin(page)


def _origin(url: str) -> tuple[str, str]:
    parts = urlsplit(url)
    return parts.scheme.lower(), parts.netloc.lower()


def rendered(request: Request, timeout_ms: int = 15_000) -> Request:
    """The same request, to be rendered by the browser before the callback sees it."""
    return request.replace(
        dont_filter=True,
        meta={**request.meta, "playwright": True, "playwright_page_methods": [
            # No marker is assumed: the page is read once its scripts have stopped fetching.
            PageMethod("wait_for_load_state", "networkidle", timeout=timeout_ms)]},
    )
