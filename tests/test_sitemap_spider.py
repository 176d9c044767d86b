"""The family base on Scrapy's SitemapSpider: each sitemap counted, gzip sitemaps read,
every event URL requested with the errback and its lastmod, unreadable sitemaps counted."""

from __future__ import annotations

import gzip

import pytest
from scrapy.http import Request, Response, XmlResponse

from spiders.tao import TaoSpider
from tests.crawlers import project_crawler

NS = 'xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"'
INDEX = (f'<?xml version="1.0"?><sitemapindex {NS}>'
         "<sitemap><loc>https://taogroup.com/events-sitemap.xml.gz</loc></sitemap>"
         "<sitemap><loc>https://taogroup.com/page-sitemap.xml</loc></sitemap>"
         "</sitemapindex>").encode()
URLSET = (f'<?xml version="1.0"?><urlset {NS}>'
          "<url><loc>https://taogroup.com/event/a/</loc><lastmod>2026-11-01</lastmod></url>"
          "<url><loc>https://taogroup.com/about/</loc></url>"
          "</urlset>").encode()


@pytest.fixture
def spider():
    crawler = project_crawler(TaoSpider, {"VINNY_SKIP_UNCHANGED": False})
    crawler.stats.open_spider()
    return TaoSpider.from_crawler(crawler)


def read(spider, url, body, cls=XmlResponse):
    return list(spider.parse_sitemap(cls(url, body=body, request=Request(url))))


def test_index_follows_only_events_sitemaps_with_the_errback(spider):
    (request,) = read(spider, "https://taogroup.com/sitemap_index.xml", INDEX)
    assert (request.url, request.callback, request.errback) == (
        "https://taogroup.com/events-sitemap.xml.gz", spider.parse_sitemap, spider.on_error)
    assert spider.crawler.stats.get_value("vinny/sitemaps/ignored") == 1


def test_gzip_events_sitemap_requests_every_url_with_its_lastmod(spider):
    requests = read(spider, "https://taogroup.com/events-sitemap.xml.gz", gzip.compress(URLSET),
                    Response)
    assert [(r.url, r.callback, r.errback, r.cb_kwargs) for r in requests] == [
        ("https://taogroup.com/event/a/", spider.parse_event, spider.on_error,
         {"lastmod": "2026-11-01"}),
        ("https://taogroup.com/about/", spider.parse_event, spider.on_error, {"lastmod": None})]
    assert spider.crawler.stats.get_value("vinny/sitemaps/event_urls") == 2


def test_unreadable_sitemap_is_a_counted_failure(spider):
    assert read(spider, "https://taogroup.com/events-sitemap.xml", b"<html>oops</html>") == []
    assert spider.crawler.stats.get_value("vinny/failed/sitemap/invalid_sitemap") == 1


def test_truncated_sitemap_is_read_and_counted(spider):
    cut = URLSET[:URLSET.rindex(b"<url>")]
    requests = read(spider, "https://taogroup.com/events-sitemap.xml", cut)
    assert [r.url for r in requests] == ["https://taogroup.com/event/a/"]
    assert spider.crawler.stats.get_value("vinny/failed/sitemap/truncated_sitemap") == 1


def test_empty_sitemap_is_counted(spider):
    assert read(spider, "https://taogroup.com/events-sitemap.xml",
                f'<?xml version="1.0"?><urlset {NS}></urlset>'.encode()) == []
    assert spider.crawler.stats.get_value("vinny/failed/sitemap/empty_sitemap") == 1


def test_a_loc_written_unescaped_keeps_its_own_lastmod(spider):
    # Scrapy requests a <loc> with spaces or accents percent-escaped: its lastmod must follow it.
    urlset = (f'<?xml version="1.0"?><urlset {NS}>'
              "<url><loc>https://taogroup.com/event/café night/</loc>"
              "<lastmod>2026-11-02</lastmod></url>"
              "<url><loc>https://taogroup.com/event/b/</loc><lastmod>2026-11-03</lastmod></url>"
              "</urlset>").encode()
    requests = read(spider, "https://taogroup.com/events-sitemap.xml", urlset)
    assert [(r.url, r.cb_kwargs) for r in requests] == [
        ("https://taogroup.com/event/caf%C3%A9%20night/", {"lastmod": "2026-11-02"}),
        ("https://taogroup.com/event/b/", {"lastmod": "2026-11-03"})]
