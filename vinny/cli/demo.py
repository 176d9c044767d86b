"""`vinny demo`: the main job on the bundled replica, one `scrapy crawl` per spider, then a
summary of the master file (events per venue, priced, pictured, enriched)."""

from __future__ import annotations

import os
import subprocess
import sys

import orjson
from scrapy.utils.project import get_project_settings

from vinny.paths import data_dir
from vinny.venues import registry


def _crawl(spiders: list[str]) -> int:
    """Run each spider as `scrapy crawl NAME` (one process each, as Scrapyd does)."""
    failures = 0
    for name in spiders:
        print(f"-- scrapy crawl {name}", flush=True)
        failures += subprocess.call([sys.executable, "-m", "scrapy", "crawl", name]) != 0
    return failures


def demo() -> int:
    """Serve the bundled replica, crawl every family against it, and summarise."""
    from vinny.dev_replica import ReplicaServer, load_catalog

    with ReplicaServer(load_catalog()) as server:
        # The crawls are child processes: they read the replica's address from the environment.
        os.environ["VINNY_REPLICA_URL"] = server.url
        print(f"replica at {server.url}", flush=True)
        failures = _crawl(list(registry().spiders))
    master = data_dir(get_project_settings()) / "master_events.json"
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
