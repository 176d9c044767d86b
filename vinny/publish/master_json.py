"""`$VINNY_DATA_DIR/master_events.json`: every stored event as a full document with its history
(`vinny.publish.documents`), one JSON array sorted by `event_id` (pretty-printed, two spaces),
regenerated from the master database at the end of every run (`VINNY_MASTER_JSON_ON_CLOSE`),
once by `vinny scrape` after its parallel runs instead of by each, and by `vinny export`;
a file that would hold the same bytes is left as it is.

Streamed (memory does not grow with the catalogue) and atomic (`vinny.files`), from one read
snapshot, under a lock beside the file so that concurrent runs write in turn, each from a
snapshot at least as new as the previous writer's.

Not built at all when nothing it is made from changed: a caller that read the snapshot's
fingerprints (`vinny.publish.incremental.Fingerprints`: `vinny scrape` and `vinny export` read
them once for this file and the exports) passes them, and a file left as it was last written
(same size and mtime) from the same catalogue hash and publishing code (`render_key`) is kept
without reading a document. That record sits beside the file,
`master_events.json.manifest.json`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from vinny.files import locked, rewrite_if_changed, write_atomic
from vinny.publish.documents import iter_documents
from vinny.publish.incremental import Fingerprints, digest, render_key, stamp, untouched


def _json_array(docs: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    yield b"["
    for i, doc in enumerate(docs):
        yield (b",\n" if i else b"\n") + orjson.dumps(doc, option=orjson.OPT_INDENT_2)
    yield b"\n]\n"


def export_master_json(conn: sqlite3.Connection, path: Path,
                       prints: Fingerprints | None = None) -> int:
    """Rewrite `path` from the database, unless `prints` (of the snapshot the caller has open)
    show nothing it is made from changed since it was written; return its number of events."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for doc in iter_documents(conn):
            count += 1
            yield doc

    with locked(path):
        own_snapshot = not conn.in_transaction
        if own_snapshot:
            conn.execute("BEGIN")  # one read snapshot for the whole file
        try:
            token = digest(prints.catalogue, render_key()) if prints is not None else None
            kept = _kept_count(path, token)
            if kept is not None:
                return kept
            rewrite_if_changed(path, _json_array(counted()))
            if token is not None:
                write_atomic(_record_path(path), orjson.dumps(
                    {"token": token, **stamp(path), "events": count}))
        finally:
            if own_snapshot:
                conn.execute("COMMIT")
    return count


def _record_path(path: Path) -> Path:
    return path.with_name(f"{path.name}.manifest.json")


def _kept_count(path: Path, token: str | None) -> int | None:
    """The events of `path` when it is untouched since it was written from `token`, else None.
    (A writer without fingerprints leaves the record: a file it changed has another mtime.)"""
    if token is None:
        return None
    try:
        record = orjson.loads(_record_path(path).read_bytes())
    except (OSError, orjson.JSONDecodeError):
        return None
    if not isinstance(record, dict) or not isinstance(record.get("events"), int):
        return None
    kept = record.get("token") == token and untouched(path, record)
    return record["events"] if kept else None
