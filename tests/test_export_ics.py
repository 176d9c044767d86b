"""Calendars: golden files, parsed back and validated with the icalendar library, stable UIDs,
SEQUENCE on change, Las Vegas time with its VTIMEZONE, removed events cancelled, an end for
every event (estimated ones marked), GEO, a refresh interval, no calendar without events.

Rewrite the golden files after an intended change with `pytest --update-golden`
(tests/golden.py)."""

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar, Event

from tests.exportdb import HOSTILE, TODAY, at, build, change_one, event
from vinny.publish.exports import export
from vinny.publish.ics import vevent_bytes
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


def validated(payload: bytes) -> Calendar:
    """The calendar as the icalendar parser reads it, checked against RFC 5545's rules for a
    VCALENDAR and its VEVENTs (required properties; an end after the start)."""
    calendar = Calendar.from_ical(payload)
    calendar.validate()  # PRODID, VERSION, at least one component
    for entry in calendar.walk("VEVENT"):
        assert {"UID", "DTSTAMP", "DTSTART", "DTEND"} <= set(entry), entry.get("UID")
        assert "DURATION" not in entry  # DTEND and DURATION are exclusive
        assert entry.end > entry.start, entry["UID"]  # `end` raises on a malformed pair
    return calendar


def vevents(path) -> dict[str, object]:
    calendar = Calendar.from_ical(path.read_bytes())
    return {str(e["UID"]): e for e in calendar.walk("VEVENT")}


@pytest.mark.parametrize("name", CALENDARS)
def test_calendar_matches_its_golden_file(out, name, golden):
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


def _entry(doc: dict) -> Event:
    return Event.from_ical(vevent_bytes(doc))


@pytest.mark.parametrize("name", [*CALENDARS, "ics/tao-nightclub.ics"])
def test_every_calendar_passes_the_icalendar_validation(out, name):
    assert validated((out / name).read_bytes()).walk("VEVENT")


def test_every_event_has_an_end_after_its_start(out):
    entries = validated((out / "ics/all.ics").read_bytes()).walk("VEVENT")
    assert all(e["DTEND"].dt > e["DTSTART"].dt for e in entries) and len(entries) == 8


def test_without_a_known_end_the_venue_usual_closing_is_the_end(out):
    dom = vevents(out / "ics/liv-las-vegas.ics")[DOM]
    assert dom["DTEND"].dt == datetime(2026, 12, 5, 4, 0, tzinfo=VEGAS)


def test_an_estimated_end_is_marked(out):
    dom = vevents(out / "ics/liv-las-vegas.ics")[DOM]
    assert dom["X-VINNY-END-ESTIMATED"] == "TRUE"


def test_an_estimated_end_is_said_in_the_description(out):
    dom = vevents(out / "ics/liv-las-vegas.ics")[DOM]
    assert "Ends around 4:00 AM (estimated from the venue's usual hours)" in dom["DESCRIPTION"]


def test_a_start_after_midnight_ends_the_same_morning(out):
    mau_p = vevents(out / "ics/liv-las-vegas.ics")["2026-12-04-mau-p-liv-las-vegas@vinny"]
    assert mau_p["DTEND"].dt == datetime(2026, 12, 5, 4, 0, tzinfo=VEGAS)


def test_an_event_without_a_start_time_ends_with_its_day(out):
    fisher = vevents(out / "ics/liv-las-vegas.ics")["2026-12-06-fisher-liv-las-vegas@vinny"]
    assert (fisher["DTEND"].dt, "X-VINNY-END-ESTIMATED" in fisher) == (date(2026, 12, 7), False)


def test_the_end_a_page_gives_is_used_unmarked():
    entry = _entry({**event("Dom Dolla", at(4, 22, 30)), "end_at": "2026-12-05T03:00:00-08:00"})
    assert (entry["DTEND"].dt, "X-VINNY-END-ESTIMATED" in entry) == (
        datetime(2026, 12, 5, 3, 0, tzinfo=VEGAS), False)


def test_a_page_end_before_the_start_is_replaced_by_the_estimate():
    entry = _entry({**event("Dom Dolla", at(4, 22, 30)), "end_at": "2026-12-04T21:00:00-08:00"})
    assert (entry["DTEND"].dt, str(entry["X-VINNY-END-ESTIMATED"])) == (
        datetime(2026, 12, 5, 4, 0, tzinfo=VEGAS), "TRUE")


def test_an_event_has_its_venue_coordinates(out):
    geo = vevents(out / "ics/liv-las-vegas.ics")[DOM]["GEO"]
    assert (geo.latitude, geo.longitude) == (36.1368, -115.1587)


@pytest.mark.parametrize("name", CALENDARS)
def test_a_calendar_asks_to_be_refreshed(out, name):
    calendar = Calendar.from_ical((out / name).read_bytes())
    assert (calendar["REFRESH-INTERVAL"].dt, calendar["REFRESH-INTERVAL"].params["VALUE"],
            calendar["X-PUBLISHED-TTL"]) == (timedelta(hours=3), "DURATION", "PT3H")


def test_a_venue_without_events_has_no_calendar(out):
    assert sorted(p.name for p in (out / "ics").iterdir()) == [
        "all.ics", "liv-las-vegas.ics", "tao-nightclub.ics", "xs-nightclub.ics"]


def test_an_empty_calendar_an_older_export_left_is_removed(db, tmp_path):
    (tmp_path / "ics").mkdir()
    (tmp_path / "ics/lavo-lounge.ics").write_bytes(b"BEGIN:VCALENDAR\r\nEND:VCALENDAR\r\n")
    export(db, tmp_path, ["ics"], TODAY)
    assert not (tmp_path / "ics/lavo-lounge.ics").exists()
