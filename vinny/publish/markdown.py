"""`venues/<venue-slug>.md` and `venues/index.md`: Markdown venue pages and their index (pure
functions), and `MarkdownExporter`, which writes them.

Every scraped value is escaped before it reaches the page: HTML metacharacters become
entities, Markdown punctuation is backslash-escaped, line breaks become spaces (a table row is
one line), and a link is made only of an http(s) URL, percent-encoded so that no character
can close it early.
"""

from __future__ import annotations

import json
import os
import re
import sqlite3
from datetime import date
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit

from vinny.images.urls import image_key
from vinny.publish.exporter import Exporter, ExportOptions, file_slug, venues
from vinny.publish.values import (
    address_line,
    artist_links,
    event_day,
    image_url,
    price_from,
    show_date,
    show_price,
    show_time,
    sold_out,
    start,
)
from vinny.venues import Venue

_PUNCTUATION = re.compile(r"([\\`*_{}\[\]()#+\-.!|~:])")
_SPACE = re.compile(r"\s+")
# Characters left as they are in a link; everything else is percent-encoded ("%" stays so that
# an already encoded URL is not encoded twice).
_URL_SAFE = "/:?#@!$&'*+,;=%-._~"
TABLE_HEADER = ("| Date | Start | Performer | From | Image | Links |\n"
                "| --- | --- | --- | --- | --- | --- |\n")


def text(value: Any) -> str:
    """A scraped value as inert Markdown text on one line."""
    plain = _SPACE.sub(" ", str(value)).strip()
    plain = plain.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return _PUNCTUATION.sub(r"\\\1", plain)


def safe_url(url: str | None) -> str | None:
    """The URL percent-encoded for a Markdown link, or None unless it is http(s)."""
    if not url or urlsplit(url.strip()).scheme.lower() not in ("http", "https"):
        return None
    return quote(url.strip(), safe=_URL_SAFE).replace("(", "%28").replace(")", "%29")


def link(label: str, url: str | None) -> str:
    target = safe_url(url)
    return f"[{text(label)}]({target})" if target else ""


def image(alt: str, url: str | None, local_base: str | None = None) -> str:
    """The image, from its public URL, or with `local_base` (a path relative to the page) from
    the local image store: built from the store key, never from page text."""
    key = image_key(url) if local_base is not None else None
    target = quote(f"{local_base}/{key}", safe=_URL_SAFE) if key else safe_url(url)
    return f"![{text(alt)}]({target})" if target else ""


def _performer(doc: dict[str, Any]) -> str:
    names = doc.get("performers") or [doc["performer"]]
    shown = text(", ".join(names))
    status = doc.get("status") or "active"
    return shown if status == "active" else f"{shown} **\\({text(status)}\\)**"


def _price(doc: dict[str, Any]) -> str:
    cheapest = price_from(doc)
    return "Sold out" if cheapest is None and sold_out(doc) else show_price(cheapest)


def event_row(doc: dict[str, Any], local_base: str | None = None) -> str:
    links = [link("Event", doc.get("url"))]
    links += [link(label, url) for label, url in artist_links(doc)]
    cells = (
        show_date(event_day(doc)), show_time(start(doc)), _performer(doc), _price(doc),
        image(doc["performer"], image_url(doc, "main"), local_base),
        " · ".join(x for x in links if x),
    )
    return "| " + " | ".join(cells) + " |\n"


def _front_matter(fields: dict[str, Any]) -> str:
    # JSON strings are valid YAML scalars: no value can break out of its line.
    lines = [f"{key}: {json.dumps(value, ensure_ascii=False)}" for key, value in fields.items()]
    return "---\n" + "\n".join(lines) + "\n---\n\n"


def venue_page_head(venue: Venue | None, name: str, slug: str, as_of: date | None) -> str:
    head = _front_matter({"title": name, "venue_slug": slug,
                          "as_of": as_of.isoformat() if as_of else None})
    head += f"# {text(name)}\n\n"
    facts = [text(x) for x in ((venue.resort if venue else ""), address_line(venue)) if x]
    site = link("Website", venue.url) if venue else ""
    if facts or site:
        head += " · ".join([*facts, *([site] if site else [])]) + "\n\n"
    when = f" as of {show_date(as_of)}" if as_of else ""
    return head + f"## Upcoming events{when}\n\n"


