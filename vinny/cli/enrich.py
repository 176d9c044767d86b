"""`vinny enrich artists`: enrich the artists of the master database without crawling.

A Scrapy crawl of a spider that fetches no page runs the enrichment, so the downloader's
throttling, download slots, robots.txt, stats and replica mode apply as in a crawl; no item
pipeline, feed or run archive runs. A stored performer line ("A b2b B") is split into its
artists as the crawl's pipeline does (`vinny.enrich.lineup`).

Prints one line per artist (each source's outcome) and a summary; Scrapy's log (download
errors and their tracebacks) only with `--verbose`. Exits 1 when an artist could not be
enriched, or when no source answered any request (all unreachable), 2 for an unknown source.
"""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator, Iterable
from typing import Annotated, Any

from cyclopts import App, Parameter
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess

from vinny.addons import project_settings
from vinny.cli.errors import CliError
from vinny.enrich.records import ArtistRecord
from vinny.enrich.types import SOURCES
from vinny.paths import data_dir
from vinny.slugs import slugify

enrich_app = App(name="enrich", help="Artist enrichment (1001tracklists, RA, Spotify).")


def stored_artists(db: str) -> dict[str, str]:
    """{artist slug: the performer name most events spell it with}."""
    try:
        conn = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    except sqlite3.OperationalError:
        return {}
    try:
        rows = conn.execute("SELECT artist_slug, performer, COUNT(*) FROM events "
                            "GROUP BY artist_slug, performer ORDER BY 3 DESC, 2").fetchall()
    except sqlite3.OperationalError:
        return {}
    finally:
        conn.close()
    names: dict[str, str] = {}
    for slug, performer, _ in rows:
        names.setdefault(slug, performer)
    return names


class EnrichArtistsSpider(Spider):
    """Fetches no page: its start enriches the artists of the performer lines it is given,
    then the crawl ends; `lineups`: {performer line: [(artist, record)]}."""

    name = "enrich_artists"

    def __init__(self, names: list[str], sources: list[str], force: bool, **kwargs: Any):
        super().__init__(**kwargs)
        self.names, self.sources, self.force = names, sources, force
        self.lineups: dict[str, list[tuple[str, ArtistRecord]]] = {}

    async def start(self) -> AsyncIterator[Request]:
        import asyncio

        from vinny.enrich.runner import ArtistEnricher

        enricher = ArtistEnricher(self.crawler, sources=self.sources, force=self.force)
        enricher.open()
        try:
            found = await asyncio.gather(*(enricher.lineup([n]) for n in self.names))
            self.lineups = dict(zip(self.names, found, strict=True))
        finally:
            await enricher.close()
        return
        yield  # an async generator that yields no request


@enrich_app.command
def artists(
    *,
    artist: Annotated[list[str] | None, Parameter(help="only this artist (repeatable)")] = None,
    force: Annotated[bool, Parameter(help="ask again even within the time-to-live")] = False,
    source: Annotated[list[str] | None,
                      Parameter(help=f"only this source (repeatable): {', '.join(SOURCES)}")
                      ] = None,
    verbose: Annotated[bool, Parameter(help="Scrapy's log (WARNING and above) on stderr")
                       ] = False,
) -> int:
    """Enrich the artists of the master database (or `--artist NAME`) from their sources."""
    settings = project_settings()
    unknown = sorted(set(source or ()) - set(SOURCES))
    if unknown:
        raise CliError(f"unknown source(s) {', '.join(unknown)}; sources: {', '.join(SOURCES)}",
                       2)
    stored = stored_artists(str(data_dir(settings) / "vinny.db"))
    names = list(stored.values())
    if artist:
        names = [stored.get(slugify(a), a) for a in artist]
    if not names:
        raise CliError("no artists: the master database has no events; run a crawl first")
    settings.setdict({"ITEM_PIPELINES": {}, "FEEDS": {},
                      "LOG_LEVEL": "WARNING" if verbose else "CRITICAL",
                      "EXTENSIONS": {"vinny.extensions.run_archive.RunArchive": None}},
                     priority="cmdline")
    process = CrawlerProcess(settings)
    crawler = process.create_crawler(EnrichArtistsSpider)
    process.crawl(crawler, names=names, sources=list(source or SOURCES), force=force)
    process.start()
    spider = crawler.spider
    lineups = spider.lineups if isinstance(spider, EnrichArtistsSpider) else {}
    records: dict[str, ArtistRecord] = {}
    for name in names:
        if name not in lineups:
            print(f"{name}: not enriched")
        elif not lineups[name]:
            print(f"{name}: no artist (a placeholder such as 'Special Guest')")
        for act, record in lineups.get(name, ()):
            if record.slug in records:
                continue
            records[record.slug] = record
            outcomes = ", ".join(f"{s} {(record.sources.get(s) or {}).get('outcome', '-')}"
                                 for s in SOURCES if s in (source or SOURCES))
            print(f"{act}: {outcomes}")
    stats = crawler.stats.get_stats() if crawler.stats else {}
    asked = sum(v for k, v in stats.items() if k.startswith("vinny/enrich/")
                and k.endswith("/requests"))
    print(f"{len(records)} artist(s), {stats.get('vinny/enrich/cached', 0)} within the "
          f"time-to-live, {asked} request(s)")
    if asked and records and not answered(records.values()):
        raise CliError(f"no enrichment source answered ({', '.join(source or SOURCES)}): "
                       f"{len(records)} artist(s) not enriched; --verbose shows why")
    return 0 if len(lineups) == len(names) else 1


def answered(records: Iterable[ArtistRecord]) -> set[str]:
    """The sources that gave any artist an outcome other than a failure."""
    return {name for record in records for name, finding in record.sources.items()
            if (finding or {}).get("outcome") not in (None, "failed")}
