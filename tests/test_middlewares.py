"""Replica mode, retry backoff and meta refresh, through Scrapy's own download machinery."""

import asyncio
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest
from scrapy import Request
from scrapy.core.downloader.handlers.http11 import HTTP11DownloadHandler
from scrapy.http import HtmlResponse, Response

from spiders.liv import LivSpider
from tests.crawlers import project_crawler
from vinny.middlewares.meta_refresh import BytesFirstMetaRefreshMiddleware
from vinny.middlewares.replica import ReplicaDownloadHandler, replica_url
from vinny.middlewares.retry_backoff import BackoffRetryMiddleware
from vinny.timeutil import retry_after_seconds


def test_replica_url_keeps_host_path_and_query():
    url = "https://www.livnightclub.com/wp-admin/admin-ajax.php?action=uvpx&eventcode=EVE1"
    assert replica_url("http://127.0.0.1:8765/", url) == (
        "http://127.0.0.1:8765/www.livnightclub.com/wp-admin/admin-ajax.php?action=uvpx&eventcode=EVE1")


def test_replica_url_for_plain_http():
    assert replica_url("http://127.0.0.1:1", "http://taogroup.com/a/") == (
        "http://127.0.0.1:1/taogroup.com/a/")


def _socket_url(replica: str, url: str, monkeypatch) -> str:
    """The URL the replica handler hands to Scrapy's HTTP handler for `url`."""
    sent = []

    async def fake_download(self, request):
        sent.append(request.url)
        return Response(request.url, request=request)

    monkeypatch.setattr(HTTP11DownloadHandler, "download_request", fake_download)
    handler = ReplicaDownloadHandler.__new__(ReplicaDownloadHandler)
    crawler = project_crawler(LivSpider, {"VINNY_REPLICA_URL": replica})
    handler.crawler, handler._browser = crawler, None
    asyncio.run(handler.download_request(Request(url)))
    return sent[0]


def test_url_on_another_port_sharing_the_replica_prefix_goes_through_the_replica(monkeypatch):
    url = "http://127.0.0.1:8012/secret"
    assert _socket_url("http://127.0.0.1:801", url, monkeypatch) == (
        "http://127.0.0.1:801/127.0.0.1:8012/secret")


def test_url_already_on_the_replica_is_sent_as_it_is(monkeypatch):
    url = "http://127.0.0.1:801/taogroup.com/a/"
    assert _socket_url("http://127.0.0.1:801/", url, monkeypatch) == url


@pytest.fixture
def retry_mw():
    crawler = project_crawler(LivSpider, {"VINNY_RETRY_BACKOFF_BASE": 0.05,
                                      "VINNY_RETRY_BACKOFF_MAX": 0.5, "RETRY_TIMES": 2})
    crawler.spider = crawler._create_spider()
    return BackoffRetryMiddleware.from_crawler(crawler), crawler


def _respond(mw, status, headers=None):
    request = Request("https://www.livnightclub.com/x/")
    response = Response(request.url, status=status, headers=headers or {}, request=request)
    return asyncio.run(mw.process_response(request, response))


def test_server_error_is_retried_after_a_pause(retry_mw):
    mw, crawler = retry_mw
    result = _respond(mw, 500)
    assert isinstance(result, Request) and result.meta["retry_times"] == 1
    assert crawler.stats.get_value("vinny/retry/backoff_seconds") > 0


def test_retry_after_is_obeyed_within_the_cap(retry_mw):
    mw, crawler = retry_mw
    _respond(mw, 429, {"Retry-After": "3600"})
    assert crawler.stats.get_value("vinny/retry/backoff_seconds") == 0.5


def test_retry_after_as_an_http_date_is_obeyed_within_the_cap(retry_mw):
    mw, crawler = retry_mw
    in_an_hour = format_datetime(datetime.now(UTC) + timedelta(hours=1), usegmt=True)
    _respond(mw, 503, {"Retry-After": in_an_hour})
    assert crawler.stats.get_value("vinny/retry/backoff_seconds") == 0.5


@pytest.mark.parametrize(("value", "seconds"), [
    ("120", 120.0), (b"7", 7.0), ("Wed, 21 Oct 2015 07:28:00 GMT", 0.0),
    ("Sun, 06 Dec 2026 00:02:00 GMT", 120.0), ("soon", None), ("", None), (None, None),
])
def test_one_retry_after_parser_reads_seconds_and_http_dates(value, seconds):
    now = datetime(2026, 12, 6, 0, 0, tzinfo=UTC)
    assert retry_after_seconds(value, now) == seconds


def test_success_is_not_delayed(retry_mw):
    mw, crawler = retry_mw
    assert _respond(mw, 200).status == 200
    assert crawler.stats.get_value("vinny/retry/backoff_seconds") is None


@pytest.fixture
def meta_refresh_mw():
    crawler = project_crawler(LivSpider)
    crawler.spider = crawler._create_spider()
    return BytesFirstMetaRefreshMiddleware.from_crawler(crawler)


def _html(body: str, charset: str = "utf-8") -> HtmlResponse:
    request = Request("https://www.livnightclub.com/old-event/")
    return HtmlResponse(request.url, body=body.encode(charset), request=request,
                        headers={"Content-Type": f"text/html; charset={charset}"})


REFRESH = '<html><head><META HTTP-EQUIV="Refresh" CONTENT="0; url=/new-event/"></head></html>'


@pytest.mark.parametrize("charset", ["utf-8", "windows-1252", "utf-16"])
def test_a_meta_refresh_is_still_followed(meta_refresh_mw, charset):
    response = _html(REFRESH, charset)
    redirected = meta_refresh_mw.process_response(response.request, response)
    assert isinstance(redirected, Request)
    assert redirected.url == "https://www.livnightclub.com/new-event/"


def test_a_page_without_refresh_passes_undecoded(meta_refresh_mw):
    page = "<html><head><title>Dom Dolla</title></head><body>" + "x" * 50_000 + "</body></html>"
    response = _html(page)
    assert meta_refresh_mw.process_response(response.request, response) is response
    assert response._cached_ubody is None  # Scrapy's own middleware decodes every page
