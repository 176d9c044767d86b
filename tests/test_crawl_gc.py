"""The garbage collector while crawls run (`vinny.gc_policy`, the `CrawlGc` extension): set for
crawling while any crawl of the process runs, Python's own settings back after the last, and no
garbage of an earlier crawl kept for ever."""

from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import weakref
from pathlib import Path

import pytest

from vinny.gc_policy import CrawlCollection, paused

ROOT = Path(__file__).resolve().parent.parent

# Two crawls one after the other in one process, as `vinny scrape liv tao` runs them; each
# spider notes the collector's state from inside its crawl.
TWO_CRAWLS = """
import gc, json, sys
from scrapy import Spider

seen = []

class Noting(Spider):
    name = "noting"

    async def start(self):
        seen.append({"threshold": gc.get_threshold()[0], "frozen": gc.get_freeze_count(),
                     "enabled": gc.isenabled()})
        return
        yield

before = gc.get_threshold()
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from scrapy.crawler import AsyncCrawlerRunner
from scrapy.utils.defer import deferred_from_coro
from twisted.internet import reactor
runner = AsyncCrawlerRunner({"EXTENSIONS": {"vinny.extensions.crawl_gc.CrawlGc": 0},
                             "VINNY_GC_THRESHOLD": int(sys.argv[1]), "LOG_ENABLED": False,
                             "TELNETCONSOLE_ENABLED": False})
async def one_then_another():
    await runner.crawl(Noting)
    await runner.crawl(Noting)
deferred_from_coro(one_then_another()).addBoth(lambda _: reactor.stop())
reactor.run()
print(json.dumps({"before": before, "during": seen, "after": gc.get_threshold(),
                  "frozen_after": gc.get_freeze_count()}))
"""


def crawl_twice(threshold: int) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", TWO_CRAWLS, str(threshold)], cwd=ROOT, env=env,
                         check=True, capture_output=True, text=True, timeout=120).stdout
    return json.loads(out.splitlines()[-1])


@pytest.mark.real_clock  # no dates: the spider yields nothing
def test_a_crawl_runs_with_start_up_frozen_and_a_higher_threshold_then_restores_python_s():
    states = crawl_twice(10_000)
    assert [state["threshold"] for state in states["during"]] == [10_000, 10_000]
    assert all(state["frozen"] > 10_000 and state["enabled"] for state in states["during"])
    assert states["after"] == states["before"]
    assert states["frozen_after"] == 0


@pytest.mark.real_clock
def test_a_zero_threshold_leaves_the_collector_as_python_sets_it():
    states = crawl_twice(0)
    assert [state["frozen"] for state in states["during"]] == [0, 0]
    assert states["during"][0]["threshold"] == states["before"][0]


@pytest.fixture
def collection():
    threshold = gc.get_threshold()
    tracker = CrawlCollection()
    yield tracker
    while tracker.running:
        tracker.crawl_ended()
    gc.set_threshold(*threshold)
    gc.unfreeze()


def test_the_collector_stays_set_until_the_last_of_overlapping_crawls_ends(collection):
    default = gc.get_threshold()
    collection.crawl_started(12_345)
    collection.crawl_started(12_345)
    collection.crawl_ended()
    assert gc.get_threshold()[0] == 12_345 and gc.get_freeze_count() > 0
    collection.crawl_ended()
    assert gc.get_threshold() == default and gc.get_freeze_count() == 0


class _Node:
    def __init__(self) -> None:
        self.me = self


def test_an_earlier_crawl_s_garbage_is_collected_not_frozen(collection):
    collection.crawl_started(10_000)
    garbage = _Node()  # a cycle: only the collector frees it
    alive = weakref.ref(garbage)
    del garbage
    collection.crawl_ended()
    collection.crawl_started(10_000)
    assert alive() is None


def test_paused_restores_the_collector_even_when_the_block_raises():
    assert gc.isenabled()
    with pytest.raises(RuntimeError), paused():
        assert not gc.isenabled()
        raise RuntimeError
    assert gc.isenabled()
