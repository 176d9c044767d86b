"""The catalog the replica serves: the bundled one, one from a file, or a large generated one.

A catalog is `{"sites": {site: {"extra_sitemaps": ["empty" | "truncated"]}}, "events": [...]}`
(a bare list of entries is accepted too). One entry per URL of an events sitemap:

  site         "liv" | "wynnsocial" | "tao" | "zouk"
  url          the real absolute URL (what the sitemap lists and the page calls itself)
  code         UrVenue event code (EVE..., EVE-XXXXXX) or null
  name         the event name as the page shows it
  venue_label  the venue as the page shows it (null on a landing page)
  venue_id     UrVenue / booketing venue id, or null
  city         the venue's city
  performers   headliner first; may be empty (then the page names no performer)
  start_local  "YYYY-MM-DDTHH:MM", the local wall time of the start the page shows, or null
  image        flyer URL (1200SC0 on UrVenue) or null
  modified     TAO's lastmod ("...+00:00") or null
  variant      flags the renderers honour: no_jsonld, graph, list, malformed_comma,
               malformed_newline, performer_group, performer_single, no_date, not_event,
               windows1252, needs_js (client-rendered; with js_broken it never renders),
               renamed_time (the start time's class renamed, as a redesign would),
               duplicate (informational); the real sites' markup (docs/real-templates.md):
               plugin_markup (UrVenue: the plugin's `uws-event-cont` block, JSON-LD in the
               footer), inventory_templates (UrVenue: `<script type="text/template">` inventory
               templates, `{{itemname}}`, before the event block), more_events ("More events"
               cards after the block; LIV's carry `data-liv-*`), uv_events_name (Wynn's older
               theme: name in `h1 span.uv-events-name`, no date text), date_only (TAO: Yoast's
               @graph only, the date in og:title and the URL, no time anywhere)
  real         the rules of expect.py this entry shows (e.g. ["no_artist"]); while one is
               pending, the bundled catalog leaves the entry out
  fault        null | "500_once" (500 until the first success, re-armed by reset) | "500"
               (always) | "404"
  expect       {event_id, event_date, venue_slug, venue_tag, performer, performers, start_at},
               or {"skip": "not_event" | "out_of_scope" | "not_las_vegas"},
               {"reject": "missing_date"} or {"error": "http_404"}, as every rule of expect.py
               has it (pending or not: the entries a pending rule changes are left out)
"""

from __future__ import annotations

import json
import random
import string
from datetime import UTC, date, datetime, timedelta
from importlib import resources
from pathlib import Path
from typing import Any

from .artists import ARTISTS, THEMES
from .expect import expectation, pending, slugify
from .venues import HOSTS, IN_SCOPE, VENUES, Venue

SITES = tuple(HOSTS)
FAULTS = (None, "500_once", "500", "404")
EXTRA_SITEMAPS = ("empty", "truncated")
REQUIRED = ("site", "url", "name", "venue_label", "expect")
DEFAULTS: dict[str, Any] = {"code": None, "venue_id": None, "city": None, "performers": [],
                            "start_local": None, "image": None, "modified": None, "variant": [],
                            "real": [], "fault": None}
FIELDS = ("site", "url", "code", "name", "venue_label", "venue_id", "city", "performers",
          "start_local", "image", "modified", "variant", "real", "fault", "expect")
# Share of generated TAO pages that carry only Yoast's @graph (date in og:title, no time),
# as on the real site once rule `date_only` is followed.
DATE_ONLY_SHARE = 0.6
FIRST_NIGHT = date(2026, 12, 1)


def load_catalog(source: str | Path | dict | list | None = None) -> dict:
    """The bundled catalog (None), a JSON file (a path), or an already loaded catalog."""
    if source is None:
        # The catalog is package data of `replica`, read as such wherever the package is installed.
        text = resources.files(__package__).joinpath("catalog.json").read_text("utf-8")
        data = json.loads(text)
        off = pending()
        # Entries showing a rule vinny does not follow yet wait until it does.
        data["events"] = [e for e in data["events"] if not off & set(e.get("real", []))]
    elif isinstance(source, str | Path):
        data = json.loads(Path(source).read_text("utf-8"))
    else:
        data = source
    return normalize(data)


