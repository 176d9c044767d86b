"""ProgressLine: one spider's progress on stderr, for `vinny scrape` and `vinny demo`
(which enable it).

Reads the crawl's stats (`vinny/pages/seen`, `item_scraped_count`, `vinny/rejects`,
`log_count/ERROR`) and writes one line: rewritten in place every second on a terminal,
appended every 10 s otherwise. When the engine stops, after the master store has judged the
run, it writes the final line with the outcome (`vinny/outcome`, `vinny/outcome_reason`).
Writes nothing else and emits no stats. Not in `EXTENSIONS`: `scrapy crawl` and Scrapyd
print no progress line.
"""

from __future__ import annotations

import sys
import time
from typing import Self, TextIO

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from twisted.internet.task import LoopingCall


class ProgressLine:
    """A Scrapy extension printing one spider's progress to stderr."""

    def __init__(self, crawler: Crawler, stream: TextIO | None = None):
        self.crawler = crawler
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.started = time.monotonic()
        self.loop = LoopingCall(self.show)
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def status(self) -> str:
        stats = self.crawler.stats
        return (f"{self.crawler.spidercls.name}: {stats.get_value('vinny/pages/seen', 0)} pages, "
                f"{stats.get_value('item_scraped_count', 0)} events, "
                f"{stats.get_value('vinny/rejects', 0)} rejected, "
                f"{stats.get_value('log_count/ERROR', 0)} errors, "
                f"{time.monotonic() - self.started:.0f} s")

    def show(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K" + self.status())
        else:
            self.stream.write(self.status() + "\n")
        self.stream.flush()

    def spider_opened(self, spider: Spider) -> None:
        self.started = time.monotonic()
        self.loop.start(1.0 if self.live else 10.0, now=False)

    def spider_closed(self, spider: Spider, reason: str) -> None:
        if self.loop.running:
            self.loop.stop()

    def engine_stopped(self) -> None:
        # After the master store has judged the run (it does so when the spider closes).
        stats = self.crawler.stats
        outcome = stats.get_value("vinny/outcome", "failed")
        why = stats.get_value("vinny/outcome_reason") or ""
        end = "\r\x1b[K" if self.live else ""
        self.stream.write(f"{end}{self.status()} -> {outcome}{': ' + why if why else ''}\n")
        self.stream.flush()
