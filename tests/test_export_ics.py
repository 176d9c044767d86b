"""Calendars: golden files, parsed back with the icalendar library, stable UIDs, SEQUENCE on
change, Las Vegas time with its VTIMEZONE, removed events cancelled.

Regenerate the golden files after an intended change with `VINNY_UPDATE_GOLDEN=1 pytest`."""

from datetime import date, datetime

import pytest
from icalendar import Calendar

from tests.exportdb import HOSTILE, TODAY, build, change_one
from tests.test_export_markdown import golden
from vinny.publish.exports import export
from vinny.timeutil import VEGAS

DOM = "2026-12-04-dom-dolla-liv-las-vegas@vinny"
CALENDARS = ("ics/liv-las-vegas.ics", "ics/xs-nightclub.ics", "ics/all.ics")


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("ics") / "vinny.db")


@pytest.fixture(scope="module")
def out(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    export(db, out, ["ics"], TODAY)
    return out


def vevents(path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("name", CALENDARS)
def test_calendar_matches_its_golden_file(out, name):
    produced, expected = golden(out, name)
    assert produced == expected


def test_a_venue_calendar_holds_that_venues_events(out):
    assert sorted(vevents(out / "ics/xs-nightclub.ics")) == [
        "2026-11-01-john-summit-xs-nightclub@vinny",
        "2026-12-11-cancelled-night-xs-nightclub@vinny"]


def test_the_all_calendar_holds_every_event(out):
    assert len(vevents(out / "ics/all.ics")) == 8


def test_start_is_las_vegas_time(out):
    start = vevents(out / "ics/liv-las-vegas.ics")[DOM]["DTSTART"].dt
    assert start == datetime(2026, 12, 4, 23, 0, tzinfo=VEGAS) and str(start.tzinfo) == \
        "America/Los_Angeles"


def test_the_start_is_written_with_its_tzid(out):
    assert b"DTSTART;TZID=America/Los_Angeles:20261204T230000" in (
        out / "ics/liv-las-vegas.ics").read_bytes()


def test_the_calendar_carries_the_timezone(out):
    calendar = Calendar.from_ical((out / "ics/liv-las-vegas.ics").read_bytes())
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]


def test_an_event_without_a_start_time_is_a_whole_day(out):
    fisher = vevents(out / "ics/liv-las-vegas.ics")["2026-12-06-fisher-liv-las-vegas@vinny"]
    assert fisher["DTSTART"].dt == date(2026, 12, 6)


def test_a_moved_start_bumps_the_sequence(out):
    assert vevents(out / "ics/liv-las-vegas.ics")[DOM]["SEQUENCE"] == 1


def test_an_unchanged_event_has_sequence_zero(out):
    assert vevents(out / "ics/liv-las-vegas.ics")[
        "2026-12-06-fisher-liv-las-vegas@vinny"]["SEQUENCE"] == 0


def test_a_removed_event_is_cancelled(out):
    removed = vevents(out / "ics/liv-las-vegas.ics")["2026-12-12-vanishing-act-liv-las-vegas@vinny"]
    assert (removed["STATUS"], removed["SEQUENCE"]) == ("CANCELLED", 1)


def test_an_active_event_is_confirmed(out):
    assert vevents(out / "ics/liv-las-vegas.ics")[DOM]["STATUS"] == "CONFIRMED"


def test_the_hostile_performer_round_trips(out):
    hostile = vevents(out / "ics/all.ics")["2026-12-05-x-drop-table-events-liv-las-vegas@vinny"]
    assert str(hostile["SUMMARY"]) == f"{HOSTILE} at LIV Las Vegas"


def test_a_price_change_does_not_bump_the_sequence(tmp_path):
    db = build(tmp_path / "vinny.db")
    change_one(db)  # only the tables of Dom Dolla change
    export(db, tmp_path, ["ics"], TODAY)
    assert vevents(tmp_path / "ics/liv-las-vegas.ics")[DOM]["SEQUENCE"] == 1
