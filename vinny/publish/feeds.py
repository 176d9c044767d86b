"""The Scrapy feed exporters (`FEED_EXPORTERS` in `vinny.settings`): a crawl's items as they
arrive, through the same pure functions as the files of `vinny export`. Items that are not
events (no `event_id`) are skipped by `d1` and `markdown`.

- `jsonlines` (`PydanticJsonLinesItemExporter`): Scrapy's JSON Lines exporter, serialising
  Pydantic items with Pydantic's own serializer (itemadapter's per-field metadata look-ups cost
  ~0.3 ms an item). Honours `fields_to_export` and `FEED_EXPORT_INDENT` as the stock exporter
  does; other items fall back to it.
- `d1` (`D1ItemExporter`): the schema (`CREATE ... IF NOT EXISTS`, the FTS5 index), then each
  item's idempotent upserts (`vinny.publish.d1.event_statements`) and its artist records once.
  A value an item lacks is left out, so the file never erases what the database already holds.
  The full catalogue, history and runs included, is `exports/d1.sql`.
- `markdown` (`MarkdownItemExporter`): one Markdown table (date, start, performers, price from,
  the 500 px image, links), every value escaped (`vinny.publish.markdown`), rows in the order
  items arrive; the venue pages sorted by night are `exports/venues/`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import IO, Any

from itemadapter import ItemAdapter
from pydantic import BaseModel
from scrapy.exporters import BaseItemExporter, JsonLinesItemExporter

from vinny.publish import d1, markdown


def event_document(item: Any) -> dict[str, Any]:
    return item.json_dict() if hasattr(item, "json_dict") else ItemAdapter(item).asdict()


class PydanticJsonLinesItemExporter(JsonLinesItemExporter):
    def export_item(self, item: Any) -> None:
        renamed = isinstance(self.fields_to_export, dict)
        if not isinstance(item, BaseModel) or self.indent or renamed:
            super().export_item(item)
            return
        fields = set(self.fields_to_export) if self.fields_to_export else None
        self.file.write(item.model_dump_json(include=fields).encode() + b"\n")


class D1ItemExporter(BaseItemExporter):
    def __init__(self, file: IO[bytes], **kwargs: Any):
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.artists = d1.ArtistDedup()

    def _write(self, statements: Iterable[str]) -> None:
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


class MarkdownItemExporter(BaseItemExporter):
    def __init__(self, file: IO[bytes], **kwargs: Any):
        super().__init__(dont_fail=True, **kwargs)
        self.file = file
        self.rows = 0

    def start_exporting(self) -> None:
        self.file.write(b"# Events\n\n")

    def export_item(self, item: Any) -> None:
        doc = event_document(item)
        if not doc.get("event_id"):
            return
        if not self.rows:
            self.file.write(markdown.TABLE_HEADER.encode())
        self.file.write(markdown.event_row(doc).encode())
        self.rows += 1

    def finish_exporting(self) -> None:
        if not self.rows:
            self.file.write(b"No events.\n")
