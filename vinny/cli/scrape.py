"""`vinny scrape`: run spiders in this process, one after another, with a progress line
(`vinny.extensions.progress_line`), then a summary.

Each spider is a complete run, as `scrapy crawl NAME` makes it (pipelines, master store, run
archive, exports on close); runs go one at a time so that they never share a master-store
write. While a spider runs, one status line on stderr shows its pages, events, rejects and
errors (rewritten in place on a terminal, every 10 s otherwise); when it ends, its outcome.
Scrapy's own log is kept to errors unless `--verbose` (INFO). The summary on stdout gives,
per spider, its outcome and the new / changed / removed / rejected counts, then the paths
written (run archive, rejects, `master_events.json`, exports). Exit 1 if any run failed or
could not start, 2 for an unknown spider or venue.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any

from cyclopts import Parameter

from vinny.cli.errors import CliError
from vinny.venues import registry

# Added to EXTENSIONS for this process only: `scrapy crawl` and Scrapyd print no progress line.
PROGRESS_EXTENSION = "vinny.extensions.progress_line.ProgressLine"


def crawl_in_process(spiders: list[str], progress: bool = True,
                     log_level: str = "ERROR") -> dict[str, dict[str, Any]]:
    """Run the spiders one after another; return each one's final stats (a spider whose
    crawl could not start or raised has `vinny/outcome` "failed" and `vinny/cli/error`)."""
    from scrapy.crawler import AsyncCrawlerRunner
    from scrapy.utils.defer import deferred_from_coro
    from scrapy.utils.log import configure_logging
    from scrapy.utils.reactor import install_reactor

    from vinny.addons import project_settings

    settings = project_settings()
    settings.set("LOG_LEVEL", log_level, priority="cmdline")
    if progress:
        settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), PROGRESS_EXTENSION: 900},
                     priority="cmdline")
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    configure_logging(settings)
    runner = AsyncCrawlerRunner(settings)
    results: dict[str, dict[str, Any]] = {}

    async def one_after_another() -> None:
        for name in spiders:
            try:
                crawler = runner.create_crawler(name)
                await runner.crawl(crawler)
            except Exception as exc:  # reported in the summary; the next spider still runs
                results[name] = {"vinny/outcome": "failed", "vinny/cli/error": f"{exc!r}"}
                continue
            results[name] = crawler.stats.get_stats()

    from twisted.internet import reactor

    done = deferred_from_coro(one_after_another())
    done.addBoth(lambda _: reactor.stop())
    reactor.run()
    return results


def summarise(spiders: list[str], results: dict[str, dict[str, Any]], data: Path) -> bool:
    """Print one line per spider and the paths written; True if every run succeeded."""
    ok = True
    for name in spiders:
        stats = results.get(name, {"vinny/outcome": "failed"})
        outcome = stats.get("vinny/outcome", "failed")
        ok = ok and outcome != "failed"
        why = stats.get("vinny/cli/error") or stats.get("vinny/outcome_reason") or ""
        print(f"{name}: {outcome}{' (' + why + ')' if why else ''}; "
              f"{stats.get('vinny/master/inserted', 0)} new, "
              f"{stats.get('vinny/master/updated', 0)} changed, "
              f"{stats.get('vinny/master/removed', 0)} removed, "
              f"{stats.get('vinny/rejects', 0)} rejected")
        if run_dir := stats.get("vinny/run_dir"):
            rejects = Path(run_dir) / "rejects.jsonl"
            print(f"  run archive {run_dir}"
                  + (f"; rejects in {rejects}" if stats.get("vinny/rejects") else ""))
    master, exports = data / "master_events.json", data / "exports"
    if master.exists():
        print(f"master file {master}")
    if exports.is_dir():
        print(f"exports in {exports}")
    return ok


def _targets_help() -> str:
    known = registry()
    return (f"spiders ({', '.join(known.spiders)}) or venue slugs or tags "
            f"({', '.join(dict.fromkeys(v.tag for v in known.venues))}); all spiders if none; "
            "`vinny venues` lists them")


def scrape(
    *targets: Annotated[str, Parameter(help=_targets_help())],
    progress: Annotated[bool, Parameter(help="show a progress line on stderr")] = True,
    verbose: Annotated[bool, Parameter(help="Scrapy's full log (INFO) on stderr")] = False,
) -> int:
    """Crawl spiders or venues (a spider name, a venue slug or tag); all if none.

    Ends with new / changed / removed / rejected counts and the paths written. Exits 1 if a
    run failed, 2 for an unknown spider or venue."""
    from vinny.addons import project_settings
    from vinny.paths import data_dir

    known = registry()
    try:
        spiders = list(dict.fromkeys(known.spider_for(t) for t in targets)) or list(known.spiders)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    data = data_dir(project_settings())
    results = crawl_in_process(spiders, progress, "INFO" if verbose else "ERROR")
    sys.stdout.flush()
    return 0 if summarise(spiders, results, data) else 1


