"""Read-only queries of the master database for the API (plain functions of a connection)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import orjson

from vinny.database.rows import ARTIST_FIELDS, artist_from_row, read_event
from vinny.publish.jsonld import event_jsonld
from vinny.publish.values import price_from
from vinny.slugs import slugify
from vinny.venues import registry

ORDER = "e.event_date, e.start_at IS NULL, e.start_at, e.event_id"
SUMMARY = (
    "SELECT e.event_id, e.event_date, e.start_at, e.performer, e.performers, e.event_name, "
    "e.venue, e.venue_slug, e.venue_tag, e.status, e.url, "
    "(SELECT MIN(t.min_spend) FROM table_pricing p JOIN table_pricing_tiers t "
    " ON t.event_id = p.event_id AND t.tier_id = p.tier_id "
    " WHERE p.event_id = e.event_id AND p.is_available AND t.min_spend IS NOT NULL) AS price_from, "
    "(SELECT s.r2_url FROM images i JOIN image_sizes s ON s.image_id = i.image_id "
    " WHERE i.event_id = e.event_id AND s.preset = 'main' ORDER BY i.image_id LIMIT 1) AS image "
    "FROM events e"
)


def connect(path: Path) -> sqlite3.Connection:
    """A read-only connection (one per request; FastAPI may hand it between threads), in
    autocommit mode: `read_transaction` decides where a snapshot starts and ends."""
    conn = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=10,
                           check_same_thread=False, isolation_level=None)
    conn.row_factory = sqlite3.Row
    conn.create_function("slugify", 1, lambda v: slugify(v) if v else "", deterministic=True)
    return conn


def begin_read(conn: sqlite3.Connection) -> None:
    """Start one read transaction: every query until `end_read` sees the same commit (WAL keeps
    the snapshot while writers go on), so a total matches its rows and a detail its history."""
    conn.execute("BEGIN DEFERRED")
    conn.execute("SELECT 1 FROM sqlite_master LIMIT 1")  # the snapshot is taken at the first read


def end_read(conn: sqlite3.Connection) -> None:
    if conn.in_transaction:
        conn.execute("ROLLBACK")


@contextmanager
def reading(path: Path) -> Iterator[sqlite3.Connection]:
    """A read-only connection holding one read transaction (one snapshot) until closed."""
    conn = connect(path)
    try:
        begin_read(conn)
        yield conn
    finally:
        end_read(conn)
        conn.close()


# `sort` values: a field, `-` first for descending; ties are broken by the night order.
SORTS = {
    "date": "e.event_date, e.start_at IS NULL, e.start_at",
    "-date": "e.event_date DESC, e.start_at IS NULL, e.start_at DESC",
    "updated": "e.updated_at", "-updated": "e.updated_at DESC",
    "performer": "e.performer COLLATE NOCASE", "-performer": "e.performer COLLATE NOCASE DESC",
    "price": "price_from IS NULL, price_from", "-price": "price_from IS NULL, price_from DESC",
}


@dataclass
class EventFilter:
    """What `/events` selects. `upcoming_from` hides the nights before it (None: every night);
    `include_removed` shows removed events (a `statuses` naming `removed` does too); `ids` is
    the full-text matches of `q` (None: no search)."""

    venue: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    artist: str | None = None
    ids: list[str] | None = None
    statuses: list[str] = field(default_factory=list)
    upcoming_from: date | None = None
    include_removed: bool = True
    updated_since: datetime | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.venue:
            clauses.append("(e.venue_slug = ? OR e.venue_tag = ?)")
            params += [self.venue.lower()] * 2
        if self.date_from:
            clauses.append("e.event_date >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to:
            clauses.append("e.event_date <= ?")
            params.append(self.date_to.isoformat())
        if self.upcoming_from:
            clauses.append("e.event_date >= ?")
            params.append(self.upcoming_from.isoformat())
        if self.artist:
            # Whole words of a name, accents folded: `tiesto` and `dom` both match.
            clauses.append("EXISTS (SELECT 1 FROM json_each(CASE WHEN json_valid(e.performers) "
                           "THEN e.performers ELSE '[]' END) j WHERE '-' || slugify(j.value) "
                           "|| '-' LIKE ?) OR '-' || e.artist_slug || '-' LIKE ?")
            clauses[-1] = f"({clauses[-1]})"
            params += [f"%-{slugify(self.artist)}-%"] * 2
        if self.ids is not None:
            clauses.append("e.event_id IN (SELECT value FROM json_each(?))")
            params.append(orjson.dumps(self.ids).decode())
        if self.statuses:
            clauses.append(f"e.status IN ({', '.join('?' for _ in self.statuses)})")
            params += self.statuses
        elif not self.include_removed:
            clauses.append("e.status != 'removed'")
        if self.updated_since:
            # `updated_at` is stored as UTC ISO text, so UTC text compares as instants.
            clauses.append("e.updated_at >= ?")
            params.append(self.updated_since.astimezone(UTC).isoformat())
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _summary(row: sqlite3.Row) -> dict[str, Any]:
    record = dict(row)
    record["performers"] = orjson.loads(record["performers"] or "[]")
    return record


def list_events(conn: sqlite3.Connection, filters: EventFilter, limit: int, offset: int,
                sort: str = "date") -> tuple[int, list[dict[str, Any]]]:
    where, params = filters.where()
    total = conn.execute(f"SELECT COUNT(*) FROM events e{where}", params).fetchone()[0]
    rows = conn.execute(f"{SUMMARY}{where} ORDER BY {SORTS[sort]}, {ORDER} LIMIT ? OFFSET ?",
                        [*params, limit, offset]).fetchall()
    return total, [_summary(r) for r in rows]


RECENT_CHANGES = 10


def _change(r: sqlite3.Row) -> dict[str, Any]:
    def value(text: str | None) -> Any:
        return orjson.loads(text) if text else None

    return {"event_id": r["event_id"], "field": r["field"], "old_value": value(r["old_value"]),
            "new_value": value(r["new_value"]), "run_id": r["run_id"],
            "changed_at": r["changed_at"]}


def history(conn: sqlite3.Connection, event_id: str, limit: int,
            offset: int) -> tuple[int, list[dict[str, Any]]]:
    """One page of an event's changes, oldest first, and how many it has in all."""
    total = conn.execute("SELECT COUNT(*) FROM field_changes WHERE event_id = ?",
                         (event_id,)).fetchone()[0]
    rows = conn.execute("SELECT * FROM field_changes WHERE event_id = ? ORDER BY change_id "
                        "LIMIT ? OFFSET ?", (event_id, limit, offset))
    return total, [_change(r) for r in rows]


