"""Cheap re-runs: TAO pages whose sitemap lastmod did not move are not fetched again."""

from __future__ import annotations

import copy
import json
import urllib.request

import pytest

from replica import ReplicaServer, load_catalog
from tests.e2e import crawl, master_events, run_stats
from vinny.database.master import MasterStore

pytestmark = pytest.mark.e2e
TODAY = "VINNY_TODAY=2026-11-22"


def event_page_requests(replica) -> list[str]:
    with urllib.request.urlopen(f"{replica.url}/__replica__/requests") as response:
        return [r["path"] for r in json.load(response)
                if r["host"] == "taogroup.com" and r["path"].startswith("/event/")]


def tao_entries(catalog):
    return [e for e in catalog["events"] if e["site"] == "tao" and "event_id" in e["expect"]]


@pytest.fixture
def first_run(tmp_path):
    catalog = load_catalog()
    with ReplicaServer(catalog) as replica:
        assert crawl("tao", replica.url, tmp_path, TODAY).returncode == 0
    return catalog, tmp_path


def test_unchanged_pages_are_not_fetched_and_their_events_stay(first_run):
    catalog, data_dir = first_run
    before = master_events(data_dir)
    with ReplicaServer(catalog) as replica:
        assert crawl("tao", replica.url, data_dir, TODAY).returncode == 0
        fetched = event_page_requests(replica)
    stats = run_stats(data_dir, "tao")
    assert stats["stats"]["vinny/pages/unchanged"] == len(tao_entries(catalog))
    assert all(not any(e["url"].endswith(path) for e in tao_entries(catalog)) for path in fetched)
    assert stats["outcome"] == "complete" and stats["stats"]["vinny/master/changes"] == 0
    assert master_events(data_dir).keys() == before.keys()


def test_a_page_with_a_new_lastmod_is_fetched_and_its_change_recorded(first_run):
    catalog, data_dir = first_run
    edited = copy.deepcopy(catalog)
    entry = tao_entries(edited)[0]
    entry["modified"] = "2026-11-21T09:00:00+00:00"
    entry["start_local"] = entry["start_local"][:11] + "23:45"
    with ReplicaServer(edited) as replica:
        assert crawl("tao", replica.url, data_dir, TODAY).returncode == 0
        fetched = event_page_requests(replica)
    assert [p for p in fetched if entry["url"].endswith(p)]
    store = MasterStore(data_dir / "vinny.db")
    changes = [c["field"] for c in store.history(entry["expect"]["event_id"])]
    store.close()
    assert changes == ["start_at"]


def test_skipping_can_be_turned_off(first_run):
    catalog, data_dir = first_run
    with ReplicaServer(catalog) as replica:
        result = crawl("tao", replica.url, data_dir, TODAY, "VINNY_SKIP_UNCHANGED=False")
        assert result.returncode == 0
        fetched = event_page_requests(replica)
    assert len(fetched) >= len(tao_entries(catalog))


def test_a_warm_rerun_asks_no_enrichment_source_and_downloads_no_image(tmp_path):
    catalog = load_catalog()
    with ReplicaServer(catalog) as replica:
        assert crawl("liv", replica.url, tmp_path, TODAY).returncode == 0
        cold = replica_hosts(replica)
        assert crawl("liv", replica.url, tmp_path, TODAY).returncode == 0
        warm = replica_hosts(replica)
    assert cold["venueeventartist.com"] > 0 and cold["ra.co"] > 0
    assert warm["venueeventartist.com"] == 0
    assert warm["ra.co"] == warm["www.1001tracklists.com"] == warm["api.spotify.com"] == 0


def replica_hosts(replica) -> dict[str, int]:
    """Requests by host since the last call (the log is reset after reading)."""
    with urllib.request.urlopen(f"{replica.url}/__replica__/requests") as response:
        hosts = [r["host"] for r in json.load(response)]
    urllib.request.urlopen(urllib.request.Request(f"{replica.url}/__replica__/reset",
                                                  method="POST")).close()
    return {host: hosts.count(host) for host in {*hosts, "venueeventartist.com", "ra.co",
                                                "www.1001tracklists.com", "api.spotify.com"}}
