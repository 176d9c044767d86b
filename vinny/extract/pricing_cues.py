"""What an event page says about its table inventory, found by scanning the text (no DOM).

UrVenue pages: the newer plugin's nonce (`urvenue_ws_inventory_vars.targetNonce`, needed to
ask its ajax proxy) and the table items older pages embed as a JavaScript object
(`var urcart_itms = {...}`, `uv_tablesitems = [...]`), kept unparsed for the pricing pipeline.
TAO pages: the booketing.com event code of the reservations widget (`data-eventcode`).
"""

from __future__ import annotations

import re
from typing import Any

_NONCE = re.compile(r'"targetNonce"\s*:\s*"([A-Za-z0-9_-]{1,64})"')
_EMBEDDED_NAMES = ("urcart_itms", "uv_tablesitems")
_ASSIGNMENT = re.compile(r"\s*=\s*(?=[\[{])")
_BOOKETING_CODE = re.compile(r'data-eventcode="(EVE\d{8,})"')
_VARS_WINDOW = 2048


def page_inventory(text: str) -> dict[str, Any] | None:
    """`{"nonce", "embedded"}` when the page has either, else None."""
    at = text.find("urvenue_ws_inventory_vars")
    if at != -1 and (match := _NONCE.search(text, at, at + _VARS_WINDOW)):
        # The newer plugin asks its proxy and embeds nothing: no more scans of the page.
        return {"nonce": match[1], "embedded": None}
    for name in _EMBEDDED_NAMES:
        if (embedded := _embedded(text, name)) is not None:
            return {"nonce": None, "embedded": embedded}
    return None


def _embedded(text: str, name: str) -> str | None:
    """The script text from the object assigned to `name` up to the end of its script."""
    at = text.find(name)
    while at != -1:
        after = at + len(name)
        assignment = _ASSIGNMENT.match(text, after)
        if assignment:
            end = text.find("</script>", assignment.end())
            return text[assignment.end():end if end != -1 else len(text)]
        at = text.find(name, after)
    return None


def booketing_event_code(text: str) -> str | None:
    at = text.find('data-eventcode="')
    if at == -1:
        return None
    match = _BOOKETING_CODE.match(text, at)
    return match[1] if match else None
