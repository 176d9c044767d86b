"""Scrapy settings for vinny. The pipeline order here is the documented one (DESIGN.md)."""

import os

from vinny.paths import default_data_dir

BOT_NAME = "vinny"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"

VINNY_DATA_DIR = str(default_data_dir())
# Outbound requests go to `{VINNY_REPLICA_URL}/HOST/PATH?QUERY` when set (DESIGN.md).
VINNY_REPLICA_URL = os.environ.get("VINNY_REPLICA_URL", "")
VINNY_RUNS_KEEP = 30  # run archives kept per spider
VINNY_TODAY = ""  # ISO date standing in for today (replays, tests); empty: the real date
# Run checks at spider close (vinny/outcome.py): a run failing one is marked failed.
VINNY_MIN_EVENTS_RATIO = 0.5  # of the last complete run's events
VINNY_MIN_COVERAGE = {"start_at": 0.8, "performers": 0.25, "image_urls": 0.25}
VINNY_MAX_ERROR_RATE = 0.2  # failed pages per page seen
VINNY_MAX_REJECT_RATE = 0.2  # rejected events per page seen
VINNY_RETRY_BACKOFF_BASE = 1.0  # seconds; doubled on each retry
VINNY_RETRY_BACKOFF_MAX = 30.0

# Polite to the real sites.
USER_AGENT = "vinny/0.1 (+https://vinny.vegas/bot; Las Vegas nightlife event catalogue)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 1.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 2
DOWNLOAD_DELAY = 0.5
DOWNLOAD_TIMEOUT = 30
RETRY_TIMES = 3
# One item per page: the default of 100 starts 100 tasks per response (scrapy#5182).
CONCURRENT_ITEMS = 1
LOG_LEVEL = "INFO"
# Scrapy's check re-reads and parses a generator callback's source on every response when the
# callback is a bound method (its weak cache never hits): ~0.5 ms a page.
WARN_ON_GENERATOR_RETURN_VALUE = False
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOAD_HANDLERS = {
    "http": "vinny.middlewares.replica.ReplicaDownloadHandler",
    "https": "vinny.middlewares.replica.ReplicaDownloadHandler",
}
DOWNLOADER_MIDDLEWARES = {
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "vinny.middlewares.retry_backoff.BackoffRetryMiddleware": 550,
}
ITEM_PIPELINES = {
    "vinny.pipelines.validate_event.ValidateEventPipeline": 100,
    "vinny.pipelines.dedup_event.DedupEventPipeline": 200,
    "vinny.pipelines.store_master.StoreMasterPipeline": 900,
}
EXTENSIONS = {
    "vinny.extensions.run_archive.RunArchive": 100,
}
FEED_URI_PARAMS = "vinny.extensions.run_archive.feed_uri_params"
FEED_EXPORTERS = {"jsonlines": "vinny.exporters.jsonlines.PydanticJsonLinesItemExporter"}
FEEDS = {
    "%(run_dir)s/events.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}

if VINNY_REPLICA_URL:
    # The replica is on loopback: no need to throttle, and tests should not wait.
    AUTOTHROTTLE_ENABLED = False
    DOWNLOAD_DELAY = 0
    CONCURRENT_REQUESTS_PER_DOMAIN = 16
    VINNY_RETRY_BACKOFF_BASE = 0.2
