"""`ics/<venue-slug>.ics` and `ics/all.ics`: iCalendar (RFC 5545) calendars of events (pure
functions), and `IcsExporter`, which writes them.

A calendar is streamed: the `icalendar` library serialises the calendar itself (properties and
the `America/Los_Angeles` VTIMEZONE, once a process); each VEVENT is written directly as RFC
5545 content lines (TEXT escaping, folding at 75 octets, properties in the library's order), the
same bytes the library gives at a tenth of its cost (its per-property objects cost ~0.5 ms an
event); the events go between the two halves of the calendar's serialisation, so memory does not
grow with the number of events. Only venues whose events changed are written again
(`vinny.publish.incremental`).
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

import sqlite3
from datetime import UTC, date, datetime, timedelta
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

from icalendar import Calendar, Timezone, vDuration

from vinny.publish.exporter import Exporter, ExportOptions, file_slug, venues
from vinny.publish.values import (
    End,
    address_line,
    end,
    price_from,
    show_price,
    show_time,
    start,
)
from vinny.venues import registry

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


def text(value: str) -> str:
    """An RFC 5545 TEXT value, escaped as the icalendar library escapes it."""
    return (value.replace("\\N", "\n").replace("\\", "\\\\").replace(";", "\\;")
            .replace(",", "\\,").replace("\r\n", "\\n").replace("\n", "\\n")
            .replace("\r", "\\n"))


def fold(line: str, limit: int = 75) -> str:
    """The content line folded before `limit` octets (continuations start with a space); an
    escape's backslash is never left at the end of a line (as the icalendar library does)."""
    if len(line) < limit // 4 or len(line.encode()) < limit:
        return line + "\r\n"
    if not line.isascii():
        return _fold_chars(line, limit)
    lines, first, width = [], 0, limit - 1  # ASCII: a character is an octet, so slice
    while first < len(line):
        last = first + width
        if last < len(line) and last - first > 1 and line[last - 1] in "\\^":
            last -= 1
        lines.append(line[first:last])
        first = last
    return "\r\n ".join(lines) + "\r\n"


def _fold_chars(line: str, limit: int) -> str:
    lines: list[str] = []
    chars: list[str] = []
    size = 0
    for char in line:
        width = len(char.encode())
        if chars and size + width >= limit:
            carried = chars.pop() if len(chars) > 1 and chars[-1] in "\\^" else ""
            lines.append("".join(chars))
            chars, size = ([carried], len(carried.encode())) if carried else ([], 0)
        chars.append(char)
        size += width
    lines.append("".join(chars))
    return "\r\n ".join(lines) + "\r\n"


def _stamp(moment: date | datetime) -> str:
    # f-strings: strftime costs several µs a call, a tenth of an event's whole budget.
    day = f"{moment.year:04d}{moment.month:02d}{moment.day:02d}"
    if not isinstance(moment, datetime):
        return day
    return f"{day}T{moment.hour:02d}{moment.minute:02d}{moment.second:02d}"


def _utc(moment: datetime) -> str:
    moment = moment.astimezone(UTC) if moment.tzinfo else moment  # naive: already UTC
    return _stamp(moment) + "Z"


def _when(name: str, moment: date | datetime) -> str:
    if isinstance(moment, datetime):
        return f"{name};TZID={TZID}:{_stamp(moment)}\r\n"
    return f"{name};VALUE=DATE:{_stamp(moment)}\r\n"


@lru_cache(maxsize=1024)
def _location(name: str, slug: str) -> tuple[str, str]:
    """LOCATION and GEO of a venue (few, repeated on every event)."""
    venue = registry().by_slug(slug)
    where = ", ".join(p for p in (name, venue.resort if venue else "", address_line(venue))
                      if p)
    line = fold(f"LOCATION:{text(where)}")
    if venue is not None and venue.geo is not None:
        return f"GEO:{float(venue.geo.latitude)};{float(venue.geo.longitude)}\r\n", line
    return "", line


