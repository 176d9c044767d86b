"""ArtistImagesPipeline: each event's artist image as two JPEG presets, each stored once.

Scrapy's `ImagesPipeline`, through its hooks: `get_media_requests` picks the event's best
image, `media_to_download` answers from what is already stored, `get_images` yields the
presets at `thumb_path`, Scrapy stores them (`image_downloaded`, the store's `persist_file`)
and `item_completed` records them on the event.

Reads: `VegasEvent.image_urls`, `performer` (the headliner), `venue_tag`, `event_id`.
Writes: `VegasEvent.images`, one `ImageMetadata` whose `ImageSize`s are the presets (`main`
500 px wide, `hd` 1500 px wide, never upscaled); a problem goes to
`enrichment_status.errors["images"]` and leaves `images` empty. The event is always kept.
Stores: `artists/{artist_slug}/{venue_tag}-{preset}.jpg` (`thumb_path`; `file_path` is the
`main` one) in `IMAGES_STORE` (a directory, `$VINNY_DATA_DIR` by default, or
`s3://bucket/prefix/`: see `vinny.images.store`); each record's URL is
`VINNY_IMAGES_BASE_URL` + the store's prefix + the key (outputs of a local store point
elsewhere: `vinny.images.urls`).
Once: a (venue tag, artist) whose presets are stored costs no download, and no request at
all when the master database recorded them (`already_stored`). The later events of a
(venue tag, artist) in a run ask for the URL its first event did, so Scrapy's media cache
makes them share one download; an event whose source another artist's event fetched in this
run gets a copy of those presets under its own keys (`copied`), not that artist's records.
Late: an event that passed with no image and gained one when dedup merged a later page into
it is processed when the spider goes idle (`vinny/images/late`), before the master stores it;
the spider then closes at the engine's next heartbeat (up to 5 s later).
Hosts: an image (and each redirect of it, `MEDIA_ALLOW_REDIRECTS`) is fetched only from the
hosts the venue registry lists for the event's family (`image_hosts` in
`vinny/data/venues.json`), never from an internal address (`vinny.middlewares.outbound`);
no message quotes a fetched body.
Settings: `VINNY_IMAGES_ENABLED` (on), `IMAGES_STORE`, `VINNY_IMAGES_BASE_URL`,
`VINNY_IMAGES_QUALITY` (85), `VINNY_IMAGES_MAX_BYTES` (20 MB a download),
`VINNY_IMAGES_MAX_PIXELS` (25 M decoded), and the store's `AWS_*` and `IMAGES_STORE_S3_ACL`.
Stats: `vinny/images/no_source`, `vinny/images/already_stored`, `vinny/images/downloaded`,
`vinny/images/stored` (objects written), `vinny/images/copied`, `vinny/images/recorded`,
`vinny/images/vea_fallback`, `vinny/images/converted/<mode>`, `vinny/images/acl_rejected`,
`vinny/images/failed/<reason>` (`http_404`, `not_an_image`, `truncated`, `too_large`,
`bad_shape`, `undecodable`, `refused`, `unsafe_key`, `download_error`, `store_error`, ...),
`vinny/images/refused/<why>` (`host_not_allowed`, `internal_address`, `scheme`); Scrapy's
`file_count` and `file_status_count/<status>`.
Drops: never.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from io import BytesIO
from typing import TYPE_CHECKING, Any, ClassVar

from scrapy import Request, signals
from scrapy.exceptions import DontCloseSpider, IgnoreRequest, NotConfigured
from scrapy.http.request import NO_CALLBACK
from scrapy.pipelines.files import FilesStoreProtocol
from scrapy.pipelines.images import ImagesPipeline
from scrapy.pipelines.media import FileException, FileInfo, FileInfoOrError, MediaPipeline
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.defer import deferred_from_coro
from twisted.python.failure import Failure

from vinny.images.known import stored_in_master
from vinny.images.resize import PRESETS, BadImage, Rendered, render_presets
from vinny.images.source import ImageJob, UnsafeKey, plan
from vinny.images.store import (
    LocalImageStore,
    S3ImageStore,
    StoredImage,
    already_stored,
    put,
    store_uri,
)
from vinny.middlewares.outbound import ALLOWED_HOSTS, RefusedFetch
from vinny.models import EnrichmentStatus, ImageMetadata, ImagePreset, ImageSize, VegasEvent
from vinny.paths import data_dir
from vinny.venues import registry

if TYPE_CHECKING:
    from PIL import Image
    from scrapy.crawler import Crawler
    from scrapy.http import Response
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

JOB = "vinny_image_job"
RENDERED = "vinny_image_rendered"
Info = MediaPipeline.SpiderInfo


class ImageProblem(FileException):
    """An image that cannot be stored; `reason` is a stats key fragment."""

    def __init__(self, reason: str, message: str):
        super().__init__(message)
        self.reason = reason


class ImageDownloadError(FileException):
    """The image could not be fetched at all (connection refused, timeout, too large)."""

    reason = "download_error"


class ImageRefused(ImageDownloadError):
    """The image's URL, or a redirect of it, is not one vinny fetches."""

    reason = "refused"


