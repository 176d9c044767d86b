"""UrVenue sites (LIV, WynnSocial, Zouk): JSON-LD Event first, the `uws` HTML cues second.

The JSON-LD carries a date only; the start time is in `.uwsdtime`. Venue: LIV and LIV Beach
share one UrVenue id and differ only by their label; on other families (Wynn, Zouk) each
venue has its own id, so `extract_urvenue_event` serves any of them given the family's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

from vinny.extract.common import (
    Dom,
    Skip,
    find,
    location_of,
    names_of,
    page_bytes,
    parse_date_text,
    parse_iso_start,
    parse_yearless_date,
    status_of,
    text_of,
    urls_of,
    with_venue,
)
from vinny.extract.jsonld import read_jsonld
from vinny.extract.lineup import is_closure, lineup_of
from vinny.extract.pricing_cues import page_inventory
from vinny.timeutil import localize, parse_clock
from vinny.venues import Venue, normalize_label, registry

_CODE_IN_URL = re.compile(r"/(EVE-[A-Za-z0-9]{3,16}|EVE\d{12,})(?:/|$)")
_LEGACY_CODE = re.compile(r"^EVE(\d+?)(\d{3})(\d{8})$")
_SITE_SUFFIX = re.compile(r"\s+[|–—]\s+[^|–—]+$")
_CLIENT_RENDERED = b'data-render="client"'
# The event's own heading first (EBC pages name it in `h1 span.uv-events-name`).
_NAME_SELECTORS = (".uv-event-name-title", "h1 .uv-events-name", ".uwsname", "h1")
_LIV_BEACH_NAME = re.compile(r"^\s*LIV\s+Beach\b", re.IGNORECASE)


@dataclass(frozen=True)
class EventCode:
    code: str
    venue_id: str | None = None
    zone: str | None = None
    day: date | None = None


def parse_event_code(code: str) -> EventCode:
    """Split a legacy `EVE{venue}{zone}{YYYYMMDD}` code; an opaque `EVE-XXXXXX` carries nothing."""
    match = _LEGACY_CODE.match(code)
    if not match:
        return EventCode(code)
    day = parse_date_text(f"{match[3][:4]}-{match[3][4:6]}-{match[3][6:]}")
    return EventCode(code, match[1], match[2], day)


def code_from_url(url: str) -> EventCode | None:
    match = _CODE_IN_URL.search(url)
    return parse_event_code(match[1]) if match else None


def _read_page(url: str, page: bytes) -> dict[str, Any] | Skip:
    """Everything an UrVenue event page says, venue still unresolved."""
    jsonld = read_jsonld(page)
    events = jsonld.events()
    event = events[0] if events else {}
    dom = Dom(page)
    code = code_from_url(url)
    venue_label = dom.first_text(".uwsvenuename")
    if not event and venue_label is None and find(page, _CLIENT_RENDERED) != -1:
        # An app shell: the event block only exists once the page's scripts have run.
        return Skip("needs_browser")
    if not event and code is None and venue_label is None:
        return Skip("not_event")

    name = (
        text_of(event.get("name"))
        or dom.first_text(*_NAME_SELECTORS)
        or _SITE_SUFFIX.sub("", dom.meta("og:title") or "")
        or None
    )
    if is_closure(name):
        return Skip("closed", name or "")
    day, start = parse_iso_start(event.get("startDate"))
    if day is None:
        shown = dom.first_text(".uwsddate")
        written = parse_date_text(dom.meta("article:modified_time"))
        day = parse_date_text(shown) or parse_yearless_date(shown, written)
    if day is None and code is not None:
        day = code.day
    if start is None and day is not None:
        door = text_of(event.get("doorTime"))
        clock = (dom.first_clock(".uwsdtime")
                 or parse_clock(door.split("T", 1)[-1] if door else None)
                 or dom.clock_near_heading())
        start = localize(day, clock) if clock else None

    place, city = location_of(event)
    images = urls_of(event.get("image"))
    if not images and (og_image := dom.meta("og:image")):
        images = urls_of(og_image)
    return {
        "url": url,
        "event_code": code.code if code else None,
        "event_name": name,
        "performers": _lineup(names_of(event.get("performer"))) or lineup_of(name),
        "venue_label": venue_label or place,
        "city": city,
        "event_date": day,
        "start_at": start,
        "image_urls": images,
        "description": text_of(event.get("description")),
        "status": status_of(event),
        "_code": code,
        "jsonld_malformed": jsonld.malformed,
        "page_inventory": page_inventory(page),
    }


def _lineup(names: list[str]) -> list[str]:
    """UrVenue's plugin writes every performer of a night into one PerformingGroup name,
    joined by ", " ("Zedd, Wax Motif"): one name per performer again."""
    return list(dict.fromkeys(p.strip() for n in names for p in n.split(", ") if p.strip()))


def _elsewhere(city: str | None) -> bool:
    if not city:
        return False
    return normalize_label(city) not in ("", "las vegas")


def _with_venue(page: dict[str, Any], venue: Venue | None) -> dict[str, Any]:
    page.pop("_code", None)
    return with_venue(page, venue)


def extract_liv_event(url: str, page: str | bytes) -> dict[str, Any] | Skip:
    """One page of livnightclub.com (its text, or its bytes in UTF-8) -> an event dict."""
    found = _read_page(url, page_bytes(page))
    if isinstance(found, Skip):
        return found
    label = found["venue_label"]
    venue = registry().by_label(label, family="liv")
    if venue is None and label is None:
        # No label at all: the name ("LIV Beach at Night: ...") is the only hint left.
        beach = _LIV_BEACH_NAME.match(found["event_name"] or "")
        venue = registry().by_slug("liv-beach" if beach else "liv-las-vegas")
    return _with_venue(found, venue)


def extract_urvenue_event(url: str, page: str | bytes, family: str) -> dict[str, Any] | Skip:
    """One page of a family whose venues each have their own UrVenue id (WynnSocial, Zouk):
    the venue from the id in the event code, else from the page's venue label."""
    found = _read_page(url, page_bytes(page))
    if isinstance(found, Skip):
        return found
    code: EventCode | None = found["_code"]
    venues = registry().by_urvenue_id(code.venue_id, family) if code and code.venue_id else []
    venue = venues[0] if len(venues) == 1 else registry().by_label(found["venue_label"], family)
    if venue is None and _elsewhere(found["city"]):
        # A calendar may list nights of the group's venues elsewhere (Wynn's Everett, MA).
        return Skip("not_las_vegas", f"{found['venue_label']} in {found['city']}")
    if venue is None:
        # ... and venues we do not cover (Wynn Field Club, festivals).
        venue_id = code.venue_id if code else None
        return Skip("out_of_scope", f"venue {venue_id or found['venue_label']}")
    return _with_venue(found, venue)


def extract_wynn_event(url: str, page: str | bytes) -> dict[str, Any] | Skip:
    """One page of wynnsocial.com (its text, or its bytes in UTF-8) -> an event dict."""
    return extract_urvenue_event(url, page, "wynnsocial")
