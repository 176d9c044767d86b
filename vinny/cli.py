"""The `vinny` command line (Cyclopts)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Annotated

import orjson
from cyclopts import App, Parameter

from vinny.cli_schedule import SPIDERS
from vinny.paths import default_data_dir
from vinny.venues import registry

app = App(name="vinny", help="Las Vegas nightlife events: crawl, store, publish.")
replica_app = App(name="replica", help="The bundled offline copy of the venue sites.")
app.command(replica_app)
app.command("vinny.cli_export:export", help="Regenerate the exports from the master database.")
app.command("vinny.cli_serve:serve", help="Serve the read API (FastAPI) on uvicorn.")
app.command("vinny.cli_scrape:scrape", help="Crawl spiders or venues in this process.")
app.command("vinny.cli_schedule:schedule", name="schedule")
app.command("vinny.cli_enrich:enrich_app", name="enrich")



def spider_for(target: str) -> str:
    """A spider name from a spider name, a venue slug or a venue tag."""
    if target in SPIDERS:
        return target
    for venue in registry().venues:
        if target in (venue.slug, venue.tag):
            return venue.family
    raise ValueError(f"unknown spider or venue {target!r}; spiders: {', '.join(SPIDERS)}")


def _crawl(spiders: list[str]) -> int:
    """Run each spider as `scrapy crawl NAME` (one process each, as Scrapyd does)."""
    failures = 0
    for name in spiders:
        print(f"-- scrapy crawl {name}", flush=True)
        failures += subprocess.call([sys.executable, "-m", "scrapy", "crawl", name]) != 0
    return failures


@app.command
def demo() -> int:
    """Serve the bundled replica, crawl all three families against it, and summarise."""
    from vinny.dev_replica import ReplicaServer, load_catalog

    with ReplicaServer(load_catalog()) as server:
        os.environ["VINNY_REPLICA_URL"] = server.url
        print(f"replica at {server.url}", flush=True)
        failures = _crawl(list(SPIDERS))
    master = default_data_dir() / "master_events.json"
    events = orjson.loads(master.read_bytes()) if master.exists() else []
    by_venue: dict[str, int] = {}
    for event in events:
        by_venue[event["venue"]] = by_venue.get(event["venue"], 0) + 1
    print(f"\n{len(events)} events in {master}")
    for venue, count in sorted(by_venue.items()):
        print(f"  {count:4d}  {venue}")
    priced = sum(1 for e in events if e.get("table_pricing"))
    pictured = sum(1 for e in events if e.get("images"))
    enriched = {e["performer"] for e in events if (e.get("enrichment_status") or {}).get(
        "resident_advisor") or (e.get("enrichment_status") or {}).get("spotify")}
    print(f"{priced} with table pricing, {pictured} with stored images, "
          f"{len(enriched)} artists enriched; exports in {master.parent / 'exports'}")
    return 1 if failures else 0


def _store():
    from vinny.store.master import MasterStore

    path = default_data_dir() / "vinny.db"
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


@app.command
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


@app.command
def changes(*, since: str) -> int:
    """Every change across events since a date or time (ISO 8601, UTC), oldest first."""
    rows = _store().changes_since(since)
    print(f"{len(rows)} change(s) since {since}")
    _print_changes(rows, with_event=True)
    return 0


@app.command
def runs(spider: str | None = None, *, limit: int = 20) -> int:
    """Recent runs: outcome, events, changes and removals."""
    for run in _store().runs(spider, limit):
        print(f"{run['run_id']:<32} {run['outcome']:<9} events {run['events']:>5}  "
              f"changes {run['changes']:>4}  removed {run['removed']:>3}  {run['reason'] or ''}")
    return 0


@replica_app.command
def serve(
    *,
    host: str = "127.0.0.1",
    port: int = 8765,
    catalog: Path | None = None,
    generate: Annotated[int, Parameter(help="serve N generated events instead")] = 0,
    seed: int = 1,
) -> None:
    """Serve the replica until interrupted."""
    from vinny.dev_replica import replica_main

    args = ["serve", "--host", host, "--port", str(port), "--seed", str(seed)]
    if catalog:
        args += ["--catalog", str(catalog)]
    if generate:
        args += ["--generate", str(generate)]
    replica_main(args)


def main() -> None:
    result = app()
    sys.exit(result if isinstance(result, int) else 0)


if __name__ == "__main__":
    main()