class ArtistImagesPipeline(ImagesPipeline):
    LOG_FAILED_RESULTS = False  # each problem is logged once, as one line, by `_problem`
    STORE_SCHEMES: ClassVar[dict[str, type[FilesStoreProtocol]]] = {
        "": LocalImageStore, "file": LocalImageStore, "s3": S3ImageStore}

    def __init__(self, store_uri: str, *, crawler: Crawler):
        super().__init__(store_uri, crawler=crawler)
        settings = crawler.settings
        assert crawler.stats is not None
        self.stats = crawler.stats
        assert isinstance(self.store, LocalImageStore | S3ImageStore)
        self.image_store: LocalImageStore | S3ImageStore = self.store  # typed as ours
        if isinstance(self.image_store, S3ImageStore):
            self.image_store.stats = self.stats
        self.presets = dict(PRESETS)
        self.base_url = str(settings.get("VINNY_IMAGES_BASE_URL") or "").rstrip("/")
        self.quality = settings.getint("VINNY_IMAGES_QUALITY")
        self.max_bytes = settings.getint("VINNY_IMAGES_MAX_BYTES")
        self.max_pixels = settings.getint("VINNY_IMAGES_MAX_PIXELS")
        # (venue tag, artist) -> its presets as stored: from the master, the store, this run.
        self.stored: dict[tuple[str, str], dict[str, StoredImage]] = {}
        # (venue tag, artist) -> the job of its first event this run (whose URL all ask for).
        self.first_job: dict[tuple[str, str], ImageJob] = {}
        # A source URL -> the target whose presets it gave this run.
        self.fetched_for: dict[str, tuple[str, str]] = {}
        self.copying: dict[tuple[str, str], asyncio.Lock] = {}
        self.to_copy: dict[str, tuple[ImageJob, tuple[str, str]]] = {}
        # event_id -> its job, from the request to the result (dedup may touch the event).
        self.planned: dict[str, ImageJob] = {}
        self.without_source: list[VegasEvent] = []
        self._late: Deferred[Any] | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ArtistImagesPipeline:
        settings = crawler.settings
        if not settings.getbool("VINNY_IMAGES_ENABLED"):
            raise NotConfigured("VINNY_IMAGES_ENABLED is off")
        # What Scrapy's `from_crawler` does for its S3 store (ours has no gs or ftp).
        S3ImageStore.configure(settings)
        try:
            return cls(store_uri(settings), crawler=crawler)
        except (ValueError, KeyError) as exc:
            raise NotConfigured(f"IMAGES_STORE: {exc}") from exc

    def open_spider(self) -> None:  # type: ignore[override]
        super().open_spider()
        # What earlier runs stored costs no store look-up and no download.
        self.stored.update(stored_in_master(data_dir(self.crawler.settings) / "vinny.db",
                                            self.image_store.bucket, self.presets))
        self.stats.set_value("vinny/images/known_from_master", len(self.stored))
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
        self._late.addErrback(lambda failure: logger.error(
            "late images failed: %s", failure, extra={"spider": self.crawler.spider}))
        raise DontCloseSpider

    async def process_item(self, item: Any) -> Any:  # type: ignore[override]
        """Scrapy's media handling, then the copies a shared source needs: `item_completed`
        is synchronous and a copy is store I/O."""
        item = await super().process_item(item)
        if isinstance(item, VegasEvent) and item.event_id in self.to_copy:
            job, donor = self.to_copy.pop(item.event_id)
            await self._copy(item, job, donor)
        return item

    # ImagesPipeline hooks.

    def get_media_requests(self, item: Any, info: Info) -> list[Request]:
        if not isinstance(item, VegasEvent):
            return []
        job = self._plan(item)
        if job is None:
            return []
        self.planned[item.event_id] = job
        first = self.first_job.setdefault(job.target, job)
        return [self._request(first.fetch_urls[0], first, image_hosts(item))]

    def media_to_download(self, request: Request, info: Info, *,
                          item: Any = None) -> Deferred[FileInfo | None]:
        # Not Scrapy's stat of one file with IMAGES_EXPIRES: presets never expire, a target
        # needs both, the record needs their pixel sizes, and the master answers first.
        return deferred_from_coro(self._stored_info(request, info, item))

    async def _stored_info(self, request: Request, info: Info, item: Any) -> FileInfo | None:
        job: ImageJob = request.meta[JOB]
        stored = self.stored.get(job.target)
        if stored is None:
            keys = {preset: job.key(preset) for preset in self.presets}
            try:
                stored = await already_stored(self.image_store, keys)
            except Exception as exc:  # boto3 and the file system raise many kinds
                logger.warning("image store check failed for %s: %r", job.target, exc)
        if stored is None:
            return None
        self.stored[job.target] = stored
        self.fetched_for[request.url] = job.target
        self.inc_stats("uptodate")
        return {"url": request.url, "path": self.file_path(request, info=info, item=item),
                "checksum": None, "status": "uptodate"}

    async def media_downloaded(self, response: Response, request: Request, info: Info, *,
                               item: Any = None) -> FileInfo:
        """The VEA fallback and the reasons Scrapy's check does not give, the rendering in a
        thread; then Scrapy's: `image_downloaded` stores what `get_images` yields."""
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
            raise ImageProblem(reason, f"{reason} for {response.url}")
        self.stats.inc_value("vinny/images/downloaded")
        try:
            rendered = await run_in_thread(render_presets, response.body, self.presets,
                                           quality=self.quality, max_pixels=self.max_pixels)
        except BadImage as exc:
            raise ImageProblem(exc.reason, f"{exc} ({response.url})") from None
        except Exception as exc:  # Pillow raises many kinds on hostile input
            raise ImageProblem("undecodable", f"cannot render the image: "
                                              f"{type(exc).__name__} ({response.url})") from None
        if rendered.source_mode != "RGB":
            self.stats.inc_value(f"vinny/images/converted/{rendered.source_mode}")
        request.meta[RENDERED] = rendered
        return await super().media_downloaded(response, request, info, item=item)

    def get_images(self, response: Response, request: Request, info: Info, *,
                   item: Any = None) -> Iterator[tuple[str, Image.Image, BytesIO]]:
        """Each preset at its `thumb_path`, the largest first (a pair cut short leaves `main`
        missing, so the next run stores both again); the source itself is not kept."""
        from PIL import Image  # here: a crawl without images never loads Pillow

        job: ImageJob = request.meta[JOB]
        rendered: Rendered = request.meta.pop(RENDERED)
        stored = {}
        for preset in sorted(self.presets, key=self.presets.__getitem__, reverse=True):
            rendition = rendered.renditions[preset]
            path = self.thumb_path(request, preset, response=response, info=info, item=item)
            # Opened lazily: Scrapy reads only its size for the object's metadata.
            yield path, Image.open(BytesIO(rendition.data)), BytesIO(rendition.data)
            stored[preset] = StoredImage(path, rendition.width, rendition.height,
                                         len(rendition.data))
            self.stats.inc_value("vinny/images/stored")
        self.stored[job.target] = stored
        self.fetched_for[request.url] = job.target

    def media_failed(self, failure: Failure, request: Request, info: Info) -> Any:
        """Failed downloads after retries, and the problems `media_downloaded` raised."""
        error = failure.value
        if isinstance(error, RefusedFetch):
            self.stats.inc_value(f"vinny/images/refused/{error.reason}")
            raise ImageRefused(str(error)) from error
        if isinstance(error, FileException):
            raise error
        if isinstance(error, IgnoreRequest):
            return super().media_failed(failure, request, info)
        raise ImageDownloadError(f"{error!r} for {request.url}") from error

    def item_completed(self, results: list[FileInfoOrError], item: Any, info: Info) -> Any:
        if not isinstance(item, VegasEvent) or not results:
            return item
        job = self.planned.pop(item.event_id)
        _, result = results[0]
        if isinstance(result, Failure):
            reason = getattr(result.value, "reason", "download_error")
            self._problem(item, reason, str(result.value) or repr(result.value))
            self.first_job.pop(job.target, None)  # the target's next event tries its own
        elif result["path"] != job.key("main"):
            self.to_copy[item.event_id] = (job, self.fetched_for[result["url"]])
        else:
            if result["status"] == "uptodate":
                self.stats.inc_value("vinny/images/already_stored")
            self._record(item, job, self.stored[job.target])
        return item

    def file_path(self, request: Request, response: Response | None = None,
                  info: Info | None = None, *, item: Any = None) -> str:
        return self.thumb_path(request, "main", response, info, item=item)

    def thumb_path(self, request: Request, thumb_id: str, response: Response | None = None,
                   info: Info | None = None, *, item: Any = None) -> str:
        job: ImageJob = request.meta[JOB]
        return job.key(thumb_id)

    # The rest.

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

    def _request(self, url: str, job: ImageJob, hosts: tuple[str, ...]) -> Request:
        # Flyers live on image hosts outside the spider's allowed_domains: the family's
        # image hosts take their place.
        # Its statuses as Scrapy's media requests have them: a fallback is downloaded directly.
        statuses: dict[str, Any] = ({"handle_httpstatus_list": self.handle_httpstatus_list}
                                    if self.handle_httpstatus_list
                                    else {"handle_httpstatus_all": True})
        return Request(url, callback=NO_CALLBACK,
                       meta={JOB: job, ALLOWED_HOSTS: hosts, "download_maxsize": self.max_bytes,
                             "allow_offsite": True, **statuses})

    async def _copy(self, event: VegasEvent, job: ImageJob, donor: tuple[str, str]) -> None:
        """Another target's presets of the same source, stored under this job's keys."""
        async with self.copying.setdefault(job.target, asyncio.Lock()):
            if (stored := self.stored.get(job.target)) is not None:
                self.stats.inc_value("vinny/images/already_stored")
            else:
                try:
                    stored = {}
                    for preset, image in sorted(self.stored[donor].items(),
                                                key=lambda kv: -self.presets[kv[0]]):
                        data = await self.image_store.read(image.key)
                        stored[preset] = await put(self.image_store, job.key(preset), data,
                                                   image.width, image.height)
                except Exception as exc:
                    self._problem(event, "store_error", f"copying {job.source_url}: {exc!r}")
                    return
                self.stats.inc_value("vinny/images/copied")
                self.stats.inc_value("vinny/images/stored", len(stored))
                self.stored[job.target] = stored
        self._record(event, job, stored)

    def _problem(self, event: VegasEvent, reason: str, message: str) -> None:
        self.stats.inc_value(f"vinny/images/failed/{reason}")
        if event.enrichment_status is None:
            event.enrichment_status = EnrichmentStatus(event_id=event.event_id)
        event.enrichment_status.add_error("images", message)
        logger.warning("image of %s: %s", event.event_id, message)

    def _record(self, event: VegasEvent, job: ImageJob, stored: dict[str, StoredImage]) -> None:
        image_id = f"{event.event_id}-{job.image_type}"
        sizes = [ImageSize(image_id=image_id, preset=ImagePreset(preset),
                           r2_url=self.public_url(image.key), width=image.width,
                           height=image.height, file_size=image.size)
                 for preset, image in sorted(stored.items(), key=lambda kv: self.presets[kv[0]])]
        event.images = [ImageMetadata(
            image_id=image_id, event_id=event.event_id, artist_slug=job.artist_slug,
            image_type=job.image_type, r2_bucket=self.image_store.bucket, venue_tag=job.venue_tag,
            source_url=job.source_url, sizes=sizes)]
        self.stats.inc_value("vinny/images/recorded")

    def public_url(self, key: str) -> str:
        return f"{self.base_url}/{self.image_store.prefix}{key}"


def image_hosts(event: VegasEvent) -> tuple[str, ...]:
    """The hosts the event's family takes images from (none for an unknown venue)."""
    venue = registry().by_slug(event.venue_slug)
    return registry().image_hosts_of(venue.family if venue else event.spider)
