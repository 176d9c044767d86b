"""`events.jsonl`: every event as published (`vinny.publish.events_json.published`), one
compact JSON object a line. An empty catalogue is an empty file."""

from __future__ import annotations

import sqlite3
from typing import Any

import orjson

from vinny.publish.events_json import published
from vinny.publish.exporter import Exporter


def json_line(doc: dict[str, Any]) -> bytes:
    return orjson.dumps(published(doc)) + b"\n"


class JsonlExporter(Exporter):
    def outputs(self) -> list[str]:
        return ["events.jsonl"]

    def add(self, doc: dict[str, Any]) -> None:
        self.file("events.jsonl").write(json_line(doc))
        self.count += 1

    def finish(self, conn: sqlite3.Connection) -> None:
        self.file("events.jsonl")  # an empty catalogue still gets its (empty) file
