"""vinny's whole job against Crawlee's minimal one: `python -m bench.whole_job [--events 3000]`.

The same generated event pages, served as static files by nginx (`bench/nginx.py`; the Python
replica server's own CPU would cap both crawlers). In interleaved rounds (the machine is shared
and drifts), two jobs:

- Crawlee: `bench/crawlee_job.py` in the bench-only environment (`.bench-venv`, made by
  `make bench`): a `ParselCrawler`, 16 concurrent requests, JSON-LD -> a Pydantic Event, nothing
  stored; it fetches the event URLs on nginx directly.
- vinny: the whole job as one command, `vinny scrape` with no target: every spider of the
  registry at once, shared among one process per CPU, in replica mode against nginx (sitemaps,
  extraction, validation, dedup, run archive, master store), then every export once, of what
  changed;
  pricing, enrichment and images off (their requests are measured by bench.pricing,
  bench.enrich and bench.images). An unmeasured first run leaves the history the run checks
  compare with; every measured run fetches and extracts every page (VINNY_SKIP_UNCHANGED off).

Reports each job's wall time (best and median of the rounds), the ratio Crawlee / vinny (target
>= 1.2: vinny's whole job in at most 1/1.2 of Crawlee's time), the events vinny stored against
those the pages hold, and the peak RSS of every process (target <= 150 MB). Exit 1 when a target
is missed or an event is lost. CPU seconds (all processes) beside the walls: steadier than the
walls on a shared machine. `--separate` adds each spider's `scrapy crawl` started together.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.nginx import Nginx, write_site
from vinny.venues import registry

ROOT = Path(__file__).resolve().parent.parent
BENCH_PYTHON = ROOT / ".bench-venv" / "bin" / "python"
TARGET_RATIO = 1.2
TARGET_RSS_MB = 150
WHOLE_JOB = ["-s", "VINNY_PRICING_ENABLED=False", "-s", "VINNY_ENRICH_ENABLED=False",
             "-s", "VINNY_IMAGES_ENABLED=False", "-s", "VINNY_SKIP_UNCHANGED=False",
             "-s", "LOG_LEVEL=WARNING"]


def run_together(commands: dict[str, list[str]], env: dict[str, str],
                 cwd: Path = ROOT) -> dict[str, Any]:
    """Start the commands at once; when the last one ends, {wall, cpu (seconds, all of
    them), rss: {name: peak MB}}."""
    started = time.perf_counter()
    procs = {name: subprocess.Popen(cmd, env=env, cwd=cwd, stdout=subprocess.DEVNULL,
                                    stderr=subprocess.PIPE)
             for name, cmd in commands.items()}
    rss, cpu, failed = {}, 0.0, []
    for name, proc in procs.items():
        _, status, usage = os.wait4(proc.pid, 0)
        proc.returncode = os.waitstatus_to_exitcode(status)
        rss[name] = usage.ru_maxrss // 1024
        cpu += usage.ru_utime + usage.ru_stime
        if proc.returncode != 0:
            failed.append(f"{name} exited {proc.returncode}:\n"
                          f"{proc.stderr.read().decode()[-2000:] if proc.stderr else ''}")
    wall = time.perf_counter() - started
    for proc in procs.values():
        if proc.stderr:
            proc.stderr.close()
    if failed:
        sys.exit("\n".join(failed))
    return {"wall": wall, "rss": rss, "cpu": cpu}


def vinny_job(nginx_url: str, data: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    env = {**os.environ, "VINNY_REPLICA_URL": nginx_url, "VINNY_DATA_DIR": str(data)}
    return run_together({"vinny scrape": [sys.executable, "-m", "vinny.cli", "scrape",
                                          "--no-progress", *WHOLE_JOB, *extra]}, env)


def scrapy_crawls(nginx_url: str, data: Path, extra: tuple[str, ...] = ()) -> dict[str, Any]:
    """Each spider's `scrapy crawl` started together (as Scrapyd runs them), each exporting on
    close: the job as separate scheduled runs do it."""
    env = {**os.environ, "VINNY_REPLICA_URL": nginx_url, "VINNY_DATA_DIR": str(data)}
    return run_together({name: [sys.executable, "-m", "scrapy", "crawl", name, *WHOLE_JOB,
                                 *extra] for name in registry().spiders}, env)


def bare_scrapy(urls: Path, work: Path) -> dict[str, Any]:
    """The floor of any Scrapy job: bench/bare_spider.py fetching the same event pages and
    doing nothing, one process per family as vinny's job runs (outside the project's
    settings)."""
    lines = urls.read_text().split()
    families = sorted({line.split("/")[3] for line in lines})
    commands = {}
    for host in families:
        part = work / f"bare-{host}.urls"
        part.write_text("\n".join(u for u in lines if u.split("/")[3] == host))
        commands[host] = [sys.executable, "-m", "scrapy", "runspider",
                          str(ROOT / "bench" / "bare_spider.py"), "-a", f"urls_file={part}",
                          "-a", f"stats_file={work / f'bare-{host}.json'}",
                          "-s", "LOG_LEVEL=ERROR", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]
    env = {k: v for k, v in os.environ.items() if k != "SCRAPY_SETTINGS_MODULE"}
    return run_together(commands, env, cwd=work)


def crawlee_job(urls: Path, work: Path) -> dict[str, Any]:
    stats = work / "crawlee-stats.json"
    run = run_together({"crawlee": [str(BENCH_PYTHON), str(ROOT / "bench" / "crawlee_job.py"),
                                    str(urls), str(stats)]}, dict(os.environ))
    return {**run, **json.loads(stats.read_text())}


def stored_events(catalog: dict[str, Any], data: Path) -> tuple[int, int]:
    """(events of the catalog's pages in master_events.json, events the pages hold)."""
    expected = {e["expect"]["event_id"] for e in catalog["events"]
                if "event_id" in e.get("expect", {})}
    stored = {e["event_id"] for e in json.loads((data / "master_events.json").read_text())}
    return len(expected & stored), len(expected)


def walls(runs: list[dict[str, Any]]) -> str:
    return (f"{min(r['wall'] for r in runs):6.2f} s best, "
            f"{statistics.median(r['wall'] for r in runs):6.2f} s median wall; "
            f"{min(r['cpu'] for r in runs):6.2f} s CPU")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--bare", action="store_true",
                        help="also bare Scrapy fetching the same pages, a process per family")
    parser.add_argument("--separate", action="store_true",
                        help="also each spider's `scrapy crawl` together, each exporting on close")
    args = parser.parse_args(argv)
    if not BENCH_PYTHON.exists():
        sys.exit(f"no {BENCH_PYTHON.relative_to(ROOT)}: `make bench` makes it")
    from replica import generate

    catalog = generate(args.events, args.seed)
    with tempfile.TemporaryDirectory(prefix="vinny-whole-job-") as tmp:
        work = Path(tmp)
        write_site(catalog, work / "site")
        with Nginx(work / "site", work / "nginx") as nginx:
            urls = work / "event-urls.txt"
            urls.write_text("\n".join(f"{nginx.url}/{e['url'].split('://', 1)[1]}"
                                      for e in catalog["events"]))
            data = work / "data"
            vinny_job(nginx.url, data)  # unmeasured: the history the run checks compare with
            rounds = [(crawlee_job(urls, work), vinny_job(nginx.url, data))
                      for _ in range(args.rounds)]
            separate = [scrapy_crawls(nginx.url, data)
                        for _ in range(args.rounds if args.separate else 0)]
            bare = [bare_scrapy(urls, work) for _ in range(args.rounds if args.bare else 0)]
        stored, expected = stored_events(catalog, data)
    crawlee, vinny = [r[0] for r in rounds], [r[1] for r in rounds]
    ratio = min(r["wall"] for r in crawlee) / min(r["wall"] for r in vinny)
    paired = statistics.median(c["wall"] / v["wall"] for c, v in rounds)
    peak = {name: max(r["rss"][name] for r in vinny) for name in vinny[0]["rss"]}
    peak["crawlee"] = max(r["rss"]["crawlee"] for r in crawlee)
    events = min(r["events"] for r in crawlee)
    print(f"whole job on {args.events} generated pages served by nginx, {args.rounds} rounds")
    print(f"  Crawlee ParselCrawler, minimal job: {walls(crawlee)}; "
          f"{events} of {args.events} pages held a JSON-LD Event")
    print(f"  vinny scrape (the whole job):       {walls(vinny)}; "
          f"stored {stored} of the {expected} events the pages hold")
    if separate:
        print(f"  scrapy crawl of each, together:     {walls(separate)}")
    if bare:
        print(f"  bare Scrapy, fetch only, a process a family: {walls(bare)}")
    cpu = min(r["cpu"] for r in crawlee) / min(r["cpu"] for r in vinny)
    print(f"  ratio Crawlee / vinny: {ratio:.2f} best against best, {paired:.2f} median of the "
          f"rounds (target >= {TARGET_RATIO}); CPU {cpu:.2f}")
    print("  peak RSS MB: " + ", ".join(f"{name} {mb}" for name, mb in peak.items())
          + f" (target <= {TARGET_RSS_MB} a vinny process)")
    rss_ok = all(mb <= TARGET_RSS_MB for name, mb in peak.items() if name != "crawlee")
    ok = ratio >= TARGET_RATIO and stored == expected and rss_ok
    print(f"  {'ok' if ok else 'BELOW TARGET'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
