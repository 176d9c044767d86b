"""The direct RFC 5545 writer (`vinny.publish.ics.vevent_bytes`) against the icalendar library:
the same bytes as the library's own serialisation of the same VEVENT (the reference below is
how vinny built it before), folded lines the library parses back to the same text."""

from datetime import date, datetime, timedelta

import pytest
from icalendar import Calendar, Event

from tests.exportdb import HOSTILE, HOSTILE_BIO, build, event
from vinny.database.db import open_read_only
from vinny.publish.documents import iter_documents
from vinny.publish.ics import _description, _last_change, fold, sequence, vevent_bytes
from vinny.publish.values import address_line, end, start, venue_of


def library_vevent(doc: dict) -> bytes:
    """The VEVENT as the icalendar library serialises it (vinny's writer until issue 17)."""
    venue = venue_of(doc)
    entry = Event()
    entry.add("uid", f"{doc['event_id']}@vinny")
    entry.add("dtstamp", _last_change(doc))
    entry.add("last-modified", _last_change(doc))
    entry.add("sequence", sequence(doc))
    begins = start(doc)
    ends = end(doc) if begins else None
    if begins is None or ends is None:
        day = date.fromisoformat(doc["event_date"])
        entry.add("dtstart", day)
        entry.add("dtend", day + timedelta(days=1))
    else:
        entry.add("dtstart", begins)
        entry.add("dtend", ends.at)
        if ends.estimated:
            entry.add("x-vinny-end-estimated", "TRUE")
    entry.add("summary", f"{doc['performer']} at {doc['venue']}")
    entry.add("location", ", ".join(p for p in (doc["venue"], venue.resort if venue else "",
                                                 address_line(venue)) if p))
    if venue is not None and venue.geo is not None:
        entry.add("geo", (venue.geo.latitude, venue.geo.longitude))
    entry.add("description", _description(doc, ends))
    entry.add("url", doc["url"])
    entry.add("status", {"removed": "CANCELLED", "cancelled": "CANCELLED",
                         "postponed": "TENTATIVE"}.get(doc.get("status"), "CONFIRMED"))
    return entry.to_ical()


@pytest.fixture(scope="module")
def stored_docs(tmp_path_factory):
    conn = open_read_only(build(tmp_path_factory.mktemp("ics-writer") / "vinny.db"))
    try:
        return list(iter_documents(conn))
    finally:
        conn.close()


def odd_docs() -> list[dict]:
    """Text that exercises escaping and folding: separators, backslashes, `\\N`, line breaks,
    a caret, multi-byte characters at the fold, a date-only night at an unknown venue."""
    names = [HOSTILE, HOSTILE_BIO, "a\\Nb^c" * 30, "Ü🎧" * 60, "x" * 73 + "\\;",
             "Tiësto, Alesso & Friends; b2b \\ set " * 4]
    docs = [event(name, datetime(2026, 12, 5, 23, 0).astimezone(), artist_bio=name)
            for name in names]
    docs.append({**event("Fisher", date(2026, 12, 6)), "venue_slug": "nowhere",
                 "venue": "Nowhere, NV; a room\\with a view " * 3})
    return docs


def test_stored_events_are_written_as_the_library_writes_them(stored_docs):
    assert [vevent_bytes(d) for d in stored_docs] == [library_vevent(d) for d in stored_docs]


@pytest.mark.parametrize("doc", odd_docs(), ids=lambda d: d["performer"][:12])
def test_escaping_and_folding_match_the_library(doc):
    assert vevent_bytes(doc) == library_vevent(doc)


@pytest.mark.parametrize("doc", odd_docs(), ids=lambda d: d["performer"][:12])
def test_the_library_reads_back_the_text_written(doc):
    payload = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:x\r\n" + vevent_bytes(doc) + \
        b"END:VCALENDAR\r\n"
    parsed = Calendar.from_ical(payload).walk("VEVENT")[0]
    assert str(parsed["SUMMARY"]) == f"{doc['performer']} at {doc['venue']}".replace(
        "\\N", "\n").replace("\r\n", "\n").replace("\r", "\n")


def test_no_folded_line_is_longer_than_75_octets():
    folded = fold("DESCRIPTION:" + "é🎧x" * 200)
    assert max(len(line) for line in folded.encode().split(b"\r\n")) <= 75

