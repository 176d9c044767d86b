"""A bare Scrapy spider: fetches a list of URLs and does nothing with them (the baseline).

With `-a items=1` it yields one small item per page instead: what Scrapy's item machinery
costs any spider that produces items, before any work of its own."""

import json
from datetime import datetime
from pathlib import Path

import scrapy


class BareSpider(scrapy.Spider):
    name = "bare"

    async def start(self):
        for url in Path(self.urls_file).read_text().split():
            yield scrapy.Request(url, callback=self.parse)

    def parse(self, response):
        if getattr(self, "items", None):
            yield {"url": response.url}

    def closed(self, reason):
        stats = dict(self.crawler.stats.get_stats())
        # Scrapy's CoreStats sets elapsed_time_seconds after this method runs.
        started = stats["start_time"]
        stats["elapsed_time_seconds"] = (datetime.now(started.tzinfo) - started).total_seconds()
        Path(self.stats_file).write_text(json.dumps(stats, default=str))
