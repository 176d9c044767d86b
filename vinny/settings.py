"""Scrapy settings for vinny. The pipeline order here is the documented one (DESIGN.md).

Every default lives here, once. Nothing here reads the environment: the `vinny.addons.Environment`
add-on applies `VINNY_DATA_DIR`, `VINNY_REPLICA_URL` and the others when a crawl starts, and
lifts the politeness meant for the real sites in replica mode.
"""

from scrapy.settings import default_settings

BOT_NAME = "vinny"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` exits 1 when the run failed, not only when it could not start.
COMMANDS_MODULE = "vinny.commands"

ADDONS = {"vinny.addons.Environment": 0}
VINNY_DATA_DIR = ""  # empty: data/ beside scrapy.cfg (vinny.paths)
# Outbound requests go to `{VINNY_REPLICA_URL}/HOST/PATH?QUERY` when set (DESIGN.md).
VINNY_REPLICA_URL = ""
VINNY_RUNS_KEEP = 30  # run archives kept per spider
VINNY_SKIP_UNCHANGED = True  # reuse stored events of pages whose sitemap lastmod is unchanged
VINNY_TODAY = ""  # ISO date standing in for today (replays, tests); empty: the real date
# Run checks at spider close, against the spider's recent runs (vinny/outcome.py). Failed
# (stores nothing): fewer events than this share of the usual, or more failed pages than this.
VINNY_MIN_EVENTS_RATIO = 0.7  # of the median events of the last complete/degraded runs
VINNY_MAX_ERROR_RATE = 0.5  # failed pages per page seen
# Degraded (stores never-less, removes nothing): a field below this share of its usual
# coverage; without history, below these floors (catastrophic only); many rejections.
VINNY_MIN_COVERAGE_RATIO = 0.5
VINNY_MIN_COVERAGE = {"performers": 0.05, "image_urls": 0.05}
VINNY_MAX_REJECT_RATE = 0.2  # rejected events per page seen
VINNY_PRICING_ENABLED = True  # table pricing: one inventory request per upcoming event
VINNY_PRICING_TIMEOUT = 20.0  # seconds for one table-inventory request
VINNY_RETRY_BACKOFF_BASE = 1.0  # seconds; doubled on each retry
VINNY_RETRY_BACKOFF_MAX = 30.0
# Exports on close (vinny/extensions/export_on_close.py): $VINNY_DATA_DIR/exports/;
# formats (vinny/publish/registry.py): all if empty.
VINNY_EXPORT_ON_CLOSE = True
# master_events.json rewritten at the end of a run (vinny scrape's parallel runs leave it to
# their one publish after the last).
VINNY_MASTER_JSON_ON_CLOSE = True
# `vinny scrape` with no target: processes its spiders share, each running its group together
# (vinny/cli/scrape_groups.py); 0: one per CPU available.
VINNY_SCRAPE_PROCESSES = 0
VINNY_EXPORT_FORMATS: list[str] = []
# events.csv starts with a UTF-8 BOM, so Excel reads it as UTF-8 (`vinny.publish.exporter`).
VINNY_CSV_BOM = False
# Artist images (vinny/pipelines/artist_images.py; the store and R2 in vinny/images/store.py).
# IMAGES_STORE (setting or environment): empty = $VINNY_DATA_DIR/artists/, or s3://bucket/.
VINNY_IMAGES_ENABLED = True
VINNY_IMAGES_QUALITY = 85  # JPEG quality of the stored presets
VINNY_IMAGES_MAX_BYTES = 20 * 1024 * 1024  # a larger download is refused
VINNY_IMAGES_MAX_PIXELS = 25_000_000  # decoded; a larger image (a bomb) is refused
# Image redirects are followed, each hop checked by the outbound guard (Scrapy's setting).
MEDIA_ALLOW_REDIRECTS = True
VINNY_IMAGES_BASE_URL = "https://img.vinny.vegas"
# Artist enrichment (vinny/pipelines/artist_enrichment.py, vinny/enrich/); Spotify credentials
# from the environment: SPOTIPY_CLIENT_ID, SPOTIPY_CLIENT_SECRET.
VINNY_ENRICH_ENABLED = True
VINNY_ENRICH_TTL_DAYS = 7  # an artist enriched more recently costs no request
VINNY_ENRICH_SOURCES = ["tracklists", "resident_advisor", "spotify"]
VINNY_ENRICH_RETRY_AFTER_MAX = 30.0  # seconds of a 429's Retry-After waited out; longer: defer
VINNY_ENRICH_TIMEOUT = 20.0  # seconds for one enrichment request
VINNY_ENRICH_ALIASES: dict[str, list[str]] = {}  # performer -> other names the sources may use
VINNY_SPOTIFY_THREADS = 2  # spotipy blocks: it runs in these threads
VINNY_SPOTIFY_TOP_TRACKS = True  # asked only when the app's access shows popularity

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
# An event page is ~60-120 KB, a sitemap or an inventory well under 1 MB: 16 MB stops a
# decompression bomb early (Scrapy's default is 1 GB) and still fits a 80,000-URL sitemap.
# Images have their own limit (VINNY_IMAGES_MAX_BYTES). What a limit stops: vinny/limits/*.
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
RETRY_TIMES = 3
# One item per page: the default of 100 starts 100 tasks per response (scrapy#5182).
CONCURRENT_ITEMS = 1
LOG_LEVEL = "INFO"
LOG_FORMATTER = "vinny.logformatter.LogFormatter"  # drops logged by event id and reason
STATS_CLASS = "vinny.statscollector.StatsCollector"  # Scrapy's, without a shim on every read
# While a crawl runs, start-up's objects are frozen and generation 0 is collected every this
# many new objects instead of 700 (vinny/gc_policy.py); 0: Python's own settings.
VINNY_GC_THRESHOLD = 10_000
# Scrapy 2.19's remote control runs Python sent over HTTP (and imports aiohttp at start-up):
# not in a scheduled scraper; the telnet console stays for looking into a running crawl.
REMOTE_CONTROL_ENABLED = False
# Scrapy's check re-reads and parses a generator callback's source on every response when the
# callback is a bound method (its weak cache never hits): ~0.5 ms a page.
WARN_ON_GENERATOR_RETURN_VALUE = False
FEED_EXPORT_ENCODING = "utf-8"

DOWNLOAD_HANDLERS = {
    "http": "vinny.middlewares.replica.ReplicaDownloadHandler",
    "https": "vinny.middlewares.replica.ReplicaDownloadHandler",
}
# Pages that need JavaScript (requests with meta["playwright"], see vinny/browser.py) are
# rendered by Debian's chromium; Playwright cannot download its own browser here.
PLAYWRIGHT_BROWSER_TYPE = "chromium"
PLAYWRIGHT_LAUNCH_OPTIONS = {
    "executable_path": "/usr/bin/chromium",  # Debian's; VINNY_CHROMIUM elsewhere
    "headless": True,
    "args": ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
             "--disable-background-networking", "--disable-component-update", "--disable-sync",
             "--disable-quic"],
}
PLAYWRIGHT_MAX_CONTEXTS = 1
PLAYWRIGHT_MAX_PAGES_PER_CONTEXT = 2
PLAYWRIGHT_DEFAULT_NAVIGATION_TIMEOUT = 30_000
PLAYWRIGHT_ABORT_REQUEST = "vinny.browser.abort_heavy_requests"
VINNY_BROWSER_TIMEOUT_MS = 15_000  # for a client-rendered page's event block to appear
# 1001tracklists allows about one request per 2.5 s: enrichment requests use this slot.
DOWNLOAD_SLOTS = {"1001tracklists": {"concurrency": 1, "delay": 2.5, "jitter": 0}}
DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a refused host costs no fetch at all.
    "vinny.middlewares.outbound.OutboundGuardMiddleware": 50,
    "scrapy.downloadermiddlewares.httpcompression.HttpCompressionMiddleware": None,
    "vinny.middlewares.limits.BoundedHttpCompressionMiddleware": 590,
    "scrapy.downloadermiddlewares.retry.RetryMiddleware": None,
    "vinny.middlewares.retry_backoff.BackoffRetryMiddleware": 550,
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "vinny.middlewares.meta_refresh.BytesFirstMetaRefreshMiddleware": 580,
    # No site asks for HTTP auth: one call less per request.
    "scrapy.downloadermiddlewares.httpauth.HttpAuthMiddleware": None,
}
# Each spider middleware wraps every callback's output (an item or a request) once more.
# vinny follows sitemaps, never links: no depth limit; MetaCopy only warns about a spider that
# copies request meta. Referer stays: the redirect middlewares need it (and warn without it).
SPIDER_MIDDLEWARES = {
    "scrapy.spidermiddlewares.depth.DepthMiddleware": None,
    "scrapy.spidermiddlewares.metacopy.MetaCopyDetectionMiddleware": None,
}
ITEM_PIPELINES = {
    "vinny.pipelines.event_validation.EventValidationPipeline": 100,
    "vinny.pipelines.duplicate_events.DuplicateEventsPipeline": 200,
    "vinny.pipelines.table_pricing.TablePricingPipeline": 300,
    "vinny.pipelines.artist_enrichment.ArtistEnrichmentPipeline": 400,
    "vinny.pipelines.artist_images.ArtistImagesPipeline": 500,
    "vinny.pipelines.master_database.MasterDatabasePipeline": 900,
}
EXTENSIONS = {
    "vinny.extensions.crawl_gc.CrawlGc": 0,
    "vinny.extensions.run_archive.RunArchive": 100,
    "vinny.extensions.export_on_close.ExportOnClose": 200,
}
# Scrapy imports every component its dicts name, even one set to None: RemoteControl's module
# costs every start-up ~0.2 s (aiohttp) for an extension vinny keeps off. To turn it on, add it
# to EXTENSIONS with REMOTE_CONTROL_ENABLED.
EXTENSIONS_BASE = {name: order for name, order in default_settings.EXTENSIONS_BASE.items()
                   if name != "scrapy.extensions.remote_control.RemoteControl"}
# Scrapy's LogCount counts every crawler's log records in each crawler of the process.
EXTENSIONS_BASE["vinny.extensions.log_count.SpiderLogCount"] = EXTENSIONS_BASE.pop(
    "scrapy.extensions.logcount.LogCount")
FEED_URI_PARAMS = "vinny.extensions.run_archive.feed_uri_params"
FEED_EXPORTERS = {
    "jsonlines": "vinny.publish.feeds.PydanticJsonLinesItemExporter",
    "d1": "vinny.publish.feeds.D1ItemExporter",
    "markdown": "vinny.publish.feeds.MarkdownItemExporter",
}
FEEDS = {
    "%(run_dir)s/events.jsonl": {"format": "jsonlines", "encoding": "utf-8"},
}

