"""`d1.sql`: the master database as SQL for Cloudflare D1 (also plain SQLite): pure functions,
and `D1Exporter`, which writes the schema, every event's statements, then the `field_changes`
and `runs` tables copied whole.

- The schema: `CREATE ... IF NOT EXISTS` of every table and index of `vinny.database.schema`
  (generated from it), plus `events_fts`, an FTS5 index over performer, performers, venue and
  artist bio with `events` as its external content, kept in step by the statements below (no
  triggers). `wrangler d1 export` refuses databases with FTS5 tables.
- Per event: the index entry is taken out with the row's current values, the row upserted,
  the entry put back from the new row; then its pricing and images (rows the event no longer
  has are deleted first) and its enrichment status; artist records once per artist.
- The master store's rule holds here too: a value the document lacks (None, empty list) is
  left out of the statement, so it never erases what D1 already has.
- `d1-changes.sql` (`D1Exporter`): the same statements for only what changed since the previous
  export, beside the whole `d1.sql` for a fresh database.
- `d1.sql`'s head (schema, events, artists) depends on the events alone, its tail (the copied
  tables) on every run: when no event changed since the last `d1.sql` and that file is
  untouched, its head's bytes are copied as they are and only the tail is generated, with no
  document built (the manifest records where the head ends, `Manifest.head`).
- Upserts only (`INSERT ... ON CONFLICT ... DO UPDATE`): `INSERT OR REPLACE` deletes the row,
  behind the index's back. No `BEGIN`/`COMMIT` (D1 refuses them in a file). D1 enforces foreign
  keys, so parents go in before children and children out before parents.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any, BinaryIO

from vinny.database.diff import content_hash
from vinny.database.rows import (
    ARTIST_COLUMNS,
    ARTIST_FIELDS,
    EVENT_FIELDS,
    IMAGE_COLUMNS,
    SIZE_COLUMNS,
    STATUS_COLUMNS,
    TIER_COLUMNS,
)
from vinny.database.schema import TABLES, ddl
from vinny.files import AtomicFile
from vinny.merge import is_empty
from vinny.models import STATUS_FLAGS
from vinny.publish.exporter import Exporter, ExportOptions
from vinny.publish.incremental import Fingerprints, Manifest, digest, render_key
from vinny.publish.sql import in_list, literal, upsert
from vinny.slugs import slugify

FTS_TABLE = "events_fts"
FTS_COLUMNS = ("performer", "performers", "venue", "artist_bio")
FTS_DDL = (
    f"CREATE VIRTUAL TABLE IF NOT EXISTS {FTS_TABLE} USING fts5("
    f"{', '.join(FTS_COLUMNS)}, content='events', content_rowid='rowid', "
    "tokenize='unicode61 remove_diacritics 2')"
)
# Tables copied whole, row by row, in primary-key order (their rows are not per document).
COPIED_TABLES = ("field_changes", "runs")


@cache
def table_columns() -> dict[str, tuple[tuple[str, ...], tuple[str, ...]]]:
    """(columns, primary key) of every table, read from the schema itself."""
    conn = sqlite3.connect(":memory:")
    for statement in ddl():
        conn.execute(statement)
    shape = {}
    for table in TABLES:
        info = conn.execute(f"PRAGMA table_info({table})").fetchall()
        shape[table] = (tuple(r[1] for r in info),
                        tuple(r[1] for r in sorted(info, key=lambda r: r[5]) if r[5]))
    conn.close()
    return shape


def schema_statements() -> list[str]:
    return [*ddl(), FTS_DDL]


def _fts(event_id: str, command: str) -> str:
    columns = ", ".join(FTS_COLUMNS)
    if command == "delete":
        return (f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rowid, {columns}) SELECT 'delete', "
                f"rowid, {columns} FROM events WHERE event_id = {literal(event_id)}")
    return (f"INSERT INTO {FTS_TABLE} (rowid, {columns}) SELECT rowid, {columns} FROM events "
            f"WHERE event_id = {literal(event_id)}")


def _updated_at(doc: dict[str, Any]) -> str:
    """When the record last changed: its newest history entry, else its scrape time."""
    changes: list[str] = [h["changed_at"] for h in doc.get("history") or []]
    scraped: str = doc["scraped_at"]
    return max(changes, default=scraped)


def event_row(doc: dict[str, Any]) -> dict[str, Any]:
    """The `events` columns a document supplies (empty values left out)."""
    row = {f: doc.get(f) for f in EVENT_FIELDS if not is_empty(doc.get(f))}
    row.update(artist_slug=slugify(doc["performer"]), content_hash=content_hash(doc),
               updated_at=_updated_at(doc))
    return row


def _upsert_dict(table: str, row: dict[str, Any], key: tuple[str, ...]) -> Iterator[str]:
    yield from upsert(table, tuple(row), key, [tuple(row.values())])


def _prune(table: str, event_id: str, column: str, kept: list[Any]) -> str:
    return (f"DELETE FROM {table} WHERE event_id = {literal(event_id)} "
            f"AND {column} NOT IN {in_list(kept)}")


def _pricing(event_id: str, pricing: list[dict[str, Any]]) -> Iterator[str]:
    tiers = [row["tier_id"] for row in pricing]
    yield _prune("table_pricing_tiers", event_id, "tier_id", tiers)
    yield _prune("table_pricing", event_id, "tier_id", tiers)
    yield from upsert("table_pricing", ("event_id", "tier_id", "fetched_at", "is_available"),
                      ("event_id", "tier_id"),
                      [(event_id, r["tier_id"], r["fetched_at"], bool(r["is_available"]))
                       for r in pricing])
    yield from upsert("table_pricing_tiers", ("event_id", "tier_id", *TIER_COLUMNS),
                      ("event_id", "tier_id"),
                      [(event_id, r["tier_id"], *((r.get("tier") or {}).get(c)
                                                  for c in TIER_COLUMNS)) for r in pricing])


def _images(event_id: str, images: list[dict[str, Any]]) -> Iterator[str]:
    sizes = [(s["image_id"], s["preset"]) for i in images for s in i.get("sizes") or []]
    of_event = f"SELECT image_id FROM images WHERE event_id = {literal(event_id)}"
    kept = (f" AND (image_id, preset) NOT IN (VALUES {', '.join(in_list(s) for s in sizes)})"
            if sizes else "")
    yield f"DELETE FROM image_sizes WHERE image_id IN ({of_event}){kept}"
    yield _prune("images", event_id, "image_id", [i["image_id"] for i in images])
    yield from upsert("images", IMAGE_COLUMNS, ("image_id",),
                      [tuple(i.get(c) for c in IMAGE_COLUMNS) for i in images])
    yield from upsert("image_sizes", SIZE_COLUMNS, ("image_id", "preset"),
                      [tuple(s.get(c) for c in SIZE_COLUMNS)
                       for i in images for s in i.get("sizes") or []])


def event_statements(doc: dict[str, Any]) -> Iterator[str]:
    """Every statement that brings one event's rows (and its index entry) in line with `doc`."""
    event_id = doc["event_id"]
    yield _fts(event_id, "delete")
    yield from _upsert_dict("events", event_row(doc), ("event_id",))
    yield _fts(event_id, "insert")
    if doc.get("table_pricing"):
        yield from _pricing(event_id, doc["table_pricing"])
    if doc.get("images"):
        yield from _images(event_id, doc["images"])
    status = doc.get("enrichment_status")
    if status:
        yield from upsert("enrichment_status", STATUS_COLUMNS, ("event_id",), [
            (event_id, *(bool(status.get(c)) for c in STATUS_FLAGS),
             status.get("errors") or {})])


