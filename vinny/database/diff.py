"""Field-level differences between two accounts of one event (pure functions).

Nested records are compared by their keys, so a change reads as a person would say it:
`start_at`, `performers`, `table_pricing[MAS123].tier.min_spend`, `images[img1].sizes[hd].width`;
a tier or image that appears or goes is one change of the whole record.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

import orjson

# Lists of records and the key that identifies a record within each.
KEYED_LISTS = {"table_pricing": "tier_id", "images": "image_id", "sizes": "preset"}
# Never history: values that change on every run or restate a parent key, artist data (kept
# per artist, not per night), and the marketing blurb, which restates the facts tracked here.
UNTRACKED = frozenset({
    "scraped_at", "source_urls", "enrichment_status", "history", "fetched_at", "event_id",
    "image_id", "artist_stats", "streaming_links", "social_links", "description",
})


@dataclass(frozen=True)
class Change:
    field: str
    old_value: Any
    new_value: Any


def _keyed(records: list[Any], key: str) -> dict[str, Any]:
    return {str(r.get(key)): r for r in records if isinstance(r, dict)}


def diff(old: Any, new: Any, path: str = "") -> list[Change]:
    if isinstance(old, dict) and isinstance(new, dict):
        changes = []
        for key in dict.fromkeys([*old, *new]):
            if key in UNTRACKED:
                continue
            sub = f"{path}.{key}" if path else key
            old_value, new_value = old.get(key), new.get(key)
            if key in KEYED_LISTS and isinstance(old_value, list) and isinstance(new_value, list):
                changes.extend(_diff_keyed(old_value, new_value, KEYED_LISTS[key], sub))
            else:
                changes.extend(diff(old_value, new_value, sub))
        return changes
    return [] if old == new else [Change(path, old, new)]


def _diff_keyed(old: list[Any], new: list[Any], key: str, path: str) -> list[Change]:
    before, after = _keyed(old, key), _keyed(new, key)
    changes = []
    for record_key in dict.fromkeys([*before, *after]):
        sub = f"{path}[{record_key}]"
        if record_key not in before or record_key not in after:
            changes.append(Change(sub, before.get(record_key), after.get(record_key)))
        else:
            changes.extend(diff(before[record_key], after[record_key], sub))
    return changes


def content_hash(doc: dict[str, Any]) -> str:
    """Equal hashes: nothing to write. Covers everything stored (a new `fetched_at` or new
    enrichment errors are written) except the scrape time."""
    payload = orjson.dumps({k: v for k, v in doc.items() if k not in ("scraped_at", "history")},
                           option=orjson.OPT_SORT_KEYS)
    return hashlib.blake2b(payload, digest_size=16).hexdigest()
