"""StoreImagesPipeline: each event's artist image as two JPEG presets, each stored once.

Reads: `VegasEvent.image_urls`, `performer` (the headliner), `venue_tag`, `event_id`.
Writes: `VegasEvent.images`, one `ImageMetadata` whose `ImageSize`s are the presets (`main`
500 px wide, `hd` 1500 px wide, never upscaled); a problem goes to
`enrichment_status.errors["images"]` and leaves `images` empty. The event is always kept.
Stores: `artists/{artist_slug}/{venue_tag}-{preset}.jpg` in `IMAGES_STORE` (a directory,
`$VINNY_DATA_DIR` by default, or `s3://bucket/prefix/`: see `vinny.images.store`); each
record's URL is `VINNY_IMAGES_BASE_URL` + the store's prefix + the key.
Late: an event that passed with no image and gained one when dedup merged a later page into
it is processed when the spider goes idle (`vinny/images/late`), before the master stores it;
the spider then closes at the engine's next heartbeat (up to 5 s later).
Once: a (venue tag, artist) whose presets are already stored costs no download
(`already_stored`, remembered for the run). Events of one (venue tag, artist), and events
sharing one source URL, take turns; an event whose source another artist's event fetched in
this run gets a copy of those presets under its own keys, not that artist's records.
Hosts: an image (and each redirect of it) is fetched only from the hosts the venue registry
lists for the event's family (`image_hosts` in `vinny/data/venues.json`), never from an
internal address (`vinny.middlewares.outbound`); no message quotes a fetched body.
Settings: `VINNY_IMAGES_ENABLED` (on), `IMAGES_STORE`, `VINNY_IMAGES_BASE_URL`,
`VINNY_IMAGES_QUALITY` (85), `VINNY_IMAGES_MAX_BYTES` (20 MB a download),
`VINNY_IMAGES_MAX_PIXELS` (25 M decoded), and the store's `AWS_*` and `IMAGES_STORE_S3_ACL`.
Stats: `vinny/images/no_source`, `vinny/images/already_stored`, `vinny/images/downloaded`,
`vinny/images/stored` (objects written), `vinny/images/copied`, `vinny/images/recorded`,
`vinny/images/vea_fallback`, `vinny/images/converted/<mode>`, `vinny/images/acl_rejected`,
`vinny/images/failed/<reason>` (`http_404`, `not_an_image`, `truncated`, `too_large`,
`bad_shape`, `undecodable`, `refused`, `unsafe_key`, `download_error`, `store_error`, ...),
`vinny/images/refused/<why>` (`host_not_allowed`, `internal_address`, `scheme`).
Drops: never.
"""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.images import ImagesPipeline
from scrapy.pipelines.media import FileException
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.datatypes import SequenceExclude
from scrapy.utils.defer import deferred_from_coro

from vinny.images.known import stored_in_master
from vinny.images.resize import MAX_PIXELS, PRESETS, QUALITY, BadImage, render_presets
from vinny.images.source import ImageJob, UnsafeKey, plan
from vinny.images.store import StoredImage, already_stored, open_store, store_uri
from vinny.middlewares.outbound import ALLOWED_HOSTS, RefusedFetch
from vinny.models import EnrichmentStatus, ImageMetadata, ImageSize, VegasEvent
from vinny.paths import data_dir
from vinny.venues import registry

logger = logging.getLogger(__name__)

JOB = "vinny_image_job"
DEFAULT_BASE_URL = "https://img.vinny.vegas"
MAX_BYTES = 20 * 1024 * 1024


class ImageDownloadError(FileException):
    """The image could not be fetched at all (connection refused, timeout, too large)."""

    reason = "download_error"


class ImageRefused(ImageDownloadError):
    """The image's URL, or a redirect of it, is not one vinny fetches."""

    reason = "refused"


