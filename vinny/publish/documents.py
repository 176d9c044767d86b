"""The master database's events as full documents (the event, its pricing, images, enrichment
status, artist records and history), streamed in `event_id` order: what `master_events.json`
holds and every other format is derived from.

Each child table is read once, ordered by event, beside the events (a merge join), so the
cost is one pass over each table and memory does not grow with the catalogue. The caller
chooses the snapshot (one read transaction for a consistent set of files).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from itertools import groupby
from typing import Any

import orjson

from vinny.database.rows import (
    ARTIST_FIELDS,
    PRICING_QUERY,
    artist_from_row,
    event_from_row,
    image_from_rows,
    pricing_from_rows,
    status_from_row,
)


def _grouped(rows: Iterator[sqlite3.Row], key: str) -> Iterator[tuple[str, list[sqlite3.Row]]]:
    for value, group in groupby(rows, key=lambda r: r[key]):
        yield value, list(group)


class _Cursor:
    """Rows of one child table grouped by event_id, consumed in event_id order."""

    def __init__(self, groups: Iterator[tuple[str, list[Any]]]):
        self.groups = groups
        self.current = next(groups, None)

    def take(self, event_id: str) -> list[Any]:
        while self.current is not None and self.current[0] < event_id:
            self.current = next(self.groups, None)
        if self.current is not None and self.current[0] == event_id:
            return self.current[1]
        return []


def iter_documents(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    """Every stored event as a full document with its history, sorted by event_id."""
    cursor = conn.cursor
    pricing = _Cursor(_grouped(cursor().execute(f"{PRICING_QUERY} ORDER BY p.event_id, p.tier_id"),
                               "event_id"))
    images = _Cursor(_grouped(cursor().execute(
        "SELECT i.*, s.preset, s.r2_url, s.width, s.height, s.file_size FROM images i "
        "LEFT JOIN image_sizes s ON s.image_id = i.image_id "
        "ORDER BY i.event_id, i.image_id, s.preset"), "event_id"))
    statuses = _Cursor(_grouped(cursor().execute(
        "SELECT * FROM enrichment_status ORDER BY event_id"), "event_id"))
    history = _Cursor(_grouped(cursor().execute(
        "SELECT * FROM field_changes ORDER BY event_id, change_id"), "event_id"))
    artists = {table: {r["artist_slug"]: artist_from_row(table, r)
                       for r in cursor().execute(f"SELECT * FROM {table}")}
               for table in ARTIST_FIELDS}
    for row in cursor().execute("SELECT * FROM events ORDER BY event_id"):
        event_id = row["event_id"]
        doc = event_from_row(row)
        doc["table_pricing"] = pricing_from_rows(pricing.take(event_id))
        doc["images"] = [
            image_from_rows(rows[0], [r for r in rows if r["preset"] is not None])
            for _, rows in _grouped(iter(images.take(event_id)), "image_id")
        ]
        status_rows = statuses.take(event_id)
        doc["enrichment_status"] = status_from_row(status_rows[0] if status_rows else None,
                                                   event_id)
        for table in ARTIST_FIELDS:
            doc[table] = artists[table].get(row["artist_slug"])
        doc["history"] = [
            {"event_id": event_id, "field": h["field"],
             "old_value": orjson.loads(h["old_value"]) if h["old_value"] else None,
             "new_value": orjson.loads(h["new_value"]) if h["new_value"] else None,
             "run_id": h["run_id"], "changed_at": h["changed_at"]}
            for h in history.take(event_id)
        ]
        yield doc
