"""A crawl's start-up loads only what the crawl uses: every spider process pays for each import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The crawler as `scrapy crawl` builds it (settings, spider, engine with every component), with
# pricing, enrichment and images off; prints the modules loaded.
BUILD = """
import json, sys
from scrapy.crawler import Crawler
from scrapy.utils.project import get_project_settings
from scrapy.utils.reactor import install_reactor
install_reactor("twisted.internet.asyncioreactor.AsyncioSelectorReactor")
from spiders.tao import TaoSpider
settings = get_project_settings()
for name in ("VINNY_PRICING_ENABLED", "VINNY_ENRICH_ENABLED", "VINNY_IMAGES_ENABLED",
             *sys.argv[1:]):
    settings.set(name, False)
crawler = Crawler(TaoSpider, settings)
crawler._apply_settings()
crawler.spider = crawler._create_spider()
crawler.engine = crawler._create_engine()
print(json.dumps(sorted(sys.modules)))
"""


def loaded_modules(*off: str) -> set[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "VINNY_DATA_DIR": "/nonexistent"}
    env.pop("SCRAPY_SETTINGS_MODULE", None)
    out = subprocess.run([sys.executable, "-c", BUILD, *off], cwd=ROOT, env=env, check=True,
                         capture_output=True, text=True).stdout
    return set(json.loads(out.splitlines()[-1]))


def test_a_crawl_without_enrichment_images_or_remote_control_loads_none_of_their_clients():
    modules = loaded_modules()
    unused = {"spotipy", "redis", "PIL", "aiohttp", "playwright"}
    assert unused & modules == set()


def test_a_run_of_vinny_scrape_which_exports_nothing_on_close_loads_no_exporter():
    # `vinny scrape` exports once, in its parent: its runs leave VINNY_EXPORT_ON_CLOSE off.
    modules = loaded_modules("VINNY_EXPORT_ON_CLOSE")
    assert {"icalendar", "vinny.publish.exports", "vinny.publish.ics"} & modules == set()
