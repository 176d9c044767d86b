"""Deployed like any Scrapy project: a real Scrapyd, `scrapyd-deploy`, three jobs at once; a
Scrapyd without credentials does not start; the egg it deploys holds vinny and the spiders, never
the replica."""

from __future__ import annotations

import base64
import json
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path

import pytest

from replica import ReplicaServer, load_catalog
from tests.e2e import ROOT
from vinny.venues import registry

pytestmark = pytest.mark.e2e
BIN = Path(sys.executable).parent
_SKIP = shutil.ignore_patterns(".venv", ".git", "node_modules", "build", "*.egg-info",
                               "__pycache__", ".pytest_cache", ".ruff_cache")


def deploy_ignores(directory: str, names: list[str]) -> set[str]:
    """What a deploy does not need; `data/` only at the top (vinny/data/ is package data)."""
    skipped = set(_SKIP(directory, names))
    return skipped | ({"data"} if Path(directory) == ROOT else set())


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


USER, PASSWORD = "vinny-test", "not-a-secret"
TODAY = "2026-11-22"  # the jobs' VINNY_TODAY: what they store does not depend on the real date


def call(url: str, path: str, data: dict | None = None, auth: bool = True) -> dict:
    request = urllib.request.Request(f"{url}/{path}")
    if data:
        request.data = urllib.parse.urlencode(data).encode()
    if auth:
        token = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def scrapyd_env(port: int, **extra: str) -> dict[str, str]:
    """Scrapyd's environment: this shell's, without any Scrapyd credentials it may hold."""
    env = {k: v for k, v in os.environ.items() if k not in ("SCRAPYD_USERNAME", "SCRAPYD_PASSWORD")}
    return {**env, "SCRAPYD_HTTP_PORT": str(port), "PATH": f"{BIN}:{os.environ['PATH']}", **extra}


def start_scrapyd(home: Path, env: dict[str, str]) -> subprocess.Popen:
    home.mkdir()
    shutil.copy(ROOT / "deploy" / "scrapyd.conf", home / "scrapyd.conf")
    return subprocess.Popen([str(BIN / "scrapyd"), "--nodaemon", "--pidfile="], cwd=home,
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)


@pytest.fixture
def scrapyd(tmp_path):
    """A Scrapyd started from deploy/scrapyd.conf with the replica in its environment."""
    catalog = load_catalog()
    with ReplicaServer(catalog) as replica:
        port = free_port()
        env = scrapyd_env(port, SCRAPYD_USERNAME=USER, SCRAPYD_PASSWORD=PASSWORD,
                          VINNY_REPLICA_URL=replica.url, VINNY_DATA_DIR=str(tmp_path / "data"))
        proc = start_scrapyd(tmp_path / "scrapyd", env)
        url = f"http://127.0.0.1:{port}"
        try:
            for _ in range(100):
                try:
                    call(url, "daemonstatus.json")
                    break
                except OSError:
                    time.sleep(0.2)
            yield url, tmp_path, catalog, env
        finally:
            proc.terminate()
            proc.wait(timeout=30)


def test_scrapyd_without_credentials_refuses_to_start(tmp_path):
    proc = start_scrapyd(tmp_path / "scrapyd", scrapyd_env(free_port()))
    try:
        _, err = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait()
        pytest.fail("Scrapyd started without credentials")
    assert proc.returncode != 0 and "SCRAPYD_USERNAME and SCRAPYD_PASSWORD" in err


def test_scrapyd_refuses_a_request_without_credentials(scrapyd):
    url = scrapyd[0]
    with pytest.raises(urllib.error.HTTPError) as refused:
        call(url, "addversion.json", {"project": "x", "version": "1"}, auth=False)
    assert refused.value.code == 401


def vinny_schedule(url: str, *args: str, **env: str) -> subprocess.CompletedProcess:
    """`vinny schedule --url URL ARGS`, with only `env`'s Scrapyd credentials."""
    return subprocess.run([sys.executable, "-m", "vinny.cli", "schedule", "--url", url, *args],
                          cwd=ROOT, env={**scrapyd_env(0), **env}, capture_output=True,
                          text=True, timeout=120)


def test_vinny_schedule_without_credentials_exits_1_naming_them(scrapyd):
    done = vinny_schedule(scrapyd[0], "liv")
    assert (done.returncode, done.stderr) == (
        1, f"vinny: Scrapyd at {scrapyd[0]} needs credentials: set SCRAPYD_USERNAME and "
           "SCRAPYD_PASSWORD\n")