def venue_page_empty() -> str:
    return "No upcoming events.\n"


def index_page(rows: list[tuple[str, str, str, int]], as_of: date | None) -> str:
    """rows: (venue name, slug, resort, upcoming events), in the order to list them."""
    page = _front_matter({"title": "Venues", "as_of": as_of.isoformat() if as_of else None})
    page += "# Venues\n\n"
    if as_of:
        page += f"Upcoming events as of {show_date(as_of)}.\n\n"
    page += "| Venue | Resort | Upcoming events |\n| --- | --- | --- |\n"
    for name, slug, resort, count in rows:
        page += f"| [{text(name)}]({quote(slug)}.md) | {text(resort)} | {count} |\n"
    return page


class MarkdownExporter(Exporter):
    """`venues/<slug>.md` for every venue of the registry (and any other venue with events),
    listing its upcoming events (from `as_of`, removed ones left out) by date and start time;
    `venues/index.md` with each venue's count."""

    def __init__(self, out: Path, as_of: date | None, options: ExportOptions | None = None):
        super().__init__(out, as_of, options)
        self.venues = venues()
        self.names: dict[str, str] = {}
        self.counts: dict[str, int] = {}
        self.night: dict[str, tuple[str, list[dict[str, Any]]]] = {}
        local = self.options.local_images
        # A page in `venues/` reaches the local store by a relative path, wherever both are.
        self.local_base = (Path(os.path.relpath(local, out / "venues")).as_posix()
                           if local is not None else None)
        self.opened = False

    def outputs(self) -> list[str]:
        assert self.prints is not None
        pages = dict.fromkeys([*self.venues, *self.prints.venues])
        return ["venues/index.md", *(f"venues/{slug}.md" for slug in pages)]

    def inputs(self, relative: str) -> object:
        assert self.prints is not None
        slug = relative.removeprefix("venues/").removesuffix(".md")
        shown = self.prints.catalogue if slug == "index" else self.prints.venues.get(slug)
        return [shown, self.as_of, self.local_base]

    def _open(self, slug: str, name: str) -> None:
        self.names[slug], self.counts[slug] = name, 0
        if self.dirty(f"venues/{slug}.md"):
            self.file(f"venues/{slug}.md").write(venue_page_head(
                self.venues.get(slug), name, slug, self.as_of))

    def add(self, doc: dict[str, Any]) -> None:
        if doc.get("status") == "removed" or (self.as_of and event_day(doc) < self.as_of):
            return
        slug = file_slug(doc)
        if not self.opened:
            self._open_registry()
        if slug not in self.names:
            self._open(slug, doc["venue"])
        self.count += 1
        if not self.dirty(f"venues/{slug}.md"):
            self.counts[slug] += 1  # an unchanged page: only its count, for the index
            return
        day, pending = self.night.get(slug, (doc["event_date"], []))
        if day != doc["event_date"]:
            self._flush(slug, pending)
            day, pending = doc["event_date"], []
        pending.append(doc)
        self.night[slug] = (day, pending)

    def _open_registry(self) -> None:
        # After `plan`, which says which pages need writing.
        self.opened = True
        for slug, venue in self.venues.items():
            self._open(slug, venue.name)

    def _flush(self, slug: str, docs: list[dict[str, Any]]) -> None:
        """One night of a venue, by start time (sets without a time last)."""
        page = self.file(f"venues/{slug}.md")
        for doc in sorted(docs, key=lambda d: (start(d) is None, start(d) or 0, d["event_id"])):
            if not self.counts[slug]:
                page.write(TABLE_HEADER)
            page.write(event_row(doc, self.local_base))
            self.counts[slug] += 1

    def finish(self, conn: sqlite3.Connection) -> None:
        if not self.opened:
            self._open_registry()
        for slug, (_, pending) in sorted(self.night.items()):
            self._flush(slug, pending)
        for slug, count in self.counts.items():
            if not count and self.dirty(f"venues/{slug}.md"):
                self.file(f"venues/{slug}.md").write(venue_page_empty())
        listed = [*self.venues, *sorted(set(self.names) - set(self.venues))]
        rows = [(self.names[s], s, self.venues[s].resort if s in self.venues else "",
                 self.counts[s]) for s in listed]
        if self.dirty("venues/index.md"):
            self.file("venues/index.md").write(index_page(rows, self.as_of))
