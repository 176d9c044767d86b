"""The plain data enrichment plugins take and give: no Scrapy, no Pydantic."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

TRACKLISTS = "tracklists"
RESIDENT_ADVISOR = "resident_advisor"
SPOTIFY = "spotify"
# The enrichment sources, in their run order: name -> the plugin class, whose `build(kit)` makes
# it (vinny.enrich.registry.PluginKit). A new source is its module and one entry here.
PLUGINS = {
    TRACKLISTS: "vinny.enrich.tracklists.TracklistsPlugin",
    RESIDENT_ADVISOR: "vinny.enrich.resident_advisor.ResidentAdvisorPlugin",
    SPOTIFY: "vinny.enrich.spotify.SpotifyPlugin",
}
SOURCES = tuple(PLUGINS)

# What one source made of one artist.
MATCHED = "matched"
NOT_FOUND = "not_found"
DOUBTFUL = "doubtful"  # candidates, but none certainly this artist: left empty
FAILED = "failed"  # this artist, this run (an HTTP error, malformed JSON)
DEFERRED = "deferred"  # rate limited beyond the wait we allow: next run
BLOCKED = "blocked"  # the source's circuit breaker is open for the run
SKIPPED = "skipped"  # not asked (no credentials)
# Outcomes that settle the question until the time-to-live runs out; the others are retried.
SETTLED = frozenset({MATCHED, NOT_FOUND, DOUBTFUL})
PROBLEMS = frozenset({DOUBTFUL, FAILED, DEFERRED, BLOCKED, SKIPPED})


@dataclass(frozen=True)
class ArtistQuery:
    name: str
    slug: str
    aliases: tuple[str, ...] = ()


@dataclass
class Tracklist:
    title: str
    url: str
    date: str | None = None
    venue: str | None = None
    genres: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "date": self.date, "venue": self.venue,
                "genres": list(self.genres)}


@dataclass
class ArtistData:
    """What a source says about an artist; every field optional."""

    name: str | None = None
    alternate_names: list[str] = field(default_factory=list)
    url: str | None = None  # the artist's page on the source
    bio: str | None = None
    country: str | None = None
    spotify_id: str | None = None
    genres: list[str] = field(default_factory=list)
    images: list[dict[str, Any]] = field(default_factory=list)
    popularity: int | None = None  # Spotify no longer gives these to apps in development mode
    followers: int | None = None
    top_tracks: list[dict[str, Any]] | None = None
    links: dict[str, str] = field(default_factory=dict)  # kind (spotify, instagram, ...) -> URL
    tracklists: list[Tracklist] = field(default_factory=list)


@dataclass
class Finding:
    source: str
    outcome: str
    detail: str = ""
    data: ArtistData | None = None
    reason: str = ""  # a failure's kind (`parse_failed`, `http_500`, ...), counted in the stats


class SourceBlocked(Exception):
    """The source refuses us (403, captcha, quota): stop asking it for the rest of the run."""


class RateLimited(Exception):
    """A 429 whose `Retry-After` is beyond the wait we allow: defer the artist."""

    def __init__(self, retry_after: float | None):
        super().__init__(f"rate limited, retry after {retry_after} s")
        self.retry_after = retry_after


class SourceFailed(Exception):
    """This artist could not be looked up on this source this run."""

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class HttpRequest:
    method: str
    url: str
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    slot: str | None = None  # a download slot of its own (1001tracklists' rate limit)


@dataclass(frozen=True)
class HttpResponse:
    status: int
    headers: dict[str, str]  # lower-case names
    body: bytes
    url: str

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", errors="replace")


Send = Callable[[HttpRequest], Awaitable[HttpResponse]]
