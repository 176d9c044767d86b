"""`vinny export` (and `make export`, which runs it) on a small master database."""

import os
import subprocess
import sys

import pytest

from tests.e2e import ROOT
from tests.exportdb import build


def vinny(data_dir, *args):
    return subprocess.run([sys.executable, "-m", "vinny.cli", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "VINNY_DATA_DIR": str(data_dir)})


@pytest.fixture
def data_dir(tmp_path):
    build(tmp_path / "vinny.db")
    return tmp_path


def test_export_writes_every_format_into_the_data_dir(data_dir):
    done = vinny(data_dir, "export")
    assert done.returncode == 0, done.stderr
    assert sorted(p.name for p in (data_dir / "exports").iterdir()) == [
        "d1-changes.sql", "d1.sql", "events.csv", "events.json", "events.jsonl", "ics", "venues"]


def test_export_regenerates_master_events_json(data_dir):
    vinny(data_dir, "export", "--format", "csv")
    assert (data_dir / "master_events.json").exists()


def test_export_writes_only_the_formats_asked_for(data_dir):
    vinny(data_dir, "export", "--format", "csv,d1", "--format", "json")
    assert sorted(p.name for p in (data_dir / "exports").iterdir()) == [
        "d1-changes.sql", "d1.sql", "events.csv", "events.json"]


def test_csv_bom_flag_starts_the_csv_with_a_bom(data_dir):
    assert vinny(data_dir, "export", "--format", "csv", "--csv-bom").returncode == 0
    assert (data_dir / "exports" / "events.csv").read_bytes().startswith(b"\xef\xbb\xbf")


def test_export_reports_events_per_format(data_dir):
    assert "markdown       6 events" in vinny(data_dir, "export", "--as-of", "2026-11-22").stdout


def test_export_of_an_unknown_format_says_which_exist(data_dir):
    done = vinny(data_dir, "export", "--format", "pdf")
    assert done.returncode == 2 and "known: json, jsonl, csv, d1, markdown, ics" in done.stderr


def test_export_without_a_database_says_so(tmp_path):
    done = vinny(tmp_path, "export")
    assert done.returncode == 1 and "no master database" in done.stderr


def test_make_export_runs_vinny_export():
    # Under `make test` the parent make's variables would make this one chatty.
    env = {k: v for k, v in os.environ.items() if not k.startswith("MAKE")}
    dry = subprocess.run(["make", "-n", "--no-print-directory", "export"], cwd=ROOT,
                         capture_output=True, text=True, env=env)
    assert ".venv/bin/vinny export" in dry.stdout.splitlines()
