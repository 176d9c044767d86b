"""What table pricing costs a crawl: `python -m bench.pricing [--events 1000] [--repeat 3]`.

For each spider, the same vinny crawl of a generated catalog (every event upcoming, every
page asking its inventory) with `VINNY_PRICING_ENABLED` off and on, against one replica
process, with only validation, dedup and pricing as pipelines (so that other enrichment does
not blur the difference). Reports pages per second, CPU per page (whole process) and, from
the difference, the CPU of one inventory request, parse and tiers included.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from bench.__main__ import ROOT, SPIDERS, run_measured, serve_generated, stop_replica

PIPELINES = json.dumps({"vinny.pipelines.event_validation.EventValidationPipeline": 100,
                        "vinny.pipelines.duplicate_events.DuplicateEventsPipeline": 200,
                        "vinny.pipelines.table_pricing.TablePricingPipeline": 300})


def crawl(name: str, replica: str, work: Path, pricing: bool) -> dict:
    data = work / f"data-{name}-{int(pricing)}"
    env = {**os.environ, "VINNY_REPLICA_URL": replica, "VINNY_DATA_DIR": str(data)}
    cmd = [sys.executable, "-m", "scrapy", "crawl", name, "-s", f"ITEM_PIPELINES={PIPELINES}",
           "-s", f"VINNY_PRICING_ENABLED={pricing}", "-s", "VINNY_SKIP_UNCHANGED=False"]
    _, rss, cpu = run_measured(cmd, env, ROOT)
    stats_file = max((data / "runs").glob(f"*-{name}*/stats.json"),
                     key=lambda p: p.stat().st_mtime)
    stats = json.loads(stats_file.read_text())["stats"]
    return {"pages": stats.get("vinny/pages/seen", 0), "cpu": cpu, "rss": rss,
            "elapsed": float(stats["elapsed_time_seconds"]),
            "requests": stats.get("vinny/pricing/requests", 0),
            "priced": stats.get("vinny/pricing/priced", 0)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--repeat", type=int, default=3, help="runs of each crawl; least CPU kept")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vinny-bench-pricing-") as tmp:
        work = Path(tmp)
        _, replica, server = serve_generated(work, args.events, args.seed)
        try:
            print(f"{'crawl':<24}{'pages':>7}{'priced':>8}{'requests':>9}{'pages/s':>9}"
                  f"{'CPU ms/p':>9}{'peak MB':>9}")
            for name in SPIDERS:
                runs = {}
                for pricing in (False, True):
                    # Least CPU of N: the machine is shared and noisy.
                    runs[pricing] = min((crawl(name, replica, work, pricing)
                                         for _ in range(args.repeat)), key=lambda r: r["cpu"])
                    run = runs[pricing]
                    if not run["pages"]:
                        sys.exit(f"{name}: the crawl saw no page")
                    label = f"{name} pricing {'on' if pricing else 'off'}"
                    print(f"{label:<24}{run['pages']:>7}{run['priced']:>8}{run['requests']:>9}"
                          f"{run['pages'] / run['elapsed']:>9.0f}"
                          f"{1000 * run['cpu'] / run['pages']:>9.2f}{run['rss']:>9}")
                on, off = runs[True], runs[False]
                if on["requests"] and off["pages"] and on["pages"]:
                    per_request = 1000 * (on["cpu"] - off["cpu"]) / on["requests"]
                    ratio = (on["pages"] / on["elapsed"]) / (off["pages"] / off["elapsed"])
                    print(f"  {name}: {per_request:.2f} ms CPU per inventory request; "
                          f"pages/s with pricing / without: {ratio:.2f}")
        finally:
            stop_replica(server)
    return 0


if __name__ == "__main__":
    sys.exit(main())
