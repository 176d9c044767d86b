"""The data model (seed 000): Pydantic v2 items with JSON-native fields.

`VegasEvent` is built only by the validation pipeline; every field a later pipeline writes is
declared here, because itemadapter raises `KeyError` for undeclared fields on Pydantic items.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
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
    """One table or bottle-service offer of a night; amounts in whole US dollars.

    `min_spend` and `pay_now` (the deposit) are None for an "INQUIRY ONLY" tier.
    """

    tier_id: str = Field(min_length=1)
    tier_name: str = Field(min_length=1)
    min_spend: int | None = Field(default=None, ge=0)
    pay_now: int | None = Field(default=None, ge=0)
    guests: int | None = Field(default=None, ge=0)
    available_count: int | None = Field(default=None, ge=0)


class TablePricing(_Model):
    """A tier of an event as its inventory stood at `fetched_at` (UTC)."""

    event_id: str
    tier_id: str = Field(min_length=1)
    fetched_at: AwareDatetime
    is_available: bool
    tier: TablePricingTier

    @field_validator("fetched_at")
    @classmethod
    def _in_utc(cls, value: datetime) -> datetime:
        return value.astimezone(UTC)

    @model_validator(mode="after")
    def _one_tier_id(self) -> TablePricing:
        if self.tier.tier_id != self.tier_id:
            raise ValueError(f"tier {self.tier.tier_id!r} filed under {self.tier_id!r}")
        return self


class PageInventory(_Model):
    """What an UrVenue event page says about its table inventory, for the pricing pipeline
    only (never exported): the ajax nonce and the table items some pages embed."""

    nonce: str | None = None  # `urvenue_ws_inventory_vars.targetNonce`
    embedded: str | None = None  # the script text after `urcart_itms =` / `uv_tablesitems =`


class ImageSize(_Model):
    """One preset of an image as stored: `r2_url` is the public URL (base URL + key), the
    pixel size is the stored file's, `file_size` its bytes."""

    image_id: str
    preset: ImagePreset
    r2_url: str
    width: int
    height: int
    file_size: int | None = None


class ImageMetadata(_Model):
    """An event's artist image (vinny.pipelines.store_images): `image_id` is
    `{event_id}-{image_type}` (`flyer` or `artist`); the files are one per (venue tag, artist,
    preset) under `artists/{artist_slug}/`; `r2_bucket` is the S3 bucket (`local` for a
    directory store); `source_url` the image the page offered."""

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
    # The events sitemap's <lastmod> for `url` (TAO's is real): lets a later run skip the page.
    page_lastmod: str | None = Field(default=None, exclude=True)

    table_pricing: list[TablePricing] = Field(default_factory=list)
    # Read by the pricing pipeline, which clears it; never part of the catalogue.
    page_inventory: PageInventory | None = Field(default=None, exclude=True)
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
