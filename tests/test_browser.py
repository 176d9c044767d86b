"""Pages that need JavaScript: rendered by Debian's chromium through scrapy-playwright."""

from __future__ import annotations

import copy

import pytest

from replica import ReplicaServer, load_catalog
from tests.e2e import crawl, latest_run, master_events, read_jsonl, run_stats

pytestmark = pytest.mark.e2e
KASKADE = "2027-02-26-kaskade-liv-las-vegas"


def only_liv(catalog: dict, *variants: str) -> dict:
    """The LIV pages of the bundled catalog, the client-rendered one given `variants`."""
    trimmed = copy.deepcopy(catalog)
    trimmed["events"] = [e for e in trimmed["events"] if e["site"] == "liv"]
    shell = next(e for e in trimmed["events"] if "needs_js" in e["variant"])
    shell["variant"] = ["needs_js", *variants]
    return trimmed


def test_client_rendered_page_is_rendered_and_extracted(tmp_path):
    with ReplicaServer(only_liv(load_catalog())) as replica:
        assert crawl("liv", replica.url, tmp_path).returncode == 0
    event = master_events(tmp_path)[KASKADE]
    assert (event["start_at"], event["venue"], event["url"]) == (
        "2027-02-26T22:30:00-08:00", "LIV Las Vegas",
        "https://www.livnightclub.com/las-vegas/event/EVE121488100020270226/kaskade/")
    stats = run_stats(tmp_path, "liv")["stats"]
    assert stats["vinny/browser/requests"] == stats["playwright/page_count"] == 2


def test_only_event_pages_that_read_as_no_event_go_through_the_browser(tmp_path):
    with ReplicaServer(only_liv(load_catalog())) as replica:
        assert crawl("liv", replica.url, tmp_path).returncode == 0
    stats = run_stats(tmp_path, "liv")["stats"]
    # The app shell, and the page with no date (rendered once before it is rejected).
    assert stats["playwright/request_count/navigation"] == 2
    assert stats["vinny/rejected/missing_date"] == 1


def test_a_page_that_never_renders_is_a_counted_failure_and_its_page_closed(tmp_path):
    with ReplicaServer(only_liv(load_catalog(), "js_broken")) as replica:
        assert crawl("liv", replica.url, tmp_path, "VINNY_BROWSER_TIMEOUT_MS=1500").returncode == 0
    stats = run_stats(tmp_path, "liv")["stats"]
    assert KASKADE not in master_events(tmp_path)
    assert stats["playwright/page_count/closed"] == stats["playwright/page_count"] == 2
    failures = [r for r in read_jsonl(latest_run(tmp_path, "liv") / "rejects.jsonl")
                if r["url"].endswith("/kaskade/")]
    # The shell stayed empty (read once the page went idle), or the page never went idle in
    # the time given: either way a counted failure with its reason, never an event.
    assert failures and (failures[0]["stage"], failures[0]["reason"]) in (
        ("extract", "not_rendered"), ("page", "TimeoutError"))
