"""A bare Scrapy spider: fetches a list of URLs and does nothing with them (the baseline)."""

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
        return None

    def closed(self, reason):
        stats = dict(self.crawler.stats.get_stats())
        # Scrapy's CoreStats sets elapsed_time_seconds after this method runs.
        started = stats["start_time"]
        stats["elapsed_time_seconds"] = (datetime.now(started.tzinfo) - started).total_seconds()
        Path(self.stats_file).write_text(json.dumps(stats, default=str))
