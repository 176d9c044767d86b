"""Table inventory of the replica: UrVenue's `uwspx_inventoryinit` on the sites' ajax proxy and
on booketing.com, and the older event pages that embed their items or carry no nonce.

The inventory of an event code is deterministic (`truth(code)`, in plain numbers, so that tests
can recompute what each tier must say); the answer writes its amounts in the sources' several
forms ("6000", "6,000.00", "$6,000", 6000). A catalog entry may add:

  inventory        how an UrVenue page exposes it: "nonce" (default: the newer plugin, whose
                   `urvenue_ws_proxy` action wants the page's `uws_nonce` and no longer knows
                   `uvpx`), "legacy" (no nonce on the page; `action=uvpx`), "urcart_itms" or
                   "uv_tablesitems" (the items are in the page, which has no nonce either)
  inventory_of     the event code whose inventory this listing shares (a second listing of
                   one night: UrVenue resolves both codes to one table map)
  inventory_raise  dollars added to the cheapest priced table's minimum (a price change)
  inventory_fault  null | "500" | "500_once" | "timeout" | "malformed" | "html_error" | "empty"
                   | "bad_amount" | "absurd_amount" | "stale_nonce" (the page's nonce is refused).
                   On a page that embeds its items the fault spoils the embedded copy only.
"""

from __future__ import annotations

import json
import random
import re
import threading
import time
from dataclasses import dataclass, replace
from urllib.parse import parse_qs

from . import render_misc
from .layout import digest, esc
from .reply import HTML, JSON, TEXT, Reply
from .venues import HOSTS, URVENUE_SITES, VENUES

BOOKETING_HOST = "booketing.com"
BOOKETING_PATH = "/uws/house/proxy"
AJAX_PATH = "/wp-admin/admin-ajax.php"
MANAGE_ENTITY = "61"
EMBEDDED = ("urcart_itms", "uv_tablesitems")
FAULTS = (None, "500", "500_once", "timeout", "malformed", "html_error", "empty", "bad_amount",
          "absurd_amount", "stale_nonce")
SLOW_SECONDS = 3.0  # how long a "timeout" inventory keeps the client waiting
FB_MINIMUM_VENUE_IDS = {"1103", "1163"}  # Encore Beach Club labels its minimum "F&B Minimum"
DAYTIME_VENUE_IDS = {v.venue_id for v in VENUES.values() if v.daytime and v.venue_id} - {"1214881"}
TIER_KINDS = ("Tables", "Bottle Service")

# Cheapest first: a night's tables are priced in this order.
NIGHT_TABLES = ("Bar Rail Table", "Lounge Booth", "Upper Level Balcony", "Main Room Stage Side",
                "Main Room Dance Floor", "DJ Booth Riser", "Skybox Suite", "Owner's Table")
DAY_TABLES = ("Poolside Table", "Poolside Daybed", "Upper Deck Daybed", "Cabana", "Stage Cabana",
              "Pool Bungalow", "Owner's Bungalow")
MINIMUMS = (1000, 1500, 2000, 2500, 3000, 5000, 7500, 10000, 15000, 20000, 30000, 50000)
_LEGACY_CODE = re.compile(r"^EVE(\d+?)(\d{3})(\d{8})$")
_NONCE_SCRIPT = re.compile(rb'<script id="urvenue-ws-inventory-js-extra">.*?</script>\n', re.S)
_CONTENT_MARK = b'class="uwsevent-detail'


@dataclass(frozen=True)
class TruthItem:
    """One inventory item as the venue means it; `min_spend` None is "INQUIRY ONLY"."""

    code: str
    name: str
    kind: str
    min_spend: int | None
    deposit: int | None
    capacity: int
    stock: int
    inactive: bool

    @property
    def is_tier(self) -> bool:
        return self.kind in TIER_KINDS

    @property
    def sold_out(self) -> bool:
        return self.inactive or self.stock <= 0


