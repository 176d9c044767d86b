"""`vinny history`, `vinny changes`, `vinny runs`: read-only queries of the master database.

Each prints a table, or with `--json` one JSON array on stdout. `--since` is an ISO 8601 date
(midnight UTC) or date and time (UTC unless it carries an offset), compared as an instant;
anything else is refused with exit 2. Table-pricing changes name the tier
(`table_pricing[Main Floor (MAS224)]`), not only its code.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Annotated, Any, NotRequired

import orjson
from cyclopts import Parameter

from vinny.addons import project_settings
from vinny.cli.errors import CliError
from vinny.paths import data_dir

if TYPE_CHECKING:  # the store is imported when a command runs
    from vinny.database.master import FieldChange, MasterStore

    class NamedChange(FieldChange):
        """A change whose table-pricing field names its tier."""

        tier_name: NotRequired[str]

JSON = Annotated[bool, Parameter(help="print one JSON array instead of a table", negative=())]
TIER = re.compile(r"^table_pricing\[([^\]]+)\]")


def _store() -> MasterStore:
    from vinny.database.master import MasterStore

    path = data_dir(project_settings()) / "vinny.db"
    if not path.exists():
        raise CliError(f"no master database at {path}; run a crawl first")
    return MasterStore(path)


def parse_since(text: str) -> datetime:
    """An ISO 8601 date or datetime as an aware instant (UTC when no offset is given)."""
    try:
        when = datetime.fromisoformat(text)
    except ValueError:
        raise CliError(f"--since {text!r} is not an ISO 8601 date or date and time "
                       "(e.g. 2026-12-06 or 2026-12-06T23:00:00-08:00)", 2) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


def _short(value: object, width: int = 60) -> str:
    text = "—" if value is None else orjson.dumps(value).decode() if not isinstance(
        value, str) else value
    return text if len(text) <= width else text[: width - 1] + "…"


# (event id, tier code): a change's value may lack its code (the stored rows never do).
TierKey = tuple[str, str | None]


def tier_names(store: MasterStore, changes: list[FieldChange]) -> dict[TierKey, str]:
    """{(event id, tier code): tier name} from the changes themselves and the stored events."""
    names: dict[TierKey, str] = {}
    for change in changes:
        for value in (change["old_value"], change["new_value"]):
            if isinstance(value, dict) and (tier := value.get("tier")):
                names[change["event_id"], value.get("tier_id")] = tier.get("tier_name")
    from vinny.database.rows import read_event

    for event_id in {c["event_id"] for c in changes if TIER.match(c["field"])}:
        event = read_event(store.conn, event_id) or {}
        for row in event.get("table_pricing") or ():
            names.setdefault((event_id, row["tier_id"]), row["tier"]["tier_name"])
    return names


def _named(change: FieldChange, names: dict[TierKey, str]) -> FieldChange | NamedChange:
    match = TIER.match(change["field"])
    name = names.get((change["event_id"], match.group(1))) if match else None
    if match is None or not name:
        return change
    return {**change, "field": TIER.sub(f"table_pricing[{name} ({match.group(1)})]",
                                        change["field"]), "tier_name": name}


def _show_changes(store: MasterStore, changes: list[FieldChange], heading: str,
                  with_event: bool, json: bool) -> int:
    """The changes with their tiers named: as JSON, or a heading and one line each."""
    names = tier_names(store, changes)
    named = [_named(c, names) for c in changes]
    if json:
        _dump(named)
        return 0
    print(heading.format(count=len(named)))
    for change in named:
        who = f"{change['event_id']}  " if with_event else ""
        print(f"{change['changed_at'][:19]}  {who}{change['field']}: "
              f"{_short(change['old_value'])} -> {_short(change['new_value'])}"
              f"  [{change['run_id']}]")
    return 0


def _dump(rows: Sequence[Mapping[str, Any]]) -> None:
    print(orjson.dumps(rows).decode())


def history(event_id: Annotated[str, Parameter(help="the event id, e.g. "
                                               "2026-05-02-dom-dolla-liv-las-vegas")],
            *, json: JSON = False) -> int:
    """What changed in one event, when, and in which run."""
    store = _store()
    exists = store.conn.execute("SELECT status FROM events WHERE event_id = ?",
                                (event_id,)).fetchone()
    if exists is None:
        raise CliError(f"no event {event_id!r}")
    return _show_changes(store, store.history(event_id),
                         f"{event_id} ({exists['status']}): {{count}} change(s)",
                         with_event=False, json=json)


def changes(*, since: Annotated[str, Parameter(
        help="ISO 8601 date (midnight UTC) or date and time, with an offset or in UTC")],
            json: JSON = False) -> int:
    """Every change across events since a date or an instant, oldest first."""
    when = parse_since(since)
    store = _store()
    # The store compares text: from the instant's UTC date on, then filtered here as instants.
    rows = [r for r in store.changes_since(when.astimezone(UTC).date().isoformat())
            if datetime.fromisoformat(r["changed_at"]) >= when]
    return _show_changes(store, rows, f"{{count}} change(s) since {when.isoformat()}",
                         with_event=True, json=json)


def runs(spider: Annotated[str | None, Parameter(help="only this spider's runs")] = None, *,
         limit: Annotated[int, Parameter(help="how many runs, newest first")] = 20,
         json: JSON = False) -> int:
    """Recent runs: outcome, events, changes and removals."""
    if spider is not None:
        from vinny.venues import registry

        if spider not in registry().spiders:
            raise CliError(f"unknown spider {spider!r}; spiders: "
                           f"{', '.join(registry().spiders)}", 2)
    rows = _store().runs(spider, limit)
    if json:
        _dump(rows)
        return 0
    for run in rows:
        print(f"{run['run_id']:<32} {run['outcome']:<9} events {run['events']:>5}  "
              f"changes {run['changes']:>4}  removed {run['removed']:>3}  {run['reason'] or ''}")
    return 0
