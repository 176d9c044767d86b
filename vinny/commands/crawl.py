"""`scrapy crawl NAME`, exiting 1 when the run failed (`vinny/outcome`: a broken site, a store
that could not be written, a run refused because another run of the spider holds its lock) or
when a file of its archive could not be written; Scrapy's own exits 1 only when the crawl
cannot start. A degraded or partial run exits 0: its events are stored, and its reason is
logged at error level. Scrapyd runs this command too.
"""

from __future__ import annotations

import argparse
from collections.abc import Mapping
from typing import Any

from scrapy.commands.crawl import Command as ScrapyCrawlCommand
from scrapy.exceptions import UsageError

from vinny.outcome import FAILED


def run_failed(stats: Mapping[str, Any]) -> bool:
    return stats.get("vinny/outcome") == FAILED or any(
        key.startswith("vinny/archive/failed/") for key in stats)


class Command(ScrapyCrawlCommand):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("give one spider: scrapy crawl <spider>")
        assert self.crawler_process
        crawler = self.crawler_process.create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed or run_failed(crawler.stats.get_stats()):
            self.exitcode = 1
