"""An event's JSON document (`VegasEvent.json_dict()`) <-> its rows in the entity tables."""

from __future__ import annotations

import sqlite3
from typing import Any, get_origin

import orjson
from pydantic import BaseModel

from vinny.models import (
    STATUS_FLAGS,
    ArtistStats,
    ImageMetadata,
    ImageSize,
    SocialLinks,
    StreamingLinks,
    TablePricingTier,
    VegasEvent,
)
from vinny.slugs import slugify

CHILD_FIELDS = ("table_pricing", "images", "enrichment_status")
ARTIST_FIELDS = ("artist_stats", "streaming_links", "social_links")


def _stored(model: type[BaseModel], *leave_out: str) -> tuple[str, ...]:
    """A model's stored fields, in declaration order: the columns follow the data model."""
    return tuple(name for name, info in model.model_fields.items()
                 if not info.exclude and name not in leave_out)


# The model is the one declaration of each field; the DDL is held to it by tests/test_field_parity.
EVENT_FIELDS = _stored(VegasEvent, *CHILD_FIELDS, *ARTIST_FIELDS)
JSON_FIELDS = frozenset(name for name in EVENT_FIELDS  # lists are stored as JSON text
                        if get_origin(VegasEvent.model_fields[name].annotation) is list)
TIER_COLUMNS = _stored(TablePricingTier, "tier_id")
IMAGE_COLUMNS = _stored(ImageMetadata, "sizes")
SIZE_COLUMNS = _stored(ImageSize)
ARTIST_COLUMNS = {"artist_stats": _stored(ArtistStats), "streaming_links": _stored(StreamingLinks),
                  "social_links": _stored(SocialLinks)}
KNOWN_FIELDS = frozenset((*EVENT_FIELDS, *CHILD_FIELDS, *ARTIST_FIELDS, "history"))


def dumps(value: Any) -> str:
    return orjson.dumps(value).decode()


def _upsert_sql(table: str, columns: tuple[str, ...], key: tuple[str, ...]) -> str:
    updates = ", ".join(f"{c} = excluded.{c}" for c in columns if c not in key)
    return (f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
            f"({', '.join('?' for _ in columns)}) ON CONFLICT ({', '.join(key)}) DO "
            + (f"UPDATE SET {updates}" if updates else "NOTHING"))


STATUS_COLUMNS = ("event_id", *STATUS_FLAGS, "errors")
_STATUS_UPSERT = _upsert_sql("enrichment_status", STATUS_COLUMNS, ("event_id",))
_EVENT_COLUMNS = (*EVENT_FIELDS, "artist_slug", "content_hash", "updated_at", "first_seen_run")
_EVENT_UPSERT = _upsert_sql("events", _EVENT_COLUMNS, ("event_id",)).replace(
    ", first_seen_run = excluded.first_seen_run", "")


def write_event(conn: sqlite3.Connection, doc: dict[str, Any], content_hash: str, now: str,
                run_id: str) -> None:
    """Upsert the event and replace its pricing, images and enrichment status rows."""
    unknown = set(doc) - KNOWN_FIELDS
    if unknown:
        raise ValueError(f"fields with no column: {sorted(unknown)}")
    values = [dumps(doc.get(f) or []) if f in JSON_FIELDS else doc.get(f) for f in EVENT_FIELDS]
    conn.execute(_EVENT_UPSERT, [*values, slugify(doc["performer"]), content_hash, now, run_id])
    event_id = doc["event_id"]
    _write_pricing(conn, event_id, doc.get("table_pricing") or [])
    _write_images(conn, event_id, doc.get("images") or [])
    status = doc.get("enrichment_status")
    if status:
        conn.execute(_STATUS_UPSERT, (event_id, *(int(bool(status.get(f))) for f in STATUS_FLAGS),
                                      dumps(status.get("errors") or {})))
    for field in ARTIST_FIELDS:
        if doc.get(field):
            write_artist_record(conn, field, doc[field])


def write_artist_record(conn: sqlite3.Connection, table: str, record: dict[str, Any]) -> None:
    columns = ARTIST_COLUMNS[table]
    values = [dumps(record.get(c) or []) if c == "genres" else record.get(c) for c in columns]
    conn.execute(_upsert_sql(table, columns, ("artist_slug",)), values)


