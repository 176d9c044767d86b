"""CrawlGc: the garbage collector set for crawling while this crawl runs (`vinny.gc_policy`).

On `engine_started`: what start-up built is frozen (`gc.freeze()`) and generation 0 is collected
every `VINNY_GC_THRESHOLD` new objects (Python's default: 700); on `engine_stopped`, when no other
crawl of the process is still running, Python's settings come back.
Settings: `VINNY_GC_THRESHOLD` (default 10,000; 0 leaves the collector as Python sets it).
"""

from __future__ import annotations

from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from vinny.gc_policy import crawl_collection


class CrawlGc:
    def __init__(self, threshold: int):
        if threshold <= 0:
            raise NotConfigured
        self.threshold = threshold

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        extension = cls(crawler.settings.getint("VINNY_GC_THRESHOLD"))
        crawler.signals.connect(extension.engine_started, signal=signals.engine_started)
        crawler.signals.connect(extension.engine_stopped, signal=signals.engine_stopped)
        return extension

    def engine_started(self) -> None:
        crawl_collection.crawl_started(self.threshold)

    def engine_stopped(self) -> None:
        crawl_collection.crawl_ended()
