"""The one schema of the master database and of the D1 export: one table per entity of the
data model, plus field changes and runs. SQLite and D1 (also SQLite) read the same DDL.

JSON-valued columns (lists, dicts) hold JSON text; booleans are 0/1; times are ISO 8601.
"""

from __future__ import annotations

SCHEMA_VERSION = 3

TABLES: dict[str, str] = {
    "events": """
CREATE TABLE IF NOT EXISTS events (
  event_id TEXT PRIMARY KEY,
  event_date TEXT NOT NULL,
  performer TEXT NOT NULL,
  venue TEXT NOT NULL,
  url TEXT NOT NULL,
  scraped_at TEXT NOT NULL,
  artist_bio TEXT,
  venue_url TEXT,
  start_at TEXT,
  venue_slug TEXT NOT NULL,
  venue_tag TEXT NOT NULL,
  artist_slug TEXT NOT NULL,
  performers TEXT NOT NULL DEFAULT '[]',
  event_name TEXT,
  event_code TEXT,
  description TEXT,
  image_urls TEXT NOT NULL DEFAULT '[]',
  status TEXT NOT NULL DEFAULT 'active',
  spider TEXT NOT NULL,
  source_urls TEXT NOT NULL DEFAULT '[]',
  first_seen_run TEXT,
  missed_runs INTEGER NOT NULL DEFAULT 0,
  content_hash TEXT NOT NULL,
  updated_at TEXT NOT NULL
)""",
    "table_pricing": """
CREATE TABLE IF NOT EXISTS table_pricing (
  event_id TEXT NOT NULL REFERENCES events(event_id),
  tier_id TEXT NOT NULL,
  fetched_at TEXT NOT NULL,
  is_available INTEGER NOT NULL,
  PRIMARY KEY (event_id, tier_id)
)""",
    "table_pricing_tiers": """
CREATE TABLE IF NOT EXISTS table_pricing_tiers (
  event_id TEXT NOT NULL REFERENCES events(event_id),
  tier_id TEXT NOT NULL,
  tier_name TEXT NOT NULL,
  min_spend INTEGER,
  pay_now INTEGER,
  guests INTEGER,
  available_count INTEGER,
  PRIMARY KEY (event_id, tier_id)
)""",
    "images": """
CREATE TABLE IF NOT EXISTS images (
  image_id TEXT PRIMARY KEY,
  event_id TEXT NOT NULL REFERENCES events(event_id),
  artist_slug TEXT NOT NULL,
  image_type TEXT NOT NULL,
  r2_bucket TEXT NOT NULL,
  venue_tag TEXT,
  source_url TEXT
)""",
    "image_sizes": """
CREATE TABLE IF NOT EXISTS image_sizes (
  image_id TEXT NOT NULL REFERENCES images(image_id),
  preset TEXT NOT NULL,
  r2_url TEXT NOT NULL,
  width INTEGER NOT NULL,
  height INTEGER NOT NULL,
  file_size INTEGER,
  PRIMARY KEY (image_id, preset)
)""",
    "artist_stats": """
CREATE TABLE IF NOT EXISTS artist_stats (
  artist_slug TEXT PRIMARY KEY,
  spotify_id TEXT,
  genres TEXT NOT NULL DEFAULT '[]',
  popularity INTEGER,
  follower_count INTEGER,
  artist_bio TEXT,
  enriched_at TEXT,
  country TEXT,
  images TEXT NOT NULL DEFAULT '[]',
  top_tracks TEXT,
  tracklists TEXT NOT NULL DEFAULT '[]',
  links TEXT NOT NULL DEFAULT '{}',
  enrichment TEXT NOT NULL DEFAULT '{}'
)""",
    "streaming_links": """
CREATE TABLE IF NOT EXISTS streaming_links (
  artist_slug TEXT PRIMARY KEY,
  spotify TEXT,
  apple_music TEXT,
  youtube TEXT,
  soundcloud TEXT
)""",
    "social_links": """
CREATE TABLE IF NOT EXISTS social_links (
  artist_slug TEXT PRIMARY KEY,
  instagram TEXT,
  tiktok TEXT,
  beatport TEXT,
  resident_advisor TEXT
)""",
    "enrichment_status": """
CREATE TABLE IF NOT EXISTS enrichment_status (
  event_id TEXT PRIMARY KEY REFERENCES events(event_id),
  spotify INTEGER NOT NULL DEFAULT 0,
  tracklists INTEGER NOT NULL DEFAULT 0,
  resident_advisor INTEGER NOT NULL DEFAULT 0,
  errors TEXT NOT NULL DEFAULT '{}'
)""",
    "field_changes": """
CREATE TABLE IF NOT EXISTS field_changes (
  change_id INTEGER PRIMARY KEY AUTOINCREMENT,
  event_id TEXT NOT NULL,
  field TEXT NOT NULL,
  old_value TEXT,
  new_value TEXT,
  run_id TEXT,
  changed_at TEXT NOT NULL
)""",
    "pages": """
CREATE TABLE IF NOT EXISTS pages (
  url TEXT PRIMARY KEY,
  spider TEXT NOT NULL,
  event_id TEXT NOT NULL,
  lastmod TEXT,
  run_id TEXT
)""",
    "runs": """
CREATE TABLE IF NOT EXISTS runs (
  run_id TEXT PRIMARY KEY,
  spider TEXT NOT NULL,
  started_at TEXT NOT NULL,
  finished_at TEXT,
  outcome TEXT NOT NULL DEFAULT 'running',
  finish_reason TEXT,
  pages INTEGER NOT NULL DEFAULT 0,
  events INTEGER NOT NULL DEFAULT 0,
  rejected INTEGER NOT NULL DEFAULT 0,
  errors INTEGER NOT NULL DEFAULT 0,
  inserted INTEGER NOT NULL DEFAULT 0,
  updated INTEGER NOT NULL DEFAULT 0,
  unchanged INTEGER NOT NULL DEFAULT 0,
  removed INTEGER NOT NULL DEFAULT 0,
  restored INTEGER NOT NULL DEFAULT 0,
  changes INTEGER NOT NULL DEFAULT 0,
  reason TEXT
)""",
    # Per run, the share of its events carrying each field: the history run checks judge by.
    # A table of its own, not columns of `runs`: D1 copies `runs` whole, and a D1 created
    # before would refuse a new column.
    "run_coverage": """
CREATE TABLE IF NOT EXISTS run_coverage (
  run_id TEXT NOT NULL REFERENCES runs(run_id),
  field TEXT NOT NULL,
  share REAL NOT NULL,
  PRIMARY KEY (run_id, field)
)""",
}

INDEXES = (
    "CREATE INDEX IF NOT EXISTS events_by_date ON events (event_date)",
    "CREATE INDEX IF NOT EXISTS events_by_venue ON events (venue_slug, event_date)",
    "CREATE INDEX IF NOT EXISTS events_by_artist ON events (artist_slug)",
    "CREATE INDEX IF NOT EXISTS changes_by_event ON field_changes (event_id, change_id)",
    "CREATE INDEX IF NOT EXISTS changes_by_time ON field_changes (changed_at)",
    "CREATE INDEX IF NOT EXISTS runs_by_spider ON runs (spider, started_at)",
    "CREATE INDEX IF NOT EXISTS images_by_event ON images (event_id)",
)


def ddl() -> list[str]:
    """Every statement that creates the schema, in dependency order."""
    return [*TABLES.values(), *INDEXES]
