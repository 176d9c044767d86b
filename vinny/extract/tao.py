"""TAO Group (taogroup.com): JSON-LD Event when present, else `og:title` and the URL's date.

Only Las Vegas venues are in scope; the filter uses the venue and its city, never the brand
(Marquee New York and TAO Downtown share names with Las Vegas rooms).
"""

from __future__ import annotations

import html
import re
from typing import Any

from vinny.extract.common import (
    Dom,
    Skip,
    location_of,
    names_of,
    page_bytes,
    parse_date_text,
    parse_iso_start,
    status_of,
    text_of,
    urls_of,
    with_venue,
)
from vinny.extract.jsonld import read_jsonld
from vinny.extract.lineup import is_closure, lineup_of
from vinny.extract.pricing_cues import booketing_event_code
from vinny.timeutil import localize
from vinny.venues import normalize_label, registry

# Older slugs and titles write the year in two digits: /event/4-22-25-.../, "4/22/25 – ...".
_URL_SLUG = re.compile(r"/event/(\d{1,2})-(\d{1,2})-(\d{4}|\d{2})-([^/?#]+)")
_TITLE = re.compile(
    r"^\s*(\d{1,2}/\d{1,2}/(?:\d{4}|\d{2}))\s*[–—-]\s*(.+?)\s*[–—-]\s*([^–—|]+?)\s*(?:[|].*)?$"
)
_TITLE_SEPARATOR = re.compile(r"\s+[|–—]\s+|\s+-\s+")
_TITLE_DATE = re.compile(r"\d{1,2}/\d{1,2}/(?:\d{4}|\d{2})")
_TIME_SELECTORS = (".event-time", "time", '[class*="time"]')


def _full_year(year: str) -> str:
    return f"20{year}" if len(year) == 2 else year


def _title_parts(title: str | None) -> tuple[str | None, str | None, str | None]:
    """(date, name, venue) of `7/3/2026 – DJ Pauly D – Marquee Nightclub`, or of the Yoast
    form `Marquee Mondays | 6/29/2026 | TAO Group` (the venue then comes from the URL)."""
    text = html.unescape(title or "")
    if match := _TITLE.match(text):
        return match[1], match[2], match[3]
    parts = [p.strip() for p in _TITLE_SEPARATOR.split(text) if p.strip()]
    dates = [p for p in parts if _TITLE_DATE.fullmatch(p)]
    if not dates:
        return None, None, None
    others = [p for p in parts if p not in dates]
    return dates[0], (others[0] if others else None), (others[1] if len(others) > 2 else None)


def extract_tao_event(url: str, page: str | bytes) -> dict[str, Any] | Skip:
    """One page of taogroup.com (its text, or its bytes in UTF-8) -> an event dict."""
    page = page_bytes(page)
    jsonld = read_jsonld(page)
    events = jsonld.events()
    event = events[0] if events else {}
    dom = Dom(page)
    url_match = _URL_SLUG.search(url)
    if event:
        title_date, title_name, title_venue = None, None, None
    else:
        title_date, title_name, title_venue = _title_parts(dom.meta("og:title") or dom.title())
    if not event and url_match is None and title_date is None:
        return Skip("not_event")

    place, city = location_of(event)
    label = place or title_venue
    if city and normalize_label(city) not in ("", "las vegas"):
        return Skip("not_las_vegas", f"{label} in {city}")
    venue = registry().by_label(label, family="tao")
    if venue is None and url_match:
        venue = registry().by_tao_page_suffix(re.sub(r"-las-vegas$", "", url_match[4]))
    if venue is None and label is None and not event and title_date is None:
        # Nothing on the page names a venue: an app shell, not a page from elsewhere.
        return Skip("needs_browser")
    if venue is None and not city:
        return Skip("not_las_vegas", f"unknown venue {label!r}")

    day, start = parse_iso_start(event.get("startDate"))
    if day is None and url_match:
        day = parse_date_text(f"{url_match[1]}/{url_match[2]}/{_full_year(url_match[3])}")
    if day is None and title_date:
        month, mday, year = title_date.split("/")
        day = parse_date_text(f"{month}/{mday}/{_full_year(year)}")
    if start is None and day is not None:
        clock = dom.first_clock(*_TIME_SELECTORS) or dom.clock_near_heading()
        start = localize(day, clock) if clock else None

    name = text_of(event.get("name")) or title_name or dom.first_text("h1")
    if is_closure(name):
        return Skip("closed", name or "")
    images = urls_of(event.get("image"))
    if not images and (og_image := dom.meta("og:image")):
        images = urls_of(og_image)
    fields: dict[str, Any] = {
        "url": url,
        "event_code": booketing_event_code(page),
        "event_name": name,
        "performers": names_of(event.get("performer")) or lineup_of(name),
        "venue_label": label,
        "city": city,
        "event_date": day,
        "start_at": start,
        "image_urls": images,
        "description": text_of(event.get("description")),
        "status": status_of(event),
        "jsonld_malformed": jsonld.malformed,
    }
    return with_venue(fields, venue)
