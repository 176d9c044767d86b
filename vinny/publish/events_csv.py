"""`events.csv`: one RFC 4180 row an event (CRLF), in the fixed columns `CSV_COLUMNS`.

Lists and objects are compact JSON in their cell, booleans `true`/`false`, None empty; a text
cell a spreadsheet would run as a formula gets a leading quote. An empty catalogue is the
header alone.

Beside the JSON columns, flat ones a spreadsheet sorts and filters by: `price_from` (the lowest
minimum spend among the tables still available), `tier_count` and `tiers_available` (table
tiers known, and still on sale), `spotify_url` (the headliner's Spotify profile).
With `ExportOptions.csv_bom` (setting `VINNY_CSV_BOM`) the file starts with a UTF-8 BOM:
Excel then reads it as UTF-8 instead of the system's code page (the accents of Tiësto).
"""

from __future__ import annotations

import csv
import io
import sqlite3
from collections.abc import Iterable
from typing import Any

import orjson

from vinny.publish.exporter import Exporter
from vinny.publish.values import price_from

# The CSV's columns, in this order for good: new columns go at the end.
CSV_COLUMNS = (
    "event_id", "event_date", "start_at", "status", "performer", "performers", "event_name",
    "venue", "venue_slug", "venue_tag", "venue_url", "url", "event_code", "price_from",
    "description", "artist_bio", "image_urls", "table_pricing", "images", "enrichment_status",
    "artist_stats", "streaming_links", "social_links", "spider", "source_urls", "scraped_at",
    "tier_count", "tiers_available", "spotify_url",
)
BOM = "\ufeff"

# A spreadsheet runs a cell that starts with these as a formula (`=HYPERLINK(...)`, DDE).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: object) -> object:
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


def flat_columns(doc: dict[str, Any]) -> dict[str, Any]:
    """The derived columns: values a spreadsheet can sort by, not JSON."""
    pricing = doc.get("table_pricing") or []
    return {"price_from": price_from(doc), "tier_count": len(pricing),
            "tiers_available": sum(bool(row.get("is_available")) for row in pricing),
            "spotify_url": (doc.get("streaming_links") or {}).get("spotify")}


def csv_row(doc: dict[str, Any]) -> str:
    record = {**doc, **flat_columns(doc)}
    return csv_line([_cell(record.get(column)) for column in CSV_COLUMNS])


def csv_line(values: Iterable[object]) -> str:
    """One RFC 4180 record (CRLF; fields with quotes, commas or line breaks quoted)."""
    buffer = io.StringIO()
    csv.writer(buffer).writerow(values)
    return buffer.getvalue()


class CsvExporter(Exporter):
    def outputs(self) -> list[str]:
        return ["events.csv"]

    def inputs(self, relative: str) -> object:
        return [super().inputs(relative), self.options.csv_bom]

    def _start(self) -> None:
        self.file("events.csv").write((BOM if self.options.csv_bom else "") + csv_header())

    def add(self, doc: dict[str, Any]) -> None:
        if not self.count:
            self._start()
        self.file("events.csv").write(csv_row(doc))
        self.count += 1

    def finish(self, conn: sqlite3.Connection) -> None:
        if not self.count:
            self._start()
