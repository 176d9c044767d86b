"""A run's raw pages: WARC/1.1 `response` records, one zstd stream (`pages.warc.zst`).

WARC is the web archives' own format: decompressed (`zstdcat pages.warc.zst`), any WARC
reader (warcio, pywb) reads it. Each record holds the body's bytes as received, so a page in
any encoding is kept exactly, at the cost of no re-encoding (JSON-escaping a page's text cost
as much as compressing it). One stream, not one frame per record: pages share most of their
bytes, so a long window compresses about 100 times. Bodies are after Scrapy's decompression,
so `Content-Encoding` and the transfer headers are left out and `Content-Length` is the
body's (a non-ASCII header value is percent-encoded, as warcio does per the RFCs). Responses
that are not text (images) keep their status and headers only, marked `WARC-Truncated: length`.
Each record carries the SHA-1 of its payload (`WARC-Payload-Digest`, the one indexes and
deduplication read) and no `WARC-Block-Digest` (optional in WARC/1.1): a second digest, of the
HTTP headers and the body again, cost more than compressing the page.
warcio writes and reads the records; this module only frames them in one zstd stream.
"""

from __future__ import annotations

import base64
import hashlib
import io
from collections.abc import Iterator
from dataclasses import dataclass
from http import HTTPStatus
from pathlib import Path

import zstandard
from scrapy.http import Response, TextResponse
from warcio.archiveiterator import ArchiveIterator
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from vinny.files import open_published

# What describes the bytes on the wire, not the body stored here.
_WIRE_HEADERS = frozenset({b"content-encoding", b"content-length", b"transfer-encoding"})


@dataclass(frozen=True)
class ArchivedPage:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    truncated: bool = False


class _PayloadDigestWriter(WARCWriter):  # type: ignore[misc]  # warcio ships no types
    """warcio's writer without the block digest it adds to every record (a second pass of
    SHA-1 over each body)."""

    def ensure_digest(self, record: object, block: bool = True, payload: bool = True) -> None:
        super().ensure_digest(record, block=False, payload=payload)


class PageWriter:
    """Appends responses to a zstd-compressed WARC file, through warcio's `WARCWriter` (which
    adds the record ids and dates; the payload digest is computed here, in one pass over the
    body). (In a thread of its own, compressing saved the crawl nothing: handing each page
    over costs as much, under the GIL.)"""

    def __init__(self, path: Path):
        self.file = open_published(path, "wb")
        self.stream = zstandard.ZstdCompressor(level=3).stream_writer(self.file)
        # gzip off: the zstd stream around all records compresses them instead. warcio flushes
        # after each record, so a run killed mid-way still leaves every page before it readable.
        self.writer = _PayloadDigestWriter(self.stream, gzip=False, warc_version="1.1")

    def write(self, response: Response) -> None:
        text = isinstance(response, TextResponse)
        body = response.body if text else b""
        headers = [(name.decode("latin-1"), value.decode("latin-1"))
                   for name, values in response.headers.items()
                   if name.lower() not in _WIRE_HEADERS for value in values]
        headers.append(("Content-Length", str(len(body))))
        http = StatusAndHeaders(_status_line(response.status), headers, protocol="HTTP/1.1")
        warc_headers = {"WARC-Payload-Digest": _payload_digest(body)}
        if not text:
            warc_headers["WARC-Truncated"] = "length"
        record = self.writer.create_warc_record(
            response.url, "response", payload=io.BytesIO(body), length=len(body),
            http_headers=http, warc_headers_dict=warc_headers)
        self.writer.write_record(record)

    def close(self) -> None:
        self.stream.close()  # type: ignore[no-untyped-call]  # zstandard's stub leaves it bare


def _payload_digest(body: bytes) -> str:
    """`WARC-Payload-Digest` of `body`, as warcio writes and checks it (`sha1:` base32)."""
    return "sha1:" + base64.b32encode(hashlib.sha1(body).digest()).decode("ascii")


def _status_line(status: int) -> str:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    return f"{status} {reason}".rstrip()


def read_pages(path: Path) -> Iterator[ArchivedPage]:
    """The pages of a `pages.warc.zst`, in the order they were received."""
    with zstandard.open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response":
                continue
            http = record.http_headers
            yield ArchivedPage(record.rec_headers.get_header("WARC-Target-URI"),
                               int(http.get_statuscode()), dict(http.headers),
                               record.raw_stream.read(),
                               record.rec_headers.get_header("WARC-Truncated") is not None)
