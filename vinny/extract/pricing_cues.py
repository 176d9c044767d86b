"""What an event page says about its table inventory, found by scanning its bytes (no DOM).

UrVenue pages: the newer plugin's nonce (`urvenue_ws_inventory_vars.targetNonce`, needed to
ask its ajax proxy) and the table items older pages embed as a JavaScript object
(`var urcart_itms = {...}`, `uv_tablesitems = [...]`), kept unparsed for the pricing pipeline.
TAO pages: the booketing.com event code of the reservations widget (`data-eventcode`).
"""

from __future__ import annotations

import re
from typing import Any

from vinny.extract.common import decoded, find, page_bytes

_NONCE = re.compile(rb'"targetNonce"\s*:\s*"([A-Za-z0-9_-]{1,64})"')
_EMBEDDED_NAMES = (b"urcart_itms", b"uv_tablesitems")
_ASSIGNMENT = re.compile(rb"\s*=\s*(?=[\[{])")
_BOOKETING_CODE = re.compile(rb'data-eventcode="(EVE\d{8,})"')
_VARS_WINDOW = 2048


def page_inventory(page: str | bytes) -> dict[str, Any] | None:
    """`{"nonce", "embedded"}` when the page has either, else None."""
    page = page_bytes(page)
    at = find(page, b"urvenue_ws_inventory_vars")
    if at != -1 and (match := _NONCE.search(page, at, at + _VARS_WINDOW)):
        # The newer plugin asks its proxy and embeds nothing: no more scans of the page.
        return {"nonce": match[1].decode(), "embedded": None}
    for name in _EMBEDDED_NAMES:
        if (embedded := _embedded(page, name)) is not None:
            return {"nonce": None, "embedded": embedded}
    return None


def _embedded(page: bytes, name: bytes) -> str | None:
    """The script text from the object assigned to `name` up to the end of its script."""
    at = find(page, name)
    while at != -1:
        after = at + len(name)
        assignment = _ASSIGNMENT.match(page, after)
        if assignment:
            end = find(page, b"</script>", assignment.end())
            return decoded(page[assignment.end():end if end != -1 else len(page)])
        at = find(page, name, after)
    return None


def booketing_event_code(page: str | bytes) -> str | None:
    page = page_bytes(page)
    at = find(page, b'data-eventcode="')
    if at == -1:
        return None
    match = _BOOKETING_CODE.match(page, at)
    return match[1].decode() if match else None
