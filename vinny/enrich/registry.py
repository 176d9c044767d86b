"""The enrichment registry: the source plugins in their run order, a circuit breaker each.

For one artist the sources run one after another (1001tracklists -> Resident Advisor ->
Spotify): what an earlier one matched (its links, its alternate names) lets a later one tell
homonyms apart. Artists run concurrently. A source that refuses us (403, captcha,
`QUOTA_EXCEEDED`) is not asked again for the rest of the run; its reason is kept.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from concurrent.futures import Executor
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Protocol, Self

from vinny.enrich.matching import Identity, identities
from vinny.enrich.types import (
    BLOCKED,
    DEFERRED,
    FAILED,
    MATCHED,
    SOURCES,
    ArtistData,
    ArtistQuery,
    Finding,
    RateLimited,
    SourceBlocked,
    SourceFailed,
)

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

    from vinny.enrich.http import Transport

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class PluginKit:
    """What a source's `build` may use: the run's settings, a transport of its own through
    Scrapy's downloader, threads for blocking clients, and a counter of its requests."""

    settings: BaseSettings
    transport: Callable[[str], Transport]  # by source name: its requests are counted under it
    threads: Executor
    count: Callable[[str], None]  # a stat under vinny/enrich/
    timeout: float  # seconds for one request
    max_wait: float  # seconds of a 429's Retry-After waited out


class TransportPlugin:
    """A source that asks over HTTP through its own transport (1001tracklists, RA)."""

    name: str

    def __init__(self, transport: Transport):
        self.transport = transport

    @classmethod
    def build(cls, kit: PluginKit) -> Self:
        return cls(kit.transport(cls.name))


class Plugin(Protocol):
    name: str

    @classmethod
    def build(cls, kit: PluginKit) -> Plugin: ...

    async def lookup(self, query: ArtistQuery, known: set[Identity],
                     aliases: tuple[str, ...] = ()) -> Finding: ...


@dataclass
class Breakers:
    """The sources stopped for this run, with why."""

    open: dict[str, str] = field(default_factory=dict)
    on_open: Callable[[str, str], None] = lambda source, reason: None

    def trip(self, source: str, reason: str) -> None:
        if source not in self.open:
            self.open[source] = reason
            logger.warning("enrichment: %s stopped for this run (%s)", source, reason)
            self.on_open(source, reason)


@dataclass
class Known:
    """What earlier sources matched: identities for corroboration, names as aliases."""

    identities: set[Identity] = field(default_factory=set)
    aliases: list[str] = field(default_factory=list)

    def absorb(self, data: ArtistData) -> None:
        self.identities |= identities(data.links)
        if data.spotify_id:
            self.identities.add(("spotify", data.spotify_id))
        for name in (data.name, *data.alternate_names):
            if name and name not in self.aliases:
                self.aliases.append(name)


class Registry:
    def __init__(self, plugins: Iterable[Plugin], breakers: Breakers | None = None):
        by_name = {plugin.name: plugin for plugin in plugins}
        self.plugins = [by_name[name] for name in SOURCES if name in by_name]
        self.breakers = breakers or Breakers()

    @property
    def sources(self) -> list[str]:
        return [plugin.name for plugin in self.plugins]

    async def enrich(self, query: ArtistQuery, due: Iterable[str],
                     earlier: Iterable[ArtistData] = ()) -> dict[str, Finding]:
        """Ask each due source, in order; `earlier`: what settled sources found before."""
        due = set(due)
        known = Known()
        for data in earlier:
            known.absorb(data)
        findings: dict[str, Finding] = {}
        for plugin in self.plugins:
            if plugin.name not in due:
                continue
            finding = await self._ask(plugin, query, known)
            if finding.outcome == MATCHED and finding.data is not None:
                known.absorb(finding.data)
            findings[plugin.name] = finding
        return findings

    async def _ask(self, plugin: Plugin, query: ArtistQuery, known: Known) -> Finding:
        name = plugin.name
        if name in self.breakers.open:
            return Finding(name, BLOCKED, f"stopped for this run: {self.breakers.open[name]}")
        try:
            return await plugin.lookup(query, set(known.identities), tuple(known.aliases))
        except SourceBlocked as exc:
            self.breakers.trip(name, str(exc))
            return Finding(name, BLOCKED, f"stopped for this run: {exc}")
        except RateLimited as exc:
            return Finding(name, DEFERRED, str(exc))
        except SourceFailed as exc:
            return Finding(name, FAILED, str(exc), reason=exc.reason)
        except Exception as exc:  # a plugin bug must cost one artist, not the run
            logger.exception("enrichment of %r by %s failed", query.name, name)
            return Finding(name, FAILED, f"{type(exc).__name__}: {exc}")
