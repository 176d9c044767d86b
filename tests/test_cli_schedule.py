"""`vinny schedule` against a stand-in speaking Scrapyd's JSON API on 127.0.0.1: every failure
is a `CliError` (one line, non-zero exit), never a success or a traceback."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs

import pytest

from tests.test_cli_failures import vinny
from vinny.cli.errors import CliError
from vinny.cli.schedule import schedule


class FakeScrapyd(BaseHTTPRequestHandler):
    running: ClassVar[list[str]] = []
    scheduled: ClassVar[list[str]] = []
    refuse: ClassVar[bool] = False

    def do_GET(self):  # listjobs.json
        self._reply({"status": "ok", "pending": [], "finished": [],
                     "running": [{"id": f"job-{s}", "spider": s} for s in self.running]})

    def do_POST(self):  # schedule.json
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.scheduled.append(form["spider"][0])
        if self.refuse:
            return self._reply({"status": "error", "message": "spider 'liv' not found"})
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
    FakeScrapyd.running, FakeScrapyd.scheduled, FakeScrapyd.refuse = ["tao"], [], False
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeScrapyd)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def test_a_spider_still_running_is_not_scheduled_again(scrapyd, capsys):
    assert schedule(url=scrapyd) == 0
    assert FakeScrapyd.scheduled == ["liv", "wynnsocial", "zouk"]  # every spider but tao
    assert "tao: still pending or running" in capsys.readouterr().out


def test_an_unknown_spider_is_refused(scrapyd):
    with pytest.raises(CliError, match="unknown spider") as refused:
        schedule("nightlife", url=scrapyd)
    assert (refused.value.code, FakeScrapyd.scheduled) == (2, [])


def test_an_unreachable_scrapyd_exits_1_with_one_line(tmp_path):
    done = vinny(tmp_path, "schedule", "liv", "--url", "http://127.0.0.1:9")
    assert (done.returncode, done.stderr.count("\n"), "did not answer" in done.stderr) == (
        1, 1, True)


def test_a_scrapyd_answering_status_error_exits_1_with_one_line(scrapyd, tmp_path):
    FakeScrapyd.refuse = True
    done = vinny(tmp_path, "schedule", "liv", "--url", scrapyd)
    assert (done.returncode, done.stderr) == (
        1, f"vinny: Scrapyd at {scrapyd} refused schedule.json: spider 'liv' not found\n")


def test_a_scrapyd_url_that_is_not_a_url_exits_2_with_one_line(tmp_path):
    done = vinny(tmp_path, "schedule", "liv", env={"SCRAPYD_URL": "notaurl"})
    assert (done.returncode, done.stderr.count("\n"), "not an http(s) URL" in done.stderr) == (
        2, 1, True)