def _write_pricing(conn: sqlite3.Connection, event_id: str,
                   pricing: list[dict[str, Any]]) -> None:
    conn.execute("DELETE FROM table_pricing WHERE event_id = ?", (event_id,))
    conn.execute("DELETE FROM table_pricing_tiers WHERE event_id = ?", (event_id,))
    for row in pricing:
        tier = row.get("tier") or {}
        conn.execute(
            "INSERT INTO table_pricing (event_id, tier_id, fetched_at, is_available) "
            "VALUES (?, ?, ?, ?)",
            (event_id, row["tier_id"], row["fetched_at"], int(bool(row["is_available"]))))
        conn.execute(
            "INSERT INTO table_pricing_tiers (event_id, tier_id, "
            f"{', '.join(TIER_COLUMNS)}) VALUES (?, ?, {', '.join('?' for _ in TIER_COLUMNS)})",
            (event_id, row["tier_id"], *(tier.get(c) for c in TIER_COLUMNS)))


def _write_images(conn: sqlite3.Connection, event_id: str,
                  images: list[dict[str, Any]]) -> None:
    conn.execute("DELETE FROM image_sizes WHERE image_id IN "
                 "(SELECT image_id FROM images WHERE event_id = ?)", (event_id,))
    conn.execute("DELETE FROM images WHERE event_id = ?", (event_id,))
    for image in images:
        conn.execute(_upsert_sql("images", IMAGE_COLUMNS, ("image_id",)),
                     [image.get(c) for c in IMAGE_COLUMNS])
        for size in image.get("sizes") or []:
            conn.execute(_upsert_sql("image_sizes", SIZE_COLUMNS, ("image_id", "preset")),
                         [size.get(c) for c in SIZE_COLUMNS])


def event_from_row(row: sqlite3.Row) -> dict[str, Any]:
    doc = {f: row[f] for f in EVENT_FIELDS}
    for field in JSON_FIELDS:
        doc[field] = orjson.loads(doc[field]) if doc[field] else []
    return doc


def pricing_from_rows(rows: list[sqlite3.Row]) -> list[dict[str, Any]]:
    return [
        {"event_id": r["event_id"], "tier_id": r["tier_id"], "fetched_at": r["fetched_at"],
         "is_available": bool(r["is_available"]),
         "tier": {"tier_id": r["tier_id"], **{c: r[c] for c in TIER_COLUMNS}}}
        for r in rows
    ]


def image_from_rows(image: sqlite3.Row, sizes: list[sqlite3.Row]) -> dict[str, Any]:
    return {**{c: image[c] for c in IMAGE_COLUMNS},
            "sizes": [{c: s[c] for c in SIZE_COLUMNS} for s in sizes]}


def status_from_row(row: sqlite3.Row | None, event_id: str) -> dict[str, Any]:
    flags = {flag: bool(row[flag]) if row is not None else False for flag in STATUS_FLAGS}
    errors = orjson.loads(row["errors"] or "{}") if row is not None else {}
    return {"event_id": event_id, **flags, "errors": errors}


def artist_from_row(table: str, row: sqlite3.Row | None) -> dict[str, Any] | None:
    if row is None:
        return None
    record = {c: row[c] for c in ARTIST_COLUMNS[table]}
    if "genres" in record:
        record["genres"] = orjson.loads(record["genres"] or "[]")
    return record


PRICING_QUERY = (
    "SELECT p.event_id, p.tier_id, p.fetched_at, p.is_available, "
    f"{', '.join('t.' + c for c in TIER_COLUMNS)} FROM table_pricing p "
    "JOIN table_pricing_tiers t ON t.event_id = p.event_id AND t.tier_id = p.tier_id"
)


def read_event(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    """The stored document of one event (as `VegasEvent.json_dict()` gives it), or None."""
    row = conn.execute("SELECT * FROM events WHERE event_id = ?", (event_id,)).fetchone()
    if row is None:
        return None
    doc = event_from_row(row)
    doc["table_pricing"] = pricing_from_rows(conn.execute(
        f"{PRICING_QUERY} WHERE p.event_id = ? ORDER BY p.tier_id", (event_id,)).fetchall())
    doc["images"] = [
        image_from_rows(image, conn.execute(
            "SELECT * FROM image_sizes WHERE image_id = ? ORDER BY preset",
            (image["image_id"],)).fetchall())
        for image in conn.execute(
            "SELECT * FROM images WHERE event_id = ? ORDER BY image_id", (event_id,))
    ]
    doc["enrichment_status"] = status_from_row(conn.execute(
        "SELECT * FROM enrichment_status WHERE event_id = ?", (event_id,)).fetchone(), event_id)
    artist = row["artist_slug"]
    for table in ARTIST_FIELDS:
        doc[table] = artist_from_row(table, conn.execute(
            f"SELECT * FROM {table} WHERE artist_slug = ?", (artist,)).fetchone())
    return doc
