"""MasterDatabasePipeline: the last step; the master database (`$VINNY_DATA_DIR/vinny.db`).

Reads: validated, priced, enriched `VegasEvent`s, kept until the spider closes (dedup may
still merge a later page into an event; a run killed midway writes nothing).
At close:
- the run is judged against the spider's recent runs (`vinny.outcome`: complete, degraded,
  partial or failed); a failed run stores no event, only its row in the runs table;
- each event of any other run is compared field by field with what is stored and upserted
  (`vinny.database.master`, 500 events a transaction): a value this run could not obtain never
  replaces a stored one; every changed field gets a FieldChange in the history;
- after a complete run that overlapped no other run of its spider, upcoming events of the
  crawled venues missing twice in a row are marked removed (degraded, partial: nothing);
- the runs table gets the run and its field coverage (the next runs' history), and
  `master_events.json` is regenerated from the database (`VINNY_MASTER_JSON_ON_CLOSE`: off
  for `vinny scrape`'s parallel runs, which leave it to their one publish);
- a store that fails (a full disk: `sqlite3.Error`, `OSError`) makes the run failed with the
  reason; `scrapy crawl` then exits 1 (`vinny.commands.crawl`).
A run that is not complete is logged at error level with its reason.
Settings: `VINNY_DATA_DIR`, `VINNY_TODAY`, and the run checks `VINNY_MIN_EVENTS_RATIO`,
`VINNY_MIN_COVERAGE_RATIO`, `VINNY_MIN_COVERAGE`, `VINNY_MAX_ERROR_RATE`,
`VINNY_MAX_REJECT_RATE`.
Stats: `vinny/master/{inserted,updated,unchanged,changes,removed,exported}`,
`vinny/outcome`, `vinny/outcome_reason`, `vinny/coverage/<field>` (per cent).
"""

from __future__ import annotations

import logging
import sqlite3
from typing import Any, Self

from scrapy import Spider, signals
from scrapy.crawler import Crawler

from vinny.database.master import MasterStore
from vinny.models import VegasEvent
from vinny.outcome import (
    COMPLETE,
    FAILED,
    RECORDED_FIELDS,
    STORED,
    Verdict,
    coverage,
    judge_run,
    thresholds_from,
)
from vinny.paths import data_dir
from vinny.publish.master_json import export_master_json
from vinny.timeutil import today_vegas
from vinny.venues import registry

logger = logging.getLogger(__name__)


class MasterDatabasePipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.data_dir = data_dir(crawler.settings)
        self.store: MasterStore | None = None
        self.events: dict[str, VegasEvent] = {}
        crawler.signals.connect(self.spider_closed, signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    @property
    def run_id(self) -> str:
        run_id: str = self.stats.get_value("vinny/run_id")  # set by the run archive at open
        return run_id

    def open_spider(self) -> None:
        assert self.crawler.spider is not None  # pipelines open once the spider exists
        self.store = MasterStore(self.data_dir / "vinny.db")
        self.store.begin_run(self.run_id, self.crawler.spider.name)

    def process_item(self, event: VegasEvent) -> VegasEvent:
        self.events[event.event_id] = event
        return event

    def spider_closed(self, spider: Spider, reason: str) -> None:
        store = self.store
        if store is None:
            return
        try:
            verdict = self._store_run(store, spider, reason)
        except (sqlite3.Error, OSError) as exc:
            verdict = Verdict(FAILED, [f"cannot store the run: {exc}"])
            self._record_failure(store, spider, reason, verdict)
        finally:
            store.close()
            self.store = None
        self.stats.set_value("vinny/outcome", verdict.outcome)
        self.stats.set_value("vinny/outcome_reason", verdict.why)
        if verdict.outcome == COMPLETE:
            logger.info("run %s complete: %s", self.run_id, verdict.why)
        else:
            logger.error("RUN %s %s: %s", self.run_id, verdict.outcome.upper(), verdict.why,
                         extra={"spider": spider})

    def _store_run(self, store: MasterStore, spider: Spider, reason: str) -> Verdict:
        docs = [event.json_dict() for event in self.events.values()]
        covered = coverage(docs, RECORDED_FIELDS)
        for name, share in covered.items():
            self.stats.set_value(f"vinny/coverage/{name}", round(100 * share))
        history = store.run_history(spider.name, self.run_id)
        verdict = judge_run(reason, self.stats.get_stats(), history, covered,
                            thresholds_from(self.crawler.settings))
        stored = verdict.outcome in STORED
        if stored:
            for applied in store.apply_many(docs, self.run_id):
                self.stats.inc_value(f"vinny/master/{applied.verdict}")
                self.stats.inc_value("vinny/master/changes", len(applied.changes))
            store.record_pages(
                (event.url, spider.name, event.event_id, event.page_lastmod, self.run_id)
                for event in self.events.values())
        venues = [v.slug for v in registry().venues if v.family == spider.name]
        counts = store.finish_run(self.run_id, spider.name, verdict.outcome,
                                       self._summary(reason, verdict), self.events, venues,
                                       today_vegas(self.crawler.settings),
                                       covered if stored else None)
        if counts["overlapped"] and verdict.outcome == COMPLETE:
            verdict.reasons.append(
                f"misses not counted: overlapped {', '.join(counts['overlapped'])}")
        self.stats.set_value("vinny/master/removed", counts["removed"])
        if self.crawler.settings.getbool("VINNY_MASTER_JSON_ON_CLOSE"):  # else the caller does
            total = export_master_json(store.conn, self.data_dir / "master_events.json")
            self.stats.set_value("vinny/master/exported", total)
        return verdict

    def _summary(self, reason: str, verdict: Verdict) -> dict[str, Any]:
        stats = self.stats.get_stats()
        return {
            "finish_reason": reason, "reason": verdict.why, "events": len(self.events),
            "pages": stats.get("vinny/pages/seen", 0),
            "rejected": stats.get("vinny/rejects", 0),
            "errors": stats.get("log_count/ERROR", 0),
            **{k: stats.get(f"vinny/master/{k}", 0)
               for k in ("inserted", "updated", "unchanged", "changes")},
        }

    def _record_failure(self, store: MasterStore, spider: Spider, reason: str,
                        verdict: Verdict) -> None:
        """Best effort on a full disk: the runs table may refuse this too (the next run then
        marks this one interrupted); the log and `stats.json` still say why."""
        try:
            store.finish_run(self.run_id, spider.name, FAILED,
                                  self._summary(reason, verdict), [], [],
                                  today_vegas(self.crawler.settings))
        except (sqlite3.Error, OSError) as exc:
            logger.error("cannot record run %s as failed: %s", self.run_id, exc,
                         extra={"spider": spider})
