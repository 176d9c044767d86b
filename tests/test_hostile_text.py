"""Hostile text at validation: every text field bounded, controls and bidi overrides stripped,
and a rejection of text UTF-8 cannot carry still written to rejects.jsonl."""

import json
from datetime import UTC, datetime

import pytest
from scrapy import Spider
from scrapy import signals as scrapy_signals

from tests.crawlers import project_crawler
from tests.test_pipelines import page
from vinny.extensions.run_archive import RunArchive
from vinny.models import MAX_DESCRIPTION, MAX_EVENT_ID, VegasEvent
from vinny.pipelines.event_validation import RejectedEvent
from vinny.slugs import MAX_SLUG
from vinny.text import MAX_REJECT_TEXT

MEGABYTE_NAME = "Dom Dolla " * 100_000


def rejection(validate, **overrides) -> RejectedEvent:
    with pytest.raises(RejectedEvent) as caught:
        validate.process_item(page(**overrides))
    return caught.value


def test_a_megabyte_performer_is_rejected_as_too_long(validate, crawler):
    assert rejection(validate, performers=[MEGABYTE_NAME]).reason == "too_long_performer"
    assert crawler.stats.get_value("vinny/rejected/too_long_performer") == 1


def test_a_megabyte_event_name_is_rejected_as_too_long(validate):
    assert rejection(validate, performers=[], event_name=MEGABYTE_NAME).reason in (
        "too_long_event_name", "too_long_performer")


def test_a_name_whose_slug_would_be_huge_gets_a_bounded_key(validate):
    # 150 characters, but each folds to a 4-letter syllable: a 600-character slug.
    event = validate.process_item(page(performers=["龍" * 150]))
    assert len(event.artist_slug) == MAX_SLUG and len(event.event_id) <= MAX_EVENT_ID


def test_a_supporting_act_beyond_the_bound_is_rejected(validate):
    assert rejection(validate, performers=["Dom Dolla", "x" * 201]).reason == \
        "too_long_performers"


def test_a_venue_label_beyond_the_bound_is_rejected(validate):
    assert rejection(validate, venue="LIV " * 100).reason == "too_long_venue"


@pytest.mark.parametrize("field", ["url", "venue_url"])
def test_a_link_beyond_the_bound_is_rejected(validate, field):
    assert rejection(validate, **{field: "https://x.example/" + "a" * 3000}).reason == \
        f"too_long_{field}"


def test_an_image_link_beyond_the_bound_is_rejected(validate):
    long_image = "https://x.example/" + "a" * 3000 + ".jpg"
    assert rejection(validate, image_urls=[long_image]).reason == "too_long_image_urls"


def test_a_lineup_of_hundreds_is_rejected(validate):
    lineup = [f"Artist {n}" for n in range(60)]
    assert rejection(validate, performers=lineup).reason == "too_long_performers"


def test_an_event_code_beyond_the_bound_is_rejected(validate):
    assert rejection(validate, event_code="EVE" * 100).reason == "too_long_event_code"


def test_a_huge_description_is_cut_not_rejected(validate):
    event = validate.process_item(page(description="Ünïcödé 🎶 " * 100_000))
    assert len(event.description) == MAX_DESCRIPTION and event.description.endswith("…")


def test_a_longest_allowed_name_keeps_the_event_id_within_file_name_limits(validate):
    event = validate.process_item(page(performers=["Ab " * 66]))
    assert event.performer == "Ab " * 65 + "Ab"  # the name is whole, only the key is cut
    assert len(event.event_id.encode()) <= MAX_EVENT_ID < 255


def test_a_megabyte_rejection_is_recorded_shortened(validate):
    rejected = rejection(validate, performers=[MEGABYTE_NAME])
    assert len(rejected.data["performers"][0]) < MAX_REJECT_TEXT + 100


@pytest.mark.parametrize("hostile", ["\x00", "\x1b", "\x7f", "\x85", "\u202e", "\u202a",
                                     "\u2066", "\u2069", "\x07", "\x08"])
def test_control_and_bidi_characters_are_stripped_from_names(validate, hostile):
    event = validate.process_item(page(performers=[f"Dom{hostile} Dolla"],
                                       event_name=f"Dom Dolla{hostile}", venue=f"LIV{hostile}"))
    assert (event.performer, event.event_name, event.venue) == (
        "Dom Dolla", "Dom Dolla", "LIV")


def test_line_breaks_in_a_name_become_one_space(validate):
    event = validate.process_item(page(performers=["Dom\r\n\tDolla"]))
    assert event.performer == "Dom Dolla"


def test_running_text_keeps_its_lines_and_loses_its_controls(validate):
    event = validate.process_item(page(description="Doors\x1b[31m 10pm\r\n\tDress\u202e code\x00"))
    assert event.description == "Doors[31m 10pm\r\n\tDress code"


def test_a_bidi_override_cannot_reverse_a_link(validate):
    event = validate.process_item(page(image_urls=["https://x.example/\u202egpj.exe"]))
    assert event.image_urls == ["https://x.example/gpj.exe"]


def test_a_lone_surrogate_is_rejected_with_the_field(validate, crawler):
    assert rejection(validate, performers=["Dom\ud800Dolla"]).reason == "invalid_performer"
    assert crawler.stats.get_value("vinny/rejected/invalid_performer") == 1


class _Liv(Spider):
    name = "liv"


def test_a_lone_surrogate_rejection_lands_in_rejects_jsonl(validate, tmp_path):
    crawler = project_crawler(_Liv, {"VINNY_DATA_DIR": str(tmp_path)})
    archive = RunArchive.from_crawler(crawler)
    refused = rejection(validate, performers=["Dom\ud800Dolla"], event_name="Dom\udfffDolla")
    crawler.signals.send_catch_log(scrapy_signals.item_dropped, item=page(), response=None,
                                   exception=refused, spider=None)
    lines = (archive.run_dir / "rejects.jsonl").read_text().splitlines()
    record = json.loads(lines[-1])
    assert (record["reason"], record["data"]["performers"]) == (
        "invalid_performer", ["Dom\\ud800Dolla"])


def test_a_valid_model_has_no_control_characters():
    event = VegasEvent.model_validate({
        "url": "https://x.example/e/1", "event_name": "A\x00B", "performers": ["A\x00B"],
        "venue": "LIV", "venue_slug": "liv-las-vegas", "venue_tag": "liv", "spider": "liv",
        "event_date": "2026-12-04", "scraped_at": datetime(2026, 11, 1, tzinfo=UTC)})
    assert (event.performer, event.event_id) == ("AB", "2026-12-04-ab-liv-las-vegas")
