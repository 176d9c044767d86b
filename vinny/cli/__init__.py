"""The `vinny` command line (Cyclopts): the app, and one module per command group.

Commands are registered by import path, so each module (and what it needs: Scrapy, uvicorn,
the replica) is imported only when its command runs. A new command goes in the module of its
group, or a new module, and gets one line here. Every command finds the data directory
through the project's settings (`VINNY_DATA_DIR`), as a crawl does, and none reads the
environment at import time.

- `scrape`: crawl spiders or venues in this process (`vinny.cli.scrape`)
- `schedule`: queue spiders on Scrapyd (`vinny.cli.schedule`)
- `enrich artists`: enrich stored artists without crawling (`vinny.cli.enrich`)
- `export`: regenerate the exports (`vinny.cli.export`)
- `serve`: the read API (`vinny.cli.serve`)
- `history`, `changes`, `runs`: queries of the catalogue (`vinny.cli.catalogue`)
- `demo`: the main job on the bundled replica (`vinny.cli.demo`)
- `replica serve`: the bundled replica (`vinny.cli.replica`)
"""

from __future__ import annotations

import sys

from cyclopts import App

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
            help="Every change across events since a date or time (ISO 8601, UTC), oldest first.")
app.command("vinny.cli.catalogue:runs", help="Recent runs: outcome, events, changes and removals.")
app.command("vinny.cli.demo:demo",
            help="Serve the bundled replica, crawl every family against it, and summarise.")
app.command("vinny.cli.replica:replica_app", name="replica",
            help="The bundled offline copy of the venue sites.")


def main() -> None:
    result = app()
    sys.exit(result if isinstance(result, int) else 0)