class StoreImagesPipeline(ImagesPipeline):
    def __init__(self, store_uri: str, *, crawler):
        settings, stats = crawler.settings, crawler.stats

        def make_store(uri: str):
            return open_store(uri, settings, stats)

        # Scrapy's stores read class attributes set per crawler; ours take the settings.
        self.STORE_SCHEMES = {"": make_store, "file": make_store, "s3": make_store}
        super().__init__(store_uri, crawler=crawler)
        # Redirects are followed (what MEDIA_ALLOW_REDIRECTS does), each hop checked by the
        # outbound guard; every other status is the pipeline's to read.
        self.handle_httpstatus_list = SequenceExclude(range(300, 400))
        self.stats = stats
        self.presets = dict(PRESETS)
        self.base_url = (settings.get("VINNY_IMAGES_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
        self.quality = settings.getint("VINNY_IMAGES_QUALITY", QUALITY)
        self.max_bytes = settings.getint("VINNY_IMAGES_MAX_BYTES", MAX_BYTES)
        self.max_pixels = settings.getint("VINNY_IMAGES_MAX_PIXELS", MAX_PIXELS)
        self.known: dict[tuple[str, str], dict[str, StoredImage]] = {}
        self.fetched_for: dict[str, tuple[str, str]] = {}
        self._locks: dict[Any, asyncio.Lock] = {}

    @classmethod
    def from_crawler(cls, crawler):
        if not crawler.settings.getbool("VINNY_IMAGES_ENABLED", True):
            raise NotConfigured("VINNY_IMAGES_ENABLED is off")
        try:
            return cls(store_uri(crawler.settings), crawler=crawler)
        except (ValueError, KeyError) as exc:
            raise NotConfigured(f"IMAGES_STORE: {exc}") from exc

    def open_spider(self) -> None:
        super().open_spider()
        # What earlier runs stored costs no store look-up and no download.
        self.known.update(stored_in_master(data_dir(self.crawler.settings) / "vinny.db",
                                           self.store.bucket, self.presets))
        self.stats.set_value("vinny/images/known_from_master", len(self.known))
        self.without_source: list[VegasEvent] = []
        self._late = None
        self.crawler.signals.connect(self.spider_idle, signal=signals.spider_idle)

    def spider_idle(self) -> None:
        """Dedup merges a later page into an event that already passed: maybe its image."""
        if self._late is not None and not self._late.called:
            raise DontCloseSpider
        late = [event for event in self.without_source if event.image_urls]
        if not late:
            return
        self.without_source = [event for event in self.without_source if not event.image_urls]
        self.stats.inc_value("vinny/images/late", len(late))
        self._late = deferred_from_coro(
            asyncio.gather(*(self.process_item(event) for event in late)))
        self._late.addErrback(lambda failure: logger.error("late images failed: %s", failure))
        raise DontCloseSpider

    async def process_item(self, item: Any) -> Any:
        if not isinstance(item, VegasEvent):
            return item
        job = self._plan(item)
        if job is None:
            return item
        if (stored := self._known(job)) is not None:
            # Stored by an earlier run or event: nothing to wait for, nothing to ask.
            self._record(item, job, stored)
            return item
        # Target first, then source URL: a holder of a URL lock never waits for a target.
        async with self._lock(job.target), self._lock(job.fetch_urls[0]):
            stored = await self._existing(item, job)
            if stored is None:
                return await super().process_item(item)
            self._record(item, job, stored)
        return item

    def _plan(self, event: VegasEvent) -> ImageJob | None:
        try:
            job = plan(event.event_id, event.performer, event.venue_tag, event.image_urls)
        except UnsafeKey as exc:
            self._problem(event, "unsafe_key", str(exc))
            return None
        if job is None:
            self.stats.inc_value("vinny/images/no_source")
            self.without_source.append(event)
        return job

    def _lock(self, key: Any) -> asyncio.Lock:
        return self._locks.setdefault(key, asyncio.Lock())

    def _known(self, job: ImageJob) -> dict[str, StoredImage] | None:
        """The presets stored for this job's target as far as this run knows, counted."""
        stored = self.known.get(job.target)
        if stored is not None:
            self.stats.inc_value("vinny/images/already_stored")
        return stored

    async def _existing(self, event: VegasEvent, job: ImageJob) -> dict[str, StoredImage] | None:
        """The presets this event can use without downloading, else None."""
        # Known by now if the holder of the lock this event waited for stored them.
        if (stored := self._known(job)) is not None:
            return stored
        keys = {preset: job.key(preset) for preset in self.presets}
        try:
            stored = await already_stored(self.store, job.venue_tag, job.artist_slug, keys)
        except Exception as exc:  # boto3 and the file system raise many kinds
            logger.warning("image store check failed for %s: %r", job.target, exc)
            stored = None
        if stored is not None:
            self.known[job.target] = stored
            self.stats.inc_value("vinny/images/already_stored")
            return stored
        donor = self.fetched_for.get(job.fetch_urls[0])
        if donor is not None and donor in self.known:
            return await self._copy(event, job, self.known[donor])
        return None

    async def _copy(self, event: VegasEvent, job: ImageJob,
                    donor: dict[str, StoredImage]) -> dict[str, StoredImage] | None:
        """Another target's presets of the same source, stored under this job's keys."""
        try:
            copies = {}
            for preset, image in donor.items():
                data = await self.store.read(image.key)
                copies[preset] = await self.store.put(job.key(preset), data, image.width,
                                                      image.height)
        except Exception as exc:
            self._problem(event, "store_error", f"copying {job.source_url}: {exc!r}")
            return None
        self.stats.inc_value("vinny/images/copied")
        self.stats.inc_value("vinny/images/stored", len(copies))
        self.known[job.target] = copies
        return copies

    # ImagesPipeline hooks.

    def get_media_requests(self, item: Any, info) -> list[Request]:
        job = plan(item.event_id, item.performer, item.venue_tag, item.image_urls)
        return [self._request(job.fetch_urls[0], job, image_hosts(item))] if job else []

    def _request(self, url: str, job: ImageJob, hosts: tuple[str, ...]) -> Request:
        # Flyers live on image hosts outside the spider's allowed_domains: the family's
        # image hosts take their place.
        return Request(url, callback=NO_CALLBACK,
                       meta={JOB: job, ALLOWED_HOSTS: hosts, "download_maxsize": self.max_bytes,
                             "handle_httpstatus_list": self.handle_httpstatus_list,
                             "allow_offsite": True})

    def media_to_download(self, request: Request, info, *, item: Any = None) -> None:
        """Always download: `process_item` asked the store before asking for the request."""
        return None

    async def media_downloaded(self, response, request: Request, info, *,
                               item: Any = None) -> dict[str, Any]:
        job: ImageJob = request.meta[JOB]
        for url in job.fetch_urls[1:]:
            if response.status not in (403, 404, 410):
                break
            # The largest VEA size does not exist for every flyer: ask for the page's size.
            self.stats.inc_value("vinny/images/vea_fallback")
            response = await self.crawler.engine.download_async(
                self._request(url, job, request.meta[ALLOWED_HOSTS]))
        if response.status != 200 or not response.body:
            reason = f"http_{response.status}" if response.status != 200 else "empty"
            return self._failed(job, reason, f"{reason} for {response.url}")
        self.stats.inc_value("vinny/images/downloaded")
        try:
            rendered = await run_in_thread(render_presets, response.body, self.presets,
                                           quality=self.quality, max_pixels=self.max_pixels)
        except BadImage as exc:
            return self._failed(job, exc.reason, f"{exc} ({response.url})")
        except Exception as exc:  # Pillow raises many kinds on hostile input
            return self._failed(job, "undecodable",
                                f"cannot render the image: {type(exc).__name__} ({response.url})")
        if rendered.source_mode != "RGB":
            self.stats.inc_value(f"vinny/images/converted/{rendered.source_mode}")
        try:
            # The largest first: a pair cut short leaves `main` missing, so the next run
            # sees the target as not stored and writes both again.
            stored = {}
            for preset in sorted(self.presets, key=self.presets.get, reverse=True):
                rendition = rendered.renditions[preset]
                stored[preset] = await self.store.put(job.key(preset), rendition.data,
                                                      rendition.width, rendition.height)
                self.stats.inc_value("vinny/images/stored")
        except Exception as exc:
            return self._failed(job, "store_error", f"storing {job.key('hd')}: {exc!r}")
        self.known[job.target] = stored
        self.fetched_for[job.fetch_urls[0]] = job.target
        return {"url": response.url, "path": job.key("main"), "checksum": None,
                "status": "downloaded", "target": job.target, "stored": stored}

    def media_failed(self, failure, request: Request, info):
        """Connection failures after retries (bad responses are results, not exceptions)."""
        if failure.check(RefusedFetch):
            self.stats.inc_value(f"vinny/images/refused/{failure.value.reason}")
            raise ImageRefused(str(failure.value)) from failure.value
        if failure.check(IgnoreRequest):
            return super().media_failed(failure, request, info)
        raise ImageDownloadError(f"{failure.value!r} for {request.url}") from failure.value

    def item_completed(self, results, item: Any, info) -> Any:
        job = plan(item.event_id, item.performer, item.venue_tag, item.image_urls)
        for ok, result in results:
            if not ok:
                reason = getattr(result.value, "reason", "download_error")
                self._problem(item, reason, str(result.value) or repr(result.value))
            elif result.get("problem"):
                self._problem(item, *result["problem"])
            elif result["target"] != job.target:
                self._problem(item, "store_error",
                              f"{job.source_url} was stored for {result['target']} only")
            else:
                self._record(item, job, result["stored"])
        return item

    def file_path(self, request: Request, response=None, info=None, *, item: Any = None) -> str:
        return request.meta[JOB].key("main")

    def thumb_path(self, request: Request, thumb_id: str, response=None, info=None, *,
                   item: Any = None) -> str:
        return request.meta[JOB].key(thumb_id)

    # Results.

    def _failed(self, job: ImageJob, reason: str, message: str) -> dict[str, Any]:
        return {"url": job.fetch_urls[0], "path": job.key("main"), "checksum": None,
                "status": "failed", "target": job.target, "problem": (reason, message)}

    def _problem(self, event: VegasEvent, reason: str, message: str) -> None:
        self.stats.inc_value(f"vinny/images/failed/{reason}")
        if event.enrichment_status is None:
            event.enrichment_status = EnrichmentStatus(event_id=event.event_id)
        event.enrichment_status.add_error("images", message)
        logger.warning("image of %s: %s", event.event_id, message)

    def _record(self, event: VegasEvent, job: ImageJob, stored: dict[str, StoredImage]) -> None:
        image_id = f"{event.event_id}-{job.image_type}"
        sizes = [ImageSize(image_id=image_id, preset=preset, r2_url=self.public_url(image.key),
                           width=image.width, height=image.height, file_size=image.size)
                 for preset, image in sorted(stored.items(), key=lambda kv: self.presets[kv[0]])]
        event.images = [ImageMetadata(
            image_id=image_id, event_id=event.event_id, artist_slug=job.artist_slug,
            image_type=job.image_type, r2_bucket=self.store.bucket, venue_tag=job.venue_tag,
            source_url=job.source_url, sizes=sizes)]
        self.stats.inc_value("vinny/images/recorded")

    def public_url(self, key: str) -> str:
        return f"{self.base_url}/{self.store.prefix}{key}"


def image_hosts(event: VegasEvent) -> tuple[str, ...]:
    """The hosts the event's family takes images from (none for an unknown venue)."""
    venue = registry().by_slug(event.venue_slug)
    return registry().image_hosts_of(venue.family if venue else event.spider)
