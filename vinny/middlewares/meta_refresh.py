"""Scrapy's MetaRefreshMiddleware, without decoding pages that cannot hold a refresh tag.

Scrapy's middleware decodes every HTML page in full to read its first 4,096 characters
(~0.06 ms a page, as much as the rest of extraction's decoding saves). A `<meta
http-equiv="refresh">` spells "refresh" in ASCII, so a page in an ASCII-compatible encoding
whose first 16 KB (at least 4,096 characters in any such encoding) never say "refresh" in any
case has none, and is passed on untouched; every other page goes to Scrapy's middleware.
"""

from __future__ import annotations

import functools

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.http import HtmlResponse, Response

_HEAD_BYTES = 4 * 4096  # 4,096 characters of UTF-8 at most


@functools.cache
def _ascii_compatible(encoding: str) -> bool:
    try:
        return "refresh REFRESH".encode(encoding) == b"refresh REFRESH"
    except (LookupError, UnicodeError):
        return False


class BytesFirstMetaRefreshMiddleware(MetaRefreshMiddleware):
    # Without the `spider` argument Scrapy has deprecated (it no longer passes it).
    def process_response(  # type: ignore[override]
            self, request: Request, response: Response) -> Request | Response:
        if (isinstance(response, HtmlResponse) and _ascii_compatible(response.encoding)
                and b"refresh" not in response.body[:_HEAD_BYTES].lower()):
            return response
        return super().process_response(request, response)
