"""The `vinny` command line (Cyclopts): the app, and one module per command group.

Commands are registered by import path, so each module (and what it needs: Scrapy, uvicorn,
the replica) is imported only when its command runs. A new command goes in the module of its
group, or a new module, and gets one line here. Every command finds the data directory
through the project's settings (`VINNY_DATA_DIR`), as a crawl does, and none reads the
environment at import time.

Contract of every command: it works from any directory (outside a checkout the settings come
from the installed package, `vinny.settings`); it exits 0 only when it did what was asked; an
expected failure (bad input, an unknown spider, a service that does not answer) is one line on
stderr (`vinny: ...`) and a non-zero exit (2 for bad input), never a traceback.

- `scrape`: crawl spiders or venues in this process (`vinny.cli.scrape`)
- `schedule`: queue spiders on Scrapyd (`vinny.cli.schedule`)
- `enrich artists`: enrich stored artists without crawling (`vinny.cli.enrich`)
- `export`: regenerate the exports (`vinny.cli.export`)
- `serve`: the read API (`vinny.cli.serve`)
- `history`, `changes`, `runs`: queries of the catalogue (`vinny.cli.catalogue`)
- `venues`: the spiders and the venues each crawls (`vinny.cli.venues`)
- `demo`: the main job on the bundled replica (`vinny.cli.demo`)
- `replica serve`: the bundled offline copy of the venue sites (`vinny.cli.replica`)
"""

from __future__ import annotations

import os
import sys

from cyclopts import App, CycloptsError

from vinny.cli.errors import CliError
from vinny.gc_policy import paused

app = App(name="vinny", help="Las Vegas nightlife events: crawl, store, publish.")
app.command("vinny.cli.scrape:scrape", help="Crawl spiders or venues in this process.")
app.command("vinny.cli.schedule:schedule", name="schedule",
            help="Schedule spiders on Scrapyd (SCRAPYD_URL or --url); all when none are named.")
app.command("vinny.cli.enrich:enrich_app", name="enrich",
            help="Artist enrichment (1001tracklists, RA, Spotify).")
app.command("vinny.cli.export:export", help="Regenerate the exports from the master database.")
app.command("vinny.cli.serve:serve", help="Serve the read API (FastAPI) on uvicorn.")
app.command("vinny.cli.catalogue:history",
            help="What changed in one event, when, and in which run.")
app.command("vinny.cli.catalogue:changes",
            help="Every change across events since a date or an instant, oldest first.")
app.command("vinny.cli.catalogue:runs", help="Recent runs: outcome, events, changes and removals.")
app.command("vinny.cli.venues:venues", help="The spiders, and the venues each one crawls.")
app.command("vinny.cli.demo:demo",
            help="Serve the bundled replica, crawl every family against it, and summarise.")
app.command("vinny.cli.replica:replica_app", name="replica",
            help="The bundled offline copy of the venue sites.")
app.register_install_completion_command()


def use_package_settings() -> None:
    """Outside a checkout (no scrapy.cfg above the working directory) take the settings of
    the installed package, so that every command, and the crawls it starts, find them."""
    from scrapy.utils.conf import closest_scrapy_cfg

    if not os.environ.get("SCRAPY_SETTINGS_MODULE") and not closest_scrapy_cfg():
        os.environ["SCRAPY_SETTINGS_MODULE"] = "vinny.settings"


def main(tokens: list[str] | None = None) -> None:
    with paused():  # it imports Scrapy: only long-lived objects, nothing to collect
        use_package_settings()
    try:
        result = app(tokens, exit_on_error=False, print_error=False, help_on_error=False)
    except CycloptsError as exc:
        sys.exit(_fail(str(exc), 2))
    except CliError as exc:
        sys.exit(_fail(str(exc), exc.code))
    except KeyboardInterrupt:
        sys.exit(_fail("interrupted", 130))
    sys.exit(result if isinstance(result, int) else 0)


def _fail(message: str, code: int) -> int:
    print(f"vinny: {' '.join(message.split())}", file=sys.stderr)
    return code
