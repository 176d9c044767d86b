"""ArtistEnrichmentPipeline: who is playing, from 1001tracklists, Resident Advisor and Spotify.

Reads: `VegasEvent.performer` and `performers`, split into artists by `vinny.enrich.lineup`
("Chris Lake b2b Chris Lorenzo" is two artists; "Above & Beyond" stays one act when a source
knows it; "Special Guests" is nobody). Each distinct artist of the run is enriched once,
concurrently across artists, by the registry of `vinny.enrich` (run order 1001tracklists ->
Resident Advisor -> Spotify); every event of the artist waits for that one result. Every
outcome that settles a source for an artist (matched, with or without sets; not found;
doubtful) is kept for `VINNY_ENRICH_TTL_DAYS`: within it the artist costs no request (the
artist tables are read at open). Failed, deferred, stopped and skipped sources are asked
again next run.
Writes: the headliner's (the lineup's first artist) `artist_bio`, `artist_stats`,
`streaming_links`, `social_links` (None when nothing is known: never invented) and, in
`enrichment_status`, one flag per source (the headliner matched there); every artist of the
lineup has its own record in the artist tables (keyed by the slug of its name). In
`enrichment_status.errors[source]`, every artist's doubtful, failed (a 1001tracklists page
showing sets none of which could be read: `failed: parse_failed: ...`), deferred, stopped or
skipped source, prefixed with the artist's name when the lineup has several. Each artist's
merged record goes to the master database as soon as it is done (`vinny.enrich.records`: never
overwritten with less). Never drops.
Settings: `VINNY_ENRICH_ENABLED` (off: the pipeline is not loaded), `VINNY_ENRICH_TTL_DAYS`,
`VINNY_ENRICH_SOURCES`, `VINNY_ENRICH_RETRY_AFTER_MAX` (the longest `Retry-After` waited
out before deferring), `VINNY_ENRICH_TIMEOUT`, `VINNY_ENRICH_ALIASES`,
`VINNY_SPOTIFY_THREADS`, `VINNY_SPOTIFY_TOP_TRACKS`, `DOWNLOAD_SLOTS["1001tracklists"]`
(one request per 2.5 s); environment `SPOTIPY_CLIENT_ID`, `SPOTIPY_CLIENT_SECRET` (absent:
Spotify is skipped with that reason, except in replica mode, which has stand-ins).
Stats: `vinny/enrich/artists` (names looked up, a whole "A & B" included),
`vinny/enrich/cached`, `vinny/enrich/saved`, `vinny/enrich/<source>/requests`,
`vinny/enrich/<source>/<outcome>` (matched, not_found, doubtful, failed, deferred, blocked,
skipped), `vinny/enrich/<source>/<reason>` for each failure's kind (`parse_failed`,
`http_500`, `malformed_json`, ...), `vinny/enrich/<source>/breaker` (why the source was
stopped for the run).
"""

from __future__ import annotations

import logging
from typing import Self

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from vinny.enrich.records import SOCIAL, STREAMING, ArtistRecord
from vinny.enrich.types import PROBLEMS, SOURCES
from vinny.models import (
    STATUS_FLAGS,
    ArtistStats,
    EnrichmentStatus,
    SocialLinks,
    StreamingLinks,
    VegasEvent,
    bounded_bio,
)

logger = logging.getLogger(__name__)


def apply_lineup(event: VegasEvent, artists: list[tuple[str, ArtistRecord]]) -> None:
    """The headliner's record on the event; every artist's problems in its errors."""
    if not artists:
        return
    status = apply_record(event, artists[0][1], artists[0][0] if len(artists) > 1 else "")
    for name, record in artists[1:]:
        _add_errors(status, record, name)


def apply_record(event: VegasEvent, record: ArtistRecord, name: str = "") -> EnrichmentStatus:
    """The artist's record on one of its events (`name`: prefix of its error messages); the
    event's enrichment status, made if it had none."""
    slug = record.slug
    # Set after validation: cleaned and bounded here as the model would (vinny.models).
    event.artist_bio = bounded_bio(record.bio) or event.artist_bio
    if record.spotify_id or record.genres or record.popularity is not None \
            or record.followers is not None:
        event.artist_stats = ArtistStats(
            artist_slug=slug, spotify_id=record.spotify_id, genres=list(record.genres),
            popularity=record.popularity, follower_count=record.followers)
    streaming = {k: record.links[k] for k in STREAMING if record.links.get(k)}
    if streaming:
        event.streaming_links = StreamingLinks(artist_slug=slug, **streaming)
    social = {k: record.links[k] for k in SOCIAL if record.links.get(k)}
    if social:
        event.social_links = SocialLinks(artist_slug=slug, **social)
    if event.enrichment_status is None:
        event.enrichment_status = EnrichmentStatus(event_id=event.event_id)
    status = event.enrichment_status
    for source in SOURCES:
        if source in STATUS_FLAGS:  # the data model's per-source flags; every source's errors
            setattr(status, source, record.matched(source))
    _add_errors(status, record, name)
    return status


def _add_errors(status: EnrichmentStatus, record: ArtistRecord, name: str) -> None:
    prefix = f"{name}: " if name else ""
    for source in SOURCES:
        entry = record.sources.get(source)
        if entry and entry["outcome"] in PROBLEMS:
            status.add_error(source, f"{prefix}{entry['outcome']}: {entry['detail']}")


class ArtistEnrichmentPipeline:
    def __init__(self, crawler: Crawler):
        if not crawler.settings.getbool("VINNY_ENRICH_ENABLED"):
            raise NotConfigured("VINNY_ENRICH_ENABLED is off")
        # Imported here: the sources' clients (spotipy, redis) cost ~0.7 s of start-up.
        from vinny.enrich.runner import ArtistEnricher

        self.crawler = crawler
        self.enricher = ArtistEnricher(crawler)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    def open_spider(self) -> None:
        self.enricher.open()

    async def close_spider(self) -> None:
        await self.enricher.close()

    async def process_item(self, event: VegasEvent) -> VegasEvent:
        if event.no_artist:
            # "Special Guest", "XS Fridays": a night with no one to look up costs no request.
            self.crawler.stats.inc_value("vinny/enrich/no_artist")
            return event
        try:
            artists = await self.enricher.lineup([event.performer, *event.performers])
        except Exception as exc:  # a bug here must cost the enrichment, never the event
            logger.exception("enrichment of %r failed", event.performer,
                             extra={"spider": self.crawler.spider})
            self.crawler.stats.inc_value("vinny/enrich/errors")
            if event.enrichment_status is None:
                event.enrichment_status = EnrichmentStatus(event_id=event.event_id)
            event.enrichment_status.add_error("enrichment", f"{type(exc).__name__}: {exc}")
            return event
        apply_lineup(event, artists)
        return event
