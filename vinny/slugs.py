"""Slugs and event ids: the stable, URL-friendly keys of the catalogue."""

from __future__ import annotations

import re
from datetime import date

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")
# A slug is a key and a file name (`artists/<slug>/`, the event id): ASCII folding can make a
# 200-character name a 1,000-character slug, so keys stop here (far below 255-byte file names).
MAX_SLUG = 100


def slugify(text: str) -> str:
    """Fold accents to ASCII, `&` to `and`, and every other run of non-alphanumerics to `-`;
    cut at `MAX_SLUG` characters (names that long share a key only if that much agrees)."""
    folded = anyascii(text).lower().replace("&", " and ")
    return _NON_ALNUM.sub("-", folded).strip("-")[:MAX_SLUG].rstrip("-")


def make_event_id(event_date: date, performer: str, venue_slug: str) -> str:
    return f"{event_date.isoformat()}-{slugify(performer)}-{venue_slug}"
