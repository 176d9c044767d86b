"""What the dashboard shows, read from the master database (plain functions of a read-only
connection, as `vinny.api.queries`): spider health, recent runs, the change feed, a tier's
minimum spend over time."""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import orjson

from vinny.api.health import spider_health
from vinny.venues import registry

RECENT_RUNS = 20
HISTORY_SHOWN = 500
# A run takes minutes, so a spider on time can show a last run a little older than its interval.
GRACE = 1.25
_ROOT = re.compile(r"[^.\[]+")
_TIER = re.compile(r"^table_pricing\[(?P<tier>[^\]]+)\](?P<rest>.*)$")


def instant(text: str) -> datetime:
    """A stored ISO time (`Z` or an offset) as an aware datetime."""
    return datetime.fromisoformat(text)


def field_root(field: str) -> str:
    """The event field a change path starts with: `table_pricing[MAS1].tier.min_spend` ->
    `table_pricing`."""
    match = _ROOT.match(field)
    return match[0] if match else field


def spiders(conn: sqlite3.Connection) -> list[str]:
    """The registry's spiders, then any other spider that has runs."""
    known = list(registry().spiders)
    ran = [r[0] for r in conn.execute("SELECT DISTINCT spider FROM runs ORDER BY spider")]
    return known + [s for s in ran if s not in known]


def freshness(health: dict[str, Any]) -> str:
    """fresh, late (past its interval, not yet stale) or stale (as `/health` judges)."""
    if health["stale"]:
        return "stale"
    return "fresh" if health["age_seconds"] <= health["schedule_seconds"] * GRACE else "late"


def spider_status(conn: sqlite3.Connection, spider: str, now: datetime) -> dict[str, Any]:
    """`/health`'s account of the spider, its freshness and its last run of any outcome."""
    health = spider_health(conn, spider, now)
    last = conn.execute("SELECT * FROM runs WHERE spider = ? ORDER BY started_at DESC, "
                        "run_id DESC LIMIT 1", (spider,)).fetchone()
    return {**health, "state": freshness(health), "last_run": dict(last) if last else None}


def recent_runs(conn: sqlite3.Connection, spider: str,
                limit: int = RECENT_RUNS) -> list[dict[str, Any]]:
    """The spider's last `limit` runs, oldest first, each with its field coverage (empty for a
    run that stored nothing)."""
    rows = [dict(r) for r in conn.execute(
        "SELECT * FROM runs WHERE spider = ? ORDER BY started_at DESC, run_id DESC LIMIT ?",
        (spider, limit))]
    rows.reverse()
    shares: dict[str, dict[str, float]] = {r["run_id"]: {} for r in rows}
    marks = ", ".join("?" for _ in rows)
    for r in conn.execute(f"SELECT run_id, field, share FROM run_coverage "
                          f"WHERE run_id IN ({marks})", list(shares)):
        shares[r["run_id"]][r["field"]] = r["share"]
    for row in rows:
        row["coverage"] = shares[row["run_id"]]
    return rows


@dataclass(frozen=True)
class ChangeFilter:
    """The change feed's filters (None: any); `before` pages back by change id."""

    venue: str | None = None
    spider: str | None = None
    field: str | None = None
    before: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.venue:
            clauses.append("e.venue_slug = ?")
            params.append(self.venue)
        if self.spider:
            clauses.append("e.spider = ?")
            params.append(self.spider)
        if self.field:
            clauses.append("(c.field = ? OR substr(c.field, 1, ?) IN (?, ?))")
            params += [self.field, len(self.field) + 1, self.field + ".", self.field + "["]
        if self.before is not None:
            clauses.append("c.change_id < ?")
            params.append(self.before)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


def _value(text: str | None) -> Any:
    return orjson.loads(text) if text else None


def _decoded(row: sqlite3.Row) -> dict[str, Any]:
    return {**dict(row), "old_value": _value(row["old_value"]),
            "new_value": _value(row["new_value"])}


def changes(conn: sqlite3.Connection, filters: ChangeFilter,
            limit: int) -> list[dict[str, Any]]:
    """Changes newest first, each with its event's performer, night, venue and spider."""
    where, params = filters.where()
    rows = conn.execute(
        "SELECT c.change_id, c.event_id, c.field, c.old_value, c.new_value, c.run_id, "
        "c.changed_at, e.performer, e.event_date, e.venue, e.venue_slug, e.spider "
        f"FROM field_changes c LEFT JOIN events e ON e.event_id = c.event_id{where} "
        "ORDER BY c.change_id DESC LIMIT ?", [*params, limit])
    return [_decoded(r) for r in rows]


