"""MarkdownItemExporter (feed format `markdown`): a crawl's events as one Markdown table
(date, start, performers, price from, the 500 px image, links), every value escaped
(`vinny.export.markdown`). Rows follow the order items arrive in; the venue pages sorted by
night are `exports/venues/` (`vinny export`, and on close). Items that are not events are
skipped.
"""

from __future__ import annotations

from typing import Any

from scrapy.exporters import BaseItemExporter

from vinny.export import markdown
from vinny.exporters.d1 import event_document


class MarkdownItemExporter(BaseItemExporter):
    def __init__(self, file, **kwargs):
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
