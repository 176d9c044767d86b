"""Where an event's table inventory is asked for (pure: URLs only, no requests).

UrVenue sites (every family but TAO: LIV, Wynn, Zouk): the site's own WordPress ajax proxy
(the host of the venue's registry URL), `uwspx_inventoryinit`. The newer UrVenue
plugin names the action `urvenue_ws_proxy` and wants the page's nonce (`uws_nonce`); without a
nonce the older `uvpx` action is the one to ask. TAO Group venues: booketing.com, UrVenue's
hosted checkout, under microsite `house` and management entity 61, with the numeric
`EVE<venue id>000<YYYYMMDD>` code (the page's, or one made from the venue's `VEN` code).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode, urlsplit

from vinny.venues import Venue

BOOKETING_PROXY = "https://booketing.com/uws/house/proxy"
BOOKETING_MANAGE_ENTITY = "61"
INVENTORY_ACTION = "uwspx_inventoryinit"


@dataclass(frozen=True)
class InventorySource:
    event_code: str
    url: str
    kind: str  # "urvenue_nonce", "urvenue", "booketing"


def urvenue_url(host: str, event_code: str, nonce: str | None) -> str:
    params = [("action", "urvenue_ws_proxy" if nonce else "uvpx"),
              ("uvaction", INVENTORY_ACTION), ("eventcode", event_code), ("cartcode", ""),
              ("returntempl", "1")]
    if nonce:
        params.append(("uws_nonce", nonce))
    return f"https://{host}/wp-admin/admin-ajax.php?{urlencode(params)}"


def booketing_url(event_code: str) -> str:
    params = [("action", "uvpx"), ("manageentid", BOOKETING_MANAGE_ENTITY),
              ("uvaction", INVENTORY_ACTION), ("eventcode", event_code), ("cartcode", ""),
              ("homeeventcode", ""), ("homename", ""), ("returntempl", "1")]
    return f"{BOOKETING_PROXY}?{urlencode(params)}"


def booketing_code(ven: str, night: date) -> str:
    """`VEN1089` and 2026-07-10 -> `EVE108900020260710` (zone 000, the main room)."""
    return f"EVE{ven.removeprefix('VEN')}000{night:%Y%m%d}"


def inventory_source(venue: Venue | None, event_code: str | None, night: date,
                     nonce: str | None = None) -> InventorySource | str:
    """Where to ask, or why there is nowhere to ask (a stat-friendly reason)."""
    if venue is None:
        return "unknown_venue"
    if venue.family == "tao":
        # TAO Group's own site sells nothing: its tables are on UrVenue's hosted checkout.
        code = event_code or (booketing_code(venue.booketing_ven, night)
                              if venue.booketing_ven else None)
        if not code:
            return "no_booketing_venue"
        return InventorySource(code, booketing_url(code), "booketing")
    if not event_code:
        return "no_event_code"
    host = urlsplit(venue.url).netloc
    if not host:
        return "no_source"
    kind = "urvenue_nonce" if nonce else "urvenue"
    return InventorySource(event_code, urvenue_url(host, event_code, nonce), kind)
