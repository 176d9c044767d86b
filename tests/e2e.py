"""Helpers for end-to-end tests: a replica server and real `scrapy crawl` processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable, Sized
from pathlib import Path
from typing import TypeVar

ROOT = Path(__file__).resolve().parent.parent
# The date every test crawl takes for today (VINNY_TODAY), whatever the machine's clock says;
# the replica's catalogue has nights on both sides of it.
TODAY = "2026-11-22"
T = TypeVar("T", bound=Sized)
# What a crawl needs from the shell; never IMAGES_STORE, AWS_* or SPOTIPY_*: a shell set up
# for production would send the test's images and requests to the real services.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR")


def crawl_env(**extra: str) -> dict[str, str]:
    """The environment of a test crawl: the shell's basics and VINNY_* settings, then `extra`."""
    env = {k: v for k, v in os.environ.items() if k in INHERITED or k.startswith("VINNY_")}
    return {**env, **extra}


def crawl_command(spider: str, *settings: str) -> list[str]:
    """`scrapy crawl SPIDER -s SETTING...`, with `VINNY_TODAY=TODAY` unless `settings` has one."""
    if not any(setting.startswith("VINNY_TODAY=") for setting in settings):
        settings = (f"VINNY_TODAY={TODAY}", *settings)
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for setting in settings:
        cmd += ["-s", setting]
    return cmd


def crawl(spider: str, replica_url: str, data_dir: Path, *settings: str,
          timeout: float = 240, env: dict[str, str] | None = None
          ) -> subprocess.CompletedProcess:
    """`scrapy crawl SPIDER` from the project root, in replica mode, as an operator runs it,
    on the pinned date (`crawl_command`); `env` adds to its environment."""
    full_env = crawl_env(VINNY_REPLICA_URL=replica_url, VINNY_DATA_DIR=str(data_dir),
                         **(env or {}))
    return subprocess.run(crawl_command(spider, *settings), cwd=ROOT, env=full_env,
                          capture_output=True, text=True, timeout=timeout)


def wait_until(condition: Callable[[], object], what: str, timeout: float = 60) -> None:
    """Polls `condition` every 50 ms until it holds; fails the test with `what` after `timeout`."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError(f"not observed within {timeout:.0f} s: {what}")
        time.sleep(0.05)


def nonempty(items: T, what: str) -> T:
    """`items`, after failing the test if there are none: a check of each of nothing passes."""
    assert len(items) > 0, f"nothing to check: no {what}"
    return items


def latest_run(data_dir: Path, spider: str) -> Path:
    runs = sorted((data_dir / "runs").glob(f"*-{spider}*"))
    assert runs, f"no run directory for {spider} under {data_dir}"
    return runs[-1]


def run_stats(data_dir: Path, spider: str) -> dict:
    return json.loads((latest_run(data_dir, spider) / "stats.json").read_text())


def master_events(data_dir: Path) -> dict[str, dict]:
    events = json.loads((data_dir / "master_events.json").read_text())
    return {event["event_id"]: event for event in events}


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines() if line.strip()]
