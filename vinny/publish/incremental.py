"""Publishing only what changed: the manifest of an exports directory, the fingerprints of what
the master database holds, and a file that is not rewritten when its bytes are the same.

- `Fingerprints` reads every row a document is built from (the event, its pricing, images,
  enrichment status, history, and its artists' records) in one pass per table, without building
  documents: a hash per event, per venue (its events' hashes), and of the whole catalogue.
- A file's *token* is the hash of everything its bytes depend on: the fingerprint of its events,
  the format's options (`as_of`, the CSV's BOM, the image base) and the publishing code and
  venue registry themselves (`render_key`), so an upgrade re-renders everything.
- The manifest (`<exports>.manifest.json`, beside the directory and its lock) records, per file
  written, its token, SHA-256, size and mtime, and for a file whose leading bytes depend on less
  than the whole (`d1.sql`'s events before its copied tables), that *head*'s own token, size
  and event count; plus each event's hash, each run row's hash and the newest history entry at
  the last export, from which `d1-changes.sql` is drawn. A record without a head (an older
  manifest) only means the file is generated whole.
- A file whose token matches and that is untouched since (same size and mtime) is not generated
  again (`Manifest.clean`); any other file is generated into a `KeptFile`, which on commit keeps
  the existing file (same inode and mtime) when the new bytes are identical. An untouched file
  whose head's token matches may be generated from its own head's bytes (`Manifest.head`).
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
from collections import defaultdict
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import orjson

from vinny.files import KeepSameFile, sha256_of, write_atomic
from vinny.slugs import slugify

# Every table a document is read from, as (event_id, row) in a fixed order.
_EVENT_ROWS = (
    "SELECT event_id, * FROM events ORDER BY event_id",
    "SELECT p.event_id, p.*, t.* FROM table_pricing p LEFT JOIN table_pricing_tiers t "
    "ON t.event_id = p.event_id AND t.tier_id = p.tier_id ORDER BY p.event_id, p.tier_id",
    "SELECT i.event_id, i.*, s.* FROM images i LEFT JOIN image_sizes s "
    "ON s.image_id = i.image_id ORDER BY i.event_id, i.image_id, s.preset",
    "SELECT event_id, * FROM enrichment_status ORDER BY event_id",
    "SELECT event_id, * FROM field_changes ORDER BY event_id, change_id",
    *(f"SELECT e.event_id, a.* FROM events e JOIN {table} a ON a.artist_slug = e.artist_slug "
      "ORDER BY e.event_id" for table in ("artist_stats", "streaming_links", "social_links")),
)


def digest(*parts: Any) -> str:
    return hashlib.blake2b(orjson.dumps(parts, default=str), digest_size=16).hexdigest()


@cache
def render_key() -> str:
    """The publishing code and the venue registry: a change to either re-renders every file."""
    digest = hashlib.blake2b(digest_size=16)
    for package in ("vinny.publish", "vinny.data"):
        for entry in sorted(resources.files(package).iterdir(), key=lambda e: e.name):
            if entry.name.endswith((".py", ".json")):
                digest.update(entry.name.encode() + entry.read_bytes())
    return digest.hexdigest()


def stamp(path: Path) -> dict[str, int]:
    """What shows a file was not touched since it was written: its size and mtime."""
    found = os.stat(path)
    return {"size": found.st_size, "mtime": found.st_mtime_ns}


def untouched(path: Path, record: dict[str, Any] | None) -> bool:
    """Whether `path` still has the size and mtime `record` stamped (False if it is gone)."""
    try:
        return record is not None and stamp(path) == {"size": record.get("size"),
                                                       "mtime": record.get("mtime")}
    except OSError:
        return False


class Fingerprints:
    """Hashes of what the database holds, read in the caller's snapshot."""

    def __init__(self, conn: sqlite3.Connection):
        hashes: dict[str, Any] = defaultdict(lambda: hashlib.blake2b(digest_size=16))
        for query in _EVENT_ROWS:
            for row in conn.execute(query):
                hashes[row[0]].update(repr(tuple(row)[1:]).encode())
        self.events = {event_id: h.hexdigest() for event_id, h in sorted(hashes.items())}
        by_venue: dict[str, list[str]] = defaultdict(list)
        for event_id, venue_slug in conn.execute(
                "SELECT event_id, venue_slug FROM events ORDER BY event_id"):
            by_venue[slugify(venue_slug) or "venue"].append(self.events[event_id])
        self.venues = {slug: digest(fps) for slug, fps in sorted(by_venue.items())}
        self.catalogue = digest(self.events)
        self.runs = {row[0]: digest(tuple(row)) for row in
                     conn.execute("SELECT * FROM runs ORDER BY run_id")}
        self.last_change = conn.execute(
            "SELECT COALESCE(MAX(change_id), 0) FROM field_changes").fetchone()[0]


