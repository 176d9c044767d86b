"""The suite's own guards (tests/conftest.py, tests/golden.py) hold: the clock is pinned for
every crawl, a crawl that does not pin it is stopped, golden files are never written unasked."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from scrapy.utils.project import get_project_settings
from scrapy.utils.test import get_crawler

from tests.conftest import unpinned_crawl
from tests.e2e import ROOT, TODAY, crawl_command
from tests.golden import GOLDEN, compare
from vinny.timeutil import today_vegas


def test_an_in_process_crawler_takes_the_pinned_date():
    assert str(today_vegas(get_crawler().settings)) == TODAY


def test_the_project_settings_take_the_pinned_date():
    assert get_project_settings()["VINNY_TODAY"] == TODAY


def test_a_crawlers_own_date_wins_over_the_pinned_one():
    assert get_crawler(settings_dict={"VINNY_TODAY": "2027-01-01"}).settings[
        "VINNY_TODAY"] == "2027-01-01"


@pytest.mark.real_clock("checks that the marker lifts the pin")
def test_a_real_clock_test_gets_no_pinned_date():
    assert get_crawler().settings.get("VINNY_TODAY") is None


def test_the_crawl_runner_pins_the_date_unless_told_otherwise():
    assert (crawl_command("liv")[-2:], crawl_command("liv", "VINNY_TODAY=2027-01-01")[-2:]) == (
        ["-s", f"VINNY_TODAY={TODAY}"], ["-s", "VINNY_TODAY=2027-01-01"])


@pytest.mark.parametrize("args", [
    [sys.executable, "-m", "scrapy", "crawl", "liv"],
    [sys.executable, "-m", "vinny.cli", "scrape", "liv"],
    [sys.executable, "-c", "from scrapy.crawler import CrawlerProcess"],
])
def test_a_subprocess_crawl_without_a_date_is_stopped_before_it_starts(args):
    assert unpinned_crawl(args)
    with pytest.raises(AssertionError, match="a crawl without VINNY_TODAY"):
        subprocess.Popen(args, cwd=ROOT)


@pytest.mark.parametrize("args", [
    [sys.executable, "-m", "scrapy", "crawl", "liv", "-s", f"VINNY_TODAY={TODAY}"],
    [sys.executable, "-m", "vinny.cli", "scrape", "--help"],
    [sys.executable, "-m", "vinny.cli", "crawl"],
    [sys.executable, "-m", "vinny.cli", "schedule", "liv"],
])
def test_commands_that_pin_the_date_or_crawl_nothing_pass(args):
    assert not unpinned_crawl(args)


def test_a_missing_golden_file_fails_and_is_not_created(tmp_path):
    (tmp_path / "nowhere.md").write_text("new\n")
    with pytest.raises(pytest.fail.Exception, match="no golden file"):
        compare(tmp_path, "nowhere.md", update=False)
    assert not (GOLDEN / "nowhere.md").exists()


def test_a_differing_golden_file_is_left_as_it_is(tmp_path):
    name = "venues/index.md"
    before = (GOLDEN / name).read_bytes()
    (tmp_path / "venues").mkdir()
    (tmp_path / name).write_text("something else\n")
    produced, expected = compare(tmp_path, name, update=False)
    assert (produced != expected, (GOLDEN / name).read_bytes()) == (True, before)


def test_update_golden_is_refused_in_ci():
    done = subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                           "--update-golden", "--collect-only", "-q",
                           "tests/test_export_markdown.py"], cwd=ROOT, capture_output=True,
                          text=True, timeout=120, env={**os.environ, "CI": "true"})
    assert (done.returncode, "refused in CI" in done.stderr) == (4, True)
