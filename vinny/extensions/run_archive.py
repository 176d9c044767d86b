"""RunArchive: the seed's StorageManager, `$VINNY_DATA_DIR/runs/{run_id}/` for every crawl.

First, it takes the spider's run lock (`vinny.database.run_lock`): a second run of a spider that
is already running with the same data directory is refused before it writes anything (the
crawl fails to start: `scrapy crawl` exits 1 with the reason). Then it removes temporary
files killed runs left behind (`vinny.database.orphans`, `vinny/orphans/removed`).

Writes `pages.warc.zst` (every response as received, WARC records in one zstd stream: see
`vinny.extensions.pages_warc`), `rejects.jsonl` (events
validation refused and pages that failed, with the reason), and at close `raw_data.json`
(the events of this run), `stats.json` (Scrapy stats plus the run's outcome); every file of the
run has the mode of every published file (`vinny.files.MODE`). Keeps the last
`VINNY_RUNS_KEEP` runs of each spider. The JSON Lines feed goes through `FEEDS` into the same
directory (`feed_uri_params` provides `%(run_dir)s`). `stats.json` is written when the engine
stops, after the master store has judged the run (`vinny/outcome`); without the master store
the run is judged here with the same rules. A file that cannot be written (a full disk) is
logged as an error and counted (`vinny/archive/failed/<file>`); its temporary file is removed.
The lock is released when the engine stops, after `stats.json`.
Stats: `vinny/run_id`, `vinny/run_dir`, `vinny/outcome`, `vinny/rejects`,
`vinny/orphans/removed`, `vinny/archive/failed/<file>`.
"""

from __future__ import annotations

import logging
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

import orjson
from itemadapter import ItemAdapter
from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response

from vinny.database.orphans import sweep_orphans
from vinny.database.run_lock import RunLock, RunRefused
from vinny.extensions.pages_warc import PageWriter
from vinny.files import open_published, publish_mode, write_atomic
from vinny.outcome import judge_run
from vinny.paths import data_dir
from vinny.pipelines.event_validation import RejectedEvent
from vinny.signals import page_failed

logger = logging.getLogger(__name__)


def feed_uri_params(params: dict[str, Any], spider: Spider) -> dict[str, Any]:
    return {**params, "run_dir": spider.crawler.stats.get_value("vinny/run_dir")}


def run_spider(run_id: str) -> str:
    """The spider of a run directory named `{stamp}-{spider}` or `{stamp}-{spider}.{n}`."""
    return run_id.partition("-")[2].partition(".")[0]


def _as_json(item: Any) -> Any:
    return item.json_dict() if hasattr(item, "json_dict") else ItemAdapter(item).asdict()


