"""Run checks judge a run against the spider's own recent runs: what fails, what degrades."""

from datetime import date

import pytest
from fastapi.testclient import TestClient

from vinny.api.app import create_app
from vinny.database.master import MasterStore
from vinny.outcome import History, judge_run

TODAY = date(2026, 11, 22)
TIMES = {"start_at": 1.0, "performers": 1.0, "image_urls": 1.0, "event_code": 1.0}


def stats(events=40, pages=None, **more):
    return {"item_scraped_count": events, "vinny/pages/seen": events if pages is None else pages,
            **more}


def usual(events=40, runs=3, **coverage):
    return History(events=[events] * runs, coverage=[{**TIMES, **coverage}] * runs)


@pytest.mark.parametrize(
    ("reason", "events", "history", "outcome"),
    [("finished", 40, usual(42), "complete"), ("finished", 0, usual(42), "failed"),
     ("finished", 10, usual(42), "failed"), ("shutdown", 40, usual(42), "partial"),
     ("cancelled", 40, usual(42), "failed"), ("finished", 5, None, "complete")],
)
def test_judge_run(reason, events, history, outcome):
    assert judge_run(reason, stats(events), history).outcome == outcome


def test_far_fewer_events_than_usual_fails_and_says_the_usual():
    verdict = judge_run("finished", stats(10), History(events=[40, 44, 42]))
    assert verdict.outcome == "failed" and "far fewer than usual (42" in verdict.why


def test_tao_catalogue_of_mostly_date_only_pages_is_complete_on_its_first_run():
    tao = {"start_at": 0.47, "performers": 0.4, "image_urls": 0.9, "event_code": 0.3}
    assert judge_run("finished", stats(2905), None, tao).outcome == "complete"


def test_tao_catalogue_of_mostly_date_only_pages_stays_complete_against_its_history():
    tao = {"start_at": 0.47, "performers": 0.4, "image_urls": 0.9, "event_code": 0.3}
    history = History(events=[2900] * 3, coverage=[{**tao, "start_at": 0.53}] * 3)
    assert judge_run("finished", stats(2905), history, tao).outcome == "complete"


def test_a_time_selector_renamed_on_a_site_that_had_times_degrades_the_run():
    verdict = judge_run("finished", stats(40), usual(), {**TIMES, "start_at": 0.0})
    assert verdict.outcome == "degraded"
    assert "start_at on 0% of events, usually 100%" in verdict.why


def test_coverage_is_judged_by_the_median_of_recent_runs():
    history = History(events=[40] * 3, coverage=[{"start_at": s} for s in (0.9, 0.1, 0.8)])
    assert judge_run("finished", stats(), history, {"start_at": 0.3}).outcome == "degraded"
    assert judge_run("finished", stats(), history, {"start_at": 0.45}).outcome == "complete"


def test_a_field_the_site_rarely_gives_is_not_judged():
    history = usual(event_code=0.1)
    assert judge_run("finished", stats(), history, {**TIMES, "event_code": 0.0}).outcome == (
        "complete")


def test_coverage_of_a_handful_of_events_is_not_judged():
    assert judge_run("finished", stats(3), usual(3), {"start_at": 0.0}).outcome == "complete"


def test_without_history_only_a_catastrophic_coverage_degrades():
    verdict = judge_run("finished", stats(), None, {**TIMES, "start_at": 0.0, "performers": 0.0})
    assert verdict.outcome == "degraded"
    assert "performers on 0% of events (no history" in verdict.why and "start_at" not in (
        verdict.why)


def test_most_pages_failing_fails_the_run():
    verdict = judge_run("finished", stats(10, 40, **{"vinny/failed/page/http_500": 30}))
    assert verdict.outcome == "failed" and "30 failed pages of 40" in verdict.why


def test_some_pages_failing_does_not_fail_the_run():
    verdict = judge_run("finished", stats(28, 40, **{"vinny/failed/page/http_500": 12}))
    assert verdict.outcome == "complete"


def test_many_rejections_degrade_the_run_rather_than_fail_it():
    verdict = judge_run("finished", stats(28, 40, **{"vinny/rejected/missing_date": 12}))
    assert verdict.outcome == "degraded" and "12 events rejected of 40" in verdict.why


def test_an_early_stop_that_also_lost_a_field_is_degraded_with_both_reasons():
    verdict = judge_run("shutdown", stats(), usual(), {**TIMES, "start_at": 0.0})
    assert verdict.outcome == "degraded" and "closed: shutdown" in verdict.why


# -- history in the master database ---------------------------------------------------------


def finish(store, run_id, outcome, events, covered=None):
    store.begin_run(run_id, "liv")
    store.finish_run(run_id, "liv", outcome, {"events": events, "reason": f"{outcome} run"},
                     [], ["liv-las-vegas"], TODAY, covered)


@pytest.fixture
def store(tmp_path):
    store = MasterStore(tmp_path / "vinny.db")
    yield store
    store.close()


def test_history_holds_complete_and_degraded_runs_with_their_coverage(store):
    finish(store, "r1", "complete", 40, {"start_at": 1.0})
    finish(store, "r2", "degraded", 38, {"start_at": 0.0})
    finish(store, "r3", "failed", 0)
    finish(store, "r4", "partial", 5, {"start_at": 1.0})
    history = store.run_history("liv", "r5")
    assert (sorted(history.events), history.usual_coverage("start_at")) == ([38, 40], 0.5)


def test_history_is_the_last_five_runs(store):
    for n in range(8):
        finish(store, f"r{n}", "complete", 10 * (n + 1), {"start_at": 1.0})
    assert sorted(store.run_history("liv", "r9").events) == [40, 50, 60, 70, 80]


def test_a_spider_without_runs_has_no_history(store):
    assert store.run_history("liv", "r1") == History(events=[], coverage=[])


def test_a_degraded_run_and_its_reason_are_in_the_stats_endpoint(store, tmp_path):
    finish(store, "r1", "complete", 40, TIMES)
    finish(store, "r2", "degraded", 40, {**TIMES, "start_at": 0.0})
    with TestClient(create_app(tmp_path / "vinny.db", today=lambda: TODAY)) as client:
        latest = client.get("/stats").json()["spiders"]["liv"][0]
    assert (latest["outcome"], latest["reason"]) == ("degraded", "degraded run")


def test_pricing_coverage_is_recorded_but_never_degrades_a_run():
    verdict = judge_run("finished", stats(), usual(table_pricing=0.9),
                        {**TIMES, "table_pricing": 0.0})
    assert verdict.outcome == "complete"


def test_a_run_records_the_share_of_events_with_table_pricing():
    from vinny.outcome import RECORDED_FIELDS, coverage

    docs = [{"table_pricing": [{"tier_id": "A"}]}, {"table_pricing": []}, {}, {}]
    assert coverage(docs, RECORDED_FIELDS)["table_pricing"] == 0.25
