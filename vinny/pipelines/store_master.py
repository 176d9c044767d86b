"""StoreMasterPipeline: the last step; the master database (`$VINNY_DATA_DIR/vinny.db`).

Reads: validated, priced, enriched `VegasEvent`s, kept until the spider closes (dedup may
still merge a later page into an event; a run killed midway writes nothing).
At close:
- the run is judged (`vinny.outcome`: complete, partial or failed); a failed run stores no
  event, only its row in the runs table;
- each event is compared field by field with what is stored and upserted
  (`vinny.store.master`, 500 events a transaction): a value this run could not obtain never
  replaces a stored one; every changed field gets a FieldChange in the history;
- after a complete run, upcoming events of the crawled venues missing twice in a row are
  marked removed;
- the runs table gets the run, and `master_events.json` is regenerated from the database.
Settings: `VINNY_DATA_DIR`, `VINNY_TODAY`, and the run checks `VINNY_MIN_EVENTS_RATIO`,
`VINNY_MIN_COVERAGE`, `VINNY_MAX_ERROR_RATE`, `VINNY_MAX_REJECT_RATE`.
Stats: `vinny/master/{inserted,updated,unchanged,changes,removed,exported}`,
`vinny/outcome`, `vinny/outcome_reason`.
"""

from __future__ import annotations

import logging

from scrapy import signals

from vinny.models import VegasEvent
from vinny.outcome import COMPLETE, FAILED, coverage, judge_run
from vinny.paths import data_dir
from vinny.store.export_master import export_master_json
from vinny.store.master import MasterStore
from vinny.timeutil import today_vegas
from vinny.venues import registry

logger = logging.getLogger(__name__)


class StoreMasterPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.data_dir = data_dir(crawler.settings)
        self.store: MasterStore | None = None
        self.events: dict[str, VegasEvent] = {}
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    @property
    def run_id(self) -> str:
        return self.stats.get_value("vinny/run_id")

    def open_spider(self) -> None:
        self.store = MasterStore(self.data_dir / "vinny.db")
        self.store.begin_run(self.run_id, self.crawler.spider.name)

    def process_item(self, event: VegasEvent) -> VegasEvent:
        self.events[event.event_id] = event
        return event

    def spider_closed(self, spider, reason: str) -> None:
        if self.store is None:
            return
        docs = [event.json_dict() for event in self.events.values()]
        settings = self.crawler.settings
        thresholds = {
            "min_events_ratio": settings.getfloat("VINNY_MIN_EVENTS_RATIO"),
            "min_coverage": settings.getdict("VINNY_MIN_COVERAGE"),
            "max_error_rate": settings.getfloat("VINNY_MAX_ERROR_RATE"),
            "max_reject_rate": settings.getfloat("VINNY_MAX_REJECT_RATE"),
        }
        previous = self.store.previous_complete_events(spider.name, self.run_id)
        verdict = judge_run(reason, self.stats.get_stats(), previous,
                            coverage(docs, thresholds["min_coverage"]), thresholds)
        if verdict.outcome != FAILED:
            for applied in self.store.apply_many(docs, self.run_id):
                self.stats.inc_value(f"vinny/master/{applied.verdict}")
                self.stats.inc_value("vinny/master/changes", len(applied.changes))
        stats = self.stats.get_stats()
        summary = {
            "finish_reason": reason, "reason": verdict.why, "events": len(docs),
            "pages": stats.get("vinny/pages/seen", 0),
            "rejected": stats.get("vinny/rejects", 0),
            "errors": stats.get("log_count/ERROR", 0),
            **{k: stats.get(f"vinny/master/{k}", 0)
               for k in ("inserted", "updated", "unchanged", "changes")},
        }
        if verdict.outcome != FAILED:
            self.store.record_pages(
                (event.url, spider.name, event.event_id, event.page_lastmod, self.run_id)
                for event in self.events.values())
        venues = [v.slug for v in registry().venues if v.family == spider.name]
        counts = self.store.finish_run(self.run_id, spider.name, verdict.outcome, summary,
                                       self.events, venues, today_vegas(settings))
        self.stats.set_value("vinny/master/removed", counts["removed"])
        self.stats.set_value("vinny/outcome", verdict.outcome)
        self.stats.set_value("vinny/outcome_reason", verdict.why)
        if verdict.outcome == COMPLETE:
            logger.info("run %s complete: %s", self.run_id, verdict.why)
        else:
            logger.error("RUN %s %s: %s", self.run_id, verdict.outcome.upper(), verdict.why)
        total = export_master_json(self.store.conn, self.data_dir / "master_events.json")
        self.stats.set_value("vinny/master/exported", total)
        self.store.close()
        self.store = None