def event_exists(conn: sqlite3.Connection, event_id: str) -> bool:
    found = conn.execute("SELECT 1 FROM events WHERE event_id = ?", (event_id,)).fetchone()
    return found is not None


def event_detail(conn: sqlite3.Connection, event_id: str,
                 rebase: Callable[[str | None], str | None] = lambda url: url,
                 ) -> dict[str, Any] | None:
    """The event's document; of its history only the `RECENT_CHANGES` newest changes (oldest
    first) and the total: an event can have a hundred thousand."""
    doc = read_event(conn, event_id)
    if doc is None:
        return None
    total = conn.execute("SELECT COUNT(*) FROM field_changes WHERE event_id = ?",
                         (event_id,)).fetchone()[0]
    recent = conn.execute("SELECT * FROM field_changes WHERE event_id = ? "
                          "ORDER BY change_id DESC LIMIT ?", (event_id, RECENT_CHANGES))
    doc["history"] = [_change(r) for r in reversed(recent.fetchall())]
    doc["history_total"] = total
    for image in doc["images"]:
        for size in image.get("sizes") or []:
            size["r2_url"] = rebase(size["r2_url"])
    return {**doc, "price_from": price_from(doc), "jsonld": event_jsonld(doc)}


def upcoming(conn: sqlite3.Connection, clause: str, params: list[Any], today: date,
             limit: int) -> list[dict[str, Any]]:
    rows = conn.execute(f"{SUMMARY} WHERE ({clause}) AND e.event_date >= ? AND "
                        f"e.status != 'removed' ORDER BY {ORDER} LIMIT ?",
                        [*params, today.isoformat(), limit])
    return [_summary(r) for r in rows]


