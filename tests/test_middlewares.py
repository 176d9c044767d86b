"""Replica mode and retry backoff, through Scrapy's own download machinery."""

import asyncio

import pytest
from scrapy import Request
from scrapy.http import Response
from scrapy.utils.test import get_crawler

from spiders.liv import LivSpider
from vinny.middlewares.replica import replica_url
from vinny.middlewares.retry_backoff import BackoffRetryMiddleware


def test_replica_url_keeps_host_path_and_query():
    url = "https://www.livnightclub.com/wp-admin/admin-ajax.php?action=uvpx&eventcode=EVE1"
    assert replica_url("http://127.0.0.1:8765/", url) == (
        "http://127.0.0.1:8765/www.livnightclub.com/wp-admin/admin-ajax.php?action=uvpx&eventcode=EVE1")


def test_replica_url_for_plain_http():
    assert replica_url("http://127.0.0.1:1", "http://taogroup.com/a/") == (
        "http://127.0.0.1:1/taogroup.com/a/")


@pytest.fixture
def retry_mw():
    crawler = get_crawler(LivSpider, {"VINNY_RETRY_BACKOFF_BASE": 0.05,
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


def test_success_is_not_delayed(retry_mw):
    mw, crawler = retry_mw
    assert _respond(mw, 200).status == 200
    assert crawler.stats.get_value("vinny/retry/backoff_seconds") is None
