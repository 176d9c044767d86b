"""`vinny schedule` against a stand-in speaking Scrapyd's JSON API on 127.0.0.1."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs

import pytest

from vinny.cli.schedule import schedule


class FakeScrapyd(BaseHTTPRequestHandler):
    running: ClassVar[list[str]] = []
    scheduled: ClassVar[list[str]] = []

    def do_GET(self):  # listjobs.json
        self._reply({"status": "ok", "pending": [], "finished": [],
                     "running": [{"id": f"job-{s}", "spider": s} for s in self.running]})

    def do_POST(self):  # schedule.json
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.scheduled.append(form["spider"][0])
        self._reply({"status": "ok", "jobid": f"job-{form['spider'][0]}"})

    def _reply(self, payload):
        body = json.dumps(payload).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def scrapyd():
    FakeScrapyd.running, FakeScrapyd.scheduled = ["tao"], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeScrapyd)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_spider_still_running_is_not_scheduled_again(scrapyd, capsys):
    assert schedule(url=scrapyd) == 0
    assert FakeScrapyd.scheduled == ["liv", "wynnsocial"]
    assert "tao: still pending or running" in capsys.readouterr().out


def test_an_unknown_spider_is_refused(scrapyd, capsys):
    assert schedule("nightlife", url=scrapyd) == 2
    assert FakeScrapyd.scheduled == [] and "unknown spider" in capsys.readouterr().err


def test_an_unreachable_scrapyd_says_so(capsys):
    assert schedule(url="http://127.0.0.1:9") == 1
    assert "did not answer" in capsys.readouterr().err