def normalize(data: dict | list) -> dict:
    """Fill the optional fields of every entry and check what the renderers rely on."""
    if isinstance(data, list):
        data = {"sites": {}, "events": data}
    sites = {site: dict(data.get("sites", {}).get(site, {})) for site in SITES}
    for site, options in sites.items():
        for kind in options.setdefault("extra_sitemaps", []):
            if kind not in EXTRA_SITEMAPS:
                raise ValueError(f"{site}: unknown extra sitemap {kind!r}")
    events, urls = [], set()
    for i, raw in enumerate(data["events"]):
        merged = {**DEFAULTS, **raw}
        entry = {k: merged[k] for k in FIELDS if k in merged} | merged
        entry["performers"], entry["variant"] = list(entry["performers"]), list(entry["variant"])
        entry["real"] = list(entry["real"])
        missing = [k for k in REQUIRED if k not in raw]
        if missing:
            problem = f"missing {missing}"
        elif entry["site"] not in HOSTS:
            problem = f"unknown site {entry['site']!r}"
        else:
            problem = _problem(entry)
        if not problem and entry["url"] in urls:
            problem = "duplicate url"
        if problem:
            raise ValueError(f"catalog entry {i} ({raw.get('url')}): {problem}")
        urls.add(entry["url"])
        events.append(entry)
    return {**{k: v for k, v in data.items() if k not in ("sites", "events")},
            "sites": sites, "events": events}


def _problem(entry: dict) -> str | None:
    prefix = f"https://{HOSTS[entry['site']]}/"
    if not entry["url"].startswith(prefix) or not entry["url"].endswith("/"):
        return f"url must start with {prefix} and end with /"
    if entry["fault"] not in FAULTS:
        return f"unknown fault {entry['fault']!r}"
    needs_start = "not_event" not in entry["variant"] and "no_date" not in entry["variant"]
    if needs_start and not entry["start_local"]:
        return "start_local is required"
    if entry["site"] == "tao" and needs_start and entry["venue_label"] not in VENUES:
        return "a TAO page needs a known venue (its time zone and address)"
    if "performer_single" in entry["variant"] and len(entry["performers"]) != 1:
        return "performer_single needs exactly one performer"
    return None


