"""MasterStore: upserts with field-level history, runs, and removal of vanished events."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from itertools import islice
from pathlib import Path
from typing import Any, TypedDict

import orjson

from vinny.database.db import connect, transaction
from vinny.database.diff import Change, content_hash, diff
from vinny.database.pages import PageRow, record_pages
from vinny.database.rows import dumps, read_event, write_event
from vinny.merge import is_empty
from vinny.outcome import COMPLETE, HISTORY, HISTORY_RUNS, History

# A vanished upcoming event is marked removed after this many consecutive complete crawls.
MISSES_BEFORE_REMOVAL = 2


@dataclass(frozen=True)
class Applied:
    verdict: str  # inserted, updated or unchanged
    changes: list[Change]


class FieldChange(TypedDict):
    """One row of an event's history, its values decoded from JSON."""

    event_id: str
    field: str
    old_value: Any
    new_value: Any
    run_id: str
    changed_at: str


def merge_run(stored: dict[str, Any], incoming: dict[str, Any]) -> dict[str, Any]:
    """The stored event updated by a run: what the run could not obtain keeps its stored value."""
    merged = dict(stored)
    for field, value in incoming.items():
        if not is_empty(value) or field not in stored:
            merged[field] = value
    return merged


def now_iso() -> str:
    return datetime.now(UTC).isoformat()


