"""StoreMasterPipeline: the last step; keeps `master_events.json` current.

Reads: validated, deduplicated `VegasEvent`s. At spider close, merges them by `event_id`
into `$VINNY_DATA_DIR/master_events.json` (see `vinny.master_file`): nothing stored is lost,
no value is replaced by nothing, every changed field gets a history entry. A run that closed
with no event writes nothing.
Stats: `vinny/master/inserted`, `vinny/master/updated`, `vinny/master/unchanged`,
`vinny/master/changes`.
"""

from __future__ import annotations

from vinny.master_file import merge_into_master
from vinny.models import VegasEvent
from vinny.paths import data_dir


class StoreMasterPipeline:
    def __init__(self, crawler):
        self.crawler = crawler
        self.events: dict[str, VegasEvent] = {}

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def process_item(self, event: VegasEvent) -> VegasEvent:
        self.events[event.event_id] = event
        return event

    def close_spider(self) -> None:
        if not self.events:
            return
        stats = self.crawler.stats
        path = data_dir(self.crawler.settings) / "master_events.json"
        run_id = stats.get_value("vinny/run_id") or "unknown"
        counts = merge_into_master(
            path, (event.json_dict() for event in self.events.values()), run_id
        )
        for key, value in counts.items():
            stats.set_value(f"vinny/master/{key}", value)
