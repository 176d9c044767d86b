"""`master_events.json`: the catalogue as one JSON array sorted by `event_id`.

Merged by `event_id` with what is already there, under a file lock (three spiders may close
at once), and replaced atomically (temporary file, then rename), so a crash mid-write leaves
the previous file intact. Each changed field of an event is appended to its `history`.
"""

from __future__ import annotations

import fcntl
import os
import tempfile
from collections.abc import Iterable
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson

from vinny.merge import is_empty

# Fields that change on every run and say nothing about the event.
UNTRACKED = frozenset({"scraped_at", "history", "source_urls", "enrichment_status"})


@contextmanager
def locked(path: Path):
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(path.suffix + ".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def read_master(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        return []
    return orjson.loads(path.read_bytes())


def write_atomic(path: Path, payload: bytes) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def apply_run(
    stored: dict[str, Any] | None, incoming: dict[str, Any], run_id: str, now: datetime
) -> tuple[dict[str, Any], int]:
    """The stored event updated with a run's account of it; returns (event, changes)."""
    if stored is None:
        return {**incoming, "history": []}, 0
    merged = dict(stored)
    history = list(stored.get("history", []))
    for field, value in incoming.items():
        if field in ("history",) or is_empty(value):
            continue
        old = stored.get(field)
        if old != value and field not in UNTRACKED:
            history.append(
                {
                    "event_id": stored["event_id"],
                    "field": field,
                    "old_value": old,
                    "new_value": value,
                    "run_id": run_id,
                    "changed_at": now.isoformat(),
                }
            )
        merged[field] = value
    changes = len(history) - len(stored.get("history", []))
    merged["history"] = history
    return merged, changes


def merge_into_master(
    path: Path, events: Iterable[dict[str, Any]], run_id: str
) -> dict[str, int]:
    """Merge one run's events into the master file; return counts of inserts/updates/unchanged."""
    counts = {"inserted": 0, "updated": 0, "unchanged": 0, "changes": 0}
    now = datetime.now(UTC)
    with locked(path):
        by_id = {event["event_id"]: event for event in read_master(path)}
        for incoming in events:
            stored = by_id.get(incoming["event_id"])
            by_id[incoming["event_id"]], changes = apply_run(stored, incoming, run_id, now)
            key = "inserted" if stored is None else ("updated" if changes else "unchanged")
            counts[key] += 1
            counts["changes"] += changes
        ordered = [by_id[event_id] for event_id in sorted(by_id)]
        write_atomic(path, orjson.dumps(ordered, option=orjson.OPT_INDENT_2))
    return counts
