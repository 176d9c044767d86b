"""The exporters: thin classes that stream event documents into files through the pure
functions beside them. Each takes documents in `event_id` order (`add`), writes its endings
(`finish`), then `commit()` puts its files in place, or `abort()` leaves the previous ones."""

from __future__ import annotations

import sqlite3
from datetime import date
from pathlib import Path
from typing import Any

from vinny.export import d1, ics, markdown, tabular
from vinny.export.files import AtomicFile
from vinny.export.values import event_day, start
from vinny.slugs import slugify
from vinny.venues import Venue, registry


class Exporter:
    def __init__(self, out: Path, as_of: date | None):
        self.out = out
        self.as_of = as_of
        self.files: dict[str, AtomicFile] = {}
        self.count = 0

    def file(self, relative: str) -> AtomicFile:
        if relative not in self.files:
            self.files[relative] = AtomicFile(self.out / relative)
        return self.files[relative]

    def add(self, doc: dict[str, Any]) -> None:
        raise NotImplementedError

    def finish(self, conn: sqlite3.Connection) -> None:
        """Write what follows the last event."""

    def commit(self) -> None:
        for handle in self.files.values():
            handle.commit()

    def abort(self) -> None:
        for handle in self.files.values():
            handle.abort()


class JsonExporter(Exporter):
    def add(self, doc):
        self.file("events.json").write(
            (b"[" if not self.count else b"") + tabular.json_array_item(doc, not self.count))
        self.count += 1

    def finish(self, conn):
        self.file("events.json").write(b"\n]\n" if self.count else b"[]\n")


class JsonlExporter(Exporter):
    def add(self, doc):
        self.file("events.jsonl").write(tabular.json_line(doc))
        self.count += 1

    def finish(self, conn):
        self.file("events.jsonl")


class CsvExporter(Exporter):
    def add(self, doc):
        if not self.count:
            self.file("events.csv").write(tabular.csv_header())
        self.file("events.csv").write(tabular.csv_row(doc))
        self.count += 1

    def finish(self, conn):
        if not self.count:
            self.file("events.csv").write(tabular.csv_header())


class D1Exporter(Exporter):
    def __init__(self, out, as_of):
        super().__init__(out, as_of)
        self.artists = d1.ArtistDedup()
        self.sql = self.file("d1.sql")
        for statement in d1.terminated(d1.schema_statements()):
            self.sql.write(statement)

    def add(self, doc):
        for statement in d1.terminated(d1.event_statements(doc)):
            self.sql.write(statement)
        for statement in d1.terminated(self.artists.statements(doc)):
            self.sql.write(statement)
        self.count += 1

    def finish(self, conn):
        for table in d1.COPIED_TABLES:
            for statement in d1.terminated(d1.copied_table_statements(conn, table)):
                self.sql.write(statement)


def _venues() -> dict[str, Venue]:
    return {venue.slug: venue for venue in registry().venues}


def file_slug(doc: dict[str, Any]) -> str:
    """The venue's slug as a file name: a stored slug never leads outside the directory."""
    return slugify(doc["venue_slug"]) or "venue"


class MarkdownExporter(Exporter):
    """`venues/<slug>.md` for every venue of the registry (and any other venue with events),
    listing its upcoming events (from `as_of`, removed ones left out) by date and start time;
    `venues/index.md` with each venue's count."""

    def __init__(self, out, as_of):
        super().__init__(out, as_of)
        self.venues = _venues()
        self.names: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.night: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        for slug, venue in self.venues.items():
            self._open(slug, venue.name)

    def _open(self, slug: str, name: str) -> None:
        self.names[slug], self.counts[slug] = name, 0
        self.file(f"venues/{slug}.md").write(markdown.venue_page_head(
            self.venues.get(slug), name, slug, self.as_of))

    def add(self, doc):
        if doc.get("status") == "removed" or (self.as_of and event_day(doc) < self.as_of):
            return
        slug = file_slug(doc)
        if slug not in self.names:
            self._open(slug, doc["venue"])
        day, pending = self.night.get(slug, (doc["event_date"], []))
        if day != doc["event_date"]:
            self._flush(slug, pending)
            day, pending = doc["event_date"], []
        pending.append(doc)
        self.night[slug] = (day, pending)
        self.count += 1

    def _flush(self, slug: str, docs: list[dict[str, Any]]) -> None:
        """One night of a venue, by start time (sets without a time last)."""
        page = self.file(f"venues/{slug}.md")
        for doc in sorted(docs, key=lambda d: (start(d) is None, start(d) or 0, d["event_id"])):
            if not self.counts[slug]:
                page.write(markdown.TABLE_HEADER)
            page.write(markdown.event_row(doc))
            self.counts[slug] += 1

    def finish(self, conn):
        for slug, (_, pending) in sorted(self.night.items()):
            self._flush(slug, pending)
        for slug, count in self.counts.items():
            if not count:
                self.file(f"venues/{slug}.md").write(markdown.venue_page_empty())
        listed = [*self.venues, *sorted(set(self.names) - set(self.venues))]
        rows = [(self.names[s], s, self.venues[s].resort if s in self.venues else "",
                 self.counts[s]) for s in listed]
        self.file("venues/index.md").write(markdown.index_page(rows, self.as_of))


class IcsExporter(Exporter):
    """`ics/<slug>.ics` for every venue (and any other venue with events), `ics/all.ics`."""

    def __init__(self, out, as_of):
        super().__init__(out, as_of)
        self.tails: dict[str, bytes] = {}
        self._open("all", "Las Vegas nightlife")
        for slug, venue in _venues().items():
            self._open(slug, venue.name)

    def _open(self, slug: str, name: str) -> None:
        head, self.tails[slug] = ics.calendar_halves(name)
        self.file(f"ics/{slug}.ics").write(head)

    def add(self, doc):
        slug = file_slug(doc)
        if slug not in self.tails:
            self._open(slug, doc["venue"])
        entry = ics.vevent_bytes(doc)
        self.file(f"ics/{slug}.ics").write(entry)
        self.file("ics/all.ics").write(entry)
        self.count += 1

    def finish(self, conn):
        for slug, tail in self.tails.items():
            self.file(f"ics/{slug}.ics").write(tail)


EXPORTERS: dict[str, type[Exporter]] = {
    "json": JsonExporter, "jsonl": JsonlExporter, "csv": CsvExporter, "d1": D1Exporter,
    "markdown": MarkdownExporter, "ics": IcsExporter,
}
