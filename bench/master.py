"""The master step with 100,000 events stored: `python -m bench.master [--events N]`.

Loads N generated events, then times a run of 1,000 unchanged events, a run of 1,000 where
1 % changed (field-level history), the end-of-run bookkeeping, and the master_events.json
export, each per event; in a process of its own, so its peak RSS is its own.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from vinny.database.master import MasterStore
from vinny.models import VegasEvent
from vinny.publish.master_json import export_master_json
from vinny.timeutil import VEGAS
from vinny.venues import registry


def documents(n: int, changed_every: int = 0) -> list[dict]:
    venues = registry().venues
    start = datetime(2026, 12, 1, 22, 30, tzinfo=VEGAS)
    docs = []
    for i in range(n):
        venue = venues[i % len(venues)]
        moved = 30 if changed_every and i % changed_every == 0 else 0
        docs.append(VegasEvent.model_validate({
            "url": f"https://{venue.family}.example/event/EVE{i:08d}/artist-{i}/",
            "event_code": f"EVE{i:08d}", "event_name": f"Artist {i}",
            "performers": [f"Artist {i}", f"Support {i % 97}"], "venue": venue.name,
            "venue_slug": venue.slug, "venue_tag": venue.tag, "spider": venue.family,
            "start_at": start + timedelta(days=i // len(venues), minutes=moved),
            "scraped_at": datetime.now(UTC), "image_urls": [f"https://img.example/{i}.jpeg"],
            "description": "x" * 600,
        }).json_dict())
    return docs


def timed(label: str, n: int, fn) -> float:
    started = time.perf_counter()
    fn()
    seconds = time.perf_counter() - started
    print(f"{label:<44}{seconds:>9.2f} s{1e6 * seconds / n:>10.0f} µs/event")
    return seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    args = parser.parse_args(argv)
    n, run_size = args.events, 1000
    with tempfile.TemporaryDirectory(prefix="vinny-master-") as tmp:
        store = MasterStore(Path(tmp) / "vinny.db")
        docs = documents(n)
        print(f"master store, {n:,} events stored")
        timed("first load", n, lambda: list(store.apply_many(docs, "load")))
        sample = docs[:run_size]
        timed(f"run of {run_size:,} unchanged events", run_size,
              lambda: list(store.apply_many(sample, "same")))
        edited = documents(run_size, changed_every=100)
        per_event = timed(f"run of {run_size:,} events, 1 % changed", run_size,
                          lambda: list(store.apply_many(edited, "edit"))) / run_size
        store.begin_run("close", "liv")
        timed("end of run (misses, runs table)", run_size, lambda: store.finish_run(
            "close", "liv", "complete", {"events": run_size},
            [d["event_id"] for d in sample], ["liv-las-vegas"], date(2026, 11, 22)))
        timed("master_events.json export", n,
              lambda: export_master_json(store.conn, Path(tmp) / "master_events.json"))
        store.close()
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print(f"peak RSS {peak} MB; master step {1000 * per_event:.2f} ms/event "
          "(compare with the crawl's ms/page above)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
