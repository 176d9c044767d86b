"""Every expected failure of the `vinny` command line (issue 16) is a non-zero exit and exactly
one line on stderr, with no traceback; every command runs from outside the checkout.

The CLI runs as a subprocess from a temporary directory (no scrapy.cfg above it), with the
checkout on PYTHONPATH, as an installed package would be found.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys

import pytest

from tests.e2e import ROOT
from tests.test_cli import data_dir  # noqa: F401 (a fixture: a small master database)


def vinny(cwd, *args, env: dict[str, str] | None = None, timeout: int = 120):
    """`python -m vinny.cli ARGS` from `cwd`; its data directory is `cwd` unless `env` says."""
    full = {"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
            "VINNY_DATA_DIR": str(cwd), "VINNY_ENRICH_ENABLED": "0", **(env or {})}
    return subprocess.run([sys.executable, "-m", "vinny.cli", *args], cwd=cwd, env=full,
                          capture_output=True, text=True, timeout=timeout)


def one_line_failure(done, code: int = 1) -> bool:
    """Exit `code`, and stderr is one line starting `vinny: ` (no traceback)."""
    return (done.returncode, done.stderr.count("\n"), done.stderr[:7]) == (code, 1, "vinny: ")


@pytest.mark.parametrize("since", ["notadate", "2027-13-45", "yesterday"])
def test_changes_since_a_non_date_exits_2_with_one_line(data_dir, since):  # noqa: F811
    assert one_line_failure(vinny(data_dir, "changes", "--since", since), 2)


@pytest.mark.real_clock("refused before any crawl starts")
def test_scrape_of_an_unknown_venue_outside_the_checkout_exits_2_with_one_line(tmp_path):
    done = vinny(tmp_path, "scrape", "nowhere")
    assert one_line_failure(done, 2) and "unknown spider or venue 'nowhere'" in done.stderr


def test_runs_of_an_unknown_spider_exits_2_with_one_line(data_dir):  # noqa: F811
    assert one_line_failure(vinny(data_dir, "runs", "nightlife"), 2)


def test_a_query_without_a_master_database_exits_1_with_one_line(tmp_path):
    assert one_line_failure(vinny(tmp_path, "runs"), 1)


def test_serve_on_a_port_out_of_range_exits_2_with_one_line(data_dir):  # noqa: F811
    done = vinny(data_dir, "serve", "--port", "70000")
    assert one_line_failure(done, 2) and "out of range" in done.stderr


@pytest.fixture
def busy_port():
    with socket.create_server(("127.0.0.1", 0)) as taken:
        yield taken.getsockname()[1]


def test_serve_on_a_port_in_use_exits_1_with_one_line(data_dir, busy_port):  # noqa: F811
    done = vinny(data_dir, "serve", "--port", str(busy_port))
    assert one_line_failure(done, 1) and "cannot listen" in done.stderr


def test_replica_serve_on_a_port_in_use_exits_1_with_one_line(tmp_path, busy_port):
    done = vinny(tmp_path, "replica", "serve", "--port", str(busy_port))
    assert one_line_failure(done, 1) and "cannot serve the replica" in done.stderr


def test_replica_serve_with_a_missing_catalog_exits_2_with_one_line(tmp_path):
    done = vinny(tmp_path, "replica", "serve", "--catalog", str(tmp_path / "none.json"))
    assert one_line_failure(done, 2) and "no catalog file" in done.stderr


def test_replica_serve_on_a_port_out_of_range_exits_2_with_one_line(tmp_path):
    assert one_line_failure(vinny(tmp_path, "replica", "serve", "--port", "70000"), 2)


def test_an_unknown_command_exits_2_with_one_line(tmp_path):
    assert one_line_failure(vinny(tmp_path, "crawl"), 2)


def test_enrich_with_every_source_unreachable_exits_1_with_a_summary(data_dir):  # noqa: F811
    # Port 9 (discard) on loopback: nothing listens, every request is refused.
    done = vinny(data_dir, "enrich", "artists", "--artist", "Dom Dolla", "--force",
                 env={"VINNY_REPLICA_URL": "http://127.0.0.1:9"}, timeout=240)
    assert one_line_failure(done, 1) and "no enrichment source answered" in done.stderr
    assert done.stdout.splitlines()[-1].startswith("1 artist(s)")