class Manifest:
    """What the last export wrote (`<out>.manifest.json`); saved after every export."""

    def __init__(self, out: Path):
        self.out = out
        self.path = out.parent / f"{out.name}.manifest.json"
        try:
            state = orjson.loads(self.path.read_bytes())
        except (OSError, orjson.JSONDecodeError):
            state = {}  # none yet, or unreadable: every file is generated and compared
        self.files: dict[str, dict[str, Any]] = state.get("files", {})
        self.events: dict[str, str] = state.get("events", {})
        self.runs: dict[str, str] = state.get("runs", {})
        self.last_change: int = state.get("last_change", 0)
        self.counts: dict[str, int] = state.get("counts", {})  # events each format took
        self.tokens: dict[str, str] = {}  # this export's token of each file it considered
        self.heads: dict[str, dict[str, Any]] = {}  # this export's head of each file it wrote

    def intact(self, relative: str) -> dict[str, Any] | None:
        """The record of a file nobody touched since it was written, else None."""
        record = self.files.get(relative)
        return record if untouched(self.out / relative, record) else None

    def clean(self, relative: str, token: str) -> bool:
        """True when `relative` need not be generated: its inputs and bytes are as recorded."""
        self.tokens[relative] = token
        record = self.intact(relative)
        return record is not None and record.get("token") == token

    def head(self, relative: str, token: str) -> dict[str, Any] | None:
        """The recorded head (`token`, `size`, `events`) of an untouched `relative` whose head
        was generated from the inputs `token` stands for, else None."""
        record = self.intact(relative)
        head = record.get("head") if record else None
        if isinstance(head, dict) and head.get("token") == token \
                and isinstance(head.get("size"), int) and isinstance(head.get("events"), int):
            return head
        return None

    def same_bytes(self, relative: str, sha: str) -> bool:
        record = self.intact(relative)
        if record is not None:
            return bool(record["sha"] == sha)
        return sha256_of(self.out / relative) == sha

    def record(self, relative: str, sha: str) -> None:
        self.files[relative] = {"token": self.tokens.get(relative), "sha": sha,
                                **stamp(self.out / relative)}
        if relative in self.heads:
            self.files[relative]["head"] = self.heads[relative]

    def forget(self, relative: str) -> None:
        self.files.pop(relative, None)

    def save(self, prints: Fingerprints | None) -> None:
        if prints is not None:
            self.events, self.runs, self.last_change = (prints.events, prints.runs,
                                                         prints.last_change)
        write_atomic(self.path, orjson.dumps(
            {"files": self.files, "events": self.events, "runs": self.runs,
             "last_change": self.last_change, "counts": self.counts}, option=orjson.OPT_SORT_KEYS))


class KeptFile(KeepSameFile):
    """A `KeepSameFile` that asks the manifest whether the bytes are the same (no read of an
    intact file) and records what it committed."""

    def __init__(self, path: Path, relative: str, manifest: Manifest):
        super().__init__(path)
        self.relative = relative
        self.manifest = manifest

    def unchanged(self, sha: str) -> bool:
        return self.manifest.same_bytes(self.relative, sha)

    def commit(self) -> None:
        super().commit()
        self.manifest.record(self.relative, self.sha.hexdigest())
