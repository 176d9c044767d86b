"""The `vinny` command line on a small master database."""

import subprocess
import sys
from datetime import UTC, datetime

import pytest

from tests.test_database import event, run
from vinny.database.master import MasterStore
from vinny.timeutil import VEGAS


@pytest.fixture
def data_dir(tmp_path):
    store = MasterStore(tmp_path / "vinny.db")
    run(store, "r1", [event()])
    run(store, "r2", [event(start_at=datetime(2026, 12, 4, 23, 0, tzinfo=VEGAS))])
    store.close()
    return tmp_path


def vinny(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "vinny.cli", *args], capture_output=True,
                          text=True, env={"VINNY_DATA_DIR": str(data_dir), "PATH": ""})


def test_history_shows_the_change_with_old_new_and_run(data_dir):
    out = vinny(data_dir, "history", "2026-12-04-dom-dolla-liv-las-vegas")
    assert out.returncode == 0
    assert "start_at: 2026-12-04T22:30:00-08:00 -> 2026-12-04T23:00:00-08:00  [r2]" in out.stdout


def test_history_of_an_unknown_event_says_so(data_dir):
    out = vinny(data_dir, "history", "2026-01-01-nobody-liv-las-vegas")
    assert out.returncode == 1 and "no event" in out.stderr


def test_changes_since_lists_changes_across_events(data_dir):
    today = datetime.now(UTC).date().isoformat()
    out = vinny(data_dir, "changes", "--since", today)
    assert "1 change(s)" in out.stdout
    assert "2026-12-04-dom-dolla-liv-las-vegas  start_at" in out.stdout


def test_changes_since_tomorrow_is_empty(data_dir):
    out = vinny(data_dir, "changes", "--since", "2999-01-01")
    assert out.stdout.startswith("0 change(s)")


def test_runs_lists_outcomes(data_dir):
    out = vinny(data_dir, "runs")
    assert "r2" in out.stdout and "complete" in out.stdout
