"""The file formats of `$VINNY_DATA_DIR/exports/`, by name: the one list `vinny export`
(`--format`) and the export on close (`VINNY_EXPORT_FORMATS`) choose from, in the order they
are written. A format is one module of `vinny.publish` with its exporter, plus one entry here.
The feed formats of a crawl are `FEED_EXPORTERS` in `vinny.settings` (`vinny.publish.feeds`).
"""

from __future__ import annotations

from collections.abc import Iterable

from vinny.publish.d1 import D1Exporter
from vinny.publish.events_csv import CsvExporter
from vinny.publish.events_json import JsonExporter
from vinny.publish.events_jsonl import JsonlExporter
from vinny.publish.exporter import Exporter
from vinny.publish.ics import IcsExporter
from vinny.publish.markdown import MarkdownExporter

EXPORTERS: dict[str, type[Exporter]] = {
    "json": JsonExporter, "jsonl": JsonlExporter, "csv": CsvExporter, "d1": D1Exporter,
    "markdown": MarkdownExporter, "ics": IcsExporter,
}
FORMATS = tuple(EXPORTERS)


def check_formats(formats: Iterable[str] | None) -> list[str]:
    """The formats named (all when none), each once, in the order given; unknown names refused."""
    chosen = list(dict.fromkeys(formats or FORMATS))
    unknown = [f for f in chosen if f not in EXPORTERS]
    if unknown:
        raise ValueError(f"unknown format(s) {', '.join(unknown)}; known: {', '.join(FORMATS)}")
    return chosen
