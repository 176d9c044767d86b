"""The venue registry: package data (`vinny/data/venues.json`), so it ships inside a Scrapyd egg.

It is also the list of spiders: each venue belongs to a site family, and each family is one
spider of that name (`Registry.spiders`); the CLI, the bench and the tests read it here.

Venue facts the publishers use, both optional: `hours` (the usual opening and closing time,
Las Vegas wall clock; a closing time before the opening is the next morning), from which a
calendar estimates an end the site does not give, and `geo` (latitude and longitude of the
venue's resort, approximate: a map pin, not a survey).

`schedules`, per spider: when the job runs (`cron`, the line `vinny schedule --crontab` prints for
deploy/crontab) and so how often a fresh run is due (`every_minutes`, which `/health` and the
dashboard judge freshness by). The UrVenue sites hourly (prices move by the hour), TAO daily.
"""

from __future__ import annotations

import json
import pkgutil
import re
from dataclasses import dataclass, field
from datetime import time, timedelta
from functools import cache, cached_property
from typing import Any

from anyascii import anyascii


@dataclass(frozen=True)
class Hours:
    opens: time
    closes: time


@dataclass(frozen=True)
class Geo:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Venue:
    name: str
    slug: str
    tag: str
    family: str
    category: str
    resort: str
    address: dict[str, str]
    url: str
    urvenue_venue_id: str | None = None
    booketing_ven: str | None = None
    tao_page: str | None = None
    aliases: tuple[str, ...] = field(default_factory=tuple)
    hours: Hours | None = None
    geo: Geo | None = None


def _venue(entry: dict[str, Any]) -> Venue:
    hours, geo = entry.get("hours"), entry.get("geo")
    return Venue(**{
        **entry, "aliases": tuple(entry.get("aliases", ())),
        "hours": Hours(time.fromisoformat(hours["opens"]), time.fromisoformat(hours["closes"]))
        if hours else None,
        "geo": Geo(float(geo["latitude"]), float(geo["longitude"])) if geo else None,
    })


def normalize_label(label: str) -> str:
    """Compare venue labels ignoring case, accents, punctuation and a trailing city name."""
    text = re.sub(r"[^a-z0-9]+", " ", anyascii(label).lower()).strip()
    return re.sub(r"\s+(in\s+)?las vegas$", "", text)


def host_matches(host: str, names: tuple[str, ...]) -> bool:
    """`host` is one of `names` or a subdomain of one (`www.taogroup.com` of `taogroup.com`)."""
    host = host.lower().rstrip(".")
    return any(host == name or host.endswith("." + name) for name in names)


@dataclass(frozen=True)
class Schedule:
    cron: str  # minute hour day month weekday, as crontab(5) reads it
    every: timedelta  # a fresh run is due this often


@dataclass(frozen=True)
class Registry:
    venues: tuple[Venue, ...]
    out_of_scope_wynn_ids: dict[str, str]
    # Per family: the hosts its pages' images may be fetched from (the site, its image CDN,
    # Spotify's image host); an image anywhere else is refused.
    image_hosts: dict[str, tuple[str, ...]] = field(default_factory=dict)
    schedules: dict[str, Schedule] = field(default_factory=dict)

    @property
    def spiders(self) -> tuple[str, ...]:
        """The spider names, in registry order: one spider per family, named after it."""
        return tuple(dict.fromkeys(venue.family for venue in self.venues))

    def spider_for(self, target: str) -> str:
        """The spider of a spider name, a venue slug or a venue tag; ValueError if none."""
        if target in self.spiders:
            return target
        for venue in self.venues:
            if target in (venue.slug, venue.tag):
                return venue.family
        raise ValueError(
            f"unknown spider or venue {target!r}; spiders: {', '.join(self.spiders)}")

    def image_hosts_of(self, family: str | None) -> tuple[str, ...]:
        return self.image_hosts.get(family or "", ())

    def by_slug(self, slug: str) -> Venue | None:
        return next((v for v in self.venues if v.slug == slug), None)

    def by_label(self, label: str | None, family: str | None = None) -> Venue | None:
        if not label:
            return None
        wanted = normalize_label(label)
        return next((venue for venue, labels in self._labels
                     if wanted in labels and (not family or venue.family == family)), None)

    @cached_property
    def _labels(self) -> tuple[tuple[Venue, frozenset[str]], ...]:
        """Each venue with its name and aliases normalised, once (in registry order)."""
        return tuple((venue, frozenset(normalize_label(name)
                                       for name in (venue.name, *venue.aliases)))
                     for venue in self.venues)

    def by_urvenue_id(self, venue_id: str, family: str | None = None) -> list[Venue]:
        return [
            v
            for v in self.venues
            if v.urvenue_venue_id == venue_id and (family is None or v.family == family)
        ]

    def by_tao_page_suffix(self, text: str) -> Venue | None:
        """The TAO venue whose page name ends `text` (a TAO event slug ends with the venue's)."""
        matches = [v for v in self.venues if v.tao_page and text.endswith(v.tao_page)]
        return max(matches, key=lambda v: len(v.tao_page or ""), default=None)


@cache
def registry() -> Registry:
    raw = json.loads(pkgutil.get_data("vinny", "data/venues.json") or b"{}")
    venues = tuple(_venue(entry) for entry in raw["venues"])
    hosts = {family: tuple(names) for family, names in raw.get("image_hosts", {}).items()}
    schedules = {spider: Schedule(entry["cron"], timedelta(minutes=entry["every_minutes"]))
                 for spider, entry in raw.get("schedules", {}).items()}
    return Registry(venues, raw["out_of_scope"]["wynnsocial_venue_ids"], hosts, schedules)
