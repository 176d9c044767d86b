"""HTML built from strings, escaped by default.

Everything the database holds came from fetched pages, so every value put into a page is
escaped unless it is `Markup` (HTML this package built itself). Links to other sites are kept
only when they are http(s); chart data goes into a JSON block that no value can close.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, urlsplit

import orjson


class Markup(str):
    """HTML that is already safe: inserted as it is."""

    __slots__ = ()


def escape(value: Any) -> Markup:
    if isinstance(value, Markup):
        return value
    return Markup(html.escape("" if value is None else str(value), quote=True))


def render(template: str, **values: Any) -> Markup:
    """`template` (a `str.format` template written here) with every value escaped."""
    return Markup(template.format(**{k: escape(v) for k, v in values.items()}))


def join(parts: Iterable[Any]) -> Markup:
    return Markup("".join(escape(p) for p in parts))


def path_part(value: str) -> str:
    """One path segment of a dashboard URL (an event id, a venue slug)."""
    return quote(value, safe="")


def external(url: str | None) -> str | None:
    """`url` if a browser may follow it from the dashboard (http or https), else None."""
    if not url:
        return None
    try:
        scheme = urlsplit(url).scheme.lower()
    except ValueError:
        return None
    return url if scheme in ("http", "https") else None


def image_src(url: str | None) -> str | None:
    """An image URL served by this server (`/images/...`) or an http(s) one, else None."""
    if url and url.startswith("/") and not url.startswith("//"):
        return url
    return external(url)


def json_block(element_id: str, data: Any) -> Markup:
    """Data for the page's script, in a block the browser never runs; `<`, `>` and `&` as
    JSON escapes, so no value can end the block."""
    text = orjson.dumps(data).decode()
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return Markup(f'<script type="application/json" id="{escape(element_id)}">{text}</script>')
