"""The data model (seed 000): Pydantic v2 items with JSON-native fields.

`VegasEvent` is built only by the validation pipeline; every field a later pipeline writes is
declared here, because itemadapter raises `KeyError` for undeclared fields on Pydantic items.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime
from enum import StrEnum
from typing import Annotated, Any

from pydantic import (
    AwareDatetime,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)
from pydantic_core import PydanticCustomError

from vinny.slugs import MAX_SLUG, make_event_id, slugify
from vinny.text import clean_block, clean_line, placeholder_reason, unannounced, venue_night
from vinny.timeutil import night_of

_EVENT_ID = re.compile(r"^\d{4}-\d{2}-\d{2}-[a-z0-9]+(?:-[a-z0-9]+)*$")

# Bounds of an event's text, in characters. Names, titles, codes and links beyond their bound
# are refused (validation rejects the page as `too_long_<field>`): no site writes them, and a
# name becomes the event's key, its file names and its D1 statements. Running text (description,
# bio) is cut at its bound instead: the head is the honest part, and a long text is no reason
# to lose a night. Even in 4-byte characters both fit D1's 2 MB row.
MAX_NAME = 200  # performer, each of performers, venue (the API's `artist` filter takes as many)
MAX_TITLE = 300  # event_name
MAX_CODE = 100  # event_code, spider, venue slug and tag
MAX_URL = 2048  # url, venue_url, each image url: the sitemaps protocol's limit
MAX_ITEMS = 50  # performers and image_urls of one night
# The performer's part of event_id is a slug, cut at `vinny.slugs.MAX_SLUG`: a long name keeps
# its night, and the id stays far below a 255-byte file name.
MAX_EVENT_ID = 10 + 1 + MAX_SLUG + 1 + MAX_CODE
MAX_DESCRIPTION = 200_000
MAX_BIO = 50_000


def _cut(limit: int) -> Callable[[Any], Any]:
    """A validator: running text cut at `limit` (anything else is left to the field's type)."""

    def cut(value: Any) -> Any:
        value = clean_block(value)
        return value[: limit - 1] + "…" if isinstance(value, str) and len(value) > limit else value
    return cut


def bounded_bio(value: str | None) -> str | None:
    """An artist bio as the model keeps it: controls stripped, cut at MAX_BIO."""
    if not value:
        return None
    bio: str = _cut(MAX_BIO)(value)
    return bio or None


def _refuse_placeholder(value: str) -> str:
    why = placeholder_reason(value)
    if why:
        raise PydanticCustomError("placeholder", "{value} is a placeholder ({why})",
                                  {"value": repr(value), "why": why})
    return value


# A single line of text: controls stripped, line breaks made spaces, refused beyond its bound.
# Constraints first: BeforeValidator wraps what precedes it, so the cleaned text is measured.
Name = Annotated[str, StringConstraints(max_length=MAX_NAME), BeforeValidator(clean_line)]
Title = Annotated[str, StringConstraints(max_length=MAX_TITLE), BeforeValidator(clean_line)]
Code = Annotated[str, StringConstraints(max_length=MAX_CODE), BeforeValidator(clean_line)]
Link = Annotated[str, StringConstraints(max_length=MAX_URL), BeforeValidator(clean_line)]
# Running text: controls stripped (tabs and line breaks kept), cut at its bound.
Bio = Annotated[str, BeforeValidator(_cut(MAX_BIO))]
Description = Annotated[str, BeforeValidator(_cut(MAX_DESCRIPTION))]
Url = Annotated[str, StringConstraints(max_length=MAX_URL, pattern=r"^https?://"),
                BeforeValidator(clean_line)]


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
    """An event's artist image (vinny.pipelines.artist_images): `image_id` is
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


# The enrichment sources the data model keeps a flag for (matched or not) on each event.
STATUS_FLAGS = tuple(name for name in EnrichmentStatus.model_fields
                     if name not in ("event_id", "errors"))


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

    event_id: str = Field(max_length=MAX_EVENT_ID)
    event_date: date
    performer: Name = Field(min_length=1)
    venue: Name = Field(min_length=1)
    url: Url
    scraped_at: AwareDatetime
    artist_bio: Bio | None = None
    venue_url: Link | None = None

    start_at: AwareDatetime | None = None
    venue_slug: Code = Field(min_length=1)
    venue_tag: Code = Field(min_length=1)
    # The night's artists only: "TBA" or "Special Guest" is left out (see `_derive_keys`).
    performers: list[Name] = Field(default_factory=list, max_length=MAX_ITEMS)
    event_name: Title | None = None
    event_code: Code | None = None
    description: Description | None = None
    image_urls: list[Link] = Field(default_factory=list, max_length=MAX_ITEMS)
    status: EventStatus = EventStatus.ACTIVE
    spider: Code = Field(min_length=1)
    source_urls: list[Link] = Field(default_factory=list)
    # The night names no artist ("TBA", "Special Guest", "OMNIA Nightclub Saturday"): the
    # performer is its title, and enrichment has no one to look up. Never stored.
    no_artist: bool = Field(default=False, exclude=True)
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
        for key in ("performer", "event_name"):
            data[key] = clean_line(data.get(key))
        performers = [clean_line(p).strip() for p in data.get("performers") or []
                      if isinstance(p, str)]
        # A night whose artist is not yet named keeps its title as the key's performer part.
        data["performers"] = [p for p in performers if p and not unannounced(p)]
        if not data.get("performer"):
            data["performer"] = next(iter(data["performers"]), None) or data.get(
                "event_name") or next(iter(performers), None)
        performer = data.get("performer")
        if (isinstance(performer, str) and len(performer) <= MAX_NAME and not data["performers"]
                and "no_artist" not in data):
            data["no_artist"] = (any(unannounced(p) for p in performers) or unannounced(performer)
                                 or venue_night(performer, str(data.get("venue") or "")))
        start = data.get("start_at")
        if isinstance(start, str):
            start = datetime.fromisoformat(start)
            data["start_at"] = start
        if isinstance(start, datetime) and start.tzinfo is not None:
            data["event_date"] = night_of(start)
        performer = data.get("performer")
        if (not data.get("event_id") and data.get("event_date") and isinstance(performer, str)
                and len(performer) <= MAX_NAME):  # a longer one is refused, not slugified
            day = data["event_date"]
            day = date.fromisoformat(day) if isinstance(day, str) else day
            data["event_id"] = make_event_id(day, data["performer"], data.get("venue_slug") or "")
        data.setdefault("source_urls", [data["url"]] if data.get("url") else [])
        if data.get("event_id") and data.get("enrichment_status") is None:
            data["enrichment_status"] = {"event_id": data["event_id"]}
        return data

    @field_validator("performer")
    @classmethod
    def _performer_is_a_name(cls, value: str) -> str:
        return _refuse_placeholder(value)

    @field_validator("performers")
    @classmethod
    def _artists_are_names(cls, value: list[str]) -> list[str]:
        for name in value:
            _refuse_placeholder(name)
        return value

    @field_validator("event_name")
    @classmethod
    def _title_is_not_a_placeholder(cls, value: str | None) -> str | None:
        return _refuse_placeholder(value) if value else value

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
