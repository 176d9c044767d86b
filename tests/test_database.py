"""The master database: upserts with history, never less, removal and restoration, export."""

import json
from datetime import UTC, date, datetime

import pytest

from vinny.database.diff import diff
from vinny.database.master import MasterStore
from vinny.database.rows import read_event
from vinny.models import VegasEvent
from vinny.publish.master_json import export_master_json
from vinny.timeutil import VEGAS

TODAY = date(2026, 11, 22)


def event(performer="Dom Dolla", day=4, **overrides) -> dict:
    data = {
        "url": f"https://www.livnightclub.com/las-vegas/event/EVE12148810002026120{day}/x/",
        "event_code": f"EVE12148810002026120{day}", "event_name": performer,
        "performers": [performer], "venue": "LIV Las Vegas", "venue_slug": "liv-las-vegas",
        "venue_tag": "liv", "spider": "liv",
        "start_at": datetime(2026, 12, day, 22, 30, tzinfo=VEGAS),
        "scraped_at": datetime(2026, 11, 22, tzinfo=UTC),
    }
    return VegasEvent.model_validate({**data, **overrides}).json_dict()


def tier(tier_id, min_spend, available=True):
    return {"event_id": "x", "tier_id": tier_id, "fetched_at": "2026-11-22T00:00:00+00:00",
            "is_available": available,
            "tier": {"tier_id": tier_id, "tier_name": f"Table {tier_id}", "min_spend": min_spend,
                     "pay_now": 500, "guests": 8, "available_count": 2}}


@pytest.fixture
def store(tmp_path):
    store = MasterStore(tmp_path / "vinny.db")
    yield store
    store.close()


def run(store, run_id, docs, outcome="complete", today=TODAY):
    store.begin_run(run_id, "liv")
    applied = list(store.apply_many(docs, run_id))
    store.finish_run(run_id, "liv", outcome, {"events": len(docs)},
                     [d["event_id"] for d in docs], ["liv-las-vegas", "liv-beach"], today)
    return applied


def test_every_field_of_an_event_round_trips(store):
    doc = event(table_pricing=[tier("MAS1", 6000)], image_urls=["https://x/f.jpeg"],
                artist_bio="From Melbourne.", description="A night.")
    doc["table_pricing"][0]["event_id"] = doc["event_id"]
    run(store, "r1", [doc])
    stored = read_event(store.conn, doc["event_id"])
    assert {k: stored[k] for k in doc} == doc


def test_first_sight_is_an_insert_without_history(store):
    (applied,) = run(store, "r1", [event()])
    assert applied.verdict == "inserted" and store.history(event()["event_id"]) == []


def test_same_event_again_is_unchanged(store):
    run(store, "r1", [event()])
    (applied,) = run(store, "r2", [event(scraped_at=datetime(2026, 11, 23, tzinfo=UTC))])
    assert applied.verdict == "unchanged" and applied.changes == []


def test_moved_start_is_one_change_with_old_and_new(store):
    run(store, "r1", [event()])
    run(store, "r2", [event(start_at=datetime(2026, 12, 4, 23, 0, tzinfo=VEGAS))])
    (change,) = store.history(event()["event_id"])
    assert (change["field"], change["old_value"], change["new_value"], change["run_id"]) == (
        "start_at", "2026-12-04T22:30:00-08:00", "2026-12-04T23:00:00-08:00", "r2")


def test_performer_added_is_one_change(store):
    run(store, "r1", [event()])
    run(store, "r2", [event(performers=["Dom Dolla", "Sonny Fodera"])])
    (change,) = store.history(event()["event_id"])
    assert change["field"] == "performers" and change["new_value"] == ["Dom Dolla", "Sonny Fodera"]


def test_a_price_change_names_the_tier(store):
    run(store, "r1", [event(table_pricing=[tier("MAS1", 6000), tier("MAS2", 3000)])])
    run(store, "r2", [event(table_pricing=[tier("MAS1", 7500), tier("MAS2", 3000)])])
    (change,) = store.history(event()["event_id"])
    assert (change["field"], change["old_value"], change["new_value"]) == (
        "table_pricing[MAS1].tier.min_spend", 6000, 7500)


def test_a_tier_gone_is_one_change_of_the_whole_tier(store):
    run(store, "r1", [event(table_pricing=[tier("MAS1", 6000), tier("MAS2", 3000)])])
    run(store, "r2", [event(table_pricing=[tier("MAS1", 6000)])])
    (change,) = store.history(event()["event_id"])
    assert change["field"] == "table_pricing[MAS2]" and change["new_value"] is None


def test_what_a_run_could_not_obtain_keeps_the_stored_value(store):
    run(store, "r1", [event(image_urls=["https://x/f.jpeg"], artist_bio="Bio",
                            table_pricing=[tier("MAS1", 6000)])])
    run(store, "r2", [event()])
    stored = read_event(store.conn, event()["event_id"])
    assert stored["image_urls"] == ["https://x/f.jpeg"] and stored["artist_bio"] == "Bio"
    assert [t["tier_id"] for t in stored["table_pricing"]] == ["MAS1"]
    assert store.history(event()["event_id"]) == []


def test_missing_from_one_complete_crawl_is_still_active(store):
    run(store, "r1", [event(), event("Fisher", day=5)])
    run(store, "r2", [event()])
    assert read_event(store.conn, event("Fisher", day=5)["event_id"])["status"] == "active"


