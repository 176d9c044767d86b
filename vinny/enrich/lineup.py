"""The artists of a performer line such as "Chris Lake b2b Chris Lorenzo" (pure functions).

The rule: `b2b` (`b3b`...), `vs`, `with` and `w/` always separate artists. `,`, `&`, `+` and
` x ` may be part of one act's name ("Above & Beyond", "Chase & Status", "Tyler, The
Creator"), so a text holding them is first looked up whole, and split (at its first such
separator, then each piece the same way) only when no source knows an artist by the whole
name and at least one source said it has none (`should_split`). Other characters never
separate ("Axwell Λ Ingrosso", "DJ X"). Placeholders ("Special Guests", "TBA") are nobody.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from vinny.enrich.types import DOUBTFUL, MATCHED, NOT_FOUND
from vinny.slugs import slugify

_ALWAYS = re.compile(r"\s+(?:b\db|vs\.?|versus|with|w/)\s+", re.IGNORECASE)
# Tried in this order: a comma list first, so "A & B, C" keeps "A & B" together if known.
_MAYBE = (re.compile(r"\s*,\s+"), re.compile(r"\s+&\s+"), re.compile(r"\s+\+\s+"),
          re.compile(r"\s+[x×]\s+", re.IGNORECASE))
PLACEHOLDERS = frozenset({
    "special-guest", "special-guests", "guest", "guests", "friends", "and-friends", "more",
    "and-more", "others", "tba", "tbc", "tbd", "to-be-announced", "surprise-guest",
})


def is_placeholder(name: str) -> bool:
    return not slugify(name) or slugify(name) in PLACEHOLDERS


def certain_parts(text: str) -> list[str]:
    """The names a line certainly holds: split at `b2b`, `vs`, `with`; placeholders dropped."""
    parts = [" ".join(p.split()) for p in _ALWAYS.split(text)]
    return [p for p in parts if not is_placeholder(p)]


def maybe_parts(name: str) -> list[str] | None:
    """`name` split at its first separator that may be part of a name, or None if it has none."""
    for separator in _MAYBE:
        pieces = [p.strip() for p in separator.split(name)]
        if len(pieces) > 1 and all(pieces):
            return [p for p in pieces if not is_placeholder(p)]
    return None


def should_split(outcomes: Collection[str | None]) -> bool:
    """Split a name looked up whole when no source knows it and one said it has no such artist."""
    return NOT_FOUND in outcomes and not {MATCHED, DOUBTFUL} & set(outcomes)
