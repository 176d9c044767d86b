"""The run's page archive: WARC records any reader reads back as received, digests that hold."""

from __future__ import annotations

import base64
import hashlib
import io

import pytest
import zstandard
from scrapy.http import HtmlResponse, Response, TextResponse
from warcio.archiveiterator import ArchiveIterator

from vinny.extensions.pages_warc import PageWriter, read_pages

CP1252 = "<p>Café – Zoé</p>".encode("cp1252")


def _responses() -> list[Response]:
    return [
        HtmlResponse("https://www.wynnsocial.com/event/EVE1/a/", body=b"<h1>Kaskade</h1>" * 500,
                     headers={"Content-Type": "text/html; charset=utf-8", "Set-Cookie":
                              ["a=1", "b=2"], "Content-Encoding": "gzip"}),
        HtmlResponse("https://www.wynnsocial.com/event/EVE2/b/", body=CP1252,
                     headers={"Content-Type": "text/html; charset=windows-1252"}),
        TextResponse("https://taogroup.com/missing/", body=b"gone", status=404, encoding="utf-8"),
        Response("https://taogroup.com/a.jpg", body=b"\xff\xd8\xff" * 100,
                 headers={"Content-Type": "image/jpeg"}),
    ]


@pytest.fixture
def archive(tmp_path):
    path = tmp_path / "pages.warc.zst"
    writer = PageWriter(path)
    for response in _responses():
        writer.write(response)
    writer.close()
    return path


def _records(data: bytes) -> list:
    stream = io.BytesIO(data)
    return [(record.rec_headers, record.content_stream().read())
            for record in ArchiveIterator(stream, check_digests="raise")]


def test_pages_read_back_as_received(archive):
    pages = list(read_pages(archive))
    assert [(p.url, p.status, p.truncated) for p in pages] == [
        ("https://www.wynnsocial.com/event/EVE1/a/", 200, False),
        ("https://www.wynnsocial.com/event/EVE2/b/", 200, False),
        ("https://taogroup.com/missing/", 404, False),
        ("https://taogroup.com/a.jpg", 200, True)]
    assert [p.body for p in pages] == [b"<h1>Kaskade</h1>" * 500, CP1252, b"gone", b""]
    assert pages[0].headers["Content-Length"] == str(500 * len(b"<h1>Kaskade</h1>"))
    assert "Content-Encoding" not in pages[0].headers


def test_every_record_carries_the_sha1_of_its_payload(archive):
    records = _records(zstandard.ZstdDecompressor().decompressobj().decompress(
        archive.read_bytes()))
    assert len(records) == 4
    for headers, payload in records:
        expected = base64.b32encode(hashlib.sha1(payload).digest()).decode()
        assert headers.get_header("WARC-Payload-Digest") == f"sha1:{expected}"


def test_a_killed_run_leaves_every_page_written_so_far_readable(tmp_path):
    path = tmp_path / "pages.warc.zst"
    writer = PageWriter(path)
    for response in _responses()[:2]:
        writer.write(response)
    # Never closed: the zstd frame has no end, as when the crawl is killed.
    written = zstandard.ZstdDecompressor().decompressobj().decompress(path.read_bytes())
    assert [h.get_header("WARC-Target-URI") for h, _ in _records(written)] == [
        "https://www.wynnsocial.com/event/EVE1/a/", "https://www.wynnsocial.com/event/EVE2/b/"]
    writer.close()
