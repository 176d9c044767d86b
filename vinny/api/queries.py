"""Read-only queries of the master database for the API (plain functions of a connection)."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import orjson

from vinny.publish.jsonld import event_jsonld
from vinny.publish.values import price_from
from vinny.slugs import slugify
from vinny.store.rows import read_event
from vinny.venues import registry

MAX_TERMS = 8
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
SEARCHED = ("e.performer", "e.performers", "e.venue", "e.event_name", "e.artist_bio")


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


@dataclass
class EventFilter:
    venue: str | None = None
    date_from: date | None = None
    date_to: date | None = None
    artist: str | None = None
    q: str | None = None
    statuses: list[str] = field(default_factory=list)

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.venue:
            clauses.append("(e.venue_slug = ? OR e.venue_tag = ?)")
            params += [self.venue, self.venue]
        if self.date_from:
            clauses.append("e.event_date >= ?")
            params.append(self.date_from.isoformat())
        if self.date_to:
            clauses.append("e.event_date <= ?")
            params.append(self.date_to.isoformat())
        if self.artist:
            clauses.append("(e.artist_slug = ? OR EXISTS (SELECT 1 FROM json_each(e.performers) j "
                           "WHERE slugify(j.value) = ?))")
            params += [slugify(self.artist)] * 2
        for term in (self.q or "").split()[:MAX_TERMS]:
            pattern = "%" + term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
            clauses.append("(" + " OR ".join(f"{c} LIKE ? ESCAPE '\\'" for c in SEARCHED) + ")")
            params += [pattern] * len(SEARCHED)
        if self.statuses:
            clauses.append(f"e.status IN ({', '.join('?' for _ in self.statuses)})")
            params += self.statuses
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _summary(row: sqlite3.Row) -> dict[str, Any]:
    record = dict(row)
    record["performers"] = orjson.loads(record["performers"] or "[]")
    return record


def list_events(conn: sqlite3.Connection, filters: EventFilter, limit: int,
                offset: int) -> tuple[int, list[dict[str, Any]]]:
    where, params = filters.where()
    total = conn.execute(f"SELECT COUNT(*) FROM events e{where}", params).fetchone()[0]
    rows = conn.execute(f"{SUMMARY}{where} ORDER BY {ORDER} LIMIT ? OFFSET ?",
                        [*params, limit, offset]).fetchall()
    return total, [_summary(r) for r in rows]


def history(conn: sqlite3.Connection, event_id: str) -> list[dict[str, Any]]:
    def value(text: str | None) -> Any:
        return orjson.loads(text) if text else None

    return [{"event_id": r["event_id"], "field": r["field"], "old_value": value(r["old_value"]),
             "new_value": value(r["new_value"]), "run_id": r["run_id"],
             "changed_at": r["changed_at"]}
            for r in conn.execute("SELECT * FROM field_changes WHERE event_id = ? "
                                  "ORDER BY change_id", (event_id,))]


def event_detail(conn: sqlite3.Connection, event_id: str) -> dict[str, Any] | None:
    doc = read_event(conn, event_id)
    if doc is None:
        return None
    doc["history"] = history(conn, event_id)
    return {**doc, "price_from": price_from(doc), "jsonld": event_jsonld(doc)}


def venues(conn: sqlite3.Connection, today: date) -> list[dict[str, Any]]:
    counts = {r["venue_slug"]: (r["upcoming"], r["total"]) for r in conn.execute(
        "SELECT venue_slug, SUM(event_date >= ? AND status != 'removed') AS upcoming, "
        "COUNT(*) AS total FROM events GROUP BY venue_slug", (today.isoformat(),))}
    listed = []
    for venue in registry().venues:
        upcoming, total = counts.pop(venue.slug, (0, 0))
        listed.append({"slug": venue.slug, "name": venue.name, "tag": venue.tag,
                       "category": venue.category, "resort": venue.resort,
                       "address": venue.address, "url": venue.url,
                       "upcoming_events": upcoming, "events": total})
    for slug, (upcoming, total) in sorted(counts.items()):
        listed.append({"slug": slug, "name": slug, "upcoming_events": upcoming, "events": total})
    return listed


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
