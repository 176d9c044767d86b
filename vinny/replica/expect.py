"""What vinny should extract from a catalog entry, derived independently of vinny itself."""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .venues import IN_SCOPE, venue_for

LAS_VEGAS = ZoneInfo("America/Los_Angeles")
# A set starting before 06:00 belongs to the previous night.
NIGHT_ENDS_HOUR = 6


def slugify(text: str) -> str:
    """`Tiësto` -> `tiesto`, `Dimitri Vegas & Like Mike` -> `dimitri-vegas-and-like-mike`."""
    folded = unicodedata.normalize("NFKD", text)
    folded = "".join(c for c in folded if not unicodedata.combining(c))
    folded = folded.replace("&", " and ").lower()
    return re.sub(r"[^a-z0-9]+", "-", folded).strip("-")


def start_datetime(start_local: str, tz: ZoneInfo = LAS_VEGAS) -> datetime:
    return datetime.fromisoformat(start_local).replace(tzinfo=tz)


def night_of(start_local: str) -> date:
    start = datetime.fromisoformat(start_local)
    if start.hour < NIGHT_ENDS_HOUR:
        return start.date() - timedelta(days=1)
    return start.date()


def headliner(entry: dict) -> str:
    return entry["performers"][0] if entry["performers"] else entry["name"]


def expectation(entry: dict) -> dict:
    """The `expect` of an ordinary event entry: what vinny must make of its page."""
    venue = venue_for(entry)
    if venue.scope != IN_SCOPE:
        return {"skip": venue.scope}
    performer = headliner(entry)
    event_date = night_of(entry["start_local"]).isoformat()
    return {
        "event_id": f"{event_date}-{slugify(performer)}-{venue.slug}",
        "event_date": event_date,
        "venue_slug": venue.slug,
        "venue_tag": venue.tag,
        "performer": performer,
        "performers": list(entry["performers"]),
        "start_at": start_datetime(entry["start_local"]).isoformat(),
    }
