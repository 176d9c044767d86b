"""A run's raw pages: WARC/1.1 `response` records, one zstd stream (`pages.warc.zst`).

WARC is the web archives' own format: decompressed (`zstdcat pages.warc.zst`), any WARC
reader (warcio, pywb) reads it. Each record holds the body's bytes as received, so a page in
any encoding is kept exactly, at the cost of no re-encoding (JSON-escaping a page's text cost
as much as compressing it). One stream, not one frame per record: pages share most of their
bytes, so a long window compresses about 100 times. Bodies are after Scrapy's decompression,
so `Content-Encoding` and the transfer headers are left out and `Content-Length` is the
body's. Responses that are not text (images) keep their status and headers only, marked
`WARC-Truncated: length`.
"""

from __future__ import annotations

import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from http import HTTPStatus
from pathlib import Path
from typing import BinaryIO

import zstandard
from scrapy.http import Response, TextResponse

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


class PageWriter:
    """Appends responses to a zstd-compressed WARC file. (In a thread of its own, compressing
    saved the crawl nothing: handing each page over costs as much, under the GIL.)"""

    def __init__(self, path: Path):
        self.file = open_published(path, "wb")
        self.stream = zstandard.ZstdCompressor(level=3).stream_writer(self.file)

    def write(self, response: Response) -> None:
        text = isinstance(response, TextResponse)
        body = response.body if text else b""
        http = b"".join((_status_line(response.status),
                         *(name + b": " + value + b"\r\n"
                           for name, values in response.headers.items()
                           if name.lower() not in _WIRE_HEADERS for value in values),
                         b"Content-Length: %d\r\n\r\n" % len(body)))
        warc = (
            "WARC/1.1\r\nWARC-Type: response\r\n"
            f"WARC-Record-ID: <urn:uuid:{uuid.uuid4()}>\r\n"
            f"WARC-Date: {datetime.now(UTC).strftime('%Y-%m-%dT%H:%M:%SZ')}\r\n"
            f"WARC-Target-URI: {response.url}\r\n"
            + ("" if text else "WARC-Truncated: length\r\n")
            + "Content-Type: application/http;msgtype=response\r\n"
            f"Content-Length: {len(http) + len(body)}\r\n\r\n"
        ).encode()
        self.stream.write(b"".join((warc, http, body, b"\r\n\r\n")))

    def close(self) -> None:
        self.stream.close()


def _status_line(status: int) -> bytes:
    try:
        reason = HTTPStatus(status).phrase
    except ValueError:
        reason = ""
    return f"HTTP/1.1 {status} {reason}\r\n".encode()


def read_pages(path: Path) -> Iterator[ArchivedPage]:
    """The pages of a `pages.warc.zst`, in the order they were received."""
    with io.BufferedReader(zstandard.open(path, "rb")) as stream:
        while (record := _read_record(stream)) is not None:
            yield record


def _read_record(stream: BinaryIO) -> ArchivedPage | None:
    line = stream.readline()
    if not line:
        return None
    warc = _read_headers(stream)
    block = stream.read(int(warc["content-length"]))
    stream.read(4)  # the record's closing CRLF CRLF
    head, _, body = block.partition(b"\r\n\r\n")
    status_line, *header_lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in header_lines)
    return ArchivedPage(warc["warc-target-uri"], int(status_line.split()[1]), headers, body,
                        "warc-truncated" in warc)


def _read_headers(stream: BinaryIO) -> dict[str, str]:
    headers = {}
    while (line := stream.readline().rstrip(b"\r\n")):
        name, _, value = line.decode("utf-8").partition(":")
        headers[name.strip().lower()] = value.strip()
    return headers
