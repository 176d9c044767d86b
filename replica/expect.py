"""What vinny should extract from a catalog entry, derived independently of vinny itself."""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from .venues import IN_SCOPE, venue_for

LAS_VEGAS = ZoneInfo("America/Los_Angeles")
# A set starting before 06:00 belongs to the previous night.
NIGHT_ENDS_HOUR = 6

# The real sites' rules (docs/real-templates.md), by name:
#   no_artist     a title that is no act ("Special Guest", "OMNIA Nightclub Saturday", "XS Fridays")
#                 is an event with no performer
#   closed        a closure ("CLOSED FOR DOME INSTALLATION") is a skip `closed`, not an event
#   date_only     a page that shows no start time (TAO's Yoast-only pages) has start_at None
#   real_markup   UrVenue pages in the plugin's own markup, with inventory templates and cards
#   outside_vegas wynnsocial.com listing a night outside Las Vegas: a skip `not_las_vegas`
# A rule named in PENDING is one vinny does not follow yet: it is off here, and the catalog
# entries that show it are left out of the bundled and generated catalogs. Remove a name once
# the extractors implement it; VINNY_REPLICA_REAL=all (or a comma list) turns rules on meanwhile.
RULES = ("no_artist", "closed", "date_only", "real_markup", "outside_vegas")
PENDING: frozenset[str] = frozenset()

_PLACEHOLDERS = {"special guest", "special guests", "tba", "tbd", "to be announced", "guest dj"}
_WEEKDAY = re.compile(r"\b(?:mon|tues|wednes|thurs|fri|satur|sun)days?\b", re.IGNORECASE)
_CLOSURE = re.compile(r"^\s*closed\b", re.IGNORECASE)


def pending() -> frozenset[str]:
    """The rules still off: PENDING, less those VINNY_REPLICA_REAL turns on."""
    wanted = os.environ.get("VINNY_REPLICA_REAL", "").strip()
    if wanted == "all":
        return frozenset()
    return PENDING - {w.strip() for w in wanted.split(",") if w.strip()}


def is_placeholder(name: str) -> bool:
    """`Special Guest`, `TBA`: a slot, not an act."""
    return re.sub(r"[^a-z ]+", "", name.lower()).strip() in _PLACEHOLDERS


def is_venue_night(name: str) -> bool:
    """A title naming a night of the week ("OMNIA Nightclub Saturday", "XS Fridays")."""
    return bool(_WEEKDAY.search(name))


def is_closure(name: str) -> bool:
    return bool(_CLOSURE.match(name))


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


def acts(entry: dict, off: frozenset[str] = frozenset()) -> tuple[str | None, list[str]]:
    """(performer, performers) a correct crawl stores: with rule `no_artist`, placeholders are
    no performers; a page naming none is stored under its title (vinny.models: `no_artist`)."""
    if "no_artist" in off:
        return headliner(entry), list(entry["performers"])
    named = [p for p in entry["performers"] if not is_placeholder(p)]
    if named:
        return named[0], named
    # A night with no act is stored under its title, with no performers to look up.
    return entry["name"], []


def expectation(entry: dict, off: frozenset[str] | None = None) -> dict:
    """The `expect` of an ordinary event entry: what vinny must make of its page, the rules in
    `off` (default: those pending) left out."""
    off = pending() if off is None else off
    venue = venue_for(entry)
    if venue.scope != IN_SCOPE:
        return {"skip": venue.scope}
    if "closed" not in off and is_closure(entry["name"]):
        return {"skip": "closed"}
    performer, performers = acts(entry, off)
    event_date = night_of(entry["start_local"]).isoformat()
    # The id names the act, or the night's title when there is none.
    start_at = start_datetime(entry["start_local"]).isoformat()
    if "date_only" not in off and "date_only" in entry.get("variant", ()):
        start_at = None
    return {
        "event_id": f"{event_date}-{slugify(performer or headliner(entry))}-{venue.slug}",
        "event_date": event_date,
        "venue_slug": venue.slug,
        "venue_tag": venue.tag,
        "performer": performer,
        "performers": performers,
        "start_at": start_at,
    }
