"""`/health`: is the catalogue fresh? The last complete run of each spider, judged against the
spider's schedule (the venue registry's `schedules`, which deploy/crontab is generated from).

A spider is stale when its last complete run finished more than `MISSED_RUNS` intervals ago
(one late or failed run is tolerated, the second is not), or when it has never completed one.
Any stale spider makes the whole answer `stale` (the API then answers 503).
"""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from vinny.venues import registry

# How often each spider's run is due; a spider with no schedule in the registry is assumed daily.
SCHEDULES = {spider: schedule.every for spider, schedule in registry().schedules.items()}
DEFAULT_SCHEDULE = timedelta(days=1)
MISSED_RUNS = 2


def spider_health(conn: sqlite3.Connection, spider: str, now: datetime) -> dict[str, Any]:
    every = SCHEDULES.get(spider, DEFAULT_SCHEDULE)
    run = conn.execute("SELECT run_id, finished_at FROM runs WHERE spider = ? AND "
                       "outcome = 'complete' AND finished_at IS NOT NULL "
                       "ORDER BY finished_at DESC LIMIT 1", (spider,)).fetchone()
    age = (now - datetime.fromisoformat(run["finished_at"])).total_seconds() if run else None
    return {"spider": spider, "schedule_seconds": int(every.total_seconds()),
            "stale_after_seconds": int((every * MISSED_RUNS).total_seconds()),
            "last_complete_run": run["run_id"] if run else None,
            "last_complete_at": run["finished_at"] if run else None,
            "age_seconds": round(age) if age is not None else None,
            "stale": age is None or age > (every * MISSED_RUNS).total_seconds()}


def health(conn: sqlite3.Connection, now: datetime) -> dict[str, Any]:
    spiders = [spider_health(conn, spider, now) for spider in registry().spiders]
    events = conn.execute("SELECT COUNT(*) FROM events").fetchone()[0]
    stale = any(s["stale"] for s in spiders)
    return {"status": "stale" if stale else "ok", "events": events, "spiders": spiders}