def change_options(conn: sqlite3.Connection) -> dict[str, list[str]]:
    """The values the feed's filters offer: venues and spiders with events, changed fields."""
    venues = [r[0] for r in conn.execute("SELECT DISTINCT venue_slug FROM events ORDER BY 1")]
    spider_names = [r[0] for r in conn.execute("SELECT DISTINCT spider FROM events ORDER BY 1")]
    fields = sorted({field_root(r[0]) for r in conn.execute(
        "SELECT DISTINCT field FROM field_changes")})
    return {"venue": venues, "spider": spider_names, "field": fields}


def event_history(conn: sqlite3.Connection, event_id: str,
                  limit: int = HISTORY_SHOWN) -> tuple[int, list[dict[str, Any]]]:
    """How many changes the event has, and its newest `limit`, oldest first (an event can
    have a hundred thousand)."""
    total = conn.execute("SELECT COUNT(*) FROM field_changes WHERE event_id = ?",
                         (event_id,)).fetchone()[0]
    rows = conn.execute("SELECT * FROM field_changes WHERE event_id = ? "
                        "ORDER BY change_id DESC LIMIT ?", (event_id, limit)).fetchall()
    return total, [_decoded(r) for r in reversed(rows)]


def pricing_history(conn: sqlite3.Connection, event_id: str) -> list[dict[str, Any]]:
    """Every change of the event's table pricing, oldest first."""
    return [_decoded(r) for r in conn.execute(
        "SELECT * FROM field_changes WHERE event_id = ? AND field LIKE 'table_pricing[%' "
        "ORDER BY change_id", (event_id,))]


@dataclass(frozen=True)
class Step:
    """One change of a tier's minimum spend; `appeared`: the whole tier came with it."""

    at: str
    old: Any
    new: Any
    appeared: bool


def _amount(record: Any) -> Any:
    tier = record.get("tier") if isinstance(record, dict) else None
    return tier.get("min_spend") if isinstance(tier, dict) else None


def tier_steps(history: list[dict[str, Any]],
               ) -> tuple[dict[str, list[Step]], dict[str, str | None]]:
    """The changes of each tier's minimum spend, oldest first, and the names of tiers that
    went (their name is only in the history)."""
    steps: dict[str, list[Step]] = {}
    names: dict[str, str | None] = {}
    for change in history:
        match = _TIER.match(change["field"])
        if not match:
            continue
        old, new = change["old_value"], change["new_value"]
        if match["rest"] == "":  # the whole tier appeared or went
            step = Step(change["changed_at"], _amount(old), _amount(new), old is None)
            names[match["tier"]] = ((old or new or {}).get("tier") or {}).get("tier_name")
        elif match["rest"] == ".tier.min_spend":
            step = Step(change["changed_at"], old, new, False)
        else:
            continue
        steps.setdefault(match["tier"], []).append(step)
    return steps, names


def tier_series(conn: sqlite3.Connection, doc: dict[str, Any],
                history: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Per table tier, its minimum spend over time: the amount when the event was first stored
    (unless the tier came later), one point per change, and the amount when last fetched by a
    later run. A tier that went ends on None."""
    # Stored times throughout: a run stores its events (and their changes) as it closes, so a
    # tier fetched after the last stored point was fetched again by a later run.
    first = conn.execute("SELECT COALESCE(r.finished_at, r.started_at) AS at FROM events e "
                         "JOIN runs r ON r.run_id = e.first_seen_run WHERE e.event_id = ?",
                         (doc["event_id"],)).fetchone()
    current = {p["tier_id"]: p for p in doc["table_pricing"]}
    steps, names = tier_steps(history)
    names.update({t: (p.get("tier") or {}).get("tier_name") for t, p in current.items()})
    series = []
    for tier_id in sorted({*current, *steps}):
        changes = steps.get(tier_id, [])
        points: list[dict[str, Any]] = []
        if first is not None and not (changes and changes[0].appeared):
            opening = changes[0].old if changes else _amount(current[tier_id])
            points.append({"at": first["at"], "min_spend": opening})
        points += [{"at": step.at, "min_spend": step.new} for step in changes]
        seen = current.get(tier_id, {}).get("fetched_at")
        if seen and points and instant(seen) > instant(points[-1]["at"]):
            points.append({"at": seen, "min_spend": points[-1]["min_spend"]})
        series.append({"tier_id": tier_id, "tier_name": names.get(tier_id) or tier_id,
                       "points": points})
    return series
