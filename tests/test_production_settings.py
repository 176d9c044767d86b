"""The settings the real sites see, pinned: what a scheduled crawl of each spider runs with.

Read in a fresh interpreter with a clean environment (no VINNY_REPLICA_URL, whose loopback
overrides tests elsewhere rely on), through Scrapy's own path: the project settings, then each
spider's crawler (its custom settings and any add-on applied). A change to one of these values
is a change of behaviour towards the sites and must change this test with it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.e2e import ROOT

# Prints {spider: {setting: value}} as a crawler of each spider would run.
READ_SETTINGS = """
import json
import shutil
import tempfile
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor
from scrapy.utils.test import get_crawler

project = get_project_settings()
# Building a crawler opens its run archive: in a scratch directory, never the checkout's data/.
scratch = tempfile.mkdtemp()
project.set("VINNY_DATA_DIR", scratch, priority="cmdline")
install_reactor(project["TWISTED_REACTOR"], project["ASYNCIO_EVENT_LOOP"])  # as `scrapy crawl`
loader = SpiderLoader.from_settings(project)
found = {}
for name in loader.list():
    settings = get_crawler(loader.load(name), project.copy_to_dict()).settings
    pipelines = settings.getdict("ITEM_PIPELINES")
    found[name] = {
        **{key: settings[key] for key in (
            "ROBOTSTXT_OBEY", "AUTOTHROTTLE_ENABLED", "DOWNLOAD_DELAY",
            "CONCURRENT_REQUESTS_PER_DOMAIN", "USER_AGENT", "DOWNLOAD_MAXSIZE", "RETRY_TIMES",
            "VINNY_REPLICA_URL")},
        "pipelines": [path.rsplit(".", 2)[-2] for path in sorted(pipelines, key=pipelines.get)
                      if pipelines[path] is not None],
        "slots": settings.getdict("DOWNLOAD_SLOTS"),
    }
shutil.rmtree(scratch)
print(json.dumps(found))
"""


def crawler_settings(**env: str) -> dict[str, dict]:
    """{spider: settings} read from the checkout with only PATH (and `env`) in the environment."""
    done = subprocess.run([sys.executable, "-c", READ_SETTINGS], cwd=ROOT, capture_output=True,
                          text=True, timeout=120,
                          env={"PATH": os.environ.get("PATH", ""), "PYTHONPATH": str(ROOT),
                               **env})
    assert done.returncode == 0, done.stderr[-2000:]
    found = json.loads(done.stdout)
    assert found, "no spider found: nothing would be checked"
    return found


@pytest.fixture(scope="module")
def production() -> dict[str, dict]:
    return crawler_settings()


def test_every_spider_obeys_robots_txt_and_throttles(production):
    assert {name: (s["ROBOTSTXT_OBEY"], s["AUTOTHROTTLE_ENABLED"], s["DOWNLOAD_DELAY"],
                   s["CONCURRENT_REQUESTS_PER_DOMAIN"]) for name, s in production.items()} == {
        name: (True, True, 0.5, 2) for name in production}


def test_every_spider_names_vinny_and_a_contact_url_in_its_user_agent(production):
    agents = {s["USER_AGENT"] for s in production.values()}
    assert agents == {"vinny/0.1 (+https://vinny.vegas/bot; Las Vegas nightlife event catalogue)"}


def test_every_spider_caps_downloads_at_16_mib_and_retries_3_times(production):
    assert {(s["DOWNLOAD_MAXSIZE"], s["RETRY_TIMES"]) for s in production.values()} == {
        (16 * 1024 * 1024, 3)}


def test_every_spider_runs_the_documented_pipeline_order(production):
    # DESIGN.md: validate -> dedup -> pricing -> enrich -> images -> master.
    assert {tuple(s["pipelines"]) for s in production.values()} == {(
        "event_validation", "duplicate_events", "table_pricing", "artist_enrichment",
        "artist_images", "master_database")}


def test_1001tracklists_gets_one_request_every_2_5_seconds(production):
    assert {json.dumps(s["slots"].get("1001tracklists"), sort_keys=True)
            for s in production.values()} == {
        json.dumps({"concurrency": 1, "delay": 2.5, "jitter": 0}, sort_keys=True)}


def test_production_fetches_the_real_sites(production):
    assert {s["VINNY_REPLICA_URL"] for s in production.values()} == {""}


def test_the_replicas_loopback_overrides_apply_only_in_replica_mode():
    """The reader above sees the environment: in replica mode the throttling is off."""
    replica = crawler_settings(VINNY_REPLICA_URL="http://127.0.0.1:9")
    assert {(s["AUTOTHROTTLE_ENABLED"], s["DOWNLOAD_DELAY"]) for s in replica.values()} == {
        (False, 0)}
