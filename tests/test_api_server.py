"""The read API served for real: `vinny serve` (uvicorn) on 127.0.0.1, started and stopped by
its PID."""

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request

import pytest

from tests.e2e import ROOT
from tests.exportdb import build


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def get(url: str) -> tuple[int, dict]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


@contextlib.contextmanager
def serving(data_dir):
    """`vinny serve` on a free port of 127.0.0.1 over `data_dir`, until the block ends (its
    URL, once it answers; stopped by its PID)."""
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "vinny.cli", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT, env={**os.environ, "VINNY_DATA_DIR": str(data_dir)},
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(200):
            try:
                urllib.request.urlopen(f"{url}/openapi.json", timeout=5).close()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(proc.stderr.read().decode()[-2000:])
                time.sleep(0.05)
        yield url
    finally:
        os.kill(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    data = tmp_path_factory.mktemp("served")
    build(data / "vinny.db")
    with serving(data) as url:
        yield url


def test_served_health_says_the_old_test_catalogue_is_stale(server):
    status, body = get(f"{server}/health")
    assert (status, body["status"], body["events"]) == (503, "stale", 8)


def test_served_events_filter_and_page(server):
    status, body = get(f"{server}/events?venue=liv&limit=2&offset=1&include_past=true"
                       "&include_removed=true")
    assert (status, body["total"], [e["performer"] for e in body["events"]]) == (
        200, 5, ["Mau P", "x'); DROP TABLE events; --"])


def test_served_unknown_event_is_404(server):
    assert get(f"{server}/events/2026-01-01-nobody-liv-las-vegas")[0] == 404


def test_served_bad_parameter_is_422(server):
    assert get(f"{server}/events?limit=0")[0] == 422


def test_serve_without_a_database_says_so(tmp_path):
    done = subprocess.run([sys.executable, "-m", "vinny.cli", "serve"], cwd=ROOT,
                          env={**os.environ, "VINNY_DATA_DIR": str(tmp_path)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1 and "no master database" in done.stderr