def artist_statements(table: str, record: dict[str, Any]) -> Iterator[str]:
    row = {c: record.get(c) for c in ARTIST_COLUMNS[table] if not is_empty(record.get(c))}
    if len(row) > 1:
        yield from _upsert_dict(table, row, ("artist_slug",))


class ArtistDedup:
    """Artist records are repeated on every event of the artist: write each once."""

    def __init__(self) -> None:
        self.seen: set[tuple[str, str]] = set()

    def statements(self, doc: dict[str, Any]) -> Iterator[str]:
        for table in ARTIST_FIELDS:
            record = doc.get(table)
            if record and (table, record.get("artist_slug")) not in self.seen:
                self.seen.add((table, record.get("artist_slug")))
                yield from artist_statements(table, record)


def copied_table_statements(conn: sqlite3.Connection, table: str,
                            batch: int = 200) -> Iterator[str]:
    """Upserts of every row of `table`, in primary-key order, `batch` rows a statement at most."""
    columns, key = table_columns()[table]
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(key)}")
    while rows := cursor.fetchmany(batch):
        yield from upsert(table, columns, key, [tuple(r) for r in rows])


def terminated(statements: Iterable[str]) -> Iterator[str]:
    for statement in statements:
        yield statement + ";\n"


def changed_rows_statements(conn: sqlite3.Connection, table: str, where: str,
                           batch: int = 200) -> Iterator[str]:
    """Upserts of the rows of `table` matching `where`, in primary-key order."""
    columns, key = table_columns()[table]
    cursor = conn.execute(f"SELECT {', '.join(columns)} FROM {table} WHERE {where} "
                          f"ORDER BY {', '.join(key)}")
    while rows := cursor.fetchmany(batch):
        yield from upsert(table, columns, key, [tuple(r) for r in rows])