def test_missing_from_two_complete_crawls_is_removed_with_history(store):
    run(store, "r1", [event(), event("Fisher", day=5)])
    run(store, "r2", [event()])
    run(store, "r3", [event()])
    fisher = event("Fisher", day=5)["event_id"]
    assert read_event(store.conn, fisher)["status"] == "removed"
    assert [(c["field"], c["new_value"], c["run_id"]) for c in store.history(fisher)] == [
        ("status", "removed", "r3")]


@pytest.mark.parametrize("outcome", ["partial", "degraded", "failed"])
def test_crawls_that_are_not_complete_remove_nothing(store, outcome):
    run(store, "r1", [event(), event("Fisher", day=5)])
    run(store, "r2", [event()], outcome=outcome)
    run(store, "r3", [event()], outcome=outcome)
    fisher = event("Fisher", day=5)["event_id"]
    missed = store.conn.execute("SELECT missed_runs FROM events WHERE event_id = ?",
                                (fisher,)).fetchone()[0]
    assert (read_event(store.conn, fisher)["status"], missed) == ("active", 0)


def test_a_degraded_run_stores_its_events_and_keeps_what_it_could_not_read(store):
    run(store, "r1", [event()])
    new = event("Fisher", day=5, start_at=None, event_date="2026-12-05")
    run(store, "r2", [event(start_at=None, event_date="2026-12-04"), new], outcome="degraded")
    assert read_event(store.conn, event()["event_id"])["start_at"] == "2026-12-04T22:30:00-08:00"
    assert read_event(store.conn, new["event_id"])["performer"] == "Fisher"


def test_a_miss_between_two_sightings_does_not_count_towards_removal(store):
    run(store, "r1", [event(), event("Fisher", day=5)])
    run(store, "r2", [event()])
    run(store, "r3", [event(), event("Fisher", day=5)])
    run(store, "r4", [event()])
    assert read_event(store.conn, event("Fisher", day=5)["event_id"])["status"] == "active"


def test_past_events_are_never_removed(store):
    run(store, "r1", [event(), event("Fisher", day=5)])
    for run_id in ("r2", "r3"):
        run(store, run_id, [event()], today=date(2026, 12, 6))
    assert read_event(store.conn, event("Fisher", day=5)["event_id"])["status"] == "active"


def test_a_removed_event_that_reappears_is_restored(store):
    run(store, "r1", [event(), event("Fisher", day=5)])
    run(store, "r2", [event()])
    run(store, "r3", [event()])
    run(store, "r4", [event(), event("Fisher", day=5)])
    fisher = event("Fisher", day=5)["event_id"]
    assert read_event(store.conn, fisher)["status"] == "active"
    assert [(c["old_value"], c["new_value"]) for c in store.history(fisher)] == [
        ("active", "removed"), ("removed", "active")]


def test_runs_are_recorded_with_outcome_and_counts(store):
    run(store, "r1", [event(), event("Fisher", day=5)])
    (latest,) = store.runs("liv")
    assert (latest["run_id"], latest["outcome"], latest["events"]) == ("r1", "complete", 2)


def test_a_run_that_never_closed_is_marked_interrupted(store):
    store.begin_run("killed", "liv")
    run(store, "r2", [event()])
    killed = next(r for r in store.runs("liv") if r["run_id"] == "killed")
    assert (killed["outcome"], killed["reason"]) == ("failed", "interrupted")


def test_master_json_is_sorted_complete_and_carries_history(store, tmp_path):
    run(store, "r1", [event("Fisher", day=5), event()])
    run(store, "r2", [event(start_at=datetime(2026, 12, 4, 23, 0, tzinfo=VEGAS))])
    path = tmp_path / "master_events.json"
    assert export_master_json(store.conn, path) == 2
    events = json.loads(path.read_text())
    assert [e["event_id"] for e in events] == sorted(e["event_id"] for e in events)
    dom = next(e for e in events if e["performer"] == "Dom Dolla")
    assert dom["history"][0]["field"] == "start_at" and dom["status"] == "active"
    assert {"table_pricing", "images", "enrichment_status", "image_urls", "start_at",
            "venue_tag"} <= set(dom)
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []


def test_diff_of_images_names_image_and_preset():
    old = {"images": [{"image_id": "i1", "sizes": [{"preset": "hd", "width": 1500}]}]}
    new = {"images": [{"image_id": "i1", "sizes": [{"preset": "hd", "width": 1200}]}]}
    assert [c.field for c in diff(old, new)] == ["images[i1].sizes[hd].width"]


def _open_and_read(path: str, start, answers) -> None:
    from pathlib import Path

    from vinny.database.db import connect
    start.wait()
    try:
        conn = connect(Path(path))
        conn.execute("SELECT count(*) FROM events").fetchone()
        conn.close()
        answers.put("opened")
    except Exception as error:  # the answer this test reports
        answers.put(repr(error))


def test_spiders_opening_a_new_database_at_once_all_open_it(tmp_path):
    # Scrapyd starts every spider at once on a first deployment; SQLite answers "locked" to one of
    # two connections switching a new file to WAL together (seen in about 3 % of rounds of four).
    import multiprocessing

    forked = multiprocessing.get_context("fork")
    failures = []
    for round_ in range(300):
        answers, start = forked.Queue(), forked.Barrier(4)
        path = str(tmp_path / f"{round_}.db")
        openers = [forked.Process(target=_open_and_read, args=(path, start, answers))
                   for _ in range(4)]
        for opener in openers:
            opener.start()
        failures += [answer for answer in (answers.get(timeout=120) for _ in openers)
                     if answer != "opened"]
        for opener in openers:
            opener.join()
    assert failures == []
