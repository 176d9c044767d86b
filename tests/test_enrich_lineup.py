"""Every performer of a lineup is enriched, each artist once; one act's name is never split."""

from __future__ import annotations

from tests.test_enrich_outcomes import DJ, crawler, event, page, run, stored
from vinny.enrich.lineup import certain_parts, maybe_parts, should_split

PAGES = {DJ.format(key): page(name) for key, name in (
    ("chrislake", "Chris Lake"), ("chrislorenzo", "Chris Lorenzo"),
    ("aboveandbeyond", "Above & Beyond"), ("kaskade", "Kaskade"))}


def test_b2b_vs_and_with_always_separate_artists():
    assert certain_parts("Chris Lake b2b Chris Lorenzo vs. Kaskade with Dom Dolla") == [
        "Chris Lake", "Chris Lorenzo", "Kaskade", "Dom Dolla"]


def test_a_special_guest_is_nobody():
    assert certain_parts("Kaskade with Special Guests") == ["Kaskade"]


def test_names_with_other_marks_are_never_split():
    assert [maybe_parts(n) for n in ("Axwell Λ Ingrosso", "DJ X", "Tiësto")] == [None] * 3


def test_an_ampersand_may_separate_two_artists():
    assert maybe_parts("Chris Lake & Chris Lorenzo") == ["Chris Lake", "Chris Lorenzo"]


def test_a_comma_list_is_split_before_an_ampersand():
    assert maybe_parts("Above & Beyond, Kaskade") == ["Above & Beyond", "Kaskade"]


def test_a_name_one_source_knows_or_doubts_is_one_act():
    assert [should_split(o) for o in (["not_found", "matched"], ["not_found", "doubtful"],
                                      ["failed", "blocked"], ["not_found", "failed"])] == [
        False, False, False, True]


def test_a_b2b_night_enriches_both_artists(tmp_path):
    c = crawler(tmp_path, PAGES)
    run(c, event("Chris Lake b2b Chris Lorenzo"))
    assert sorted(c.engine.requests) == [DJ.format("chrislake"), DJ.format("chrislorenzo")]
    assert [stored(tmp_path, n).matched("tracklists")
            for n in ("Chris Lake", "Chris Lorenzo")] == [True, True]


def test_the_event_carries_the_headliners_record(tmp_path):
    (enriched,) = run(crawler(tmp_path, PAGES), event("Chris Lake b2b Chris Lorenzo"))
    assert (enriched.streaming_links.artist_slug, enriched.enrichment_status.tracklists) == (
        "chris-lake", True)


def test_a_known_act_with_an_ampersand_stays_one_artist(tmp_path):
    c = crawler(tmp_path, PAGES)
    (enriched,) = run(c, event("Above & Beyond"))
    assert (c.engine.requests, enriched.streaming_links.artist_slug) == (
        [DJ.format("aboveandbeyond")], "above-and-beyond")


def test_two_artists_joined_by_an_ampersand_are_both_enriched(tmp_path):
    c = crawler(tmp_path, PAGES)
    run(c, event("Chris Lake & Chris Lorenzo"))
    # The whole name first (no such DJ), then each artist.
    assert sorted(c.engine.requests) == [DJ.format(k) for k in (
        "chrislake", "chrislakeandchrislorenzo", "chrislorenzo")]


def test_each_artist_is_asked_once_across_the_events_of_a_run(tmp_path):
    c = crawler(tmp_path, PAGES)
    run(c, event("Chris Lake", 4), event("Chris Lake b2b Chris Lorenzo", 5),
        event("Chris Lorenzo with Chris Lake", 6))
    assert len(c.engine.requests) == 2


def test_a_second_artists_problem_is_an_error_of_the_event_named_after_them(tmp_path):
    pages = {**PAGES, DJ.format("chrislorenzo"): page("Chris Lorenzo", "unreadable")}
    (enriched,) = run(crawler(tmp_path, pages), event("Chris Lake b2b Chris Lorenzo"))
    (error,) = enriched.enrichment_status.errors["tracklists"]
    assert error.startswith("Chris Lorenzo: failed: parse_failed: ")


def test_a_lineup_rerun_within_the_time_to_live_asks_nothing(tmp_path):
    run(crawler(tmp_path, PAGES), event("Chris Lake & Chris Lorenzo"))
    warm = crawler(tmp_path, PAGES)
    run(warm, event("Chris Lake & Chris Lorenzo", 5))
    assert warm.engine.requests == []
