"""A tolerant JSON-LD reader that finds the scripts without building a DOM.

Scanning the text for `application/ld+json` costs a fraction of parsing the page, and the
Event is almost always there. Tolerates `@graph`, top-level lists, nested lists, HTML comments
and CDATA wrappers, raw newlines inside strings and trailing commas.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import orjson

from vinny.extract.common import decoded, find, page_bytes, rfind

_MARKER = b"application/ld+json"
_TRAILING_COMMA = re.compile(r",(\s*[}\]])")
EVENT_TYPES = frozenset(
    {"Event", "MusicEvent", "DanceEvent", "Festival", "SocialEvent", "TheaterEvent", "ComedyEvent"}
)


@dataclass
class JsonLd:
    nodes: list[dict[str, Any]] = field(default_factory=list)
    malformed: int = 0
    repaired: int = 0

    def events(self) -> list[dict[str, Any]]:
        return [node for node in self.nodes if not EVENT_TYPES.isdisjoint(types_of(node))]


def script_bodies(page: str | bytes) -> Iterator[str]:
    """Yield the text of every `<script type="application/ld+json">` element."""
    return map(decoded, _script_bytes(page_bytes(page)))


def _script_bytes(page: bytes) -> Iterator[bytes]:
    pos = 0
    while (hit := find(page, _MARKER, pos)) != -1:
        tag_start = rfind(page, b"<", 0, hit)
        open_end = find(page, b">", hit)
        close = find(page, b"</script", open_end)
        pos = hit + len(_MARKER)
        if tag_start == -1 or open_end == -1 or close == -1:
            continue
        if not page[tag_start : tag_start + 7].lower().startswith(b"<script"):
            continue
        yield page[open_end + 1 : close]
        pos = close


def _unwrap(body: str) -> str:
    """Drop the HTML comment or CDATA markers some CMSs put around the JSON."""
    for opener, closer in (("<!--", "-->"), ("<![CDATA[", "]]>")):
        if body.startswith(opener) and body.endswith(closer):
            return body[len(opener) : -len(closer)].strip()
    return body


def _load(body: str) -> tuple[Any, bool]:
    """Parse one script body; return (data, repaired) or raise ValueError."""
    body = _unwrap(body.strip())
    # orjson parses a page's JSON-LD ~3 times faster; json also takes what orjson refuses
    # and is still valid JSON to Python (NaN, integers past 64 bits, lone surrogates).
    for strict in (orjson.loads, json.loads):
        try:
            return strict(body), False
        except (ValueError, RecursionError):  # a hostile script nested past any reason
            continue
    # Raw control characters inside strings, trailing commas, entity-escaped quotes.
    candidate = _TRAILING_COMMA.sub(r"\1", body)
    for attempt in (candidate, html.unescape(candidate)):
        try:
            return json.loads(attempt, strict=False), True
        except (ValueError, RecursionError):
            continue
    raise ValueError("unparseable JSON-LD")


def _load_utf8(script: bytes) -> tuple[Any, bool]:
    """`_load` of the script's text. Valid JSON in UTF-8 (nearly every script) is parsed from
    its bytes, as its text would be (orjson refuses invalid UTF-8), with nothing decoded."""
    try:
        return orjson.loads(script), False
    except (ValueError, RecursionError):
        return _load(decoded(script))


# Real JSON-LD nests lists and graphs a few levels deep; deeper is ignored, never a crash.
MAX_DEPTH = 16


def flatten(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """Every JSON-LD node, unwrapping lists and `@graph` containers."""
    if depth > MAX_DEPTH:
        return
    if isinstance(data, list):
        for element in data:
            yield from flatten(element, depth + 1)
    elif isinstance(data, dict):
        graph = data.get("@graph")
        if graph is not None:
            yield from flatten(graph, depth + 1)
            if set(data) - {"@graph", "@context", "@id"}:
                yield data
        else:
            yield data


def read_jsonld(page: str | bytes) -> JsonLd:
    result = JsonLd()
    for script in _script_bytes(page_bytes(page)):
        try:
            data, repaired = _load_utf8(script)
        except ValueError:
            result.malformed += 1
            continue
        result.repaired += repaired
        result.nodes.extend(flatten(data))
    return result


def types_of(node: dict[str, Any]) -> list[str]:
    kind = node.get("@type", [])
    kinds = kind if isinstance(kind, list) else [kind]
    return [k.rsplit("/", 1)[-1] for k in kinds if isinstance(k, str)]
