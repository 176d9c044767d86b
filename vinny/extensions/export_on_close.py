"""ExportOnClose: regenerate `$VINNY_DATA_DIR/exports/` (`vinny.publish.exports`, the formats of
`vinny.publish.registry`) when a crawl ends.

Runs on `engine_stopped`, after the master store has written this run (it writes on
`spider_closed`), in a thread so the reactor stays free; runs of other spiders take turns
through the export lock. A failed export is logged and counted, and leaves the previous
files in place: the crawl's outcome is not changed by it.
Settings: `VINNY_EXPORT_ON_CLOSE` (default True; `vinny scrape` with no target turns it off in
its parallel runs and exports once after them), `VINNY_EXPORT_FORMATS` (default: all),
`VINNY_CSV_BOM` (`events.csv` with a UTF-8 BOM),
`VINNY_DATA_DIR`, `VINNY_TODAY` (counts upcoming events from that date instead of the date of
the newest run).
Stats: `vinny/export/<format>` (events written), `vinny/export/seconds`, `vinny/export/failed`.
"""

from __future__ import annotations

import logging
import time
from datetime import date
from typing import Self

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.threads import deferToThread

from vinny.paths import data_dir
from vinny.publish.exporter import ExportOptions

logger = logging.getLogger(__name__)


class ExportOnClose:
    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("VINNY_EXPORT_ON_CLOSE"):
            raise NotConfigured
        self.stats = crawler.stats
        self.data = data_dir(crawler.settings)
        self.formats = crawler.settings.getlist("VINNY_EXPORT_FORMATS") or None
        today = crawler.settings.get("VINNY_TODAY")
        self.as_of = date.fromisoformat(today) if today else None
        self.options = ExportOptions.from_settings(crawler.settings)
        crawler.signals.connect(self.engine_stopped, signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def engine_stopped(self) -> None:
        if not (self.data / "vinny.db").exists():
            logger.info("no master database at %s: nothing to export", self.data / "vinny.db")
            return
        await maybe_deferred_to_future(deferToThread(self._export))

    def _export(self) -> None:
        # Imported when a run exports: `vinny scrape`'s parallel runs never do (~20 ms each).
        from vinny.publish.exports import export

        started = time.perf_counter()
        try:
            counts = export(self.data / "vinny.db", self.data / "exports", self.formats,
                            self.as_of, self.options)
        except Exception:
            logger.exception("export to %s failed", self.data / "exports")
            self.stats.inc_value("vinny/export/failed")
            return
        for name, count in counts.items():
            self.stats.set_value(f"vinny/export/{name}", count)
        self.stats.set_value("vinny/export/seconds", round(time.perf_counter() - started, 3))
        logger.info("exported %s to %s", counts, self.data / "exports")
