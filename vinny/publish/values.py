"""Derived values of one event document that several exports show (pure functions)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from vinny.timeutil import VEGAS
from vinny.venues import Hours, Venue, registry

# Fields a published event carries: the document without its history (the API and
# master_events.json have that).
PRIVATE_FIELDS = frozenset({"history"})

# A venue without hours in the registry (or an unknown venue): the usual day or night out.
DEFAULT_HOURS = {"Daylife": Hours(time(11), time(18)), "Nightlife": Hours(time(22, 30), time(4))}
# A closing time further than this after the start is not this night's (a dayclub's hours
# for a night event): the end is the start plus the venue's usual length instead.
LONGEST_NIGHT = timedelta(hours=12)

WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def public(doc: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in doc.items() if k not in PRIVATE_FIELDS}


def venue_of(doc: dict[str, Any]) -> Venue | None:
    return registry().by_slug(doc.get("venue_slug") or "")


def price_from(doc: dict[str, Any]) -> int | None:
    """The cheapest minimum spend among the tiers still available; None if none has a price."""
    prices = [row["tier"]["min_spend"] for row in doc.get("table_pricing") or []
              if row.get("is_available") and (row.get("tier") or {}).get("min_spend") is not None]
    return min(prices, default=None)


def sold_out(doc: dict[str, Any]) -> bool:
    """Tiers are known and none is available."""
    pricing = doc.get("table_pricing") or []
    return bool(pricing) and not any(row.get("is_available") for row in pricing)


def image_url(doc: dict[str, Any], preset: str) -> str | None:
    """The stored rendition `preset` (`main`: 500 px, `hd`: 1500 px) of the event's image."""
    for image in doc.get("images") or []:
        for size in image.get("sizes") or []:
            if size.get("preset") == preset and size.get("r2_url"):
                url: str = size["r2_url"]
                return url
    return None


def start(doc: dict[str, Any]) -> datetime | None:
    """The start as Las Vegas wall time, or None when only the date is known."""
    value = doc.get("start_at")
    return datetime.fromisoformat(value).astimezone(VEGAS) if value else None


@dataclass(frozen=True)
class End:
    at: datetime
    estimated: bool  # from the venue's usual hours: the site gave no end


def usual_hours(venue: Venue | None) -> Hours:
    if venue is not None and venue.hours is not None:
        return venue.hours
    return DEFAULT_HOURS.get(venue.category if venue else "", DEFAULT_HOURS["Nightlife"])


def _length(hours: Hours) -> timedelta:
    day = date(2000, 1, 1)
    span = datetime.combine(day, hours.closes) - datetime.combine(day, hours.opens)
    return span if span > timedelta(0) else span + timedelta(days=1)


def end(doc: dict[str, Any]) -> End | None:
    """When the night ends: the page's end (`end_at`, once the data model carries one) when it
    follows the start, else an estimate from the venue's usual closing time; None when only
    the date is known."""
    begins = start(doc)
    if begins is None:
        return None
    given = datetime.fromisoformat(doc["end_at"]).astimezone(VEGAS) if doc.get("end_at") else None
    if given is not None and given > begins:  # an end before the start is a page's typo
        return End(given, estimated=False)
    hours = usual_hours(venue_of(doc))
    # Wall-clock arithmetic (zoneinfo): "closes at 4:00" stays 4:00 across a DST change.
    closing = datetime.combine(begins.date(), hours.closes, tzinfo=VEGAS)
    if closing <= begins:
        closing += timedelta(days=1)
    if closing - begins > LONGEST_NIGHT:
        closing = begins + _length(hours)
    return End(closing, estimated=True)


def event_day(doc: dict[str, Any]) -> date:
    return date.fromisoformat(doc["event_date"])


def show_date(day: date) -> str:
    """`Fri Dec 4, 2026`, whatever the process locale (strftime names follow it)."""
    return f"{WEEKDAYS[day.weekday()]} {MONTHS[day.month - 1]} {day.day}, {day.year}"


def show_time(moment: datetime | None) -> str:
    if moment is None:
        return "TBA"
    hour = moment.hour % 12 or 12
    return f"{hour}:{moment.minute:02d} {'AM' if moment.hour < 12 else 'PM'}"


def show_price(amount: int | None) -> str:
    return "—" if amount is None else f"${amount:,}"


def address_line(venue: Venue | None) -> str:
    if venue is None:
        return ""
    a = venue.address
    region = " ".join(p for p in (a.get("region"), a.get("postal_code")) if p)
    return ", ".join(p for p in (a.get("street"), a.get("city"), region) if p)


def artist_links(doc: dict[str, Any]) -> list[tuple[str, str]]:
    """(label, url) of the headliner's streaming and social profiles, in a fixed order."""
    labels = (("streaming_links", "spotify", "Spotify"), ("streaming_links", "apple_music",
              "Apple Music"), ("streaming_links", "soundcloud", "SoundCloud"),
              ("streaming_links", "youtube", "YouTube"), ("social_links", "instagram", "Instagram"),
              ("social_links", "tiktok", "TikTok"), ("social_links", "beatport", "Beatport"),
              ("social_links", "resident_advisor", "Resident Advisor"))
    links = []
    for record, field, label in labels:
        url = (doc.get(record) or {}).get(field)
        if url:
            links.append((label, url))
    return links