def test_vinny_schedule_with_wrong_credentials_exits_1_with_one_line(scrapyd):
    done = vinny_schedule(scrapyd[0], "liv", SCRAPYD_USERNAME=USER, SCRAPYD_PASSWORD="guess")
    assert (done.returncode, done.stderr.count("\n"), "refused the credentials" in done.stderr
            ) == (1, 1, True)


def test_vinny_schedule_of_an_undeployed_project_exits_1_with_scrapyds_reason(scrapyd):
    done = vinny_schedule(scrapyd[0], "liv", "--project", "nothing-deployed",
                          SCRAPYD_USERNAME=USER, SCRAPYD_PASSWORD=PASSWORD)
    assert (done.returncode, done.stderr.count("\n"), "refused" in done.stderr) == (1, 1, True)


def test_deployed_project_runs_every_spider_at_once(scrapyd):
    url, tmp_path, catalog, env = scrapyd
    project = tmp_path / "project"
    shutil.copytree(ROOT, project, ignore=deploy_ignores)
    with open(project / "scrapy.cfg", "a") as cfg:
        cfg.write(f"\n[deploy:test]\nurl = {url}/\nproject = vinny\n"
                  f"username = {USER}\npassword = {PASSWORD}\n")
    deployed = subprocess.run([str(BIN / "scrapyd-deploy"), "test"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=300)
    assert deployed.returncode == 0, deployed.stderr[-2000:]
    spiders = registry().spiders
    assert sorted(call(url, "listspiders.json?project=vinny")["spiders"]) == sorted(spiders)

    scheduled = vinny_schedule(url, "--setting", f"VINNY_TODAY={TODAY}",
                               SCRAPYD_USERNAME=USER, SCRAPYD_PASSWORD=PASSWORD)
    assert scheduled.returncode == 0, scheduled.stderr
    jobs = dict(line.split(": scheduled, job ") for line in scheduled.stdout.splitlines())
    assert sorted(jobs) == sorted(spiders)
    deadline = time.monotonic() + 240
    while time.monotonic() < deadline:
        finished = {job["id"] for job in call(url, "listjobs.json?project=vinny")["finished"]}
        if set(jobs.values()) <= finished:
            break
        time.sleep(1)
    else:
        pytest.fail("Scrapyd jobs did not finish in time")

    expected = {e["expect"]["event_id"] for e in catalog["events"] if "event_id" in e["expect"]}
    with sqlite3.connect(tmp_path / "data" / "vinny.db") as conn:
        stored = {row[0] for row in conn.execute("SELECT event_id FROM events")}
        outcomes = sorted(row[0] for row in conn.execute("SELECT outcome FROM runs"))
    logs = {spider: job_log_tail(tmp_path / "scrapyd", spider, job) for spider, job in jobs.items()}
    assert (stored == expected, outcomes) == (True, ["complete"] * len(spiders)), (
        sorted(expected - stored)[:5], logs)


def job_log_tail(home: Path, spider: str, job: str, lines: int = 15) -> str:
    """The end of a job's Scrapy log, for a failure's message: what went wrong in which job."""
    log = home / "logs" / "vinny" / spider / f"{job}.log"
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


@pytest.fixture(scope="module")
def egg_files(tmp_path_factory) -> list[str]:
    """The files of the egg `scrapyd-deploy` builds from a copy of the checkout."""
    work = tmp_path_factory.mktemp("egg")
    project = work / "project"
    shutil.copytree(ROOT, project, ignore=deploy_ignores)
    egg = work / "vinny.egg"
    built = subprocess.run([str(BIN / "scrapyd-deploy"), "--build-egg", str(egg)], cwd=project,
                           capture_output=True, text=True, timeout=300)
    assert built.returncode == 0, built.stderr[-2000:]
    with zipfile.ZipFile(egg) as zipped:
        return zipped.namelist()


def test_deployed_egg_holds_no_replica(egg_files):
    in_replica = [name for name in egg_files
                  if "replica" in name.split("/")[:-1] or name.endswith("catalog.json")]
    assert in_replica == []


def test_deployed_egg_holds_vinny_and_the_spiders(egg_files):
    expected = {"vinny/__init__.py", "vinny/settings.py", "vinny/data/venues.json",
                "vinny/dev_replica.py", "spiders/__init__.py", "spiders/liv.py",
                "spiders/wynnsocial.py", "spiders/tao.py"}
    assert expected <= set(egg_files)
