"""DuplicateEventsPipeline: one event per (venue, artist, night-of date) in a run.

Reads: `VegasEvent`. The first page of an event passes; a later page of the same event
(another URL or event code, a second listing) is merged into it (missing fields filled, lists
unioned) and dropped, so nothing either page said is lost. Which page's URL, code and name
the event keeps does not depend on arrival order: the fuller page wins, then the smaller URL.
When the event takes the later page's code, it takes that page's inventory too (nonce or
embedded items), for pricing's late pass (the kept event may already be priced).
Stats: `vinny/dedup/duplicates`, `vinny/dedup/merged_fields`.
"""

from __future__ import annotations

from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from vinny.merge import merge_event_dicts
from vinny.models import VegasEvent

_MERGEABLE = ("performers", "image_urls", "source_urls", "start_at", "event_code",
              "description", "event_name", "venue_url")


_IDENTITY = ("url", "event_code", "event_name", "description")


def _rank(event: VegasEvent) -> tuple[int, str]:
    """Lower is preferred: more fields given, then the alphabetically first URL."""
    given = sum(1 for field in _MERGEABLE if getattr(event, field))
    return -given, event.url


class DuplicateEventsPipeline:
    def __init__(self, crawler: Crawler):
        self.stats = crawler.stats
        self.seen: dict[tuple[str, str, str], VegasEvent] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, event: VegasEvent) -> VegasEvent:
        key = (event.venue_slug, event.artist_slug, event.event_date.isoformat())
        kept = self.seen.setdefault(key, event)
        if kept is event:
            return event
        code = kept.event_code
        if _rank(event) < _rank(kept):
            for field in _IDENTITY:
                setattr(kept, field, getattr(event, field) or getattr(kept, field))
        current = {field: getattr(kept, field) for field in _MERGEABLE}
        gained = merge_event_dicts(current, {f: getattr(event, f) for f in _MERGEABLE})
        for field in gained:
            setattr(kept, field, current[field])
        kept.source_urls = sorted(kept.source_urls)
        if kept.event_code != code and kept.event_code == event.event_code:
            kept.page_inventory = event.page_inventory
        self.stats.inc_value("vinny/dedup/duplicates")
        self.stats.inc_value("vinny/dedup/merged_fields", len(gained))
        raise DropItem(f"duplicate of {kept.event_id}: {event.url}", log_level="INFO")
