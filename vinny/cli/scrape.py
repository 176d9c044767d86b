"""`vinny scrape`: run spiders in this process, one after another, with a progress line
(`vinny.extensions.progress_line`).

Each spider is a complete run, as `scrapy crawl NAME` makes it (pipelines, master store, run
archive, exports on close); runs go one at a time so that they never share a master-store
write. While a spider runs, one status line shows its pages, events, rejects and errors
(rewritten in place on a terminal, every 10 s otherwise); when it ends, its outcome.
Scrapy's own log is kept to warnings unless `--verbose`.
"""

from __future__ import annotations

import sys
from typing import Annotated

from cyclopts import Parameter

from vinny.venues import registry

# Added to EXTENSIONS for this process only: `scrapy crawl` and Scrapyd print no progress line.
PROGRESS_EXTENSION = "vinny.extensions.progress_line.ProgressLine"


def crawl_in_process(spiders: list[str], progress: bool = True,
                     log_level: str = "WARNING") -> dict[str, str]:
    """Run the spiders one after another; return each one's outcome."""
    from scrapy.crawler import AsyncCrawlerRunner
    from scrapy.utils.defer import deferred_from_coro
    from scrapy.utils.log import configure_logging
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.reactor import install_reactor

    settings = get_project_settings()
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if progress:
        settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), PROGRESS_EXTENSION: 900},
                     priority="cmdline")
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    configure_logging(settings)
    runner = AsyncCrawlerRunner(settings)
    outcomes: dict[str, str] = {}

    async def one_after_another() -> None:
        for name in spiders:
            crawler = runner.create_crawler(name)
            await runner.crawl(crawler)
            outcomes[name] = crawler.stats.get_value("vinny/outcome", "failed")

    from twisted.internet import reactor

    done = deferred_from_coro(one_after_another())
    done.addBoth(lambda _: reactor.stop())
    reactor.run()
    return outcomes


def scrape(
    *targets: str,
    progress: Annotated[bool, Parameter(help="show a progress line")] = True,
    verbose: Annotated[bool, Parameter(help="Scrapy's full log (INFO)")] = False,
) -> int:
    """Crawl spiders or venues (liv, wynnsocial, tao, a venue slug or tag); all if none.

    Exits 1 if a run failed, 2 for an unknown spider or venue."""
    known = registry()
    try:
        spiders = list(dict.fromkeys(known.spider_for(t) for t in targets)) or list(known.spiders)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    outcomes = crawl_in_process(spiders, progress, "INFO" if verbose else "WARNING")
    # A spider with no outcome (refused, or its crawl raised) did not succeed either.
    return 1 if any(outcomes.get(name, "failed") == "failed" for name in spiders) else 0
