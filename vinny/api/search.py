"""Full-text search for the API's `q`: an FTS5 index like D1's `events_fts` (same columns, same
`unicode61 remove_diacritics 2` tokenizer, so `Tiesto` finds Tiësto), kept in memory.

The master database is opened read-only, so the index cannot live in it: `SearchIndex` builds
it from the events table and rebuilds it when the table changes (its row count or newest
`updated_at` moves). Every word of `q` must match, each as a prefix (`dom dol` finds Dom
Dolla); words are quoted, so FTS syntax in `q` is plain text.
"""

from __future__ import annotations

import sqlite3
import threading
from typing import Any

from vinny.publish.d1 import FTS_COLUMNS

MAX_TERMS = 8


def match_expression(q: str) -> str | None:
    """`q` as an FTS5 query: each word quoted as a prefix, all required; None if no word."""
    words = [w for w in q.split()[:MAX_TERMS] if w.strip('"')]
    return " AND ".join('"' + w.replace('"', '""') + '"*' for w in words) or None


class SearchIndex:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._version: tuple[Any, ...] | None = None  # (events, last update) of the index
        self._index: sqlite3.Connection | None = None

    def _build(self, conn: sqlite3.Connection) -> sqlite3.Connection:
        index = sqlite3.connect(":memory:", check_same_thread=False)
        columns = ", ".join(FTS_COLUMNS)
        index.execute(f"CREATE VIRTUAL TABLE fts USING fts5(event_id UNINDEXED, {columns}, "
                      "tokenize='unicode61 remove_diacritics 2')")
        rows = conn.execute(f"SELECT event_id, {columns} FROM events")
        index.executemany(f"INSERT INTO fts VALUES (?, {', '.join('?' for _ in FTS_COLUMNS)})",
                          (tuple(r) for r in rows))
        return index

    def matching(self, conn: sqlite3.Connection, q: str) -> list[str]:
        """The ids of the events matching every word of `q`, as of `conn`'s snapshot."""
        expression = match_expression(q)
        if expression is None:
            return []
        version = tuple(conn.execute("SELECT COUNT(*), MAX(updated_at) FROM events").fetchone())
        with self._lock:
            if self._index is None or version != self._version:
                self._index, self._version = self._build(conn), version
            return [r[0] for r in self._index.execute(
                "SELECT event_id FROM fts WHERE fts MATCH ?", (expression,))]
