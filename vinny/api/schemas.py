"""The API's response bodies (they are its OpenAPI documentation too)."""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel

from vinny.models import (
    ArtistStats,
    EnrichmentStatus,
    EventStatus,
    ImageMetadata,
    SocialLinks,
    StreamingLinks,
    TablePricing,
)


class SpiderHealth(BaseModel):
    spider: str
    schedule_seconds: int
    stale_after_seconds: int
    last_complete_run: str | None
    last_complete_at: str | None
    age_seconds: int | None
    stale: bool


class Health(BaseModel):
    status: str  # "ok", or "stale" (with a 503) when any spider is
    events: int
    spiders: list[SpiderHealth]


class EventSummary(BaseModel):
    event_id: str
    event_date: date
    start_at: str | None
    performer: str
    performers: list[str]
    event_name: str | None
    venue: str
    venue_slug: str
    venue_tag: str
    status: EventStatus
    url: str
    price_from: int | None = None
    image: str | None = None  # the 500 px rendition


class EventPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None  # the next page's URL, None on the last
    events: list[EventSummary]


class Change(BaseModel):
    event_id: str
    field: str
    old_value: Any = None
    new_value: Any = None
    run_id: str | None
    changed_at: str


class EventDetail(BaseModel):
    event_id: str
    event_date: date
    start_at: str | None
    performer: str
    performers: list[str]
    event_name: str | None
    event_code: str | None
    description: str | None
    artist_bio: str | None
    venue: str
    venue_slug: str
    venue_tag: str
    venue_url: str | None
    status: EventStatus
    url: str
    source_urls: list[str]
    image_urls: list[str]
    spider: str
    scraped_at: str
    price_from: int | None
    table_pricing: list[TablePricing]
    images: list[ImageMetadata]
    enrichment_status: EnrichmentStatus | None
    artist_stats: ArtistStats | None
    streaming_links: StreamingLinks | None
    social_links: SocialLinks | None
    history: list[Change]  # the newest changes only, oldest first
    history_total: int
    history_url: str  # every change, paginated
    jsonld: dict[str, Any]


class HistoryPage(BaseModel):
    total: int
    limit: int
    offset: int
    next: str | None
    changes: list[Change]


class VenueSummary(BaseModel):
    slug: str
    name: str
    tag: str | None = None
    category: str | None = None
    resort: str | None = None
    address: dict[str, str] | None = None
    url: str | None = None
    upcoming_events: int
    events: int


class RunSummary(BaseModel):
    run_id: str
    outcome: str
    reason: str | None
    finish_reason: str | None
    started_at: str
    finished_at: str | None
    duration_seconds: float | None
    items: int
    pages: int
    rejected: int
    errors: int
    inserted: int
    updated: int
    removed: int
    changes: int


class EventCounts(BaseModel):
    total: int
    upcoming: int
    by_status: dict[str, int]


class Stats(BaseModel):
    events: EventCounts
    spiders: dict[str, list[RunSummary]]


class VenueDetail(VenueSummary):
    upcoming: list[EventSummary]


class Artist(BaseModel):
    slug: str
    name: str
    artist_stats: ArtistStats | None = None
    streaming_links: StreamingLinks | None = None
    social_links: SocialLinks | None = None
    upcoming: list[EventSummary]
