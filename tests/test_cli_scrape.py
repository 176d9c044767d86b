"""`vinny scrape`: spiders run in one process, one after another, with a progress line, from
any directory, ending with a summary of counts and paths."""

import io
import os
import subprocess
import sys

import pytest

from replica import ReplicaServer, load_catalog
from spiders.liv import LivSpider
from tests.crawlers import project_crawler
from tests.e2e import ROOT, TODAY
from vinny.extensions.progress_line import ProgressLine


def vinny(data_dir, *args, replica_url: str = ""):
    """`vinny scrape ARGS` run from `data_dir`, outside the checkout (no scrapy.cfg there)."""
    env = {**os.environ, "VINNY_DATA_DIR": str(data_dir), "VINNY_REPLICA_URL": replica_url,
           "VINNY_ENRICH_ENABLED": "0", "PYTHONPATH": str(ROOT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    return subprocess.run([sys.executable, "-m", "vinny.cli", "scrape", *args,
                           "--setting", f"VINNY_TODAY={TODAY}"], cwd=data_dir,
                          env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.e2e
def test_scrape_runs_each_spider_in_turn_and_reports_its_outcome(tmp_path):
    with ReplicaServer(load_catalog()) as replica:
        done = vinny(tmp_path, "liv", "xs-nightclub", replica_url=replica.url)
    finals = [line for line in done.stderr.splitlines() if " -> " in line]
    assert (done.returncode, [line.split(":")[0] for line in finals],
            all(line.endswith("-> complete: all checks passed") for line in finals)) == (
        0, ["liv", "wynnsocial"], True)


@pytest.mark.e2e
def test_scrape_ends_with_counts_and_the_paths_written(tmp_path):
    with ReplicaServer(load_catalog()) as replica:
        done = vinny(tmp_path, "tao", replica_url=replica.url)
    lines = done.stdout.splitlines()
    assert (lines[0].startswith("tao: complete (all checks passed); "),
            " new, 0 changed, 0 removed, " in lines[0],
            lines[-2:]) == (True, True, [f"master file {tmp_path / 'master_events.json'}",
                                         f"exports in {tmp_path / 'exports'}"])


def test_scrape_of_an_unknown_venue_exits_2(tmp_path):
    done = vinny(tmp_path, "nowhere")
    assert done.returncode == 2 and "unknown spider or venue 'nowhere'" in done.stderr


def test_progress_line_reads_the_crawl_stats():
    crawler = project_crawler(LivSpider)
    for key, value in (("vinny/pages/seen", 22), ("item_scraped_count", 18),
                       ("vinny/rejects", 3)):
        crawler.stats.set_value(key, value)
    progress = ProgressLine(crawler, stream=io.StringIO())
    assert progress.status().startswith("liv: 22 pages, 18 events, 3 rejected, 0 errors, ")


def test_progress_reports_the_outcome_when_the_engine_stops():
    crawler = project_crawler(LivSpider)
    crawler.stats.set_value("vinny/outcome", "partial")
    crawler.stats.set_value("vinny/outcome_reason", "fewer events than last time")
    stream = io.StringIO()
    ProgressLine(crawler, stream=stream).engine_stopped()
    assert stream.getvalue().endswith("-> partial: fewer events than last time\n")


def test_a_setting_that_is_not_name_equals_value_exits_2(tmp_path):
    done = vinny(tmp_path, "liv", "--setting", "VINNY_TODAY")
    assert (done.returncode, done.stderr.strip().count("\n")) == (2, 0)
    assert "is not NAME=VALUE" in done.stderr
