"""The project's stats collector (`STATS_CLASS`) keeps Scrapy's results: what a run counts
reaches its stats, and a caller that still passes the deprecated `spider` counts the same."""

from __future__ import annotations

from scrapy import Spider
from scrapy.utils.test import get_crawler

import vinny.settings
from vinny.statscollector import StatsCollector


def test_counts_with_and_without_the_deprecated_spider_argument():
    crawler = get_crawler(Spider, {"STATS_CLASS": vinny.settings.STATS_CLASS})
    stats = crawler.stats
    assert isinstance(stats, StatsCollector)
    stats.open_spider()
    stats.inc_value("pages")
    stats.inc_value("pages", 2, spider=None)
    stats.max_value("largest", 5)
    stats.max_value("largest", 3)
    stats.min_value("smallest", 5)
    stats.min_value("smallest", 3)
    stats.set_value("outcome", "complete")
    assert stats.get_stats() == {"pages": 3, "largest": 5, "smallest": 3,
                                 "outcome": "complete"}
