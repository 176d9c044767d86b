"""`events.json`, `events.jsonl` and `events.csv` records of one event document (pure)."""

from __future__ import annotations

import csv
import io
from typing import Any

import orjson

from vinny.export.jsonld import event_jsonld
from vinny.export.values import price_from, public

# The CSV's columns, in this order for good: new columns go at the end.
CSV_COLUMNS = (
    "event_id", "event_date", "start_at", "status", "performer", "performers", "event_name",
    "venue", "venue_slug", "venue_tag", "venue_url", "url", "event_code", "price_from",
    "description", "artist_bio", "image_urls", "table_pricing", "images", "enrichment_status",
    "artist_stats", "streaming_links", "social_links", "spider", "source_urls", "scraped_at",
)


def published(doc: dict[str, Any]) -> dict[str, Any]:
    """The event as `events.json` and `events.jsonl` carry it: the document (no history), the
    cheapest available table, and its schema.org JSON-LD."""
    return {**public(doc), "price_from": price_from(doc), "jsonld": event_jsonld(doc)}


def json_line(doc: dict[str, Any]) -> bytes:
    return orjson.dumps(published(doc)) + b"\n"


def json_array_item(doc: dict[str, Any], first: bool) -> bytes:
    return (b"\n" if first else b",\n") + orjson.dumps(published(doc), option=orjson.OPT_INDENT_2)


# A spreadsheet runs a cell that starts with these as a formula (`=HYPERLINK(...)`, DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str | int:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return orjson.dumps(value).decode()
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value  # OWASP's advice: a leading quote makes it text; JSON stays exact
    return value


def csv_header() -> str:
    return csv_line(CSV_COLUMNS)


def csv_row(doc: dict[str, Any]) -> str:
    record = {**doc, "price_from": price_from(doc)}
    return csv_line([_cell(record.get(column)) for column in CSV_COLUMNS])


def csv_line(values) -> str:
    """One RFC 4180 record (CRLF; fields with quotes, commas or line breaks quoted)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()
