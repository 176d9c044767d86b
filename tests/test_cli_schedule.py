"""`vinny schedule` against a stand-in speaking Scrapyd's JSON API on 127.0.0.1: every failure
is a `CliError` (one line, non-zero exit), never a success or a traceback."""

from __future__ import annotations

import base64
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import ClassVar
from urllib.parse import parse_qs

import pytest

from tests.test_cli_failures import vinny
from vinny.cli import schedule as schedule_module
from vinny.cli.errors import CliError
from vinny.cli.schedule import schedule


class FakeScrapyd(BaseHTTPRequestHandler):
    running: ClassVar[list[str]] = []
    scheduled: ClassVar[list[str]] = []
    forms: ClassVar[list[dict[str, list[str]]]] = []
    refuse: ClassVar[bool] = False
    login: ClassVar[str] = ""  # "user:password" Basic credentials required when set

    def do_GET(self):  # listjobs.json
        if self._unauthorized():
            return
        self._reply({"status": "ok", "pending": [], "finished": [],
                     "running": [{"id": f"job-{s}", "spider": s} for s in self.running]})

    def do_POST(self):  # schedule.json
        if self._unauthorized():
            return
        form = parse_qs(self.rfile.read(int(self.headers["Content-Length"])).decode())
        self.forms.append(form)
        self.scheduled.append(form["spider"][0])
        if self.refuse:
            return self._reply({"status": "error", "message": "spider 'liv' not found"})
        self._reply({"status": "ok", "jobid": f"job-{form['spider'][0]}"})

    def _unauthorized(self) -> bool:
        """Scrapyd's answer without the right credentials: 401 and a plain-text body."""
        token = base64.b64encode(self.login.encode()).decode()
        if not self.login or self.headers.get("Authorization") == f"Basic {token}":
            return False
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'basic realm="Scrapyd"')
        self.send_header("Content-Length", "12")
        self.end_headers()
        self.wfile.write(b"Unauthorized")
        return True

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
    FakeScrapyd.forms, FakeScrapyd.login = [], ""
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


@pytest.mark.parametrize("url", ["http://127.0.0.1:notaport", "http://:6800", "ftp://host"])
def test_a_malformed_scrapyd_url_exits_2_with_one_line(tmp_path, url):
    done = vinny(tmp_path, "schedule", "liv", "--url", url)
    assert (done.returncode, done.stderr.count("\n"), done.stderr[:7]) == (2, 1, "vinny: ")


def test_a_scrapyd_asking_for_credentials_exits_1_naming_them(scrapyd, tmp_path):
    FakeScrapyd.login = "vinny:secret"
    done = vinny(tmp_path, "schedule", "liv", "--url", scrapyd)
    assert (done.returncode, done.stderr) == (
        1, f"vinny: Scrapyd at {scrapyd} needs credentials: set SCRAPYD_USERNAME and "
           "SCRAPYD_PASSWORD\n")
    assert FakeScrapyd.scheduled == []


def test_wrong_credentials_exit_1_saying_they_were_refused(scrapyd, tmp_path):
    FakeScrapyd.login = "vinny:secret"
    done = vinny(tmp_path, "schedule", "liv", "--url", scrapyd,
                 env={"SCRAPYD_USERNAME": "vinny", "SCRAPYD_PASSWORD": "guess"})
    assert (done.returncode, "refused the credentials" in done.stderr) == (1, True)


def test_credentials_from_the_environment_are_sent(scrapyd, tmp_path):
    FakeScrapyd.login = "vinny:secret"
    done = vinny(tmp_path, "schedule", "liv", "--url", scrapyd,
                 env={"SCRAPYD_USERNAME": "vinny", "SCRAPYD_PASSWORD": "secret"})
    assert (done.returncode, done.stdout, FakeScrapyd.scheduled) == (
        0, "liv: scheduled, job job-liv\n", ["liv"])


def test_settings_are_passed_to_the_jobs(scrapyd):
    assert schedule("liv", url=scrapyd, setting=("VINNY_TODAY=2026-11-22", "LOG_LEVEL=DEBUG")) == 0
    assert FakeScrapyd.forms[0]["setting"] == ["VINNY_TODAY=2026-11-22", "LOG_LEVEL=DEBUG"]


@pytest.mark.parametrize("setting", ["VINNY_TODAY", "=2026-11-22"])
def test_a_setting_that_is_not_name_equals_value_is_refused(scrapyd, setting):
    with pytest.raises(CliError, match="not NAME=VALUE") as refused:
        schedule("liv", url=scrapyd, setting=(setting,))
    assert (refused.value.code, FakeScrapyd.scheduled) == (2, [])


def test_a_scrapyd_that_never_answers_is_given_up_on(monkeypatch):
    monkeypatch.setattr(schedule_module, "TIMEOUT", 0.5)
    with socket.create_server(("127.0.0.1", 0)) as silent:  # accepts, never answers
        url = f"http://127.0.0.1:{silent.getsockname()[1]}"
        with pytest.raises(CliError, match=r"did not answer listjobs\.json within") as failed:
            schedule("liv", url=url)
    assert failed.value.code == 1
