"""`vinny scrape` with no target: every spider of the registry at once, a process each, the
exports published once after the last run; a failing spider makes it exit 1, naming it."""

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


def test_a_spider_that_cannot_run_fails_in_its_own_process():
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