def truth(code: str, raise_by: int = 0) -> list[TruthItem]:
    """The inventory of an event code: 3-5 tables, maybe bottle service, tickets, a package;
    `raise_by` dollars added to the cheapest priced table's minimum (a price change)."""
    rng = random.Random(digest("inventory:" + code))
    match = _LEGACY_CODE.match(code)
    daytime = bool(match) and match[1] in DAYTIME_VENUE_IDS
    pool = DAY_TABLES if daytime else NIGHT_TABLES
    names = sorted(rng.sample(pool, rng.randint(3, 5)), key=pool.index)
    minimums = sorted(rng.sample(MINIMUMS, len(names)))
    numbers = iter(rng.sample(range(100, 1000), len(names) + 4))
    items = []
    for i, (name, minimum) in enumerate(zip(names, minimums, strict=True)):
        inquiry = i == len(names) - 1 and rng.random() < 0.4
        stock = rng.choice((0, 1, 2, 3, 4, 6))
        deposit = round(minimum * rng.choice((0.2, 0.25, 0.5)) / 100) * 100
        items.append(TruthItem(f"MAS{next(numbers)}", name, "Tables",
                               None if inquiry else minimum, None if inquiry else deposit,
                               min(20, max(4, minimum // 500)), stock,
                               stock > 0 and rng.random() < 0.15))
    if raise_by:
        first = next(i for i, item in enumerate(items) if item.min_spend is not None)
        items[first] = replace(items[first], min_spend=items[first].min_spend + raise_by)
    if rng.random() < 0.6:
        items.append(TruthItem(f"MAS{next(numbers)}", "Bottle Service - Bar Rail",
                               "Bottle Service", 1500, 500, 4, rng.choice((0, 5, 8)), False))
    for name in ("General Admission", "Women's General Admission"):
        price = rng.choice((40, 60, 75, 100, 150))
        items.append(TruthItem(f"TIX{next(numbers)}", name, "Tickets", price, price, 1, 200,
                               False))
    if rng.random() < 0.5:
        items.append(TruthItem(f"PKG{next(numbers)}", "Birthday Package", "Packages", 2500, 2500,
                               6, 3, False))
    return items


def _money(amount: int, style: int) -> str | int:
    return (str(amount), f"{amount}.00", f"{amount:,.2f}", f"${amount:,}", amount)[style]


def items_of(code: str, fault: str | None = None, raise_by: int = 0) -> dict[str, dict]:
    """The `items` object of the answer for `code`, keyed by item code, amounts in mixed forms."""
    rng = random.Random(digest("format:" + code))
    match = _LEGACY_CODE.match(code)
    label = ("F&B Minimum" if match and match[1] in FB_MINIMUM_VENUE_IDS else "Minimum Spend")
    items = {}
    for n, item in enumerate(truth(code, raise_by)):
        style = rng.randrange(5)
        if item.min_spend is None:
            price, shown, paytype = rng.choice(("", "INQUIRY ONLY")), "INQUIRY ONLY", "inquiry"
            paynow: str | int = ""
        elif item.is_tier:
            price, shown, paytype = _money(item.min_spend, style), label, "deposit"
            paynow = _money(item.deposit or 0, rng.randrange(5))
        else:
            price, shown, paytype = _money(item.min_spend, 0), "Price", "full"
            paynow = price
        items[item.code] = {
            "mastercode": item.code, "itemname": item.name, "booktypename": item.kind,
            "capacity": str(item.capacity) if n % 2 else item.capacity,
            "listprice": price, "pricingdisplay": shown, "paytype": paytype, "paynow": paynow,
            "stock": str(item.stock) if n % 3 else item.stock,
            "inactive": rng.choice(("1", 1)) if item.inactive else rng.choice(("0", 0, "")),
            "ecocode": "ECZ001", "econame": "Main Room", "currency": "USD",
        }
    first_table = next((c for c, i in items.items() if i["booktypename"] == "Tables"
                        and i["listprice"] not in ("", "INQUIRY ONLY")), None)
    if fault == "bad_amount" and first_table:
        items[first_table]["listprice"] = "-" + str(items[first_table]["listprice"]).lstrip("$")
    if fault == "absurd_amount" and first_table:
        items[first_table]["listprice"] = "60,000,000.00"
    return {} if fault == "empty" else items


def answer(code: str, entry: dict | None, fault: str | None = None) -> dict:
    """The whole `uwspx_inventoryinit` answer: rendered rows, items and the event's data."""
    items = (items_of(inventory_code(entry), fault, entry.get("inventory_raise", 0))
             if entry is not None else {})
    rows = "".join(
        f'<div class="uwsinv-item" data-mastercode="{c}"><span class="uwsname">'
        f'{esc(i["itemname"])}</span><span class="uwsprice">{esc(str(i["listprice"]))}</span>'
        '</div>' for c, i in items.items())
    eventdata: dict = {}
    if entry is not None:
        start = entry.get("start_local") or ""
        eventdata = {"name": entry["name"], "date": start[:10], "eventcode": code,
                     "venueid": entry.get("venue_id") or "",
                     "flyers": {"eventpage": {"url": entry.get("image") or ""}}}
    return {"html": f'<div class="uwsinv-list">{rows}</div>', "items": items or [],
            "eventdata": eventdata}


def inventory_code(entry: dict) -> str:
    """Whose inventory a page sells: its own code's, or that of the listing it duplicates."""
    return entry.get("inventory_of") or entry["code"]


def page_nonce(url: str) -> str:
    """The nonce an UrVenue page carries, as render_urvenue writes it."""
    return f"{digest('nonce:' + url):016x}"[:10]


def decorate(entry: dict, page: Reply) -> Reply:
    """An UrVenue event page as its `inventory` mode shows it (the default page is "nonce")."""
    mode = entry.get("inventory") or "nonce"
    if entry["site"] == "tao" or mode == "nonce" or not entry.get("code"):
        return page
    script = b""
    if mode in EMBEDDED:
        script = _embedded_script(entry, mode).encode("ascii")

    def edit(chunk: bytes) -> bytes:
        chunk = _NONCE_SCRIPT.sub(b"", chunk)
        if script and _CONTENT_MARK in chunk:
            chunk = chunk.replace(b"</main>", script + b"</main>", 1)
        return chunk

    chunks = tuple(edit(c) if isinstance(c, bytes) else c for c in page.chunks)
    return Reply(page.status, page.content_type, chunks, page.headers)


def _embedded_script(entry: dict, mode: str) -> str:
    fault = entry.get("inventory_fault")
    items = items_of(inventory_code(entry),
                     fault if fault in ("bad_amount", "absurd_amount", "empty") else None,
                     entry.get("inventory_raise", 0))
    if mode == "urcart_itms":
        blob = json.dumps(items)
        line = f"var urcart_itms = {blob};\nvar venueid = '{entry.get('venue_id') or ''}';"
    else:
        blob = json.dumps([i for i in items.values() if i["booktypename"] in TIER_KINDS])
        line = f"window.uv_tablesitems = {blob};"
    if fault == "malformed":
        line = line[: len(line) // 2]
    return f'<script type="text/javascript">\n{line}\n</script>\n'


class InventoryProxy:
    """A `uwspx_inventoryinit` endpoint: a site's admin-ajax.php, or booketing.com's proxy."""

    def __init__(self, entries: list[dict], *, booketing: bool = False,
                 not_found: Reply | None = None):
        self.booketing = booketing
        # Other ajax actions are not modelled: they answer as a missing page did before.
        self.not_found = not_found or render_misc.unknown_host()
        self.entries = {e["code"]: e for e in entries if e.get("code")}
        self.nonces = {page_nonce(e["url"]) for e in entries
                       if (e.get("inventory") or "nonce") == "nonce"
                       and e.get("inventory_fault") != "stale_nonce"}
        self.lock = threading.Lock()
        self.failed_once: set[str] = set()
        self.replies: dict[tuple[str, str | None], Reply] = {}

    def __call__(self, request) -> Reply:
        query = {k: v[0] for k, v in parse_qs(request.query, keep_blank_values=True).items()}
        if query.get("uvaction") != "uwspx_inventoryinit":
            return self.not_found
        code = query.get("eventcode", "")
        entry = self.entries.get(code)
        problem = (self._booketing_problem(query) if self.booketing
                   else self._ajax_problem(query, entry))
        if problem is not None:
            return problem
        fault = entry.get("inventory_fault") if entry else None
        if entry and (entry.get("inventory") or "nonce") in EMBEDDED:
            fault = None  # the page's copy carries the fault; the proxy is healthy
        return self._answer(code, entry, fault)

    def _ajax_problem(self, query: dict, entry: dict | None) -> Reply | None:
        action = query.get("action")
        if action == "urvenue_ws_proxy":
            if query.get("uws_nonce") not in self.nonces:
                return Reply.of(403, JSON, '{"success":false,"data":"Invalid nonce"}')
            return None
        newer = entry is not None and (entry.get("inventory") or "nonce") == "nonce"
        # The newer plugin no longer knows `uvpx`: WordPress answers 400 and a bare 0.
        return Reply.of(400, TEXT, "0") if action != "uvpx" or newer else None

    def _booketing_problem(self, query: dict) -> Reply | None:
        if query.get("action") != "uvpx" or query.get("manageentid") != MANAGE_ENTITY:
            return Reply.of(400, JSON, '{"error":"unknown management entity or action"}')
        return None

    def _answer(self, code: str, entry: dict | None, fault: str | None) -> Reply:
        if fault == "500":
            return render_misc.server_error()
        if fault == "500_once":
            with self.lock:
                first = code not in self.failed_once
                self.failed_once.add(code)
            if first:
                return render_misc.server_error()
        if fault == "timeout":
            time.sleep(SLOW_SECONDS)
        if fault == "html_error":
            return Reply.of(200, HTML, "<!DOCTYPE html><html><head><title>Maintenance</title>"
                            "</head><body><h1>Briefly unavailable for scheduled maintenance."
                            "</h1><p>Check back in a minute.</p></body></html>")
        key = (code, fault)
        reply = self.replies.get(key)
        if reply is None:
            body = json.dumps(answer(code, entry, fault))
            if fault == "malformed":
                body = body[: len(body) // 2]
            # Built once per code: the replica shares the crawler's two cores in benchmarks.
            reply = self.replies.setdefault(key, Reply.of(200, JSON, body))
        return reply


def build(events: list[dict]) -> dict[tuple[str, str], InventoryProxy | Reply]:
    """The inventory routes of a catalog: each UrVenue site's ajax proxy, and booketing.com."""
    for entry in events:
        if (entry.get("inventory") or "nonce") not in ("nonce", "legacy", *EMBEDDED):
            raise ValueError(f"{entry['url']}: unknown inventory {entry['inventory']!r}")
        if entry.get("inventory_fault") not in FAULTS:
            raise ValueError(f"{entry['url']}: unknown inventory_fault "
                             f"{entry['inventory_fault']!r}")
    routes: dict[tuple[str, str], InventoryProxy | Reply] = {}
    for site in URVENUE_SITES:
        entries = [e for e in events if e["site"] == site and "not_event" not in e["variant"]]
        routes[HOSTS[site], AJAX_PATH] = InventoryProxy(
            entries, not_found=render_misc.not_found(site, "/404/"))
    tao = [e for e in events if e["site"] == "tao" and "not_event" not in e["variant"]]
    routes[BOOKETING_HOST, BOOKETING_PATH] = InventoryProxy(tao, booketing=True)
    routes[BOOKETING_HOST, "/robots.txt"] = Reply.of(
        200, TEXT, "User-agent: *\nDisallow: /admin/\nDisallow: /checkout/\n")
    return routes
