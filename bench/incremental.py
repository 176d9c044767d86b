"""Cold run and warm re-run of the same replica: `python -m bench.incremental [--events N]`.

Runs the three spiders one after another on a generated replica (everything on: pricing,
enrichment, images), then again on the unchanged replica with the same data directory, and
reports the requests each made by kind (from the replica's request log), wall time and peak
RSS. The warm run should fetch no image and ask no enrichment source.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from pathlib import Path

from bench.__main__ import ROOT, SPIDERS, run_measured, serve_generated, stop_replica

KINDS = (
    ("sitemap", lambda host, path: path.endswith(".xml") or path == "/robots.txt"),
    ("pricing", lambda host, path: "admin-ajax" in path or host == "booketing.com"),
    ("image", lambda host, path: host == "venueeventartist.com" or "/uploads/" in path),
    ("enrichment", lambda host, path: host in ("ra.co", "www.1001tracklists.com",
                                               "api.spotify.com", "accounts.spotify.com")),
    ("page", lambda host, path: True),
)


def kind_of(request: dict) -> str:
    return next(name for name, test in KINDS if test(request["host"], request["path"]))


def requests_by_kind(replica: str) -> Counter:
    with urllib.request.urlopen(f"{replica}/__replica__/requests") as response:
        log = json.load(response)
    urllib.request.urlopen(urllib.request.Request(f"{replica}/__replica__/reset",
                                                  method="POST")).close()
    return Counter(kind_of(r) for r in log)


def crawl_all(replica: str, data_dir: Path) -> dict:
    env = {**os.environ, "VINNY_REPLICA_URL": replica, "VINNY_DATA_DIR": str(data_dir),
           "SPOTIPY_CLIENT_ID": "bench", "SPOTIPY_CLIENT_SECRET": "bench"}
    started, peak = time.perf_counter(), 0
    for name in SPIDERS:
        _, rss, _ = run_measured([sys.executable, "-m", "scrapy", "crawl", name], env, ROOT)
        peak = max(peak, rss)
    return {"wall": time.perf_counter() - started, "rss": peak,
            "requests": requests_by_kind(replica)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=300)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="vinny-incremental-") as tmp:
        work = Path(tmp)
        _, replica, server = serve_generated(work, args.events, args.seed)
        try:
            requests_by_kind(replica)  # start from an empty log
            cold = crawl_all(replica, work / "data")
            warm = crawl_all(replica, work / "data")
        finally:
            stop_replica(server)
    kinds = [name for name, _ in KINDS]
    print(f"cold and warm runs, {args.events} events, three spiders in turn")
    print(f"{'run':<6}" + "".join(f"{k:>12}" for k in kinds) + f"{'wall s':>9}{'peak MB':>9}")
    for label, run in (("cold", cold), ("warm", warm)):
        print(f"{label:<6}" + "".join(f"{run['requests'][k]:>12}" for k in kinds)
              + f"{run['wall']:>9.1f}{run['rss']:>9}")
    print(f"warm / cold wall time: {warm['wall'] / cold['wall']:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
