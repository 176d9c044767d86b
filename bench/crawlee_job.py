"""The seed's minimal job on Crawlee: `python bench/crawlee_job.py URLS_FILE STATS_FILE`.

Run with the bench-only environment's Python (`.bench-venv`, `crawlee[parsel]` pinned in the
Makefile; Crawlee is no dependency of vinny's). A `ParselCrawler` at 16 concurrent requests
fetches every URL of URLS_FILE; per page it reads the JSON-LD scripts with parsel, `json.loads`
them and builds a Pydantic `Event` of the first schema.org Event; nothing is stored (requests are
queued in memory). STATS_FILE gets {pages, events, failed, elapsed} as JSON: a page without an
event in its JSON-LD counts as `failed` (some real templates carry none: vinny reads those
from the HTML), so a fast crawl that reads nothing shows.
"""

from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from pathlib import Path
from typing import Any

from crawlee import ConcurrencySettings, service_locator
from crawlee.crawlers import ParselCrawler, ParselCrawlingContext
from crawlee.storage_clients import MemoryStorageClient
from pydantic import BaseModel

CONCURRENCY = 16
EVENT_TYPES = {"Event", "MusicEvent", "DanceEvent", "Festival", "SocialEvent"}


class Event(BaseModel):
    name: str
    start_date: str
    end_date: str | None = None
    url: str
    venue: str | None = None
    image: str | None = None
    performers: list[str] = []


def events_in(node: Any) -> list[dict[str, Any]]:
    """schema.org Event objects of a JSON-LD document (top level, a list or an @graph)."""
    if isinstance(node, list):
        return [e for n in node for e in events_in(n)]
    if not isinstance(node, dict):
        return []
    if "@graph" in node:
        return events_in(node["@graph"])
    kinds = node.get("@type")
    kinds = set(kinds) if isinstance(kinds, list) else {kinds}
    return [node] if kinds & EVENT_TYPES else []


def to_event(data: dict[str, Any], url: str) -> Event:
    performers = data.get("performer") or []
    performers = performers if isinstance(performers, list) else [performers]
    image = data.get("image")
    return Event(name=data["name"], start_date=data["startDate"], end_date=data.get("endDate"),
                 url=url, venue=(data.get("location") or {}).get("name"),
                 image=image[0] if isinstance(image, list) else image,
                 performers=[p.get("name", "") for p in performers if isinstance(p, dict)])


async def main(urls_file: Path, stats_file: Path) -> None:
    urls = urls_file.read_text().split()
    service_locator.set_storage_client(MemoryStorageClient())
    crawler = ParselCrawler(
        concurrency_settings=ConcurrencySettings(
            min_concurrency=CONCURRENCY, desired_concurrency=CONCURRENCY,
            max_concurrency=CONCURRENCY),
        max_request_retries=1,
        configure_logging=False,
    )
    counts = {"events": 0, "failed": 0}

    @crawler.router.default_handler
    async def page(context: ParselCrawlingContext) -> None:
        for script in context.selector.css('script[type="application/ld+json"]::text').getall():
            found = events_in(json.loads(script))
            if found:
                to_event(found[0], context.request.url)
                counts["events"] += 1
                return
        counts["failed"] += 1

    started = time.perf_counter()
    final = await crawler.run(urls)
    elapsed = time.perf_counter() - started
    stats_file.write_text(json.dumps({
        "pages": final.requests_finished, "requests_failed": final.requests_failed,
        "events": counts["events"], "failed": counts["failed"], "elapsed": elapsed}))


if __name__ == "__main__":
    logging.basicConfig(level=logging.WARNING)
    asyncio.run(main(Path(sys.argv[1]), Path(sys.argv[2])))
