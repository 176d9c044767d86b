"""`vinny history`, `vinny changes`, `vinny runs`: read-only queries of the master database."""

from __future__ import annotations

import sys

import orjson
from scrapy.utils.project import get_project_settings

from vinny.paths import data_dir


def _store():
    from vinny.store.master import MasterStore

    path = data_dir(get_project_settings()) / "vinny.db"
    if not path.exists():
        print(f"no master database at {path}; run a crawl first", file=sys.stderr)
        raise SystemExit(1)
    return MasterStore(path)


def _short(value: object, width: int = 60) -> str:
    text = "—" if value is None else orjson.dumps(value).decode() if not isinstance(
        value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"


def _print_changes(changes: list[dict], with_event: bool) -> None:
    for change in changes:
        who = f"{change['event_id']}  " if with_event else ""
        print(f"{change['changed_at'][:19]}  {who}{change['field']}: "
              f"{_short(change['old_value'])} -> {_short(change['new_value'])}"
              f"  [{change['run_id']}]")


def history(event_id: str) -> int:
    """What changed in one event, when, and in which run."""
    store = _store()
    changes = store.history(event_id)
    exists = store.conn.execute("SELECT status FROM events WHERE event_id = ?",
                                (event_id,)).fetchone()
    if exists is None:
        print(f"no event {event_id!r}", file=sys.stderr)
        return 1
    print(f"{event_id} ({exists['status']}): {len(changes)} change(s)")
    _print_changes(changes, with_event=False)
    return 0


def changes(*, since: str) -> int:
    """Every change across events since a date or time (ISO 8601, UTC), oldest first."""
    rows = _store().changes_since(since)
    print(f"{len(rows)} change(s) since {since}")
    _print_changes(rows, with_event=True)
    return 0


def runs(spider: str | None = None, *, limit: int = 20) -> int:
    """Recent runs: outcome, events, changes and removals."""
    for run in _store().runs(spider, limit):
        print(f"{run['run_id']:<32} {run['outcome']:<9} events {run['events']:>5}  "
              f"changes {run['changes']:>4}  removed {run['removed']:>3}  {run['reason'] or ''}")
    return 0
