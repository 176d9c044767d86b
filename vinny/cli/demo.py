"""`vinny demo`: the main job on the bundled replica: every spider crawled in this process
against it (as `vinny scrape` does: a progress line, Scrapy's log only with `--verbose`), then
the scrape summary (new / changed / removed / rejected, paths written) and one of the master
file (events per venue, priced, pictured, enriched), and where to open the dashboard. Exit 1
if any run failed."""

from __future__ import annotations

import os
import textwrap
from typing import Annotated

import orjson
from cyclopts import Parameter

from vinny.venues import registry


def demo(*, verbose: Annotated[bool, Parameter(help="Scrapy's full log (INFO) on stderr")
                               ] = False) -> int:
    """Serve the bundled replica, crawl every family against it, and summarise."""
    from vinny.dev_replica import ReplicaServer, load_catalog

    with ReplicaServer(load_catalog()) as server:
        # Read when each crawl starts (vinny.addons): the crawls use the replica.
        os.environ["VINNY_REPLICA_URL"] = server.url
        print(f"replica at {server.url}", flush=True)
        from vinny.addons import project_settings
        from vinny.cli.scrape import crawl_in_process, summarise
        from vinny.paths import data_dir

        spiders = list(registry().spiders)
        results = crawl_in_process(spiders, True, "INFO" if verbose else "ERROR")
    data = data_dir(project_settings())
    ok = summarise(spiders, results, data)
    master = data / "master_events.json"
    events = orjson.loads(master.read_bytes()) if master.exists() else []
    by_venue: dict[str, int] = {}
    for event in events:
        by_venue[event["venue"]] = by_venue.get(event["venue"], 0) + 1
    # No-break spaces keep each "venue count" on one line when the list wraps.
    listed = ", ".join(f"{venue} {count}".replace(" ", "\u00a0")
                       for venue, count in sorted(by_venue.items()))
    print(f"\n{len(events)} events in the master file, by venue:")
    print(textwrap.fill(listed, width=100, initial_indent="  ", subsequent_indent="  ",
                        break_long_words=False).replace("\u00a0", " "))
    priced = sum(1 for e in events if e.get("table_pricing"))
    pictured = sum(1 for e in events if e.get("images"))
    enriched = {e["performer"] for e in events if (e.get("enrichment_status") or {}).get(
        "resident_advisor") or (e.get("enrichment_status") or {}).get("spotify")}
    print(f"{priced} with table pricing, {pictured} with stored images, "
          f"{len(enriched)} artists enriched")
    print(f"\nDashboard: run `vinny serve`, then open http://127.0.0.1:8000/ "
          f"(it reads {data / 'vinny.db'})")
    return 0 if ok else 1
