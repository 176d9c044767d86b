"""`events.json`: every event as published, one JSON array (pretty-printed, two spaces).

An event as published is its document without its history, with the cheapest available table
(`price_from`) and its schema.org JSON-LD (`jsonld`); `events.jsonl` carries the same records.
An empty catalogue is `[]`.
"""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from vinny.publish.exporter import Exporter
from vinny.publish.jsonld import event_jsonld
from vinny.publish.values import price_from, public


def published(doc: dict[str, Any]) -> dict[str, Any]:
    """The event as `events.json` and `events.jsonl` carry it: the document (no history), the
    cheapest available table, and its schema.org JSON-LD."""
    return {**public(doc), "price_from": price_from(doc), "jsonld": event_jsonld(doc)}


def json_array_item(doc: dict[str, Any], first: bool) -> bytes:
    return (b"\n" if first else b",\n") + orjson.dumps(published(doc), option=orjson.OPT_INDENT_2)


class JsonExporter(Exporter):
    def outputs(self) -> list[str]:
        return ["events.json"]

    def add(self, doc: dict[str, Any]) -> None:
        self.file("events.json").write(
            (b"[" if not self.count else b"") + json_array_item(doc, not self.count))
        self.count += 1

    def finish(self, conn: sqlite3.Connection) -> None:
        self.file("events.json").write(b"\n]\n" if self.count else b"[]\n")
