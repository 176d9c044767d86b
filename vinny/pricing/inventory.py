"""UrVenue table inventory -> pricing tiers. Pure: text or JSON in, tiers out, no I/O.

The same items come from three places: the `uwspx_inventoryinit` answer of a site's ajax proxy
or of booketing.com (`{"html", "items", "eventdata"}`), and the `urcart_itms` or
`uv_tablesitems` object an older page embeds. `items` is an object keyed by item code, a list,
or "" / [] when there is nothing. Only table and bottle-service items are tiers; tickets and
packages are not. Anything that would store a wrong or partial price raises `InventoryError`.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass
from typing import Any

from vinny.pricing.amounts import AmountError, parse_amount, parse_count, parse_flag
from vinny.slugs import slugify

_TIER_TYPE = re.compile(r"\btables?\b|\bbottles?\b", re.IGNORECASE)
_NOT_TIER_TYPE = re.compile(r"ticket|package", re.IGNORECASE)
_INQUIRY = re.compile(r"inquir", re.IGNORECASE)
_CODE_FIELDS = ("mastercode", "itemcode", "code", "id")


class InventoryError(ValueError):
    """Why an inventory gave no usable tiers; `reason` is a short stat-friendly word."""

    def __init__(self, reason: str, detail: str):
        super().__init__(f"{reason}: {detail}")
        self.reason = reason
        self.detail = detail


@dataclass(frozen=True)
class Tier:
    tier_id: str
    tier_name: str
    min_spend: int | None
    pay_now: int | None
    guests: int | None
    available_count: int | None
    is_available: bool


def decode_answer(body: bytes) -> dict[str, Any]:
    """The JSON object of an inventory answer; HTML or broken JSON is an `InventoryError`."""
    text = body.decode("utf-8", errors="replace").lstrip("\ufeff \t\r\n")
    if text.startswith("<"):
        # Said by size, never quoted: a fetched body is not ours to publish.
        raise InventoryError("not_json", f"an HTML page of {len(body)} bytes where JSON was "
                                         "expected")
    try:
        data = json.loads(text)
    except ValueError as exc:
        raise InventoryError("malformed_json", str(exc)) from None
    if not isinstance(data, dict):
        # WordPress's admin-ajax answers a bare 0 or -1 for an unknown action or a bad nonce.
        raise InventoryError("unexpected_json",
                             f"a JSON {type(data).__name__} instead of an inventory object")
    return data


def decode_embedded(script: str) -> Any:
    """The JavaScript value after `urcart_itms =`: JSON, followed by whatever the script says."""
    try:
        value, _ = json.JSONDecoder().raw_decode(script.lstrip())
    except ValueError as exc:
        raise InventoryError("malformed_embedded", str(exc)) from None
    return value


def tiers_from_answer(body: bytes) -> list[Tier]:
    return tiers_from_items(decode_answer(body).get("items"))


def tiers_from_embedded(script: str) -> list[Tier]:
    value = decode_embedded(script)
    if isinstance(value, dict) and "items" in value:
        value = value["items"]
    return tiers_from_items(value)


def tiers_from_items(items: Any) -> list[Tier]:
    """The tiers among `items`, in source order; raises when there are no items at all."""
    if items in (None, "", [], {}):
        raise InventoryError("no_items", "the inventory lists no items")
    if isinstance(items, dict):
        pairs = list(items.items())
    elif isinstance(items, list):
        pairs = [(None, item) for item in items]
    else:
        raise InventoryError("malformed_items", f"items is a {type(items).__name__}")
    tiers: list[Tier] = []
    seen: set[str] = set()
    for key, item in pairs:
        if not isinstance(item, dict) or not is_tier_item(item):
            continue
        tier = tier_of(key, item)
        if tier.tier_id in seen:
            # The id is the tier's key in the catalogue: two rows must never share one.
            tier = _renamed(tier, seen)
        seen.add(tier.tier_id)
        tiers.append(tier)
    return tiers


def is_tier_item(item: dict[str, Any]) -> bool:
    kind = _text(item.get("booktypename")) or ""
    return bool(_TIER_TYPE.search(kind)) and not _NOT_TIER_TYPE.search(kind)


def tier_of(key: str | None, item: dict[str, Any]) -> Tier:
    name = _text(item.get("itemname")) or _text(item.get("name"))
    tier_id = _text(key) or next((_text(item.get(f)) for f in _CODE_FIELDS if item.get(f)), None)
    if not tier_id:
        tier_id = slugify(f"{name or 'table'} {_text(item.get('ecocode')) or ''}")
    if not name:
        raise InventoryError("malformed_items", f"item {tier_id} has no name")
    price = item.get("listprice", item.get("price"))
    inquiry = any(_INQUIRY.search(_text(v) or "") for v in (price, item.get("pricingdisplay")))
    try:
        # Whatever its label ("Minimum Spend", "F&B Minimum"), `listprice` is the minimum.
        min_spend = None if inquiry else parse_amount(price)
        pay_now = None if inquiry else parse_amount(item.get("paynow"))
    except AmountError as exc:
        raise InventoryError("bad_amount", f"item {tier_id} ({name}): {exc}") from None
    # A table has no zero minimum: the sites print 0.00 on rows sold by inquiry.
    min_spend = min_spend or None
    guests = parse_count(item.get("capacity"))
    stock = parse_count(item.get("stock"))
    sold_out = parse_flag(item.get("inactive")) or (stock is not None and stock <= 0)
    available = 0 if sold_out else stock
    return Tier(tier_id, name, min_spend, pay_now, guests if guests and guests > 0 else None,
                available, not sold_out)


def _renamed(tier: Tier, seen: set[str]) -> Tier:
    n = 2
    while f"{tier.tier_id}-{n}" in seen:
        n += 1
    return Tier(f"{tier.tier_id}-{n}", *(getattr(tier, f) for f in Tier.__dataclass_fields__
                                         if f != "tier_id"))


def _text(value: Any) -> str | None:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        return None
    cleaned = " ".join(html.unescape(value).split())
    return cleaned or None
