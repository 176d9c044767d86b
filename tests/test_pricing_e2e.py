"""End to end: `scrapy crawl` prices every upcoming event from the inventory the replica serves.

Today is pinned (`VINNY_TODAY`) so that the catalog's December nights are past and the rest
upcoming, whatever the machine's date. A second replica then serves the same LIV events with
broken inventories: the events stay, the failures are recorded, the stored pricing stays.
"""

from __future__ import annotations

import copy
import json
import shutil
from collections import Counter
from urllib.parse import parse_qs

import pytest

from replica import ReplicaServer
from replica.render_inventory import (
    AJAX_PATH,
    BOOKETING_PATH,
    EMBEDDED,
    inventory_code,
    truth,
)
from tests.e2e import crawl, latest_run, master_events, nonempty, run_stats
from vinny.venues import registry

pytestmark = pytest.mark.e2e
TODAY = "2026-12-20"
SPIDERS = registry().spiders
FAULTS = {  # LIV event code -> (inventory fault, what the run records)
    "EVE121488100020270109": ("stale_nonce", "http_403"),
    "EVE-MLF0RM": ("500", "http_500"),
    "EVE121488100020270116": ("timeout", "timeout"),
    "EVE121488100020270207": ("malformed", "malformed_json"),
    "EVE121488100020270219": ("html_error", "not_json"),
    "EVE121488100020270313": ("empty", "no_items"),
    "EVE121488100020270314": ("bad_amount", "bad_amount"),
    "EVE-BCH417": ("absurd_amount", "bad_amount"),
}
FLAKY = "EVE-BCHN24"  # answers 500 once, then its inventory
SPOILED_EMBEDDED = "EVE-7HQ3WX"  # a page whose embedded items are truncated


def served_tiers(code: str) -> list[dict]:
    """What the stored pricing must say for `code`, straight from the replica's numbers."""
    return sorted(({"tier_id": item.code, "tier_name": item.name, "min_spend": item.min_spend,
             "pay_now": item.deposit, "guests": item.capacity,
             "available_count": 0 if item.sold_out else item.stock,
             "is_available": not item.sold_out}
            for item in truth(code) if item.is_tier), key=lambda tier: tier["tier_id"])


def stored_tiers(event: dict) -> list[dict]:
    """The stored tiers in `tier_id` order (the store keeps no order of its own)."""
    return sorted(({**p["tier"], "is_available": p["is_available"]}
                   for p in event["table_pricing"]), key=lambda tier: tier["tier_id"])


def events_of(catalog, spider: str) -> dict[str, list[dict]]:
    """Event id -> the catalog entries (pages) of that event."""
    found: dict[str, list[dict]] = {}
    for entry in catalog["events"]:
        if entry["site"] == spider and "event_id" in entry["expect"]:
            found.setdefault(entry["expect"]["event_id"], []).append(entry)
    return found


def upcoming(entries: list[dict]) -> bool:
    return entries[0]["expect"]["event_date"] >= TODAY


def priceable(catalog, spider: str) -> dict[str, list[dict]]:
    """Upcoming events whose pages give an event code: each must be priced."""
    return nonempty({eid: entries for eid, entries in events_of(catalog, spider).items()
                     if upcoming(entries) and any(e["code"] for e in entries)},
                    f"priceable {spider} events in the catalogue")


def inventory_codes(requests: list[dict]) -> list[tuple[str, str]]:
    """(event code, action) of every inventory request the replica saw."""
    found = []
    for request in requests:
        if request["path"] in (AJAX_PATH, BOOKETING_PATH):
            query = {k: v[0] for k, v in parse_qs(request["query"]).items()}
            found.append((query.get("eventcode", ""), query.get("action", "")))
    return found


@pytest.fixture(scope="module")
def crawled(catalog, tmp_path_factory):
    """The three spiders against a fresh replica: (data dir, exit codes, the replica's log)."""
    data_dir = tmp_path_factory.mktemp("priced")
    with ReplicaServer(catalog) as replica:
        codes = {s: crawl(s, replica.url, data_dir, f"VINNY_TODAY={TODAY}").returncode
                 for s in SPIDERS}
        return data_dir, codes, replica.requests


@pytest.mark.parametrize("spider", SPIDERS)
def test_crawl_exits_cleanly(crawled, spider):
    assert crawled[1][spider] == 0


@pytest.mark.parametrize("spider", SPIDERS)
def test_every_upcoming_event_with_a_code_is_priced(crawled, catalog, spider):
    stored = master_events(crawled[0])
    priced = {eid for eid, e in stored.items() if e["spider"] == spider and e["table_pricing"]}
    assert priced == set(priceable(catalog, spider)) and len(priced) >= 5


@pytest.mark.parametrize("spider", SPIDERS)
def test_every_tier_is_the_inventory_served(crawled, catalog, spider):
    stored = master_events(crawled[0])
    wrong = {eid: stored_tiers(stored[eid]) for eid, entries in priceable(catalog, spider).items()
             if stored_tiers(stored[eid]) not in [served_tiers(inventory_code(e))
                                                  for e in entries]}
    assert wrong == {}


