"""Merging two accounts of one event: what one page (or run) lacks, the other may supply.

Never replace a known value with nothing; lists are unioned in order. Used by dedup (two
pages of one night) and by the master store (a new run against what is stored).
"""

from __future__ import annotations

from typing import Any

UNION_FIELDS = frozenset({"performers", "image_urls", "source_urls"})


def is_empty(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def merge_event_dicts(kept: dict[str, Any], other: dict[str, Any]) -> list[str]:
    """Fill `kept` in place from `other`; return the names of the fields it gained."""
    gained = []
    for field, value in other.items():
        if is_empty(value):
            continue
        current = kept.get(field)
        if field in UNION_FIELDS and isinstance(current, list):
            extra = [v for v in value if v not in current]
            if extra:
                kept[field] = current + extra
                gained.append(field)
        elif is_empty(current):
            kept[field] = value
            gained.append(field)
    return gained