def artist(conn: sqlite3.Connection, slug: str, today: date,
           limit: int) -> dict[str, Any] | None:
    """An artist's enrichment records and upcoming nights (headlining or not), or None if the
    catalogue has neither."""
    records = {table: artist_from_row(table, conn.execute(
        f"SELECT * FROM {table} WHERE artist_slug = ?", (slug,)).fetchone())
        for table in ARTIST_FIELDS}
    clause = ("e.artist_slug = ? OR EXISTS (SELECT 1 FROM json_each(CASE WHEN "
              "json_valid(e.performers) THEN e.performers ELSE '[]' END) j "
              "WHERE slugify(j.value) = ?)")
    name = conn.execute(f"SELECT e.performer, e.performers FROM events e WHERE {clause} "
                        "ORDER BY e.event_date DESC LIMIT 1", (slug, slug)).fetchone()
    if name is None and not any(records.values()):
        return None
    display = slug
    if name is not None:
        performers = orjson.loads(name["performers"] or "[]") or [name["performer"]]
        display = next((n for n in performers if slugify(n) == slug), name["performer"])
    return {"slug": slug, "name": display, **records,
            "upcoming": upcoming(conn, clause, [slug, slug], today, limit)}


def venues(conn: sqlite3.Connection, today: date) -> list[dict[str, Any]]:
    counts = {r["venue_slug"]: (r["upcoming"], r["total"]) for r in conn.execute(
        "SELECT venue_slug, SUM(event_date >= ? AND status != 'removed') AS upcoming, "
        "COUNT(*) AS total FROM events GROUP BY venue_slug", (today.isoformat(),))}
    listed = []
    for venue in registry().venues:
        soon, total = counts.pop(venue.slug, (0, 0))
        listed.append({"slug": venue.slug, "name": venue.name, "tag": venue.tag,
                       "category": venue.category, "resort": venue.resort,
                       "address": venue.address, "url": venue.url,
                       "upcoming_events": soon, "events": total})
    for slug, (soon, total) in sorted(counts.items()):
        listed.append({"slug": slug, "name": slug, "upcoming_events": soon, "events": total})
    return listed


def venue(conn: sqlite3.Connection, key: str, today: date, limit: int) -> dict[str, Any] | None:
    """One venue (by slug or tag, any case) with its upcoming nights, or None."""
    key = key.lower()
    found = next((v for v in venues(conn, today) if key in (v["slug"], v.get("tag"))), None)
    if found is None:
        return None
    return {**found, "upcoming": upcoming(conn, "e.venue_slug = ?", [found["slug"]], today,
                                          limit)}


def _duration(run: sqlite3.Row) -> float | None:
    if not run["finished_at"]:
        return None
    seconds = (datetime.fromisoformat(run["finished_at"])
               - datetime.fromisoformat(run["started_at"])).total_seconds()
    return round(seconds, 3)


def stats(conn: sqlite3.Connection, today: date, per_spider: int) -> dict[str, Any]:
    by_status = {r["status"]: r["n"] for r in conn.execute(
        "SELECT status, COUNT(*) AS n FROM events GROUP BY status ORDER BY status")}
    upcoming = conn.execute("SELECT COUNT(*) FROM events WHERE event_date >= ? "
                            "AND status != 'removed'", (today.isoformat(),)).fetchone()[0]
    spiders = {}
    for (spider,) in conn.execute("SELECT DISTINCT spider FROM runs ORDER BY spider").fetchall():
        spiders[spider] = [
            {"run_id": r["run_id"], "outcome": r["outcome"], "reason": r["reason"],
             "finish_reason": r["finish_reason"], "started_at": r["started_at"],
             "finished_at": r["finished_at"], "duration_seconds": _duration(r),
             "items": r["events"], "pages": r["pages"], "rejected": r["rejected"],
             "errors": r["errors"], "inserted": r["inserted"], "updated": r["updated"],
             "removed": r["removed"], "changes": r["changes"]}
            for r in conn.execute("SELECT * FROM runs WHERE spider = ? "
                                  "ORDER BY started_at DESC, run_id DESC LIMIT ?",
                                  (spider, per_spider))
        ]
    return {"events": {"total": sum(by_status.values()), "upcoming": upcoming,
                       "by_status": by_status}, "spiders": spiders}
