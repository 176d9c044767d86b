"""When a night ends (`vinny.publish.values.end`) and the venue facts behind it: the page's end
when it follows the start, else the venue's usual closing time, bounded to one night."""

from dataclasses import replace
from datetime import datetime, time, timedelta

import pytest

from tests.exportdb import at, event
from vinny.publish.values import DEFAULT_HOURS, end, usual_hours
from vinny.timeutil import VEGAS
from vinny.venues import Geo, Hours, registry


def test_the_registry_reads_a_venue_usual_hours():
    assert registry().by_slug("liv-las-vegas").hours == Hours(time(22, 30), time(4, 0))


def test_the_registry_reads_a_venue_coordinates():
    assert registry().by_slug("liv-las-vegas").geo == Geo(36.1368, -115.1587)


@pytest.mark.parametrize("venue", [v for v in registry().venues if v.geo], ids=lambda v: v.slug)
def test_venue_coordinates_are_on_the_strip(venue):
    assert 36.0 < venue.geo.latitude < 36.3 and -115.3 < venue.geo.longitude < -115.0


def test_an_end_is_the_next_usual_closing_time():
    assert end(event("Dom Dolla", at(4, 22, 30))).at == datetime(2026, 12, 5, 4, 0, tzinfo=VEGAS)


def test_an_estimated_end_says_so():
    assert end(event("Dom Dolla", at(4, 22, 30))).estimated


def test_a_date_only_event_has_no_end_time():
    assert end(event("Fisher", at(6, 0).date())) is None


def test_the_page_end_wins_when_it_follows_the_start():
    doc = {**event("Dom Dolla", at(4, 22, 30)), "end_at": "2026-12-05T02:00:00-08:00"}
    assert (end(doc).at, end(doc).estimated) == (datetime(2026, 12, 5, 2, tzinfo=VEGAS), False)


def test_a_night_set_at_a_dayclub_lasts_the_usual_length():
    # LIV Beach's usual day is 11:00-18:00: tomorrow's 18:00 is not tonight's end.
    doc = event("Night Swim", at(4, 22, 0))
    doc = {**doc, "venue_slug": "liv-beach"}
    assert end(doc).at == at(4, 22, 0) + timedelta(hours=7)


def test_the_closing_time_is_wall_clock_across_the_dst_change():
    # Daylight saving time ends at 02:00 on Nov 1, 2026: the club still closes at 4:00.
    ends = end(event("Halloween", datetime(2026, 10, 31, 22, 30, tzinfo=VEGAS))).at
    assert (ends.hour, ends.utcoffset()) == (4, timedelta(hours=-8))


def test_an_unknown_venue_ends_like_a_night_out():
    doc = {**event("Dom Dolla", at(4, 22, 30)), "venue_slug": "somewhere-else"}
    assert end(doc).at == datetime(2026, 12, 5, 4, 0, tzinfo=VEGAS)


def test_a_venue_without_hours_gets_its_category_default():
    beach = replace(registry().by_slug("liv-beach"), hours=None)
    assert usual_hours(beach) == DEFAULT_HOURS["Daylife"]
