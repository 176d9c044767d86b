"""Helpers for end-to-end tests: a replica server and real `scrapy crawl` processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# What a crawl needs from the shell; never IMAGES_STORE, AWS_* or SPOTIPY_*: a shell set up
# for production would send the test's images and requests to the real services.
INHERITED = ("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR")


def crawl_env(**extra: str) -> dict[str, str]:
    """The environment of a test crawl: the shell's basics and VINNY_* settings, then `extra`."""
    env = {k: v for k, v in os.environ.items() if k in INHERITED or k.startswith("VINNY_")}
    return {**env, **extra}


def crawl(spider: str, replica_url: str, data_dir: Path, *settings: str,
          timeout: float = 240) -> subprocess.CompletedProcess:
    """`scrapy crawl SPIDER` from the project root, in replica mode, as an operator runs it."""
    env = crawl_env(VINNY_REPLICA_URL=replica_url, VINNY_DATA_DIR=str(data_dir))
    cmd = [sys.executable, "-m", "scrapy", "crawl", spider]
    for setting in settings:
        cmd += ["-s", setting]
    return subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True,
                          timeout=timeout)


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
