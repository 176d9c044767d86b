"""The garbage collector's share of the whole job: `python -m bench.collector [--events 3000]`.

Serves the generated replica with nginx (`bench/nginx.py`) and runs `vinny scrape` as
`bench.whole_job` does (pricing, enrichment and images off), after a first run that leaves the
history; in the measured run every collection is timed (`gc.callbacks`), per process: the
parent, and each crawl process from its fork. `--python-defaults` runs it with Python's own
collector (`VINNY_GC_THRESHOLD=0`, no pause and no freeze): vinny before `vinny.gc_policy`.
"""

from __future__ import annotations

import argparse
import contextlib
import gc
import os
import subprocess
import sys
import tempfile
import time
from concurrent.futures import process as futures_process
from pathlib import Path
from typing import Any

from bench.nginx import Nginx, write_site
from bench.whole_job import WHOLE_JOB


class Timings:
    """Collections and their seconds per generation, in this process since it started or
    forked."""

    def __init__(self) -> None:
        self.reset()
        gc.callbacks.append(self._callback)

    def reset(self) -> None:
        self.counts, self.seconds, self.started = [0, 0, 0], [0.0, 0.0, 0.0], 0.0

    def _callback(self, phase: str, info: dict[str, Any]) -> None:
        if phase == "start":
            self.started = time.perf_counter()
            return
        self.counts[info["generation"]] += 1
        self.seconds[info["generation"]] += time.perf_counter() - self.started

    def report(self, who: str) -> None:
        # One write: the crawl processes report at the same moment.
        sys.stdout.write(f"  {who:<22} collections by generation {self.counts}: "
                         f"{sum(self.seconds):.3f} s\n")
        sys.stdout.flush()


def measured_scrape(python_defaults: bool) -> None:
    """`vinny scrape` in this process, every collection of it and of its children timed."""
    import vinny.cli.scrape as scrape
    from vinny import gc_policy
    from vinny.cli import main

    timings = Timings()
    os.register_at_fork(after_in_child=timings.reset)
    work = futures_process._process_worker

    def worker_then_report(*args: Any, **kwargs: Any) -> Any:
        try:
            return work(*args, **kwargs)
        finally:  # the pool's crawl process is done: it leaves through os._exit
            timings.report(f"crawl process {os.getpid()}")

    futures_process._process_worker = worker_then_report  # type: ignore[assignment]
    leave = scrape.exit_without_teardown

    def report_then_leave(code: int) -> Any:
        timings.report("parent")
        return leave(code)

    scrape.exit_without_teardown = report_then_leave  # type: ignore[assignment]
    tokens = ["scrape", "--no-progress", *WHOLE_JOB]
    if python_defaults:
        gc_policy.paused = contextlib.nullcontext  # type: ignore[assignment]
        gc.freeze = lambda: None  # type: ignore[assignment]
        tokens += ["-s", "VINNY_GC_THRESHOLD=0"]
    main(tokens)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--events", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--python-defaults", action="store_true")
    parser.add_argument("--measured-scrape", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measured_scrape:
        measured_scrape(args.python_defaults)
        return 0
    from replica import generate

    with tempfile.TemporaryDirectory(prefix="vinny-collector-") as tmp:
        work = Path(tmp)
        write_site(generate(args.events, args.seed), work / "site")
        with Nginx(work / "site", work / "nginx") as nginx:
            env = {**os.environ, "VINNY_REPLICA_URL": nginx.url,
                   "VINNY_DATA_DIR": str(work / "data")}
            subprocess.run([sys.executable, "-m", "vinny.cli", "scrape", "--no-progress",
                            *WHOLE_JOB], env=env, check=True, stdout=subprocess.DEVNULL)
            print(f"vinny scrape on {args.events} generated pages, "
                  + ("Python's own collector" if args.python_defaults else "vinny.gc_policy"))
            measured = [sys.executable, "-m", "bench.collector", "--measured-scrape"]
            subprocess.run(measured + (["--python-defaults"] if args.python_defaults else []),
                           env=env, check=True, stderr=subprocess.DEVNULL)
    return 0


if __name__ == "__main__":
    sys.exit(main())
