"""`ics/<venue-slug>.ics` and `ics/all.ics`: iCalendar (RFC 5545) calendars of events, built with
the `icalendar` library (pure functions), and `IcsExporter`, which writes them.

A calendar is streamed: the library serialises the calendar itself (properties and the
`America/Los_Angeles` VTIMEZONE) and each VEVENT; the events go between the two halves of
the calendar's serialisation, so memory does not grow with the number of events.
- UID `{event_id}@vinny`: stable across exports.
- SEQUENCE: how many times a field the calendar shows has changed (from the history), so
  a calendar client sees a moved start or a cancellation as a newer version.
- DTSTAMP and LAST-MODIFIED: the event's last change (else its scrape time), never the
  export's clock, so the same database gives the same bytes.
- Removed and cancelled events are `STATUS:CANCELLED`, postponed ones `TENTATIVE`.
- Every VEVENT ends: DTEND is the page's end when known, else the venue's usual closing time
  (`vinny.publish.values.end`), then marked `X-VINNY-END-ESTIMATED:TRUE` and said in the
  DESCRIPTION; an event with only a date is that whole day (DTEND the next date).
- GEO from the venue registry; the calendar asks to be refreshed every `REFRESH`
  (`REFRESH-INTERVAL`, RFC 7986, and `X-PUBLISHED-TTL` for Outlook and Apple).
- A venue calendar exists only for a venue with events (past ones included): a venue without
  any has no file, and one an older export left is removed. `all.ics` is always written.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from functools import cache
from typing import Any

from icalendar import Calendar, Event, Timezone, vDuration

from vinny.publish.exporter import Exporter, file_slug, venues
from vinny.publish.values import (
    End,
    address_line,
    end,
    price_from,
    show_price,
    show_time,
    start,
    venue_of,
)

TZID = "America/Los_Angeles"
PRODID = "-//vinny//Las Vegas nightlife events//EN"
# The VTIMEZONE's span: fixed, so that it does not depend on the day of the export.
TZ_FIRST, TZ_LAST = date(2020, 1, 1), date(2040, 1, 1)
STATUS = {"active": "CONFIRMED", "postponed": "TENTATIVE", "cancelled": "CANCELLED",
          "removed": "CANCELLED"}
# History fields that change what a calendar entry says.
SHOWN_FIELDS = frozenset({"start_at", "event_date", "status", "performer", "performers",
                          "event_name", "venue", "url"})
_END = b"END:VCALENDAR\r\n"
# UrVenue venues are crawled hourly, TAO daily: a subscriber is at most a crawl or two behind.
REFRESH = timedelta(hours=3)


@cache
def _timezone() -> Timezone:
    return Timezone.from_tzid(TZID, first_date=TZ_FIRST, last_date=TZ_LAST)


def calendar_halves(name: str) -> tuple[bytes, bytes]:
    """The calendar's serialisation before and after its events."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", vDuration(REFRESH))
    cal.add_component(_timezone())
    whole = cal.to_ical()
    assert whole.endswith(_END)
    return whole[: -len(_END)], _END


def _changed(field: str) -> str:
    return field.split("[", 1)[0].split(".", 1)[0]


def sequence(doc: dict[str, Any]) -> int:
    return sum(_changed(h["field"]) in SHOWN_FIELDS for h in doc.get("history") or [])


def _last_change(doc: dict[str, Any]) -> datetime:
    stamps = [h["changed_at"] for h in doc.get("history") or []] + [doc["scraped_at"]]
    return max(datetime.fromisoformat(s) for s in stamps)


def _description(doc: dict[str, Any], ends: End | None) -> str:
    lines = []
    performers = doc.get("performers") or []
    if len(performers) > 1:
        lines.append("With " + ", ".join(performers))
    cheapest = price_from(doc)
    if cheapest is not None:
        lines.append(f"Tables from {show_price(cheapest)} minimum spend")
    if ends is not None and ends.estimated:
        lines.append(f"Ends around {show_time(ends.at)} (estimated from the venue's usual "
                     "hours)")
    lines.append(doc["url"])
    return "\n".join(lines)


def vevent(doc: dict[str, Any]) -> Event:
    venue = venue_of(doc)
    event = Event()
    event.add("uid", f"{doc['event_id']}@vinny")
    event.add("dtstamp", _last_change(doc))
    event.add("last-modified", _last_change(doc))
    event.add("sequence", sequence(doc))
    begins = start(doc)
    ends = end(doc) if begins else None
    if begins is None or ends is None:
        day = date.fromisoformat(doc["event_date"])
        event.add("dtstart", day)
        event.add("dtend", day + timedelta(days=1))  # the whole day, as RFC 5545 reads it
    else:
        event.add("dtstart", begins)
        event.add("dtend", ends.at)
        if ends.estimated:
            event.add("x-vinny-end-estimated", "TRUE")
    event.add("summary", f"{doc['performer']} at {doc['venue']}")
    location = ", ".join(p for p in (doc["venue"], venue.resort if venue else "",
                                     address_line(venue)) if p)
    event.add("location", location)
    if venue is not None and venue.geo is not None:
        event.add("geo", (venue.geo.latitude, venue.geo.longitude))
    event.add("description", _description(doc, ends))
    event.add("url", doc["url"])
    event.add("status", STATUS.get(doc.get("status") or "active", "CONFIRMED"))
    return event


def vevent_bytes(doc: dict[str, Any]) -> bytes:
    return vevent(doc).to_ical()


class IcsExporter(Exporter):
    """`ics/<slug>.ics` for every venue with events, `ics/all.ics`."""

    def __init__(self, out, as_of, options=None):
        super().__init__(out, as_of, options)
        self.tails: dict[str, bytes] = {}
        self._open("all", "Las Vegas nightlife")

    def _open(self, slug: str, name: str) -> None:
        head, self.tails[slug] = calendar_halves(name)
        self.file(f"ics/{slug}.ics").write(head)

    def add(self, doc):
        slug = file_slug(doc)
        if slug not in self.tails:
            known = venues().get(slug)
            self._open(slug, known.name if known else doc["venue"])
        entry = vevent_bytes(doc)
        self.file(f"ics/{slug}.ics").write(entry)
        self.file("ics/all.ics").write(entry)
        self.count += 1

    def finish(self, conn):
        for slug, tail in self.tails.items():
            self.file(f"ics/{slug}.ics").write(tail)

    def commit(self):
        super().commit()
        for slug in venues().keys() - self.tails.keys():
            (self.out / "ics" / f"{slug}.ics").unlink(missing_ok=True)  # an older, empty one
