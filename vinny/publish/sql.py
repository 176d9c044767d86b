"""SQL text for SQLite and Cloudflare D1: literals and idempotent upserts, every statement
under D1's limit of 100,000 bytes (pure functions).

A file of these statements is executed statement by statement (no parameters), so every value
is a literal: strings single-quoted with quotes doubled (backslashes, line feeds and emoji need
nothing in SQLite); text with other control characters as `CAST(X'<utf-8 hex>' AS TEXT)`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator, Sequence
from typing import Any

import orjson

# D1 rejects statements over 100,000 bytes; keep a margin for the statement's own words.
MAX_STATEMENT_BYTES = 100_000
VALUE_BUDGET = 30_000  # bytes of one literal before it is split into appends
CHUNK_CHARS = 6_000  # a chunk of at most 24 KB (4 bytes a character) before quoting
# Text with control characters other than tab and line feed goes in as UTF-8 in hex: a NUL
# ends the text in some tools, a carriage return may be rewritten by anything that normalises
# line ends.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def literal(value: Any) -> str:
    if value is None:
        return "NULL"
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return repr(value) if math.isfinite(value) else "NULL"
    if isinstance(value, dict | list):
        value = orjson.dumps(value).decode()
    text = str(value)
    if _CONTROL.search(text):
        return f"CAST(X'{text.encode().hex()}' AS TEXT)"
    return _quote(text)


def _size(text: str) -> int:
    return len(text.encode())


def where(key: Sequence[str], values: Sequence[Any]) -> str:
    return " AND ".join(f"{column} = {literal(value)}" for column, value in zip(key, values,
                                                                                 strict=True))


def _chunks(text: str) -> Iterator[str]:
    for start in range(0, len(text), CHUNK_CHARS):
        yield from _fitted(text[start:start + CHUNK_CHARS])


def _fitted(chunk: str) -> Iterator[str]:
    """`chunk` in pieces whose literals fit the budget (hex takes twice the room)."""
    if len(chunk) > 1 and _size(literal(chunk)) > VALUE_BUDGET:
        middle = len(chunk) // 2
        yield from _fitted(chunk[:middle])
        yield from _fitted(chunk[middle:])
    else:
        yield chunk


def upsert(table: str, columns: Sequence[str], key: Sequence[str],
           rows: Sequence[Sequence[Any]]) -> Iterator[str]:
    """`INSERT ... ON CONFLICT (key) DO UPDATE` of `rows` (values in `columns` order), as few
    statements as the size limit allows. A row too large for one statement goes in with its long
    text values empty, then gets them appended (`col = col || '...'`) piece by piece: the same
    final row however often the statements run."""
    updates = [f"{c} = excluded.{c}" for c in columns if c not in key]
    head = f"INSERT INTO {table} ({', '.join(columns)}) VALUES "
    tail = (f" ON CONFLICT ({', '.join(key)}) DO "
            + (f"UPDATE SET {', '.join(updates)}" if updates else "NOTHING"))
    budget = MAX_STATEMENT_BYTES - _size(head) - _size(tail) - 2
    pending: list[str] = []
    used = 0
    for row in rows:
        literals = [literal(v) for v in row]
        text = f"({', '.join(literals)})"
        size = _size(text)
        if size > budget or any(_size(lit) > VALUE_BUDGET for lit in literals):
            if pending:
                yield head + ", ".join(pending) + tail
                pending, used = [], 0
            yield from _oversized(table, columns, key, row, head, tail)
            continue
        if pending and used + size + 2 > budget:
            yield head + ", ".join(pending) + tail
            pending, used = [], 0
        pending.append(text)
        used += size + 2
    if pending:
        yield head + ", ".join(pending) + tail


def _oversized(table: str, columns: Sequence[str], key: Sequence[str], row: Sequence[Any],
               head: str, tail: str) -> Iterator[str]:
    texts = [orjson.dumps(v).decode() if isinstance(v, dict | list) else v for v in row]
    long = [i for i, v in enumerate(texts)
            if isinstance(v, str) and columns[i] not in key and _size(literal(v)) > 1_000]
    first = [("" if i in long else v) for i, v in enumerate(texts)]
    yield head + f"({', '.join(literal(v) for v in first)})" + tail
    match = where(key, [row[columns.index(c)] for c in key])
    for i in long:
        for chunk in _chunks(texts[i]):
            yield (f"UPDATE {table} SET {columns[i]} = {columns[i]} || {literal(chunk)} "
                   f"WHERE {match}")


def in_list(values: Sequence[Any]) -> str:
    return f"({', '.join(literal(v) for v in values)})"
