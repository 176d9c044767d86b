"""`events.jsonl`: every event as published (`vinny.publish.events_json.published`), one
compact JSON object a line. An empty catalogue is an empty file."""

from __future__ import annotations

from typing import Any

import orjson

from vinny.publish.events_json import published
from vinny.publish.exporter import Exporter


def json_line(doc: dict[str, Any]) -> bytes:
    return orjson.dumps(published(doc)) + b"\n"


class JsonlExporter(Exporter):
    def outputs(self):
        return ["events.jsonl"]

    def add(self, doc):
        self.file("events.jsonl").write(json_line(doc))
        self.count += 1

    def finish(self, conn):
        self.file("events.jsonl")  # an empty catalogue still gets its (empty) file
