"""Picking the right artist among a source's candidates, never just the first hit.

Names are compared as slugs (`vinny.slugs.slugify`: accents folded, `&` as `and`). A candidate
is corroborated when it shares an identity (a Spotify id, a SoundCloud or Instagram handle,
...) with what earlier sources found, and contradicted when it has an identity of a kind
already known with another value. One corroborated candidate wins; else one exact name; two
equally good candidates, or only a loose variant of the name, make the match doubtful.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from vinny.enrich.types import DOUBTFUL, MATCHED, NOT_FOUND, ArtistQuery
from vinny.slugs import slugify

Identity = tuple[str, str]

_VARIANT_WORDS = {"dj", "the", "and"}
_SPOTIFY_ID = re.compile(r"/artist/([0-9A-Za-z]{10,32})")
# Link kinds whose path names the artist: (kind, host suffix, path prefix).
_HANDLE_HOSTS = (
    ("soundcloud", "soundcloud.com", ""),
    ("instagram", "instagram.com", ""),
    ("tiktok", "tiktok.com", ""),
    ("resident_advisor", "ra.co", "dj/"),
    ("beatport", "beatport.com", "artist/"),
)


def name_key(name: str) -> str:
    return slugify(name)


def variant_key(name: str) -> str:
    """A looser key: `DJ Pauly D` and `Pauly D`, `The Chainsmokers` and `Chainsmokers`."""
    return "-".join(w for w in slugify(name).split("-") if w not in _VARIANT_WORDS)


def compact(slug: str) -> str:
    """The slug style of Resident Advisor and 1001tracklists: `dom-dolla` -> `domdolla`."""
    return slug.replace("-", "")


def identities(links: dict[str, str]) -> set[Identity]:
    """The identities a set of links proves, e.g. {("spotify", "4AbC..."), ("soundcloud", "x")}."""
    found: set[Identity] = set()
    for url in links.values():
        if not url:
            continue
        parts = urlsplit(url if "//" in url else f"https://{url}")
        host, path = (parts.hostname or "").lower(), parts.path.strip("/").lower()
        if host.endswith("spotify.com"):
            match = _SPOTIFY_ID.search(parts.path)
            if match:
                found.add(("spotify", match[1]))
            continue
        for handle_kind, suffix, prefix in _HANDLE_HOSTS:
            if host.endswith(suffix) and path.startswith(prefix) and path[len(prefix):]:
                found.add((handle_kind, path[len(prefix):].split("/")[0]))
                break
    return found


@dataclass
class Candidate:
    name: str
    ref: Any = None  # whatever the plugin needs to build its finding
    alternate_names: list[str] = field(default_factory=list)
    identities: set[Identity] = field(default_factory=set)


@dataclass(frozen=True)
class Choice:
    outcome: str
    candidate: Candidate | None = None
    detail: str = ""


def name_match(names: list[str], candidate: Candidate) -> str | None:
    """"exact" (the name or a known alias), "variant" (a looser form), or None."""
    wanted = {name_key(n) for n in names} - {""}
    theirs = {name_key(n) for n in (candidate.name, *candidate.alternate_names)} - {""}
    if wanted & theirs:
        return "exact"
    if {variant_key(n) for n in names} & {variant_key(n) for n in theirs} - {""}:
        return "variant"
    return None


def choose(query: ArtistQuery, candidates: list[Candidate], known: set[Identity],
           aliases: tuple[str, ...] = ()) -> Choice:
    """The candidate that is certainly `query`'s artist, or why there is none."""
    names = [query.name, *query.aliases, *aliases]
    named = [(c, how) for c in candidates if (how := name_match(names, c))]
    if not named:
        return Choice(NOT_FOUND, detail=f"no artist named {query.name!r}")
    known_kinds = {kind for kind, _ in known}
    kept, corroborated = [], []
    for candidate, how in named:
        if candidate.identities & known:
            corroborated.append(candidate)
        elif any(kind in known_kinds for kind, _ in candidate.identities):
            continue  # an identity of a kind we know, with another value: someone else
        kept.append((candidate, how))
    if len(corroborated) == 1:
        return Choice(MATCHED, corroborated[0], "corroborated by an earlier source")
    if len(corroborated) > 1:
        return Choice(DOUBTFUL, detail=f"{len(corroborated)} corroborated candidates")
    if not kept:
        return Choice(DOUBTFUL, detail=f"every {query.name!r} contradicts earlier sources")
    exact = [c for c, how in kept if how == "exact"]
    if len(exact) == 1:
        return Choice(MATCHED, exact[0], "exact name")
    if len(exact) > 1:
        return Choice(DOUBTFUL, detail=f"{len(exact)} artists named {query.name!r}, "
                                       "none corroborated")
    loose = ", ".join(sorted({c.name for c, _ in kept}))
    return Choice(DOUBTFUL, detail=f"only a variant of the name matches: {loose}")