def dumps(catalog: dict) -> str:
    """JSON with one line per entry field, so the hand-written catalog stays easy to edit."""
    def one(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    lines = ["{"] + [f" {one(k)}: {one(v)}," for k, v in catalog.items() if k != "events"]
    entries = [",\n".join(f"   {one(k)}: {one(v)}" for k, v in e.items())
               for e in catalog["events"]]
    lines.append(' "events": [' + ",".join(f"\n  {{\n{e}\n  }}" for e in entries) + "\n ]")
    return "\n".join(lines) + "\n}\n"


def generate(n_events: int = 3000, seed: int = 0) -> dict:
    """A large catalog of ordinary events, spread evenly over the site families."""
    rng = random.Random(seed)
    date_only = DATE_ONLY_SHARE if "date_only" not in pending() else 0.0
    per_site = {site: n_events // len(SITES) + (i < n_events % len(SITES))
                for i, site in enumerate(SITES)}
    events = []
    for site, count in per_site.items():
        venues = [v for v in VENUES.values() if v.site == site and v.scope == IN_SCOPE]
        # One event per venue and night, like the real calendars (and Wynn's codes need it).
        nights = max(30, -(-count * 5 // (4 * len(venues))))
        slots = [(v, FIRST_NIGHT + timedelta(days=d)) for v in venues for d in range(nights)]
        codes: set[str] = set()
        for venue, night in sorted(rng.sample(slots, count), key=lambda s: (s[1], s[0].label)):
            events.append(_generated_entry(rng, venue, night, codes, date_only))
    return normalize({"generated": {"n_events": n_events, "seed": seed},
                      "sites": {}, "events": events})


def _generated_entry(rng: random.Random, venue: Venue, night: date, codes: set[str],
                     date_only: float) -> dict:
    headliner = rng.choice(ARTISTS)
    performers = [headliner, *rng.sample([a for a in ARTISTS if a != headliner],
                                         rng.choice((0, 0, 0, 1, 2)))]
    roll = rng.random()
    name = (headliner if roll < 0.7 else f"{headliner} with {performers[1]}"
            if len(performers) > 1 else f"{rng.choice(THEMES)} with {headliner}")
    hour, minute = (rng.choice(((11, 0), (11, 30), (12, 0))) if venue.daytime
                    else rng.choice(((22, 0), (22, 30), (23, 0), (21, 30))))
    if venue.label == "LIV Beach" and rng.random() < 0.15:
        name, hour, minute = f"LIV Beach at Night: {headliner}", 21, 0
    if venue.venue_id in ("1103", "1163"):
        # Encore Beach Club pages carry no JSON-LD, so no performer list: the name is the act.
        name, performers = headliner, []
    start = datetime(night.year, night.month, night.day, hour, minute)
    entry = {"site": venue.site, "code": None, "name": name, "venue_label": venue.label,
             "venue_id": venue.venue_id, "city": venue.city, "performers": performers,
             "start_local": start.isoformat(timespec="minutes"), "image": None,
             "modified": None, "variant": [], "fault": None}
    has_image = rng.random() < 0.85
    ymd = f"{night:%Y%m%d}"
    if venue.site == "tao":
        entry["url"] = (f"https://taogroup.com/event/{night.month}-{night.day}-{night.year}-"
                        f"{slugify(name)}-{venue.slug}/")
        entry["code"] = f"EVE{venue.venue_id}000{ymd}" if venue.venue_id else None
        if date_only and name == headliner and rng.random() < date_only / 0.7:
            # Yoast only: no performer list, the title is the act, the date in og:title.
            entry["variant"], entry["real"], entry["performers"] = ["date_only"], ["date_only"], []
        stamp = datetime(2026, 11, 1, tzinfo=UTC) + timedelta(seconds=rng.randrange(20 * 86400))
        entry["modified"] = stamp.isoformat(timespec="seconds")
        if has_image:
            entry["image"] = (f"https://taogroup.com/wp-content/uploads/2026/11/"
                              f"{venue.slug}-{slugify(headliner)}-{night:%m%d}.jpg")
    else:
        if venue.site == "liv":
            entry["code"] = (f"EVE{venue.venue_id}000{ymd}" if venue.label == "LIV Las Vegas"
                             and rng.random() < 0.5 else _opaque_code(rng, codes))
            base = "https://www.livnightclub.com/las-vegas/event"
        else:
            # Wynn and Zouk: one venue id each, the legacy `EVE{venue}000{date}` codes.
            entry["code"] = f"EVE{venue.venue_id}000{ymd}"
            base = f"https://{HOSTS[venue.site]}/event"
        entry["url"] = f"{base}/{entry['code']}/{slugify(name)}/"
        if has_image:
            entry["image"] = (f"https://venueeventartist.com/imateq/event/{rng.randrange(1, 10)}/"
                              f"{venue.venue_id}/{rng.getrandbits(32):08x}/1200SC0/"
                              f"{slugify(headliner)}-{rng.getrandbits(24):06x}.jpeg")
    entry["expect"] = expectation(entry)
    return entry


def _opaque_code(rng: random.Random, used: set[str]) -> str:
    """LIV's 2026 codes: `EVE-` and six uppercase letters or digits, no date."""
    while True:
        code = "EVE-" + "".join(rng.choices(string.ascii_uppercase + string.digits, k=6))
        if code not in used:
            used.add(code)
            return code