@pytest.mark.parametrize("spider", SPIDERS)
def test_past_events_cost_no_request(crawled, catalog, spider):
    asked = {code for code, _ in inventory_codes(crawled[2])}
    past = {e["code"] for entries in events_of(catalog, spider).values()
            if not upcoming(entries) for e in entries if e["code"]}
    assert past and not past & asked


@pytest.mark.parametrize("spider", SPIDERS)
def test_past_events_are_counted_and_unpriced(crawled, catalog, spider):
    past = nonempty([eid for eid, entries in events_of(catalog, spider).items()
                     if not upcoming(entries)], f"past {spider} events in the catalogue")
    stats = run_stats(crawled[0], spider)["stats"]
    stored = master_events(crawled[0])
    assert stats["vinny/pricing/skipped/past"] == len(past)
    assert all(stored[eid]["table_pricing"] == [] for eid in past)


def test_no_event_code_is_asked_twice(crawled):
    counts = Counter(code for code, _ in inventory_codes(crawled[2]))
    assert counts and max(counts.values()) == 1


def test_pages_with_embedded_items_cost_no_request(crawled, catalog):
    embedded = {e["code"] for e in catalog["events"] if e.get("inventory") in EMBEDDED}
    asked = {code for code, _ in inventory_codes(crawled[2])}
    assert embedded and not embedded & asked


def test_urvenue_action_follows_the_page(crawled, catalog):
    modes = {e["code"]: e.get("inventory") or "nonce" for e in catalog["events"]
             if e["site"] != "tao" and e["code"]}
    wrong = [(code, action) for code, action in inventory_codes(crawled[2]) if code in modes
             and action != ("urvenue_ws_proxy" if modes[code] == "nonce" else "uvpx")]
    assert wrong == []


@pytest.mark.parametrize("spider", SPIDERS)
def test_healthy_run_records_no_pricing_error(crawled, spider):
    raw = json.loads((latest_run(crawled[0], spider) / "raw_data.json").read_text())
    assert [e["event_id"] for e in raw if "pricing" in e["enrichment_status"]["errors"]] == []


def faulty_catalog(catalog) -> dict:
    spoiled = copy.deepcopy(catalog)
    for entry in spoiled["events"]:
        if entry["code"] in FAULTS:
            entry["inventory_fault"] = FAULTS[entry["code"]][0]
        elif entry["code"] == FLAKY:
            entry["inventory_fault"] = "500_once"
        elif entry["code"] == SPOILED_EMBEDDED:
            entry["inventory_fault"] = "malformed"
    return spoiled


@pytest.fixture(scope="module")
def faulty(crawled, catalog, tmp_path_factory):
    """LIV again, into a copy of the priced data, with broken inventories."""
    data_dir = tmp_path_factory.mktemp("faulty") / "data"
    shutil.copytree(crawled[0], data_dir)
    with ReplicaServer(faulty_catalog(catalog)) as replica:
        result = crawl("liv", replica.url, data_dir, f"VINNY_TODAY={TODAY}",
                       "VINNY_PRICING_TIMEOUT=1")
        requests = replica.requests
    raw = json.loads((latest_run(data_dir, "liv") / "raw_data.json").read_text())
    by_code = {e["event_code"]: e for e in raw}
    return data_dir, result, by_code, requests


def test_faulty_run_exits_cleanly(faulty):
    assert faulty[1].returncode == 0, faulty[1].stderr[-3000:]


def test_faulty_inventories_lose_no_event(faulty, crawled):
    after = {eid for eid, e in master_events(faulty[0]).items() if e["spider"] == "liv"}
    before = {eid for eid, e in master_events(crawled[0]).items() if e["spider"] == "liv"}
    assert after == before and set(FAULTS) <= set(faulty[2])


@pytest.mark.parametrize("code", list(FAULTS))
def test_faulty_inventory_brings_no_pricing(faulty, code):
    assert faulty[2][code]["table_pricing"] == []


@pytest.mark.parametrize("code", list(FAULTS))
def test_faulty_inventory_is_recorded_with_its_reason(faulty, code):
    (message,) = faulty[2][code]["enrichment_status"]["errors"]["pricing"]
    assert message.startswith(FAULTS[code][1] + ": ")


def test_faulty_inventories_are_counted_by_reason(faulty):
    stats = run_stats(faulty[0], "liv")["stats"]
    counted = {k.rsplit("/", 1)[1]: v for k, v in stats.items()
               if k.startswith("vinny/pricing/failed/")}
    assert counted == dict(Counter(reason for _, reason in FAULTS.values()))


@pytest.mark.parametrize("code", list(FAULTS))
def test_stored_pricing_survives_a_failed_fetch(faulty, crawled, code):
    event_id = faulty[2][code]["event_id"]
    before = master_events(crawled[0])[event_id]["table_pricing"]
    assert before and master_events(faulty[0])[event_id]["table_pricing"] == before


def test_inventory_failing_once_is_retried_and_priced(faulty):
    assert stored_tiers(faulty[2][FLAKY]) == served_tiers(FLAKY)


def test_spoiled_embedded_items_cost_one_request_and_are_priced(faulty):
    asked = [code for code, _ in inventory_codes(faulty[3])]
    assert asked.count(SPOILED_EMBEDDED) == 1
    assert stored_tiers(faulty[2][SPOILED_EMBEDDED]) == served_tiers(SPOILED_EMBEDDED)
