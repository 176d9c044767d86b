"""Resident Advisor: GraphQL artist search and profile (bio, country, links).

`POST https://ra.co/graphql` with `{operationName, variables, query}`, a browser-like
User-Agent and a Referer (RA sits behind Cloudflare, which refuses bot-like clients). The
first request asks the search and, in the same query, the profile at the slug RA would give
the name (`Dom Dolla` -> `/dj/domdolla`): one request when that is the artist. Other
candidates' profiles come in one more request, to tell homonyms apart by their links.
A 403 or a Cloudflare challenge stops RA for the rest of the run.
"""

from __future__ import annotations

import json
import re
from typing import Any

from vinny.enrich.matching import Candidate, Identity, choose, compact, identities, name_match
from vinny.enrich.registry import TransportPlugin
from vinny.enrich.types import (
    MATCHED,
    NOT_FOUND,
    RESIDENT_ADVISOR,
    ArtistData,
    ArtistQuery,
    Finding,
    HttpRequest,
    SourceBlocked,
    SourceFailed,
)

GRAPHQL = "https://ra.co/graphql"
BROWSER_UA = ("Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 "
              "(KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36")
MAX_PROFILES = 4  # homonyms whose profiles are fetched to tell them apart
PROFILE_FIELDS = ("id name followerCount contentUrl country { name } biography { blurb content }"
                  " instagram soundcloud facebook twitter bandcamp website")
SEARCH = ("query SEARCH_ARTIST($term: String!, $guess: String!) {\n"
          "  search(searchTerm: $term, limit: 10, indices: [ARTIST], includeNonLive: false)"
          " { id value contentUrl searchType }\n"
          f"  guess: artist(slug: $guess) {{ {PROFILE_FIELDS} }}\n}}")
LINK_FIELDS = {"instagram": "https://www.instagram.com/", "soundcloud": "https://soundcloud.com/",
               "facebook": "https://www.facebook.com/", "twitter": "https://twitter.com/",
               "bandcamp": None, "website": None}
_TAGS = re.compile(r"<[^>]+>")


def profiles_query(count: int) -> str:
    args = ", ".join(f"$s{i}: String!" for i in range(count))
    fields = "\n".join(f"  p{i}: artist(slug: $s{i}) {{ {PROFILE_FIELDS} }}" for i in range(count))
    return f"query ARTIST_PROFILES({args}) {{\n{fields}\n}}"


def slug_of(content_url: str | None) -> str | None:
    """`/dj/domdolla` -> `domdolla`."""
    if not content_url or "/dj/" not in content_url:
        return None
    return content_url.split("/dj/", 1)[1].strip("/").split("/")[0] or None


def profile_links(profile: dict[str, Any]) -> dict[str, str]:
    links = {}
    for field, prefix in LINK_FIELDS.items():
        value = (profile.get(field) or "").strip()
        if not value:
            continue
        if not value.startswith("http"):
            if prefix is None:
                continue
            value = prefix + value.lstrip("@/")
        links[field] = value
    if profile.get("contentUrl"):
        links["resident_advisor"] = "https://ra.co" + profile["contentUrl"]
    return links


def profile_data(profile: dict[str, Any]) -> ArtistData:
    bio = profile.get("biography") or {}
    text = bio.get("blurb") or bio.get("content") or ""
    text = " ".join(_TAGS.sub(" ", text).split()) or None
    links = profile_links(profile)
    return ArtistData(name=profile.get("name"), url=links.get("resident_advisor"), bio=text,
                      country=(profile.get("country") or {}).get("name"), links=links)


class ResidentAdvisorPlugin(TransportPlugin):
    name = RESIDENT_ADVISOR

    async def lookup(self, query: ArtistQuery, known: set[Identity],
                     aliases: tuple[str, ...] = ()) -> Finding:
        guess = compact(query.slug)
        data = await self._ask("SEARCH_ARTIST", SEARCH, {"term": query.name, "guess": guess},
                               f"https://ra.co/search?q={guess}")
        profiles = {guess: data["guess"]} if isinstance(data.get("guess"), dict) else {}
        names = [query.name, *query.aliases, *aliases]
        named = []
        for hit in data.get("search") or []:
            slug = slug_of(hit.get("contentUrl")) if isinstance(hit, dict) else None
            candidate = Candidate(hit.get("value") or "", slug) if slug else None
            if candidate and name_match(names, candidate):
                named.append(candidate)
        if not named:
            return Finding(self.name, NOT_FOUND, f"no artist named {query.name!r} on RA")
        missing = [c.ref for c in named if c.ref not in profiles][:MAX_PROFILES]
        if missing and (len(named) > 1 or named[0].ref != guess):
            profiles.update(await self._profiles(missing))
        for candidate in named:
            profile = profiles.get(candidate.ref)
            if profile:
                candidate.identities = identities(profile_links(profile))
        choice = choose(query, named, known, aliases)
        if choice.outcome != MATCHED:
            return Finding(self.name, choice.outcome, choice.detail)
        assert choice.candidate is not None  # a match always names its candidate
        ref = choice.candidate.ref
        profile = profiles.get(ref)
        if not profile:
            profile = (await self._profiles([ref])).get(ref)
        if not profile:
            return Finding(self.name, NOT_FOUND, f"RA lists {ref} "
                                                 "but has no profile for it")
        return Finding(self.name, MATCHED, choice.detail, profile_data(profile))

    async def _profiles(self, slugs: list[str]) -> dict[str, dict[str, Any]]:
        data = await self._ask("ARTIST_PROFILES", profiles_query(len(slugs)),
                               {f"s{i}": slug for i, slug in enumerate(slugs)},
                               f"https://ra.co/dj/{slugs[0]}")
        return {slug: data[f"p{i}"] for i, slug in enumerate(slugs)
                if isinstance(data.get(f"p{i}"), dict)}

    async def _ask(self, operation: str, query: str, variables: dict[str, Any],
                   referer: str) -> dict[str, Any]:
        body = json.dumps({"operationName": operation, "variables": variables,
                           "query": query}).encode()
        response = await self.transport.fetch(HttpRequest("POST", GRAPHQL, headers={
            "Content-Type": "application/json", "Accept": "application/json",
            "User-Agent": BROWSER_UA, "Referer": referer, "Origin": "https://ra.co"}, body=body))
        if response.status == 403 or (response.status == 503 and b"cf-" in response.body):
            raise SourceBlocked(f"http_{response.status} from ra.co")
        if response.status != 200:
            raise SourceFailed(f"http_{response.status}", GRAPHQL)
        try:
            answer = json.loads(response.body)
        except ValueError as exc:
            raise SourceFailed("malformed_json", str(exc)) from None
        if not isinstance(answer, dict):
            raise SourceFailed("malformed_json", "not an object")
        if answer.get("errors") and not answer.get("data"):
            errors = answer["errors"]
            raise SourceFailed("graphql_error",
                               f"{len(errors) if isinstance(errors, list) else 1} error(s)")
        data = answer.get("data")
        if not isinstance(data, dict):
            raise SourceFailed("malformed_json", "no data")
        return data
