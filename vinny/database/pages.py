"""Event pages already read, by URL and sitemap `<lastmod>`: an unchanged page need not be
fetched again; its event comes from the master database instead (pricing still refreshes)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from vinny.database.rows import read_event

_PAGE_UPSERT = ("INSERT INTO pages (url, spider, event_id, lastmod, run_id) VALUES (?, ?, ?, ?, ?) "
                "ON CONFLICT (url) DO UPDATE SET spider = excluded.spider, "
                "event_id = excluded.event_id, lastmod = excluded.lastmod, "
                "run_id = excluded.run_id")


# (url, spider, event_id, lastmod, run_id): a page without a sitemap <lastmod> has None.
PageRow = tuple[str, str, str, str | None, str]


def record_pages(conn: sqlite3.Connection, rows: Iterable[PageRow]) -> None:
    """Remember (url, spider, event_id, lastmod, run_id) of pages read this run."""
    conn.executemany(_PAGE_UPSERT, rows)


class KnownPages:
    """The pages of one spider whose event is stored and not removed, read-only."""

    def __init__(self, path: Path | None = None, spider: str = ""):
        self.lastmods: dict[str, tuple[str, str]] = {}
        self.conn: sqlite3.Connection | None = None
        if path is None or not path.exists():
            return
        self.conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=60)
        self.conn.row_factory = sqlite3.Row
        self.lastmods = {
            row["url"]: (row["lastmod"], row["event_id"])
            for row in self.conn.execute(
                "SELECT p.url, p.lastmod, p.event_id FROM pages p JOIN events e "
                "ON e.event_id = p.event_id WHERE p.spider = ? AND e.status != 'removed' "
                "AND p.lastmod IS NOT NULL", (spider,))
        }

    def unchanged(self, url: str, lastmod: str | None) -> str | None:
        """The stored event of `url` if the sitemap gives the lastmod already seen, else None."""
        known = self.lastmods.get(url)
        return known[1] if known and lastmod and known[0] == lastmod else None

    def stored_event(self, event_id: str) -> dict[str, Any] | None:
        if self.conn is None:
            return None
        doc = read_event(self.conn, event_id)
        if doc is not None:
            doc.pop("history", None)
        return doc

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
