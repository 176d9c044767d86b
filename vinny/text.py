"""Hostile text made safe for the catalogue (pure): invisible controls stripped, template
placeholders and "no artist yet" titles recognised, rejection records made JSON-safe."""

from __future__ import annotations

import re
from typing import Any

# C0 controls, DEL and C1 controls, and the bidi embeddings, overrides and isolates
# (U+202A-202E, U+2066-2069): RFC 5545 forbids the controls, and bidi overrides let a name
# display as something else ("Trojan Source").
_INVISIBLE = "\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069"
_CONTROLS = re.compile(f"[{_INVISIBLE}]")
_LINE_BREAKS = re.compile(r" *[\t\n\r][\t\n\r ]*")

# Template syntax that never occurs in a real name: {{x}}, {x}, ${x}, <%= x %>, %s, %(x)s, [x].
_TEMPLATE = re.compile(
    r"\{\{.*?\}\}|\$\{[^}]*\}|\{\s*[A-Za-z_][\w.]*\s*\}|\{\s*\d*\s*\}|<%.*?%>"
    r"|%(?:\([\w.]+\))?[sdif]\b|^\s*\[\s*[A-Za-z_][\w.]*\s*\]\s*$", re.DOTALL)
# What a template, a form or a serialiser puts where a name should be.
FIELD_NAMES = frozenset({
    "itemname", "item", "performer", "performers", "performername", "artist", "artists",
    "artistname", "name", "eventname", "event", "title", "eventtitle", "headliner", "dj",
    "djname", "undefined", "null", "none", "nil", "nan", "na", "objectobject", "placeholder",
})
_FIELD_TOKEN = re.compile(r"\[\s*([A-Za-z_][\w.]*)\s*\]")
# Titles that announce a night without naming its artist: real events, but no artist to enrich.
UNANNOUNCED = frozenset({
    "tba", "tbd", "tbc", "tobeannounced", "tobedetermined", "tobeconfirmed", "specialguest",
    "specialguests", "surpriseguest", "surpriseguests", "specialguesttba", "guestdj",
    "guestdjs", "djtba", "artisttba", "lineuptba",
})
_NON_ALNUM = re.compile(r"[\W_]+")
# A rejection keeps the page's data for a person to read, not a megabyte of it.
MAX_REJECT_TEXT = 10_000


def clean_line(value: Any) -> Any:
    """One line of text: controls removed, tabs and line breaks become one space."""
    if not isinstance(value, str):
        return value
    return _CONTROLS.sub("", _LINE_BREAKS.sub(" ", value))


def clean_block(value: Any) -> Any:
    """Running text (a description, a bio): controls removed, tabs and line breaks kept."""
    return _CONTROLS.sub("", value) if isinstance(value, str) else value


def _squashed(text: str) -> str:
    return _NON_ALNUM.sub("", text).lower()


def placeholder_reason(text: str) -> str | None:
    """Why `text` is a placeholder rather than a name, or None when it may be a name."""
    if _TEMPLATE.search(text):
        return "template syntax"
    squashed = _squashed(text)
    if not squashed:
        return "no letters or digits"
    if squashed in FIELD_NAMES:
        return "a field name"
    if any(_squashed(token) in FIELD_NAMES for token in _FIELD_TOKEN.findall(text)):
        return "a bracketed field name"
    return None


def unannounced(text: str) -> bool:
    """`TBA`, `Special Guest` and the like: the night is real, its artist not yet named."""
    return _squashed(text) in UNANNOUNCED


_WORDS = re.compile(r"[^\W_]+")
# Words a venue-night title adds to the venue's name ("OMNIA Nightclub Saturday").
_NIGHT_WORDS = frozenset(
    {f"{day}day{s}" for day in ("mon", "tues", "wednes", "thurs", "fri", "satur", "sun")
     for s in ("", "s")}
    | {"night", "nights", "nightclub", "dayclub", "club", "party", "pool", "beach", "brunch",
       "weekend", "las", "vegas", "the", "at", "presents"})


def venue_night(title: str, venue: str) -> bool:
    """A title made of the venue's name and a night ("OMNIA Nightclub Saturday"): no artist."""
    venue_words = set(_WORDS.findall(venue.lower()))
    words = set(_WORDS.findall(title.lower()))
    return bool(words & venue_words) and words <= venue_words | _NIGHT_WORDS


def json_safe(value: Any) -> Any:
    """`value` with lone surrogates escaped (UTF-8 cannot carry them) and very long strings
    shortened, so that a rejection record can always be written."""
    if isinstance(value, str):
        if len(value) > MAX_REJECT_TEXT:
            value = f"{value[:MAX_REJECT_TEXT]}…(+{len(value) - MAX_REJECT_TEXT} characters)"
        return value.encode("utf-8", "backslashreplace").decode("utf-8")
    if isinstance(value, dict):
        return {json_safe(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [json_safe(v) for v in value]
    return value
