"""`vinny scrape`: the whole job. With no target, every spider of the venue registry at once,
shared among one process per CPU (`vinny.cli.scrape_groups`: each process runs its spiders
together in one reactor), then one export; with targets, those spiders in this process, one after
another; a progress line (`vinny.extensions.progress_line`), then a summary.

Each spider is a complete run, as `scrapy crawl NAME` makes it (pipelines, master store, run
archive), the master store taking concurrent writers (one run per spider at a time,
`vinny.database.run_lock`). The parallel runs leave their export on close off
(`VINNY_EXPORT_ON_CLOSE`) and the exports are published once, when the last one has closed
(only what changed is written, `vinny.publish.incremental`); a spider run alone keeps its export
on close. While a spider runs, one status line on stderr shows its pages, events, rejects and
errors (rewritten in place on a terminal, every 10 s otherwise); when it ends, its outcome.
Scrapy's own log is kept to errors unless `--verbose` (INFO). The summary on stdout gives,
per spider, its outcome and the new / changed / removed / rejected counts, then the paths
written (run archive, rejects, `master_events.json`, exports). Exit 1 if any run failed or
could not start (naming it on stderr), 2 for an unknown spider or venue.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated, Any, NoReturn

from cyclopts import Parameter

from vinny.cli.errors import CliError, setting_pairs
from vinny.venues import registry

# Added to EXTENSIONS for this process only: `scrapy crawl` and Scrapyd print no progress line.
PROGRESS_EXTENSION = "vinny.extensions.progress_line.ProgressLine"


def run_settings(overrides: dict[str, Any] | None = None) -> Any:
    """The project's settings, the environment applied, with `overrides` set as `-s` sets
    them (scrapy.settings.Settings; imported here, not at the CLI's start)."""
    from vinny.addons import project_settings

    settings = project_settings()
    for name, value in (overrides or {}).items():
        settings.set(name, value, priority="cmdline")
    return settings


def crawl_in_process(spiders: list[str], progress: bool = True, log_level: str = "ERROR",
                     overrides: dict[str, Any] | None = None,
                     together: bool = False) -> dict[str, dict[str, Any]]:
    """Run the spiders one after another (`together`: all at once, in this one reactor);
    return each one's final stats (a spider whose crawl could not start or raised has
    `vinny/outcome` "failed" and `vinny/cli/error`)."""
    import asyncio
    import logging

    from scrapy.crawler import AsyncCrawlerRunner
    from scrapy.utils.defer import deferred_from_coro
    from scrapy.utils.log import configure_logging
    from scrapy.utils.reactor import install_reactor

    settings = run_settings({"LOG_LEVEL": log_level, **(overrides or {})})
    if progress:
        settings.set("EXTENSIONS", {**settings.getdict("EXTENSIONS"), PROGRESS_EXTENSION: 900},
                     priority="cmdline")
    install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
    configure_logging(settings)
    # Scrapy keeps its loggers at DEBUG whatever LOG_LEVEL says: each page's "Crawled" and
    # "Scraped from" records would be built, then dropped by the handler.
    logging.getLogger("scrapy").setLevel(log_level)
    runner = AsyncCrawlerRunner(settings)
    results: dict[str, dict[str, Any]] = {}

    async def crawl(name: str) -> None:
        try:
            crawler = runner.create_crawler(name)
            await runner.crawl(crawler)
        except Exception as exc:  # reported in the summary; the other spiders still run
            results[name] = {"vinny/outcome": "failed", "vinny/cli/error": f"{exc!r}"}
            return
        results[name] = crawler.stats.get_stats()

    async def run_all() -> None:
        if together:
            await asyncio.gather(*(crawl(name) for name in spiders))
        else:
            for name in spiders:
                await crawl(name)

    from twisted.internet import reactor

    def stop(_: object) -> None:
        # Twisted's interfaces need the mypy-zope plugin: without it `reactor` binds as `self`.
        reactor.stop()  # type: ignore[misc]

    done = deferred_from_coro(run_all())
    done.addBoth(stop)
    reactor.run()  # type: ignore[misc]  # as for `reactor.stop()`
    return {name: results[name] for name in spiders if name in results}


def _crawl_group(names: list[str], progress: bool, log_level: str,
                 overrides: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Spiders together in a process of their own (a Twisted reactor runs once a process)."""
    return crawl_in_process(names, progress, log_level,
                            {**overrides, "VINNY_EXPORT_ON_CLOSE": False,
                             "VINNY_MASTER_JSON_ON_CLOSE": False}, together=True)


def crawl_in_parallel(spiders: list[str], progress: bool = True, log_level: str = "ERROR",
                      overrides: dict[str, Any] | None = None) -> dict[str, dict[str, Any]]:
    """Every spider at once, in as many processes as CPUs (`vinny.cli.scrape_groups`), each
    running its group of spiders together; each spider's final stats, as `crawl_in_process`."""
    import gc
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from vinny import gc_policy
    from vinny.cli.scrape_groups import last_pages, process_count, spider_groups
    from vinny.database.db import connect
    from vinny.paths import data_dir

    with gc_policy.paused():
        settings = run_settings(overrides)
        database = data_dir(settings) / "vinny.db"
        groups = spider_groups(spiders, process_count(settings.getint("VINNY_SCRAPE_PROCESSES")),
                               last_pages(database))
        # Created here, once: runs opening a new database at the same instant race on its
        # schema and WAL switch (SQLite answers "database is locked" to one of them).
        connect(database).close()
        method = start_method()
        if method == "fork":
            warm_imports(spiders, settings)
            # For the rest of this process: the children share these pages, and no collection
            # here (the publish) or in them walks these objects again.
            gc.freeze()
    results: dict[str, dict[str, Any]] = {}
    context = multiprocessing.get_context(method)
    pool = ProcessPoolExecutor(len(groups), mp_context=context)
    try:
        running = [(group, pool.submit(_crawl_group, group, progress, log_level,
                                       overrides or {}))
                   for group in groups]
        load_publishing()
        for group, future in running:
            try:
                results.update(future.result())
            except Exception as exc:  # the process died: reported like a run that raised
                results.update({name: {"vinny/outcome": "failed", "vinny/cli/error": f"{exc!r}"}
                                for name in group})
    finally:
        pool.shutdown(wait=False)  # every run has ended: the processes exit while we publish
    return {name: results[name] for name in spiders if name in results}


def load_publishing() -> None:
    """Import what `publish` uses (the exporters, icalendar: ~25 ms) while the runs crawl and
    this process only waits, rather than after them, when it is all there is left to do."""
    import importlib

    for name in ("vinny.publish.exports", "vinny.publish.master_json"):
        importlib.import_module(name)


def start_method() -> str:
    """fork when this process is a plain parent (one thread, no Twisted reactor), as `vinny
    scrape` is: each child then starts with the modules `warm_imports` loaded, where a spawned
    interpreter imports them again (~0.9 s of CPU each). Anything else (a test runner with
    threads or a reactor) gets spawn: a fork copies locks held by other threads."""
    import threading

    plain = threading.active_count() == 1 and "twisted.internet.reactor" not in sys.modules
    return "fork" if plain else "spawn"


def warm_imports(spiders: list[str], settings: Any) -> None:
    """Import what every crawl loads (Scrapy's engine, the spiders, the components the
    settings name) once, before the children are forked; a name that does not import is left
    for the crawl to report."""
    import importlib

    from scrapy.utils.conf import build_component_list
    from scrapy.utils.misc import load_object

    modules = ["scrapy.crawler", "scrapy.core.engine", "scrapy.core.scraper",
               "scrapy.core.downloader.handlers.http11", *settings.getlist("SPIDER_MODULES")]
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            continue
    for key in ("ITEM_PIPELINES", "EXTENSIONS", "DOWNLOADER_MIDDLEWARES", "SPIDER_MIDDLEWARES"):
        for path in build_component_list(settings.getwithbase(key)):
            try:
                load_object(path)
            except (ImportError, NameError, AttributeError, ValueError):
                continue
    for spider in spiders:
        try:
            importlib.import_module(f"spiders.{spider}")
        except ImportError:
            continue


def publish(settings: Any) -> dict[str, int]:
    """The exports of the whole job, once (the runs' own exports on close were off)."""
    from datetime import date

    from vinny.paths import data_dir
    from vinny.publish.exporter import ExportOptions
    from vinny.publish.exports import export_all

    data = data_dir(settings)
    if not (data / "vinny.db").exists():
        return {}
    today = settings.get("VINNY_TODAY")
    _, counts = export_all(data / "vinny.db", data / "exports", data / "master_events.json",
                           settings.getlist("VINNY_EXPORT_FORMATS") or None,
                           date.fromisoformat(today) if today else None,
                           ExportOptions.from_settings(settings))
    return counts


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
    setting: Annotated[tuple[str, ...], Parameter(
        name=["--setting", "-s"],
        help="NAME=VALUE, a Scrapy setting for these runs (repeatable), as `scrapy crawl -s`; "
             "e.g. VINNY_TODAY=2026-11-22")] = (),
) -> int:
    """Crawl spiders or venues (a spider name, a venue slug or tag); all if none, at once.

    Ends with new / changed / removed / rejected counts and the paths written. Exits 1 if a
    run failed, 2 for an unknown spider or venue."""
    from vinny.paths import data_dir

    known = registry()
    try:
        spiders = list(dict.fromkeys(known.spider_for(t) for t in targets)) or list(known.spiders)
    except ValueError as exc:
        raise CliError(str(exc), 2) from None
    overrides = setting_pairs(setting)
    settings = run_settings(overrides)
    data = data_dir(settings)
    level = "INFO" if verbose else "ERROR"
    forking = not targets and start_method() == "fork"
    if targets:
        results = crawl_in_process(spiders, progress, level, overrides)
    else:
        results = crawl_in_parallel(spiders, progress, level, overrides)
        try:
            publish(settings)
        except Exception as exc:  # the runs are stored; the previous exports stay in place
            print(f"export to {data / 'exports'} failed: {exc!r}", file=sys.stderr)
            results["export"] = {"vinny/outcome": "failed", "vinny/cli/error": f"{exc!r}"}
    sys.stdout.flush()
    ok = summarise(spiders, results, data)
    failed = [name for name, stats in results.items()
              if stats.get("vinny/outcome", "failed") == "failed"]
    if failed:
        print(f"vinny scrape: failed: {', '.join(failed)}", file=sys.stderr)
    code = 0 if ok and not failed else 1
    if forking:
        exit_without_teardown(code)
    return code


def exit_without_teardown(code: int) -> NoReturn:
    """End a plain parent whose work is all written: its spider processes joined, its log and
    output flushed, then `os._exit`. Tearing down the ~1,000 modules the crawls loaded costs
    ~0.2 s, after the job is done."""
    import logging
    import multiprocessing
    import os

    for child in multiprocessing.active_children():
        child.join()
    logging.shutdown()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