class MasterStore:
    def __init__(self, path: Path):
        self.path = path
        self.conn = connect(path)

    def close(self) -> None:
        self.conn.close()

    # -- events -----------------------------------------------------------------------------

    def apply(self, doc: dict[str, Any], run_id: str) -> Applied:
        """Compare one event with what is stored and upsert it, in one transaction."""
        with transaction(self.conn):
            return self._apply(doc, run_id)

    def apply_many(self, docs: Iterable[dict[str, Any]], run_id: str,
                   batch: int = 500) -> Iterator[Applied]:
        """`apply` for many events, `batch` to a transaction (writers of other runs interleave)."""
        docs = iter(docs)
        while chunk := list(islice(docs, batch)):
            with transaction(self.conn):
                results = [self._apply(doc, run_id) for doc in chunk]
            yield from results

    def _apply(self, doc: dict[str, Any], run_id: str) -> Applied:
        incoming_hash = content_hash(doc)
        conn = self.conn
        row = conn.execute("SELECT content_hash FROM events WHERE event_id = ?",
                           (doc["event_id"],)).fetchone()
        if row is None:
            write_event(conn, doc, incoming_hash, now_iso(), run_id)
            return Applied("inserted", [])
        if row["content_hash"] == incoming_hash:
            return Applied("unchanged", [])
        stored = read_event(conn, doc["event_id"])
        assert stored is not None  # its row was read above, in this transaction
        merged = merge_run(stored, doc)
        merged_hash = content_hash(merged)
        if merged_hash == row["content_hash"]:
            return Applied("unchanged", [])
        changes = diff(stored, merged)
        write_event(conn, merged, merged_hash, now_iso(), run_id)
        self._record(conn, doc["event_id"], changes, run_id)
        return Applied("updated" if changes else "unchanged", changes)

    def _record(self, conn: sqlite3.Connection, event_id: str, changes: Iterable[Change],
                run_id: str) -> None:
        at = now_iso()
        conn.executemany(
            "INSERT INTO field_changes (event_id, field, old_value, new_value, run_id, changed_at)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [(event_id, c.field, dumps(c.old_value), dumps(c.new_value), run_id, at)
             for c in changes])

    def record_pages(self, rows: Iterable[PageRow]) -> None:
        with transaction(self.conn) as conn:
            record_pages(conn, rows)

    # -- runs -------------------------------------------------------------------------------

    def begin_run(self, run_id: str, spider: str) -> None:
        """Open a run. The caller holds the spider's run lock, so another run of the spider
        still marked running was killed: it did not complete."""
        with transaction(self.conn) as conn:
            conn.execute("UPDATE runs SET outcome = 'failed', reason = 'interrupted' "
                         "WHERE spider = ? AND outcome = 'running' AND run_id != ?",
                         (spider, run_id))
            conn.execute("INSERT OR IGNORE INTO runs (run_id, spider, started_at) VALUES (?, ?, ?)",
                         (run_id, spider, now_iso()))

    def run_history(self, spider: str, run_id: str, limit: int = HISTORY_RUNS) -> History:
        """The spider's last complete or degraded runs before `run_id`: events and coverage."""
        marks = ", ".join("?" for _ in HISTORY)
        rows = self.conn.execute(
            f"SELECT run_id, events FROM runs WHERE spider = ? AND run_id != ? "
            f"AND outcome IN ({marks}) ORDER BY started_at DESC LIMIT ?",
            (spider, run_id, *HISTORY, int(limit))).fetchall()
        shares: dict[str, dict[str, float]] = {row["run_id"]: {} for row in rows}
        for row in self.conn.execute(
                f"SELECT run_id, field, share FROM run_coverage WHERE run_id IN "
                f"({', '.join('?' for _ in rows)})", [row["run_id"] for row in rows]):
            shares[row["run_id"]][row["field"]] = row["share"]
        return History(events=[row["events"] for row in rows],
                       coverage=[shares[row["run_id"]] for row in rows if shares[row["run_id"]]])

    def finish_run(self, run_id: str, spider: str, outcome: str, summary: dict[str, Any],
                   seen: Iterable[str], venue_slugs: Iterable[str], today: date,
                   covered: dict[str, float] | None = None) -> dict[str, Any]:
        """Close the run; after a complete crawl, count misses and remove what vanished twice.

        Only venues that showed at least one event this run are judged: a venue that came back
        empty is a partial crawl of that venue, not a night of cancellations. A run that
        overlapped another run of its spider counts no miss: neither saw the site alone.
        """
        seen = list(seen)
        counts: dict[str, Any] = {"removed": 0, "overlapped": []}
        reason = summary.get("reason")
        with transaction(self.conn) as conn:
            conn.execute("CREATE TEMP TABLE IF NOT EXISTS seen_events (event_id TEXT PRIMARY KEY)")
            conn.execute("DELETE FROM seen_events")
            conn.executemany("INSERT OR IGNORE INTO seen_events VALUES (?)", [(e,) for e in seen])
            conn.execute("UPDATE events SET missed_runs = 0 WHERE missed_runs > 0 "
                         "AND event_id IN (SELECT event_id FROM seen_events)")
            finished = now_iso()
            counts["overlapped"] = self._overlapping(conn, run_id, spider, finished)
            if outcome == COMPLETE and counts["overlapped"]:
                reason = (f"{reason}; " if reason else "") + (
                    f"misses not counted: overlapped {', '.join(counts['overlapped'])}")
            elif outcome == COMPLETE:
                counts["removed"] = self._count_misses(conn, run_id, list(venue_slugs), today)
            conn.executemany(
                "INSERT OR REPLACE INTO run_coverage (run_id, field, share) VALUES (?, ?, ?)",
                [(run_id, name, share) for name, share in (covered or {}).items()])
            conn.execute(
                "UPDATE runs SET finished_at = ?, outcome = ?, finish_reason = ?, pages = ?, "
                "events = ?, rejected = ?, errors = ?, inserted = ?, updated = ?, unchanged = ?, "
                "removed = ?, changes = ?, reason = ? WHERE run_id = ?",
                (finished, outcome, summary.get("finish_reason"), summary.get("pages", 0),
                 summary.get("events", 0), summary.get("rejected", 0), summary.get("errors", 0),
                 summary.get("inserted", 0), summary.get("updated", 0),
                 summary.get("unchanged", 0), counts["removed"], summary.get("changes", 0),
                 reason, run_id))
        return counts

    def _overlapping(self, conn: sqlite3.Connection, run_id: str, spider: str,
                     finished: str) -> list[str]:
        """Other runs of the spider that were running at some moment of this one."""
        return [row["run_id"] for row in conn.execute(
            "SELECT other.run_id FROM runs AS other, runs AS this WHERE this.run_id = ? "
            "AND other.spider = ? AND other.run_id != this.run_id AND other.started_at < ? "
            "AND (other.outcome = 'running' OR other.finished_at > this.started_at) "
            "ORDER BY other.started_at", (run_id, spider, finished))]

    def _count_misses(self, conn: sqlite3.Connection, run_id: str, venue_slugs: list[str],
                      today: date) -> int:
        covered = [v for (v,) in conn.execute(
            "SELECT DISTINCT venue_slug FROM events WHERE event_id IN "
            "(SELECT event_id FROM seen_events)") if v in venue_slugs]
        if not covered:
            return 0
        marks = ", ".join("?" for _ in covered)
        scope = (f"venue_slug IN ({marks}) AND event_date >= ? AND status != 'removed' "
                 "AND event_id NOT IN (SELECT event_id FROM seen_events)")
        params = (*covered, today.isoformat())
        conn.execute(f"UPDATE events SET missed_runs = missed_runs + 1 WHERE {scope}", params)
        vanished = [row["event_id"] for row in conn.execute(
            f"SELECT event_id FROM events WHERE {scope} AND missed_runs >= ?",
            (*params, MISSES_BEFORE_REMOVAL))]
        for event_id in vanished:
            stored = read_event(conn, event_id)
            assert stored is not None  # selected from events above, in this transaction
            old_status, stored["status"] = stored["status"], "removed"
            write_event(conn, stored, content_hash(stored), now_iso(), run_id)
            self._record(conn, event_id, [Change("status", old_status, "removed")], run_id)
        return len(vanished)

    # -- reading ----------------------------------------------------------------------------

    def history(self, event_id: str) -> list[FieldChange]:
        return [_change_dict(r) for r in self.conn.execute(
            "SELECT * FROM field_changes WHERE event_id = ? ORDER BY change_id", (event_id,))]

    def changes_since(self, since: str) -> list[FieldChange]:
        return [_change_dict(r) for r in self.conn.execute(
            "SELECT * FROM field_changes WHERE changed_at >= ? ORDER BY change_id", (since,))]

    def runs(self, spider: str | None = None, limit: int = 20) -> list[dict[str, Any]]:
        query = "SELECT * FROM runs" + (" WHERE spider = ?" if spider else "")
        params = (spider,) if spider else ()
        return [dict(r) for r in self.conn.execute(
            f"{query} ORDER BY started_at DESC LIMIT {int(limit)}", params)]


def _change_dict(row: sqlite3.Row) -> FieldChange:
    return {"event_id": row["event_id"], "field": row["field"],
            "old_value": orjson.loads(row["old_value"]) if row["old_value"] else None,
            "new_value": orjson.loads(row["new_value"]) if row["new_value"] else None,
            "run_id": row["run_id"], "changed_at": row["changed_at"]}
