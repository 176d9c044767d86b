"""Artist enrichment inside a Scrapy crawl: once per artist, the time-to-live honoured.

`lineup` finds the artists of a performer line (`vinny.enrich.lineup`: "A b2b B" is two
artists; "A & B" is one act when a source knows it, else two) and enriches each once.

The HTTP sources (1001tracklists, Resident Advisor) download through the crawler's engine,
so throttling, robots.txt, stats and replica mode apply; spotipy runs in threads of its own.
The artist tables are read once at open and each artist's merged record is written back as
soon as it is done, from one database thread (the reactor never waits on SQLite).
Used by `ArtistEnrichmentPipeline` and by `vinny enrich artists`.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.settings import BaseSettings
from scrapy.utils.misc import load_object

from vinny.enrich.http import Transport
from vinny.enrich.lineup import certain_parts, maybe_parts, should_split
from vinny.enrich.records import ArtistRecord, ArtistStore
from vinny.enrich.registry import Breakers, Plugin, PluginKit, Registry
from vinny.enrich.types import (
    MATCHED,
    PLUGINS,
    SOURCES,
    ArtistQuery,
    HttpRequest,
    HttpResponse,
    SourceFailed,
)
from vinny.paths import data_dir
from vinny.slugs import slugify

logger = logging.getLogger(__name__)


class ArtistEnricher:
    def __init__(self, crawler: Crawler, *, sources: Iterable[str] | None = None,
                 force: bool = False):
        settings = crawler.settings
        self.crawler = crawler
        self.stats = crawler.stats
        self.force = force
        self.ttl = timedelta(days=settings.getfloat("VINNY_ENRICH_TTL_DAYS"))
        self.timeout = settings.getfloat("VINNY_ENRICH_TIMEOUT")
        self.aliases = {slugify(k): tuple(v) for k, v in
                        settings.getdict("VINNY_ENRICH_ALIASES").items()}
        wanted = list(sources or settings.getlist("VINNY_ENRICH_SOURCES") or SOURCES)
        unknown = set(wanted) - set(SOURCES)
        if unknown:
            raise ValueError(f"unknown enrichment sources {sorted(unknown)}; know {SOURCES}")
        self.path = data_dir(settings) / "vinny.db"
        self.db = ThreadPoolExecutor(1, thread_name_prefix="vinny-artists-db")
        self.threads = ThreadPoolExecutor(settings.getint("VINNY_SPOTIFY_THREADS"),
                                          thread_name_prefix="vinny-spotify")
        self.registry = Registry(self._plugins(wanted, settings),
                                 Breakers(on_open=self._breaker_opened))
        self.records: dict[str, ArtistRecord] = {}
        self.tasks: dict[str, asyncio.Future[ArtistRecord]] = {}
        self._store: ArtistStore | None = None

    # -- set-up -----------------------------------------------------------------------------

    def _plugins(self, wanted: list[str], settings: BaseSettings) -> list[Plugin]:
        max_wait = settings.getfloat("VINNY_ENRICH_RETRY_AFTER_MAX")
        kit = PluginKit(settings, lambda source: self._transport(source, max_wait),
                        self.threads, self._count, self.timeout, max_wait)
        return [load_object(PLUGINS[name]).build(kit) for name in SOURCES if name in wanted]

    def _transport(self, source: str, max_wait: float) -> Transport:
        return Transport(self._send, max_wait=max_wait,
                         on_request=lambda: self._count(f"{source}/requests"))

    async def _send(self, request: HttpRequest) -> HttpResponse:
        meta: dict[str, Any] = {"dont_retry": True, "allow_offsite": True,
                                "download_timeout": self.timeout}
        if request.slot:
            # Its own slot (DOWNLOAD_SLOTS), with a delay AutoThrottle must not shorten.
            meta.update(download_slot=request.slot, autothrottle_dont_adjust_delay=True)
        scrapy_request = Request(request.url, method=request.method, headers=request.headers,
                                 body=request.body, meta=meta, dont_filter=True)
        try:
            response = await self.crawler.engine.download_async(scrapy_request)
        except IgnoreRequest as exc:
            raise SourceFailed("ignored", str(exc) or "refused by a middleware") from None
        except Exception as exc:  # timeouts, refused or dropped connections
            raise SourceFailed(type(exc).__name__, str(exc)[:200]) from None
        headers = {k.decode("latin-1").lower(): v[-1].decode("latin-1")
                   for k, v in response.headers.items() if v}
        return HttpResponse(response.status, headers, response.body, response.url)

    def open(self) -> None:
        """Read every stored artist once (before the crawl starts)."""
        self.records = self.db.submit(self._load).result()

    def _load(self) -> dict[str, ArtistRecord]:
        self._store = ArtistStore(self.path)
        return self._store.load()

    async def close(self) -> None:
        pending = [t for t in self.tasks.values() if not t.done()]
        if pending:
            await asyncio.gather(*pending, return_exceptions=True)
        await asyncio.get_running_loop().run_in_executor(self.db, self._close_store)
        self.db.shutdown(wait=True)
        self.threads.shutdown(wait=False, cancel_futures=True)

    def _close_store(self) -> None:
        if self._store is not None:
            self._store.close()
            self._store = None

    # -- enrichment -------------------------------------------------------------------------

    async def lineup(self, names: Iterable[str]) -> list[tuple[str, ArtistRecord]]:
        """Every artist of these performer lines, in order, once each, with their records."""
        parts = [part for name in names for part in certain_parts(name)]
        resolved = await asyncio.gather(*(self._resolve(part) for part in parts))
        artists: dict[str, tuple[str, ArtistRecord]] = {}
        for name, record in (pair for found in resolved for pair in found):
            artists.setdefault(record.slug, (name, record))
        return list(artists.values())

    async def _resolve(self, name: str) -> list[tuple[str, ArtistRecord]]:
        """`name` as one act, or as the acts it lists when no source knows it whole."""
        record = await self.enrich(name)
        pieces = maybe_parts(name)
        outcomes = [(record.sources.get(s) or {}).get("outcome") for s in self.registry.sources]
        if not pieces or not should_split(outcomes):
            return [(name, record)]
        found = await asyncio.gather(*(self._resolve(piece) for piece in pieces))
        return [pair for pairs in found for pair in pairs]

    def enrich(self, name: str) -> asyncio.Future[ArtistRecord]:
        """The artist's record, enriched at most once this run (shared by all its events)."""
        slug = slugify(name)
        task = self.tasks.get(slug)
        if task is None:
            self._count("artists")
            task = asyncio.ensure_future(self._enrich(name, slug))
            self.tasks[slug] = task
        return task

    async def _enrich(self, name: str, slug: str) -> ArtistRecord:
        record = self.records.get(slug) or ArtistRecord(slug=slug)
        now = datetime.now(UTC)
        due = record.due(self.registry.sources, now, self.ttl, self.force)
        if not due:
            self._count("cached")
            return record
        query = ArtistQuery(name=name, slug=slug, aliases=self.aliases.get(slug, ()))
        findings = await self.registry.enrich(query, due, record.earlier())
        for source, finding in findings.items():
            self._count(f"{source}/{finding.outcome}")
            if finding.reason:
                self._count(f"{source}/{finding.reason}")
            if finding.outcome != MATCHED:
                logger.info("enrichment of %r by %s: %s (%s)", name, source, finding.outcome,
                            finding.detail)
        record.merge(findings, datetime.now(UTC))
        self.records[slug] = record
        try:
            await asyncio.get_running_loop().run_in_executor(self.db, self._save, record)
        except Exception:
            logger.exception("could not store the enrichment of %r", name,
                             extra={"spider": self.crawler.spider})
            self._count("store_failed")
        else:
            self._count("saved")
        return record

    def _save(self, record: ArtistRecord) -> None:
        assert self._store is not None
        self._store.save(record)

    def _breaker_opened(self, source: str, reason: str) -> None:
        self.stats.set_value(f"vinny/enrich/{source}/breaker", reason)

    def _count(self, key: str, count: int = 1) -> None:
        self.stats.inc_value(f"vinny/enrich/{key}", count)
