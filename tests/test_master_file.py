"""master_events.json: merged by event_id, never replaced by less, history of changes."""

import json
import multiprocessing

from vinny.master_file import merge_into_master


def ev(event_id, **fields):
    return {"event_id": event_id, "performer": "Dom Dolla", "start_at": "2026-12-04T22:30:00-08:00",
            "image_urls": [], "scraped_at": "2026-11-22T00:00:00+00:00", **fields}


def read(path):
    return json.loads(path.read_text())


def test_runs_of_different_spiders_accumulate(tmp_path):
    path = tmp_path / "master_events.json"
    merge_into_master(path, [ev("b")], "run-1")
    merge_into_master(path, [ev("a")], "run-2")
    assert [e["event_id"] for e in read(path)] == ["a", "b"]


def test_unchanged_rerun_records_no_change(tmp_path):
    path = tmp_path / "master_events.json"
    merge_into_master(path, [ev("a")], "run-1")
    counts = merge_into_master(path, [ev("a", scraped_at="2026-11-23T00:00:00+00:00")], "run-2")
    assert counts == {"inserted": 0, "updated": 0, "unchanged": 1, "changes": 0}
    assert read(path)[0]["history"] == []


def test_changed_start_is_recorded_with_old_and_new(tmp_path):
    path = tmp_path / "master_events.json"
    merge_into_master(path, [ev("a")], "run-1")
    merge_into_master(path, [ev("a", start_at="2026-12-04T23:00:00-08:00")], "run-2")
    (change,) = read(path)[0]["history"]
    assert (change["field"], change["old_value"], change["new_value"], change["run_id"]) == (
        "start_at", "2026-12-04T22:30:00-08:00", "2026-12-04T23:00:00-08:00", "run-2")


def test_a_value_missing_this_run_does_not_erase_the_stored_one(tmp_path):
    path = tmp_path / "master_events.json"
    merge_into_master(path, [ev("a", image_urls=["https://x/flyer.jpeg"], artist_bio="bio")], "1")
    merge_into_master(path, [ev("a", image_urls=[], artist_bio=None)], "2")
    stored = read(path)[0]
    assert stored["image_urls"] == ["https://x/flyer.jpeg"] and stored["artist_bio"] == "bio"


def _merge_worker(path, start, count):
    for i in range(start, start + count):
        merge_into_master(path, [ev(f"e{i:03d}")], f"run-{i}")


def test_concurrent_writers_lose_no_event(tmp_path):
    path = tmp_path / "master_events.json"
    workers = [multiprocessing.Process(target=_merge_worker, args=(path, n * 20, 20))
               for n in range(3)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert len(read(path)) == 60
