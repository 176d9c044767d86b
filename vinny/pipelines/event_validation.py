"""EventValidationPipeline: an extractor's plain dict -> a `VegasEvent`, or a counted rejection.

Reads: the dicts spiders yield. Writes: `VegasEvent` items (the only place one is built).
Drops: with `RejectedEvent(reason)` when the date, the venue or the performer is missing or
the model refuses a field: `too_long_<field>` beyond the bounds of `vinny.models`,
`placeholder_<field>` for template text or a field name where a name belongs (`{{itemname}}`),
`invalid_<field>` otherwise. The run archive writes each rejection to `rejects.jsonl`; its data
is made JSON-safe first (lone surrogates escaped, long strings shortened).
Cleans: the model strips control and bidi-override characters from every text field.
Stats: `vinny/events/valid`, `vinny/rejected/<reason>`, `vinny/field/<field>/missing` for
optional fields a page did not give, `vinny/extract/jsonld_malformed`.
"""

from __future__ import annotations

from typing import Any, Self

from itemadapter import ItemAdapter
from pydantic import ValidationError
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem

from vinny.models import VegasEvent
from vinny.text import json_safe

# What extractors report for diagnosis only; never part of the event.
DIAGNOSTIC_KEYS = ("venue_label", "city", "jsonld_malformed")
OPTIONAL_FIELDS = ("start_at", "image_urls", "performers", "event_code")
# Fields the model derives: their errors follow from another field's, which is the reason.
DERIVED_FIELDS = ("event_id", "enrichment_status")
# Pydantic error types with a reason of their own; any other is `invalid_<field>`.
REASONS = {"string_too_long": "too_long", "too_long": "too_long", "placeholder": "placeholder"}


class RejectedEvent(DropItem):
    def __init__(self, reason: str, detail: str, data: dict[str, Any]):
        detail = json_safe(detail)
        super().__init__(f"rejected ({reason}): {detail}", log_level="WARNING")
        self.reason = reason
        self.detail = detail
        self.data = json_safe(data)


def refusal(exc: ValidationError) -> tuple[str, str]:
    """The reason and detail of the model's refusal, named after the field the page got wrong."""
    errors = exc.errors()
    first = next((e for e in errors if e["loc"][:1] not in [(f,) for f in DERIVED_FIELDS]),
                 errors[0])
    field = str(first["loc"][0]) if first["loc"] else "event"
    where = ".".join(str(part) for part in first["loc"]) or "event"
    return f"{REASONS.get(first['type'], 'invalid')}_{field}", f"{where}: {first['msg']}"


def precheck(data: dict[str, Any], venue_label: str | None) -> tuple[str, str] | None:
    """The reason a dict cannot become an event, before asking the model."""
    if not data.get("event_date") and not data.get("start_at"):
        return "missing_date", "no date on the page"
    if not data.get("venue_slug"):
        return "unknown_venue", f"venue {venue_label!r} is not in the registry"
    if not data.get("performers") and not data.get("event_name"):
        return "missing_performer", "neither a performer nor an event name"
    return None


class EventValidationPipeline:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def process_item(self, item: Any) -> VegasEvent:
        # A shallow copy: ItemAdapter.asdict() walks every value (~0.3 ms a page).
        data = dict(item) if isinstance(item, dict) else ItemAdapter(item).asdict()
        diagnostics = {key: data.pop(key, None) for key in DIAGNOSTIC_KEYS}
        if diagnostics["jsonld_malformed"]:
            self.stats.inc_value("vinny/extract/jsonld_malformed")
        problem = precheck(data, diagnostics["venue_label"])
        if problem is None:
            try:
                event = VegasEvent.model_validate(data)
            except ValidationError as exc:
                problem = refusal(exc)
        if problem is not None:
            reason, detail = problem
            self.stats.inc_value(f"vinny/rejected/{reason}")
            raise RejectedEvent(reason, f"{detail} ({data.get('url')})", data)
        for field in OPTIONAL_FIELDS:
            if not getattr(event, field):
                self.stats.inc_value(f"vinny/field/{field}/missing")
        self.stats.inc_value("vinny/events/valid")
        return event
