"""`vinny scrape` with no target: every spider of the registry at once, shared among one
process per CPU (each running its group together), the exports published once after the last
run; a failing spider makes it exit 1, naming it."""

import orjson
import pytest

from replica import ReplicaServer, load_catalog
from tests.test_cli_scrape import vinny
from vinny.cli import scrape as cli_scrape
from vinny.venues import registry


@pytest.mark.e2e
def test_scrape_without_targets_runs_every_spider_and_publishes_once(tmp_path):
    with ReplicaServer(load_catalog()) as replica:
        done = vinny(tmp_path, replica_url=replica.url)
    summary = [line.split(":")[0] for line in done.stdout.splitlines() if "; " in line
               and " new, " in line]
    stats = [orjson.loads(p.read_bytes())["stats"]
             for p in (tmp_path / "runs").glob("*/stats.json")]
    stored = orjson.loads((tmp_path / "master_events.json").read_bytes())
    assert (done.returncode, summary, len(stats),
            # no run exported, nor wrote master_events.json, on close: the publish did, once
            [s for s in stats if "vinny/export/seconds" in s or "vinny/master/exported" in s],
            (tmp_path / "exports" / "ics" / "all.ics").exists()) == (
        0, list(registry().spiders), len(registry().spiders), [], True), done.stderr
    assert len(stored) == sum(s.get("vinny/master/inserted", 0) for s in stats) > 0


def test_a_spider_that_cannot_run_fails_in_its_own_process(monkeypatch, tmp_path):
    monkeypatch.setenv("VINNY_DATA_DIR", str(tmp_path))
    results = cli_scrape.crawl_in_parallel(["nosuch"], progress=False)
    assert results["nosuch"]["vinny/outcome"] == "failed" and "nosuch" in \
        results["nosuch"]["vinny/cli/error"]


def test_a_failed_spider_exits_1_naming_it(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("VINNY_DATA_DIR", str(tmp_path))
    ran = {name: {"vinny/outcome": "complete"} for name in registry().spiders}
    ran["tao"] = {"vinny/outcome": "failed", "vinny/outcome_reason": "no events"}
    published = []
    monkeypatch.setattr(cli_scrape, "crawl_in_parallel", lambda spiders, *a: dict(ran))
    monkeypatch.setattr(cli_scrape, "publish", lambda settings: published.append(1))
    code = cli_scrape.scrape(progress=False)
    assert (code, capsys.readouterr().err.strip().splitlines()[-1], published) == (
        1, "vinny scrape: failed: tao", [1])


def test_a_plain_parent_forks_its_spiders_and_a_threaded_one_spawns_them():
    import subprocess
    import sys
    import threading

    from tests.e2e import ROOT

    plain = subprocess.run([sys.executable, "-c", "from vinny.cli.scrape import start_method; "
                            "print(start_method())"], cwd=ROOT, capture_output=True, text=True,
                           check=True).stdout.strip()
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        threaded = cli_scrape.start_method()
    finally:
        stop.set()
        worker.join()
    assert (plain, threaded) == ("fork", "spawn")


def test_spiders_are_shared_among_processes_by_their_last_pages():
    from vinny.cli.scrape_groups import spider_groups

    spiders = ["liv", "wynnsocial", "tao", "zouk"]
    assert spider_groups(spiders, 2, {"liv": 500, "wynnsocial": 500, "tao": 1500,
                                      "zouk": 500}) == [["liv", "wynnsocial", "zouk"], ["tao"]]
    assert spider_groups(spiders, 2, {}) == [["liv", "tao"], ["wynnsocial", "zouk"]]
    assert spider_groups(spiders, 8, {}) == [["liv"], ["wynnsocial"], ["tao"], ["zouk"]]
    assert spider_groups(spiders, 1, {"tao": 3}) == [spiders]
    # a spider never run weighs as much as the largest known: two new ones are kept apart
    assert spider_groups(spiders, 2, {"liv": 900, "wynnsocial": 100}) == [
        ["liv", "zouk"], ["wynnsocial", "tao"]]


def test_a_spiders_last_pages_come_from_its_newest_run(tmp_path):
    from contextlib import closing

    from vinny.cli.scrape_groups import last_pages, process_count
    from vinny.database.db import connect

    assert last_pages(tmp_path / "none.db") == {}
    with closing(connect(tmp_path / "vinny.db")) as conn:
        conn.executemany("INSERT INTO runs (run_id, spider, started_at, outcome, pages) "
                         "VALUES (?, ?, ?, 'complete', ?)",
                         [("a", "tao", "2026-12-01T00:00:00", 90), ("b", "tao",
                          "2026-12-02T00:00:00", 120), ("c", "liv", "2026-12-01T00:00:00", 40)])
    assert last_pages(tmp_path / "vinny.db") == {"tao": 120, "liv": 40}
    assert (process_count(3), process_count(0) >= 1) == (3, True)


@pytest.mark.e2e
def test_spiders_sharing_one_process_run_together_and_all_complete(tmp_path):
    import sqlite3
    from datetime import datetime

    with ReplicaServer(load_catalog()) as replica:
        done = vinny(tmp_path, "-s", "VINNY_SCRAPE_PROCESSES=1", replica_url=replica.url)
    with sqlite3.connect(tmp_path / "vinny.db") as conn:
        runs = conn.execute("SELECT spider, outcome, started_at, finished_at FROM runs "
                            "ORDER BY spider").fetchall()
    spans = [(datetime.fromisoformat(s), datetime.fromisoformat(f)) for _, _, s, f in runs]
    assert (done.returncode, [(spider, outcome) for spider, outcome, _, _ in runs]) == (
        0, sorted((name, "complete") for name in registry().spiders)), done.stderr
    # together, not in turn: every run started before any of them finished
    assert max(start for start, _ in spans) < min(end for _, end in spans)


def test_a_parent_ending_without_teardown_keeps_its_exit_code_and_output():
    import subprocess
    import sys

    from tests.e2e import ROOT

    done = subprocess.run([sys.executable, "-c", (
        "import sys, logging, multiprocessing as mp\n"
        "from vinny.cli.scrape import exit_without_teardown\n"
        "logging.basicConfig(stream=sys.stderr)\n"
        "child = mp.get_context('fork').Process(target=print, args=('child ran',))\n"
        "child.start()\n"
        "print('summary', end='')\n"
        "logging.getLogger('t').error('logged')\n"
        "exit_without_teardown(3)\n")], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (done.returncode, done.stdout.replace("child ran\n", ""), "child ran" in done.stdout,
            "logged" in done.stderr) == (3, "summary", True, True)
