"""SpiderLogCount: Scrapy's `LogCount` (`log_count/<LEVEL>` stats), counting in each crawler
only its own records when several crawlers share a process (`vinny scrape` runs a group of
spiders together in each of its processes).

Scrapy's handler counts every record of the process in every crawler's stats (scrapy#1362), so
one spider's errors would show in the other's run row (`runs.errors`) and progress line. A
record is this crawler's when it names its spider (`record.spider`: Scrapy's own records,
`Spider.logger`, and vinny's error logs pass `extra={"spider": ...}`); a record naming no
spider cannot be told apart and is counted by every crawler of the process, as Scrapy does.
"""

from __future__ import annotations

import logging

from scrapy import Spider
from scrapy.extensions.logcount import LogCount
from scrapy.utils.log import LogCounterHandler


class SpiderLogCounter(LogCounterHandler):
    def emit(self, record: logging.LogRecord) -> None:
        owner = getattr(record, "spider", None)
        if owner is None or owner is self.crawler.spider:
            super().emit(record)


class SpiderLogCount(LogCount):
    def spider_opened(self, spider: Spider) -> None:
        self.handler = SpiderLogCounter(self.crawler, level=self.crawler.settings.get("LOG_LEVEL"))
        logging.root.addHandler(self.handler)
