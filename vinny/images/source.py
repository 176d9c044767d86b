"""Which image an event gets, where its presets go: pure functions of the event's fields.

One image per (venue tag, artist, preset): `artists/{artist_slug}/{venue_tag}-{preset}.jpg`,
under the headliner's slug. The source is the best image the page offers: an artist image
before a flyer, else the page's first image; for UrVenue's "VEA" host, whose URL carries a
swappable size code (`300SC0` ... `1600SC0`), the largest code first, then the size the page
named.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from vinny.slugs import slugify

# `https://venueeventartist.com/imateq/{event|artist}/<n>/<venue id>/<folder>/<SIZE>/<file>`
VEA = re.compile(
    r"^(?P<head>https?://(?:www\.)?venueeventartist\.com/imateq/(?P<kind>event|artist)/.+/)"
    r"(?P<size>\d+)SC(?P<crop>\d+)(?P<tail>/[^/]+)$"
)
VEA_LARGEST = "1600SC0"
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class UnsafeKey(ValueError):
    """An artist or venue tag that would not make a plain key under `artists/`."""


@dataclass(frozen=True)
class ImageJob:
    """What one event asks of the image store."""

    event_id: str
    venue_tag: str
    artist_slug: str
    image_type: str
    source_url: str  # the image the page offered (recorded)
    fetch_urls: tuple[str, ...]  # what to download, best first

    @property
    def target(self) -> tuple[str, str]:
        return self.venue_tag, self.artist_slug

    def key(self, preset: str) -> str:
        return image_key(self.artist_slug, self.venue_tag, preset)


def image_key(artist_slug: str, venue_tag: str, preset: str) -> str:
    for what, value in (("artist slug", artist_slug), ("venue tag", venue_tag),
                        ("preset", preset)):
        if not _SLUG.match(value or ""):
            raise UnsafeKey(f"{what} {value!r} cannot be part of an image key")
    return f"artists/{artist_slug}/{venue_tag}-{preset}.jpg"


def vea_parts(url: str) -> re.Match[str] | None:
    return VEA.match(url)


def best_source(image_urls: list[str]) -> tuple[str, str] | None:
    """(the URL, its image type) of the best image among a page's image URLs."""
    urls = [u for u in image_urls if u and u.startswith(("http://", "https://"))]
    if not urls:
        return None
    artist = [u for u in urls if (m := vea_parts(u)) and m["kind"] == "artist"]
    chosen = (artist or urls)[0]
    parts = vea_parts(chosen)
    if parts:
        # Of the sizes the page lists for this image, the largest.
        same = [m for u in urls if (m := vea_parts(u))
                and (m["head"], m["tail"]) == (parts["head"], parts["tail"])]
        chosen = max(same, key=lambda m: int(m["size"])).group(0)
    return chosen, "artist" if parts and parts["kind"] == "artist" else "flyer"


def fetch_order(url: str) -> tuple[str, ...]:
    """VEA: the largest size code, then the URL as given; anything else: the URL."""
    parts = vea_parts(url)
    if not parts:
        return (url,)
    largest = f"{parts['head']}{VEA_LARGEST}{parts['tail']}"
    return (largest, url) if largest != url else (url,)


def plan(event_id: str, performer: str, venue_tag: str,
         image_urls: list[str]) -> ImageJob | None:
    """The job for one event, or None when the page offers no image. Raises `UnsafeKey`."""
    best = best_source(image_urls)
    if best is None:
        return None
    url, image_type = best
    slug = slugify(performer)
    if not slug:
        raise UnsafeKey(f"performer {performer!r} gives no usable artist slug")
    image_key(slug, venue_tag, "main")
    return ImageJob(event_id, venue_tag, slug, image_type, url, fetch_order(url))
