"""`$VINNY_DATA_DIR/master_events.json`: every stored event as a full document with its history
(`vinny.publish.documents`), one JSON array sorted by `event_id` (pretty-printed, two spaces),
regenerated from the master database at the end of every run (`VINNY_MASTER_JSON_ON_CLOSE`),
once by `vinny scrape` after its parallel runs instead of by each, and by `vinny export`;
a file that would hold the same bytes is left as it is.

Streamed (memory does not grow with the catalogue) and atomic (`vinny.files`), from one read
snapshot, under a lock beside the file so that concurrent runs write in turn, each from a
snapshot at least as new as the previous writer's.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from vinny.files import locked, rewrite_if_changed
from vinny.publish.documents import iter_documents


def _json_array(docs: Iterator[dict[str, Any]]) -> Iterator[bytes]:
    yield b"["
    for i, doc in enumerate(docs):
        yield (b",\n" if i else b"\n") + orjson.dumps(doc, option=orjson.OPT_INDENT_2)
    yield b"\n]\n"


def export_master_json(conn: sqlite3.Connection, path: Path) -> int:
    """Rewrite `path` from the database; return the number of events written."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for doc in iter_documents(conn):
            count += 1
            yield doc

    with locked(path):
        conn.execute("BEGIN")  # one read snapshot for the whole file
        try:
            rewrite_if_changed(path, _json_array(counted()))
        finally:
            conn.execute("COMMIT")
    return count
