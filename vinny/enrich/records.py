"""Each artist's enrichment in the master database, and when each source is due again.

An artist's record is the artist tables' rows (`artist_stats` with its enrichment columns,
`streaming_links`, `social_links`) keyed by `artist_slug`. A run's findings are merged into
it, never with less: a value a source did not give this run keeps what is stored.
`artist_stats.enrichment` holds, per source, the last outcome, its detail and time, and when
the source last matched. A settled outcome (matched, not found, doubtful) younger than the
time-to-live costs no request; any other outcome is retried on the next run.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import orjson

from vinny.database.db import connect, transaction
from vinny.database.rows import write_artist_record
from vinny.database.schema import TABLES
from vinny.enrich.types import MATCHED, SETTLED, SPOTIFY, ArtistData, Finding

STREAMING = ("spotify", "apple_music", "youtube", "soundcloud")
SOCIAL = ("instagram", "tiktok", "beatport", "resident_advisor")
GENRE_ORDER = (SPOTIFY, "tracklists", "resident_advisor")
_COLUMN = re.compile(r"^\s+([a-z_]+)\s+(TEXT|INTEGER|REAL)\b(.*?),?$")
JSON_COLUMNS = ("images", "top_tracks", "tracklists", "links", "enrichment")


@dataclass
class ArtistRecord:
    slug: str
    bio: str | None = None
    country: str | None = None
    spotify_id: str | None = None
    genres: list[str] = field(default_factory=list)
    popularity: int | None = None
    followers: int | None = None
    images: list[dict[str, Any]] = field(default_factory=list)
    top_tracks: list[dict[str, Any]] | None = None
    links: dict[str, str] = field(default_factory=dict)
    tracklists: list[dict[str, Any]] = field(default_factory=list)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)
    enriched_at: str | None = None

    def due(self, sources: Iterable[str], now: datetime, ttl: timedelta,
            force: bool = False) -> list[str]:
        """The sources to ask again: never asked, unsettled, or settled too long ago."""
        if force:
            return list(sources)
        due = []
        for source in sources:
            entry = self.sources.get(source)
            if (entry is None or entry.get("outcome") not in SETTLED
                    or now - datetime.fromisoformat(entry["at"]) >= ttl):
                due.append(source)
        return due

    def matched(self, source: str) -> bool:
        return bool((self.sources.get(source) or {}).get("matched_at"))

    def earlier(self) -> list[ArtistData]:
        """What the stored matches prove, for corroborating the sources asked again."""
        if not any(self.matched(s) for s in self.sources):
            return []
        return [ArtistData(spotify_id=self.spotify_id, links=dict(self.links))]

    def merge(self, findings: dict[str, Finding], now: datetime) -> None:
        """Fold one run's findings in; what a source did not give keeps its stored value."""
        at = now.isoformat()
        for source, finding in findings.items():
            previous = self.sources.get(source) or {}
            entry = {"outcome": finding.outcome, "detail": finding.detail, "at": at,
                     "matched_at": at if finding.outcome == MATCHED
                     else previous.get("matched_at"),
                     "genres": previous.get("genres") or []}
            data = finding.data if finding.outcome == MATCHED else None
            if data is not None:
                entry["genres"] = list(data.genres) or entry["genres"]
                self._absorb(data)
            self.sources[source] = entry
        genres = next((self.sources[s]["genres"] for s in GENRE_ORDER
                       if (self.sources.get(s) or {}).get("genres")), None)
        self.genres = list(genres) if genres else self.genres
        if findings:
            self.enriched_at = at

    def _absorb(self, data: ArtistData) -> None:
        for name in ("bio", "country", "spotify_id", "popularity", "followers", "top_tracks"):
            value = getattr(data, name)
            if value not in (None, "", []):
                setattr(self, name, value)
        if data.images:
            self.images = list(data.images)
        if data.tracklists:
            self.tracklists = [t.as_dict() for t in data.tracklists]
        self.links.update({k: v for k, v in data.links.items() if v})


def ensure_columns(conn: sqlite3.Connection) -> None:
    """Add the enrichment columns of `artist_stats` to a database made before they existed."""
    have = {row[1] for row in conn.execute("PRAGMA table_info(artist_stats)")}
    for line in TABLES["artist_stats"].splitlines():
        match = _COLUMN.match(line)
        if match and match[1] not in have and "PRIMARY KEY" not in line:
            conn.execute(f"ALTER TABLE artist_stats ADD COLUMN {line.strip().rstrip(',')}")


def _json(value: Any, default: Any) -> Any:
    return orjson.loads(value) if value else default


class ArtistStore:
    """The artist tables of the master database; use from one thread."""

    def __init__(self, path: Path):
        self.conn = connect(path)
        with transaction(self.conn):
            ensure_columns(self.conn)

    def close(self) -> None:
        self.conn.close()

    def load(self) -> dict[str, ArtistRecord]:
        links: dict[str, dict[str, str]] = {}
        for table, kinds in (("streaming_links", STREAMING), ("social_links", SOCIAL)):
            for row in self.conn.execute(f"SELECT * FROM {table}"):
                links.setdefault(row["artist_slug"], {}).update(
                    {k: row[k] for k in kinds if row[k]})
        records = {}
        for row in self.conn.execute("SELECT * FROM artist_stats"):
            slug = row["artist_slug"]
            records[slug] = ArtistRecord(
                slug=slug, bio=row["artist_bio"], country=row["country"],
                spotify_id=row["spotify_id"], genres=_json(row["genres"], []),
                popularity=row["popularity"], followers=row["follower_count"],
                images=_json(row["images"], []), top_tracks=_json(row["top_tracks"], None),
                links={**_json(row["links"], {}), **links.get(slug, {})},
                tracklists=_json(row["tracklists"], []), sources=_json(row["enrichment"], {}),
                enriched_at=row["enriched_at"])
        return records

    def save(self, record: ArtistRecord) -> None:
        slug = record.slug
        with transaction(self.conn) as conn:
            write_artist_record(conn, "artist_stats", {
                "artist_slug": slug, "spotify_id": record.spotify_id, "genres": record.genres,
                "popularity": record.popularity, "follower_count": record.followers})
            for table, kinds in (("streaming_links", STREAMING), ("social_links", SOCIAL)):
                if any(record.links.get(k) for k in kinds):
                    write_artist_record(conn, table, {"artist_slug": slug,
                                                      **{k: record.links.get(k) for k in kinds}})
            conn.execute(
                "UPDATE artist_stats SET artist_bio = ?, enriched_at = ?, country = ?, "
                "images = ?, top_tracks = ?, tracklists = ?, links = ?, enrichment = ? "
                "WHERE artist_slug = ?",
                (record.bio, record.enriched_at, record.country,
                 *(orjson.dumps(getattr(record, c) if c != "enrichment" else record.sources
                                ).decode() for c in JSON_COLUMNS), slug))
