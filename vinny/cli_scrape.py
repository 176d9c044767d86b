"""`vinny scrape`: run spiders in this process, one after another, with a progress display.

Each spider is a complete run, as `scrapy crawl NAME` makes it (pipelines, master store, run
archive, exports on close); runs go one at a time so that they never share a master-store
write. While a spider runs, one status line shows its pages, events, rejects and errors
(rewritten in place on a terminal, every 10 s otherwise); when it ends, its outcome.
Scrapy's own log is kept to warnings unless `--verbose`.
"""

from __future__ import annotations

import sys
import time
from typing import Annotated

from cyclopts import Parameter
from scrapy import signals
from twisted.internet.task import LoopingCall

PROGRESS_EXTENSION = "vinny.cli_scrape.ScrapeProgress"


class ScrapeProgress:
    """A Scrapy extension printing one spider's progress to stderr."""

    def __init__(self, crawler, stream=None):
        self.crawler = crawler
        self.stream = stream or sys.stderr
        self.live = self.stream.isatty()
        self.started = time.monotonic()
        self.loop = LoopingCall(self.show)
        crawler.signals.connect(self.spider_opened, signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signals.spider_closed)
        crawler.signals.connect(self.engine_stopped, signals.engine_stopped)

    @classmethod
    def from_crawler(cls, crawler):
        return cls(crawler)

    def status(self) -> str:
        stats = self.crawler.stats
        return (f"{self.crawler.spidercls.name}: {stats.get_value('vinny/pages/seen', 0)} pages, "
                f"{stats.get_value('item_scraped_count', 0)} events, "
                f"{stats.get_value('vinny/rejects', 0)} rejected, "
                f"{stats.get_value('log_count/ERROR', 0)} errors, "
                f"{time.monotonic() - self.started:.0f} s")

    def show(self) -> None:
        if self.live:
            self.stream.write("\r\x1b[K" + self.status())
        else:
            self.stream.write(self.status() + "\n")
        self.stream.flush()

    def spider_opened(self, spider) -> None:
        self.started = time.monotonic()
        self.loop.start(1.0 if self.live else 10.0, now=False)

    def spider_closed(self, spider, reason: str) -> None:
        if self.loop.running:
            self.loop.stop()

    def engine_stopped(self) -> None:
        # After the master store has judged the run (it does so when the spider closes).
        stats = self.crawler.stats
        outcome = stats.get_value("vinny/outcome", "failed")
        why = stats.get_value("vinny/outcome_reason") or ""
        end = "\r\x1b[K" if self.live else ""
        self.stream.write(f"{end}{self.status()} -> {outcome}{': ' + why if why else ''}\n")
        self.stream.flush()


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
    from vinny.cli import SPIDERS, spider_for

    try:
        spiders = list(dict.fromkeys(spider_for(t) for t in targets)) or list(SPIDERS)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    outcomes = crawl_in_process(spiders, progress, "INFO" if verbose else "WARNING")
    # A spider with no outcome (refused, or its crawl raised) did not succeed either.
    return 1 if any(outcomes.get(name, "failed") == "failed" for name in spiders) else 0