def copy_head(source: BinaryIO, size: int, into: AtomicFile, chunk: int = 1 << 20) -> None:
    """Write the first `size` bytes of `source` into `into`; an error if it holds fewer."""
    left = size
    while left and (data := source.read(min(chunk, left))):
        into.write(data)
        left -= len(data)
    if left:
        raise OSError(f"{source.name} ended {left} bytes before its recorded head")


class D1Exporter(Exporter):
    """`d1.sql`, the whole database for a fresh D1; with a manifest, also `d1-changes.sql`: the
    upserts of what changed since the previous export that wrote it (events whose rows changed,
    with their artists; new or changed runs; new history), for a D1 that had the previous files
    applied. Every statement is an idempotent upsert, so a changes file left in place because
    nothing changed since can be applied again harmlessly."""

    WHOLE, CHANGES = "d1.sql", "d1-changes.sql"

    def __init__(self, out: Path, as_of: date | None, options: ExportOptions | None = None):
        super().__init__(out, as_of, options)
        self.artists = {self.WHOLE: ArtistDedup(), self.CHANGES: ArtistDedup()}
        self.changed: set[str] = set()
        self.runs: list[str] = []
        self.since = 0
        self.head: dict[str, Any] | None = None  # the previous d1.sql's head, when reused

    def outputs(self) -> list[str]:
        return [self.WHOLE]

    def inputs(self, relative: str) -> object:
        assert self.prints is not None
        return [self.prints.catalogue, self.prints.runs, self.prints.last_change]

    def head_token(self) -> str:
        """What `d1.sql`'s head depends on: the code, the options and the events."""
        assert self.prints is not None
        return digest(render_key(), type(self).__name__, self.WHOLE, "head", self.options_key(),
                      self.prints.catalogue)

    def plan(self, manifest: Manifest, prints: Fingerprints) -> bool:
        self.changed = {e for e, fp in prints.events.items() if manifest.events.get(e) != fp}
        self.runs = sorted(r for r, fp in prints.runs.items() if manifest.runs.get(r) != fp)
        self.since = manifest.last_change
        whole = super().plan(manifest, prints)
        if self.dirty(self.WHOLE):
            self.head = manifest.head(self.WHOLE, self.head_token())
        if not self.changed and not self.runs and prints.last_change <= self.since \
                and manifest.intact(self.CHANGES) is not None:
            self.clean.add(self.CHANGES)  # nothing new: the last changes file stays
        return whole or self.dirty(self.CHANGES)

    def needs_documents(self) -> bool:
        # A reused head holds every event (and their count); the changes need the changed ones.
        reused = self.dirty(self.WHOLE) and self.head is not None
        return not reused or (self.dirty(self.CHANGES) and bool(self.changed))

    def _sql(self, relative: str) -> AtomicFile:
        if relative not in self.files:
            for statement in terminated(schema_statements()):
                self.file(relative).write(statement)
        return self.file(relative)

    def _event(self, relative: str, doc: dict[str, Any]) -> None:
        sql = self._sql(relative)
        for statement in terminated(event_statements(doc)):
            sql.write(statement)
        for statement in terminated(self.artists[relative].statements(doc)):
            sql.write(statement)

    def add(self, doc: dict[str, Any]) -> None:
        if self.dirty(self.WHOLE) and self.head is None:
            self._event(self.WHOLE, doc)
        if self.manifest is not None and self.dirty(self.CHANGES) \
                and doc["event_id"] in self.changed:
            self._event(self.CHANGES, doc)
        self.count += 1

    def _reused_head(self) -> AtomicFile:
        """`d1.sql` begun with the previous one's head, as generating it would write it."""
        assert self.head is not None
        sql = self.file(self.WHOLE)
        with (self.out / self.WHOLE).open("rb") as previous:
            copy_head(previous, self.head["size"], sql)
        self.count = self.head["events"]
        return sql

    def finish(self, conn: sqlite3.Connection) -> None:
        if self.dirty(self.WHOLE):
            sql = self._sql(self.WHOLE) if self.head is None else self._reused_head()
            if self.manifest is not None:
                self.manifest.heads[self.WHOLE] = {"token": self.head_token(),
                                                   "size": sql.handle.tell(),
                                                   "events": self.count}
            for table in COPIED_TABLES:
                for statement in terminated(copied_table_statements(conn, table)):
                    sql.write(statement)
        if self.manifest is not None and self.dirty(self.CHANGES):
            sql = self._sql(self.CHANGES)
            news = [changed_rows_statements(conn, "field_changes", f"change_id > {self.since}"),
                    changed_rows_statements(conn, "runs", f"run_id IN {in_list(self.runs)}")]
            for statements in news:
                for statement in terminated(statements):
                    sql.write(statement)
