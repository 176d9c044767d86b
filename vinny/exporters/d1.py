"""D1ItemExporter (feed format `d1`): a crawl's events as SQL for Cloudflare D1 / SQLite.

The file opens with the schema (`CREATE ... IF NOT EXISTS`, the FTS5 index), then each item's
idempotent upserts (`vinny.export.d1.event_statements`) and its artist records once. A value an
item lacks is left out, so the file never erases what the database already holds. The full
catalogue, history and runs included, is `exports/d1.sql` (`vinny export`, and on close).
Items that are not events (no `event_id`) are skipped.
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter
from scrapy.exporters import BaseItemExporter

from vinny.export import d1


def event_document(item: Any) -> dict[str, Any]:
    return item.json_dict() if hasattr(item, "json_dict") else ItemAdapter(item).asdict()


class D1ItemExporter(BaseItemExporter):
    def __init__(self, file, **kwargs):
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.artists = d1.ArtistDedup()

    def _write(self, statements) -> None:
        for statement in d1.terminated(statements):
            self.file.write(statement.encode())

    def start_exporting(self) -> None:
        self._write(d1.schema_statements())

    def export_item(self, item: Any) -> None:
        doc = event_document(item)
        if not doc.get("event_id"):
            return
        self._write(d1.event_statements(doc))
        self._write(self.artists.statements(doc))
