"""Slugs and event ids: the stable, URL-friendly keys of the catalogue."""

from __future__ import annotations

import re
from datetime import date

from anyascii import anyascii

_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """Fold accents to ASCII, `&` to `and`, and every other run of non-alphanumerics to `-`."""
    folded = anyascii(text).lower().replace("&", " and ")
    return _NON_ALNUM.sub("-", folded).strip("-")


def make_event_id(event_date: date, performer: str, venue_slug: str) -> str:
    return f"{event_date.isoformat()}-{slugify(performer)}-{venue_slug}"
