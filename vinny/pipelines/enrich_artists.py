"""EnrichArtistsPipeline: who is playing, from 1001tracklists, Resident Advisor and Spotify.

Reads: `VegasEvent.performer` (the headliner; its slug is the artist's key). Each distinct
artist of the run is enriched once, concurrently across artists, by the registry of
`vinny.enrich` (run order 1001tracklists -> Resident Advisor -> Spotify); every event of the
artist waits for that one result. An artist whose sources all settled within
`VINNY_ENRICH_TTL_DAYS` costs no request: the artist tables are read at open.
Writes: `artist_bio`, `artist_stats`, `streaming_links`, `social_links` (None when nothing is
known: never invented), and in `enrichment_status` one flag per source (the artist matched
there) and `errors[source]` when the source was doubtful, failed, deferred, stopped or
skipped. Each artist's merged record goes to the master database as soon as it is done
(`vinny.enrich.store`: never overwritten with less). Never drops.
Settings: `VINNY_ENRICH_ENABLED` (off: the pipeline is not loaded), `VINNY_ENRICH_TTL_DAYS`,
`VINNY_ENRICH_SOURCES`, `VINNY_ENRICH_RETRY_AFTER_MAX` (the longest `Retry-After` waited
out before deferring), `VINNY_ENRICH_TIMEOUT`, `VINNY_ENRICH_ALIASES`,
`VINNY_SPOTIFY_THREADS`, `VINNY_SPOTIFY_TOP_TRACKS`, `DOWNLOAD_SLOTS["1001tracklists"]`
(one request per 2.5 s); environment `SPOTIPY_CLIENT_ID`, `SPOTIPY_CLIENT_SECRET` (absent:
Spotify is skipped with that reason, except in replica mode, which has stand-ins).
Stats: `vinny/enrich/artists`, `vinny/enrich/cached`, `vinny/enrich/saved`,
`vinny/enrich/<source>/requests`, `vinny/enrich/<source>/<outcome>` (matched, not_found,
doubtful, failed, deferred, blocked, skipped), `vinny/enrich/<source>/breaker` (why the
source was stopped for the run).
"""

from __future__ import annotations

import logging

from scrapy.exceptions import NotConfigured

from vinny.enrich.runner import ArtistEnricher
from vinny.enrich.store import SOCIAL, STREAMING, ArtistRecord
from vinny.enrich.types import PROBLEMS, SOURCES
from vinny.models import ArtistStats, EnrichmentStatus, SocialLinks, StreamingLinks, VegasEvent

logger = logging.getLogger(__name__)


def apply_record(event: VegasEvent, record: ArtistRecord) -> None:
    """The artist's record on one of its events."""
    slug = record.slug
    event.artist_bio = record.bio or event.artist_bio
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
        setattr(status, source, record.matched(source))
        entry = record.sources.get(source)
        if entry and entry["outcome"] in PROBLEMS:
            status.add_error(source, f"{entry['outcome']}: {entry['detail']}")


class EnrichArtistsPipeline:
    def __init__(self, crawler):
        if not crawler.settings.getbool("VINNY_ENRICH_ENABLED", True):
            raise NotConfigured("VINNY_ENRICH_ENABLED is off")
        self.crawler = crawler
        self.enricher = ArtistEnricher(crawler)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def open_spider(self) -> None:
        self.enricher.open()

    async def close_spider(self) -> None:
        await self.enricher.close()

    async def process_item(self, event: VegasEvent) -> VegasEvent:
        try:
            record = await self.enricher.enrich(event.performer)
        except Exception as exc:  # a bug here must cost the enrichment, never the event
            logger.exception("enrichment of %r failed", event.performer)
            self.crawler.stats.inc_value("vinny/enrich/errors")
            if event.enrichment_status is None:
                event.enrichment_status = EnrichmentStatus(event_id=event.event_id)
            event.enrichment_status.add_error("enrichment", f"{type(exc).__name__}: {exc}")
            return event
        apply_record(event, record)
        return event
