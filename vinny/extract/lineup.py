"""Who plays, read from an event's title when the page names no performer.

Titles frame the lineup: "New Year's Eve with John Summit", "Late Night: Mau P",
"Calvin Harris & Friends", "Chris Lake b2b Chris Lorenzo". Only separators no act's name uses
split a title (b2b, vs, with, feat.); "&", "+", "x", "and" and commas never do, because they
belong to names ("Above & Beyond", "Sultan + Shepard"). A title with no framing names no one: the
caller keeps the title itself (a resident night such as "XS Fridays").

A closure ("CLOSED FOR DOME INSTALLATION") is no event. A billing such as "Special Guest" or
"OMNIA Nightclub Saturday" is an event with no artist to look up (`vinny.text`, the model).
"""

from __future__ import annotations

import re

from vinny.text import unannounced

# Only separators no act's name uses; ",", "+", "&" and " x " join duos ("Sultan + Shepard",
# "Above & Beyond"): splitting them would change the event's key (enrichment tries both).
_SPLIT = re.compile(r"\s+(?:b2b|b3b|vs\.?|with|feat\.?|ft\.?)\s+", re.IGNORECASE)
_WITH = re.compile(r"\s+with\s+", re.IGNORECASE)
_FRIENDS = re.compile(r"\s*(?:&|and)\s+friends\s*$", re.IGNORECASE)
_OCCASION = re.compile(
    r"\b(?:new\s+year'?s?(?:\s+eve)?|nye|halloween|christmas|thanksgiving|memorial\s+day|"
    r"labor\s+day|independence\s+day|(?:4th|fourth)\s+of\s+july|weekend|party|night|eve|"
    r"brunch|opening|closing|anniversary|celebration|season|presents|"
    r"(?:sun|mon|tues|wednes|thurs|fri|satur)days?)\b",
    re.IGNORECASE,
)
# Pieces of a lineup that name no one ("with Friends", "and more"), beside vinny.text's TBAs.
_FILLERS = frozenset({"friends", "more", "and more", "guests", "resident dj", "resident djs"})
_CLOSURE = re.compile(
    r"^\s*(?:closed|venue\s+closed|private\s+event|buyout|dark)\b|\bclosed\s+for\b",
    re.IGNORECASE,
)


def is_closure(title: str | None) -> bool:
    """A title announcing that the venue is closed (no event that night)."""
    return bool(title and _CLOSURE.search(title))


def lineup_of(title: str | None) -> list[str]:
    """The performers a title names, headliner first; [] when it frames none."""
    if not title:
        return []
    text = " ".join(title.split())
    framed = False
    if ": " in text:
        # "Late Night: Mau P", "LIV Beach at Night: Chris Lorenzo": the series, then the act.
        text = text.rsplit(": ", 1)[1]
        framed = True
    if (stripped := _FRIENDS.sub("", text)) != text:
        text, framed = stripped, True
    parts = _WITH.split(text, maxsplit=1)
    if len(parts) == 2 and _OCCASION.search(parts[0]):
        # "New Year's Eve with John Summit": the occasion is not a performer.
        text, framed = parts[1], True
    parts = [n.strip(" -–—") for n in _SPLIT.split(text)]
    names = [n for n in parts if n and not unannounced(n) and n.lower() not in _FILLERS]
    if names and (len(parts) > 1 or framed):
        return list(dict.fromkeys(names))
    return []
