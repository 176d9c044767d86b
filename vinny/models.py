"""The data model (seed 000): Pydantic v2 items with JSON-native fields.

`VegasEvent` is built only by the validation pipeline; every field a later pipeline writes is
declared here, because itemadapter raises `KeyError` for undeclared fields on Pydantic items.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, field_validator, model_validator

from vinny.slugs import make_event_id, slugify
from vinny.timeutil import night_of

_EVENT_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class EventStatus(StrEnum):
    ACTIVE = "active"
    CANCELLED = "cancelled"
    POSTPONED = "postponed"
    REMOVED = "removed"


class ImagePreset(StrEnum):
    MAIN = "main"
    HD = "hd"


class TablePricingTier(_Model):
    tier_id: str
    tier_name: str
    min_spend: int | None = None
    pay_now: int | None = None
    guests: int | None = None
    available_count: int | None = None


class TablePricing(_Model):
    event_id: str
    tier_id: str
    fetched_at: AwareDatetime
    is_available: bool
    tier: TablePricingTier


class ImageSize(_Model):
    image_id: str
    preset: ImagePreset
    r2_url: str
    width: int
    height: int
    file_size: int | None = None


class ImageMetadata(_Model):
    image_id: str
    event_id: str
    artist_slug: str
    image_type: str
    r2_bucket: str
    venue_tag: str | None = None
    source_url: str | None = None
    sizes: list[ImageSize] = Field(default_factory=list)


class StreamingLinks(_Model):
    artist_slug: str
    spotify: str | None = None
    apple_music: str | None = None
    youtube: str | None = None
    soundcloud: str | None = None


class SocialLinks(_Model):
    artist_slug: str
    instagram: str | None = None
    tiktok: str | None = None
    beatport: str | None = None
    resident_advisor: str | None = None


class ArtistStats(_Model):
    artist_slug: str
    spotify_id: str | None = None
    genres: list[str] = Field(default_factory=list)
    popularity: int | None = None
    follower_count: int | None = None


class EnrichmentStatus(_Model):
    event_id: str
    spotify: bool = False
    tracklists: bool = False
    resident_advisor: bool = False
    # Problems by source ("spotify", "images", "pricing", ...), each a list of messages.
    errors: dict[str, list[str]] = Field(default_factory=dict)

    def add_error(self, source: str, message: str) -> None:
        self.errors.setdefault(source, []).append(message)


class FieldChange(_Model):
    event_id: str
    field: str
    old_value: Any = None
    new_value: Any = None
    run_id: str | None = None
    changed_at: AwareDatetime


class VegasEvent(_Model):
    """One club night at one venue: the catalogue's central entity.

    Built from an extractor's plain dict: `event_date` is derived from `start_at` (night-of
    rule) when a start time is known, and `event_id` from date, headliner and venue slug.
    """

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True, validate_assignment=False)

    event_id: str
    event_date: date
    performer: str = Field(min_length=1)
    venue: str = Field(min_length=1)
    url: str = Field(pattern=r"^https?://")
    scraped_at: AwareDatetime
    artist_bio: str | None = None
    venue_url: str | None = None

    start_at: AwareDatetime | None = None
    venue_slug: str = Field(min_length=1)
    venue_tag: str = Field(min_length=1)
    performers: list[str] = Field(default_factory=list)
    event_name: str | None = None
    event_code: str | None = None
    description: str | None = None
    image_urls: list[str] = Field(default_factory=list)
    status: EventStatus = EventStatus.ACTIVE
    spider: str = Field(min_length=1)
    source_urls: list[str] = Field(default_factory=list)

    table_pricing: list[TablePricing] = Field(default_factory=list)
    images: list[ImageMetadata] = Field(default_factory=list)
    enrichment_status: EnrichmentStatus | None = None
    artist_stats: ArtistStats | None = None
    streaming_links: StreamingLinks | None = None
    social_links: SocialLinks | None = None

    @model_validator(mode="before")
    @classmethod
    def _derive_keys(cls, data: Any) -> Any:
        if not isinstance(data, dict):
            return data
        data = dict(data)
        performers = [p.strip() for p in data.get("performers") or [] if p and p.strip()]
        data["performers"] = performers
        if not data.get("performer"):
            data["performer"] = performers[0] if performers else data.get("event_name")
        start = data.get("start_at")
        if isinstance(start, str):
            start = datetime.fromisoformat(start)
            data["start_at"] = start
        if isinstance(start, datetime) and start.tzinfo is not None:
            data["event_date"] = night_of(start)
        if not data.get("event_id") and data.get("event_date") and data.get("performer"):
            day = data["event_date"]
            day = date.fromisoformat(day) if isinstance(day, str) else day
            data["event_id"] = make_event_id(day, data["performer"], data.get("venue_slug") or "")
        data.setdefault("source_urls", [data["url"]] if data.get("url") else [])
        if data.get("event_id") and data.get("enrichment_status") is None:
            data["enrichment_status"] = {"event_id": data["event_id"]}
        return data

    @field_validator("event_id")
    @classmethod
    def _event_id_shape(cls, value: str) -> str:
        if not _EVENT_ID.match(value):
            raise ValueError(f"malformed event_id {value!r}")
        return value

    @property
    def artist_slug(self) -> str:
        return slugify(self.performer)

    def json_dict(self) -> dict[str, Any]:
        return self.model_dump(mode="json")
