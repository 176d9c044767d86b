"""Slugs, event ids, the night-of rule and the VegasEvent model."""

from datetime import date, datetime

import pytest
from pydantic import ValidationError

from vinny.models import VegasEvent
from vinny.slugs import slugify
from vinny.timeutil import VEGAS, night_of, parse_clock


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Tiësto", "tiesto"),
        ("Dimitri Vegas & Like Mike", "dimitri-vegas-and-like-mike"),
        ("DJ Pauly D", "dj-pauly-d"),
        ("  Above  &  Beyond!! ", "above-and-beyond"),
        ("Kölsch", "kolsch"),
        ("../../x", "x"),
    ],
)
def test_slugify(name, slug):
    assert slugify(name) == slug


@pytest.mark.parametrize(
    ("text", "hour", "minute"),
    [("10:30pm", 22, 30), ("10 PM", 22, 0), ("1:00 a.m.", 1, 0), ("12:00am", 0, 0),
     ("12pm", 12, 0), ("22:30", 22, 30), ("Doors 9:45 PM", 21, 45)],
)
def test_parse_clock(text, hour, minute):
    clock = parse_clock(text)
    assert (clock.hour, clock.minute) == (hour, minute)


def test_parse_clock_without_a_time():
    assert parse_clock("Saturday, January 2") is None


def test_set_before_six_belongs_to_previous_night():
    assert night_of(datetime(2027, 1, 2, 5, 59, tzinfo=VEGAS)) == date(2027, 1, 1)


def test_set_from_six_belongs_to_its_own_date():
    assert night_of(datetime(2027, 1, 2, 6, 0, tzinfo=VEGAS)) == date(2027, 1, 2)


def _event(**overrides):
    data = {
        "url": "https://www.livnightclub.com/las-vegas/event/EVE-SUP7FH/dom-dolla/",
        "event_name": "Dom Dolla", "performers": ["Dom Dolla"], "venue": "LIV Las Vegas",
        "venue_slug": "liv-las-vegas", "venue_tag": "liv", "spider": "liv",
        "start_at": datetime(2026, 5, 2, 22, 30, tzinfo=VEGAS),
        "scraped_at": datetime(2026, 5, 1, 12, 0, tzinfo=VEGAS),
    }
    return VegasEvent.model_validate({**data, **overrides})


def test_event_id_is_date_performer_venue():
    assert _event().event_id == "2026-05-02-dom-dolla-liv-las-vegas"


def test_event_id_uses_night_of_date():
    event = _event(start_at=datetime(2026, 5, 3, 1, 0, tzinfo=VEGAS))
    assert event.event_id == "2026-05-02-dom-dolla-liv-las-vegas"


def test_event_name_stands_in_for_missing_performer():
    event = _event(performers=[], event_name="Halloween Masquerade")
    assert event.performer == "Halloween Masquerade"


def test_headliner_is_the_performer():
    assert _event(performers=["Tiësto", "Kaskade"]).event_id == "2026-05-02-tiesto-liv-las-vegas"


def test_naive_start_is_refused():
    with pytest.raises(ValidationError):
        _event(start_at=datetime(2026, 5, 2, 22, 30))


def test_performer_without_letters_is_refused():
    with pytest.raises(ValidationError):
        _event(performers=["!!!"])


def test_undeclared_field_is_refused():
    with pytest.raises(ValidationError):
        _event(extras={"x": 1})


def test_enrichment_status_is_created_for_the_event():
    event = _event()
    assert event.enrichment_status.event_id == event.event_id
    assert event.enrichment_status.errors == {}


def test_json_dump_has_aware_iso_start():
    assert _event().json_dict()["start_at"] == "2026-05-02T22:30:00-07:00"