class RunArchive:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats
        self.runs_root = data_dir(crawler.settings) / "runs"
        self.spider_name = crawler.spidercls.name
        try:
            self.lock = RunLock(self.runs_root, self.spider_name).acquire()
        except RunRefused as exc:
            logger.error("RUN REFUSED: %s", exc)
            raise
        orphans = sweep_orphans(data_dir(crawler.settings), self._my_runs())
        if orphans:
            logger.info("removed %d temporary files of killed runs", len(orphans))
            self.stats.set_value("vinny/orphans/removed", len(orphans))
        self.run_dir = self._new_run_dir()
        self.stats.set_value("vinny/run_id", self.run_dir.name)
        self.stats.set_value("vinny/run_dir", str(self.run_dir))
        self.events: dict[str, Any] = {}
        self.rejects = open_published(self.run_dir / "rejects.jsonl")
        self.pages = PageWriter(self.run_dir / "pages.warc.zst")
        connect = crawler.signals.connect
        connect(self.response_received, signals.response_received)
        connect(self.item_scraped, signals.item_scraped)
        connect(self.item_dropped, signals.item_dropped)
        connect(self.page_failed, page_failed)
        connect(self.spider_closed, signals.spider_closed)
        connect(self.engine_stopped, signals.engine_stopped)
        self.closed = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def _new_run_dir(self) -> Path:
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
        self.runs_root.mkdir(parents=True, exist_ok=True)
        for n in range(1000):
            path = self.runs_root / (f"{stamp}-{self.spider_name}" + (f".{n}" if n else ""))
            try:
                path.mkdir()
                return path
            except FileExistsError:
                continue
        raise RuntimeError(f"cannot create a run directory under {self.runs_root}")

    def _my_runs(self) -> list[Path]:
        return sorted(p for p in self.runs_root.iterdir()
                      if p.is_dir() and run_spider(p.name) == self.spider_name)

    def _write(self, name: str, payload: bytes) -> None:
        """Write one file of the run; a full disk is logged and counted, never raised."""
        try:
            write_atomic(self.run_dir / name, payload)
        except OSError as exc:
            logger.error("cannot write %s: %s", self.run_dir / name, exc,
                         extra={"spider": self.crawler.spider})
            self.stats.inc_value(f"vinny/archive/failed/{name}")

    def response_received(self, response: Response, request: Request, spider: Spider) -> None:
        self.pages.write(response)

    def item_scraped(self, item: Any, response: Response | None, spider: Spider) -> None:
        # Kept by reference: dedup may still merge a later page into this event.
        self.events[getattr(item, "event_id", None) or item["event_id"]] = item

    def item_dropped(self, item: Any, response: Response | None, exception: BaseException,
                     spider: Spider) -> None:
        if isinstance(exception, RejectedEvent):
            self._reject("validate", exception.data.get("url"), exception.reason,
                         exception.detail, exception.data)

    def page_failed(self, url: str, reason: str, stage: str) -> None:
        self._reject(stage, url, reason, "", None)

    def _reject(self, stage: str, url: str | None, reason: str, detail: str,
                data: dict[str, Any] | None) -> None:
        self.stats.inc_value("vinny/rejects")
        record = {"stage": stage, "url": url, "reason": reason, "detail": detail,
                  "at": datetime.now(UTC).isoformat(), "data": data}
        self.rejects.write(orjson.dumps(record, default=str) + b"\n")
        self.rejects.flush()

    def spider_closed(self, spider: Spider, reason: str) -> None:
        self.pages.close()
        self.rejects.close()
        events = [_as_json(self.events[event_id]) for event_id in sorted(self.events)]
        self._write("raw_data.json", orjson.dumps(events, default=str,
                                                  option=orjson.OPT_INDENT_2))
        self.closed = True

    def engine_stopped(self) -> None:
        try:
            if self.closed:
                self._finish()
        finally:
            self.lock.release()

    def _finish(self) -> None:
        stats = self.stats.get_stats()
        reason = stats.get("finish_reason")
        if not stats.get("vinny/outcome"):
            verdict = judge_run(reason, stats, None)
            self.stats.set_value("vinny/outcome", verdict.outcome)
            self.stats.set_value("vinny/outcome_reason", verdict.why)
        outcome = self.stats.get_value("vinny/outcome")
        self._write("stats.json", orjson.dumps(
            {"run_id": self.run_dir.name, "spider": self.spider_name, "outcome": outcome,
             "reason": self.stats.get_value("vinny/outcome_reason"), "finish_reason": reason,
             "stats": self.stats.get_stats()},
            default=str, option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS))
        self._publish_modes()
        self._apply_retention()

    def _publish_modes(self) -> None:
        # Scrapy's feed storage creates the run's events.jsonl with the process umask.
        for path in self.run_dir.iterdir():
            if path.is_file():
                publish_mode(path)

    def _apply_retention(self) -> None:
        keep = self.crawler.settings.getint("VINNY_RUNS_KEEP")
        mine = self._my_runs()
        for old in mine[: max(0, len(mine) - keep)]:
            shutil.rmtree(old, ignore_errors=True)