def vevent_bytes(doc: dict[str, Any]) -> bytes:
    """One VEVENT: SUMMARY, DTSTART, DTEND, DTSTAMP, UID, SEQUENCE first, then the other
    properties by name (the icalendar library's order, so files stay byte-identical)."""
    changed = _utc(_last_change(doc))
    begins = start(doc)
    ends = end(doc) if begins else None
    if begins is None or ends is None:
        day = date.fromisoformat(doc["event_date"])
        first: date | datetime = day
        last: date | datetime = day + timedelta(days=1)  # the whole day, as RFC 5545 reads it
    else:
        first, last = begins, ends.at
    geo, location = _location(doc["venue"], doc.get("venue_slug") or "")
    lines = [
        "BEGIN:VEVENT\r\n",
        fold(f"SUMMARY:{text(doc['performer'] + ' at ' + doc['venue'])}"),
        _when("DTSTART", first), _when("DTEND", last),
        f"DTSTAMP:{changed}\r\n",
        fold(f"UID:{text(doc['event_id'] + '@vinny')}"),
        f"SEQUENCE:{sequence(doc)}\r\n",
        fold(f"DESCRIPTION:{text(_description(doc, ends))}"),
    ]
    lines += [
        geo,
        f"LAST-MODIFIED:{changed}\r\n",
        location,
        f"STATUS:{STATUS.get(doc.get('status') or 'active', 'CONFIRMED')}\r\n",
        fold(f"URL:{doc['url']}"),  # a URI value: not escaped
    ]
    if ends is not None and ends.estimated and begins is not None:
        lines.append("X-VINNY-END-ESTIMATED:TRUE\r\n")
    lines.append("END:VEVENT\r\n")
    return "".join(lines).encode()


class IcsExporter(Exporter):
    """`ics/<slug>.ics` for every venue with events, `ics/all.ics`; with a manifest, only the
    calendars of venues whose events changed, and `all.ics` when any did."""

    ALL = "ics/all.ics"

    def __init__(self, out: Path, as_of: date | None, options: ExportOptions | None = None):
        super().__init__(out, as_of, options)
        self.tails: dict[str, bytes] = {}
        self.seen: set[str] = set()

    def outputs(self) -> list[str]:
        assert self.prints is not None
        return [self.ALL, *(f"ics/{slug}.ics" for slug in self.prints.venues)]

    def inputs(self, relative: str) -> Any:
        assert self.prints is not None
        if relative == self.ALL:
            return self.prints.catalogue
        return self.prints.venues.get(relative.removeprefix("ics/").removesuffix(".ics"))

    def _write(self, slug: str, name: str, entry: bytes) -> None:
        if slug not in self.tails:
            head, self.tails[slug] = calendar_halves(name)
            self.file(f"ics/{slug}.ics").write(head)
        self.file(f"ics/{slug}.ics").write(entry)

    def add(self, doc: dict[str, Any]) -> None:
        slug = file_slug(doc)
        self.seen.add(slug)
        self.count += 1
        own, every = self.dirty(f"ics/{slug}.ics"), self.dirty(self.ALL)
        if not (own or every):
            return  # neither calendar changed: nothing to render
        entry = vevent_bytes(doc)
        if own:
            known = venues().get(slug)
            self._write(slug, known.name if known else doc["venue"], entry)
        if every:
            self._write("all", "Las Vegas nightlife", entry)

    def finish(self, conn: sqlite3.Connection) -> None:
        if self.dirty(self.ALL):
            self._write("all", "Las Vegas nightlife", b"")  # always written, even empty
        for slug, tail in self.tails.items():
            self.file(f"ics/{slug}.ics").write(tail)

    def commit(self) -> None:
        super().commit()
        for slug in venues().keys() - self.seen - {"all"}:
            (self.out / "ics" / f"{slug}.ics").unlink(missing_ok=True)  # an older, empty one
            if self.manifest is not None:
                self.manifest.forget(f"ics/{slug}.ics")
