"""Two spiders sharing a process (as `vinny scrape` runs them): each run's `log_count/ERROR`
holds its own errors, not its neighbour's; a record naming no spider counts in both."""

import logging

from scrapy import Spider

import vinny.settings
from tests.crawlers import project_crawler
from vinny.extensions.log_count import SpiderLogCount


class Liv(Spider):
    name = "liv"


class Tao(Spider):
    name = "tao"


def test_each_spider_of_a_shared_process_counts_only_its_own_errors():
    crawlers = [project_crawler(cls, {"LOG_LEVEL": "ERROR"}) for cls in (Liv, Tao)]
    counts = []
    for crawler in crawlers:
        crawler.spider = crawler.spidercls()
        crawler.stats.open_spider()
        counts.append(SpiderLogCount.from_crawler(crawler))
        counts[-1].spider_opened(crawler.spider)
    log = logging.getLogger("vinny.test")
    try:
        liv, tao = (crawler.spider for crawler in crawlers)
        liv.logger.error("liv's page failed")
        log.error("liv's run failed", extra={"spider": liv})
        tao.logger.error("tao's page failed")
        log.error("a record naming no spider")
        log.warning("below LOG_LEVEL: not counted")
    finally:
        for count, crawler in zip(counts, crawlers, strict=True):
            count.spider_closed(crawler.spider, "finished")
    assert [c.stats.get_value("log_count/ERROR") for c in crawlers] == [3, 2]
    assert [c.stats.get_value("log_count/WARNING") for c in crawlers] == [None, None]


def test_the_project_counts_log_records_per_spider():
    assert "vinny.extensions.log_count.SpiderLogCount" in vinny.settings.EXTENSIONS_BASE
    assert "scrapy.extensions.logcount.LogCount" not in vinny.settings.EXTENSIONS_BASE
