"""Scrapy's HttpCompressionMiddleware, refusing by name what it would stop or take in part.

Scrapy decompresses up to `DOWNLOAD_MAXSIZE` (per request: `meta["download_maxsize"]`) and
raises a plain `IgnoreRequest` beyond it; a gzip stream cut short it returns as far as it goes,
as if whole. Here the first raises `ResponseTooLarge` and the second `TruncatedResponse`, so
the spider's errback counts a failed page by name (`vinny/failed/page/ResponseTooLarge`,
`.../TruncatedResponse`). A gzip body is whole when its trailer's CRC-32 and length match what
was decoded (microseconds a page); when they do not (a stream of several members), a strict
decode decides. A body cut at the HTTP level (shorter than its Content-Length) already fails
as `ResponseDataLossError` (`DOWNLOAD_FAIL_ON_DATALOSS`).
Stats: `vinny/limits/too_large` (decompressed past the limit, or a download the HTTP handler
cancelled at `DOWNLOAD_MAXSIZE`), `vinny/limits/truncated`.
"""

from __future__ import annotations

import struct
import zlib

from scrapy import Request
from scrapy.downloadermiddlewares.httpcompression import HttpCompressionMiddleware
from scrapy.exceptions import DownloadCancelledError, IgnoreRequest
from scrapy.http import Response

_GZIP = (b"gzip", b"x-gzip")
_CHUNK = 64 * 1024


class ResponseTooLarge(IgnoreRequest):
    """The body decompresses past the download size limit."""


class TruncatedResponse(IgnoreRequest):
    """The compressed body ends before its stream does."""


def gzip_whole(body: bytes, decoded: bytes) -> bool:
    """Whether `decoded` is all of the gzip `body`: its trailer first, else a strict decode."""
    if len(body) >= 18:
        crc, size = struct.unpack("<II", body[-8:])
        if crc == zlib.crc32(decoded) and size == len(decoded) & 0xFFFFFFFF:
            return True
    return _every_member_ends(body)


def _every_member_ends(body: bytes) -> bool:
    rest = body
    while rest.strip(b"\0"):  # some servers pad the last member with NULs
        inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            output = inflater.decompress(rest, _CHUNK)
            while not inflater.eof and (output or inflater.unconsumed_tail):
                output = inflater.decompress(inflater.unconsumed_tail, _CHUNK)
        except zlib.error:
            return False
        if not inflater.eof:
            return False
        rest = inflater.unused_data
    return True


class BoundedHttpCompressionMiddleware(HttpCompressionMiddleware):
    # Without the `spider` argument Scrapy has deprecated (it no longer passes it).
    def process_response(  # type: ignore[override]
            self, request: Request, response: Response) -> Request | Response:
        encodings = [part.strip().lower() for value in response.headers.getlist("Content-Encoding")
                     for part in value.split(b",") if part.strip()]
        gzipped = (request.method != "HEAD" and len(encodings) == 1 and encodings[0] in _GZIP
                   and response.body[:2] == b"\x1f\x8b")
        try:
            decoded = super().process_response(request, response)
        except IgnoreRequest as exc:  # Scrapy's one refusal here: past the size limit
            self._count("too_large")
            raise ResponseTooLarge(str(exc)) from exc
        if gzipped and not gzip_whole(response.body, decoded.body):
            self._count("truncated")
            raise TruncatedResponse(f"the gzip stream of {response.url} is cut short")
        return decoded

    def process_exception(self, request: Request, exception: Exception) -> None:
        # Scrapy's HTTP handler cancels a download only when it passes DOWNLOAD_MAXSIZE.
        if isinstance(exception, DownloadCancelledError):
            self._count("too_large")

    def _count(self, what: str) -> None:
        if self.stats:
            self.stats.inc_value(f"vinny/limits/{what}")
