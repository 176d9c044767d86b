"""A small master database for the export and API tests, built at a frozen time so that every
export of it is the same bytes (and the golden files stay valid)."""

from __future__ import annotations

import zlib
from datetime import UTC, date, datetime
from pathlib import Path

import time_machine

from vinny.database.master import MasterStore
from vinny.models import VegasEvent
from vinny.timeutil import VEGAS

HOSTILE = "x'); DROP TABLE events; --"
# Everything that breaks naive quoting: SQL and Markdown and iCalendar metacharacters, HTML,
# a javascript: link, backslashes, line breaks, a tab and emoji.
HOSTILE_BIO = ("It's \"quoted\" \\ back\\slash; -- comment /* c */\nline two\r\n\ttab | pipe "
               "*bold* _it_ [link](javascript:alert(1)) <script>alert('x')</script> "
               "# heading, comma; semi 🎧🔥 é")
TODAY = date(2026, 11, 22)
BUILT_AT = "2026-11-22T12:00:00-08:00"
LONG_TEXT = ("Ünïcödé 🎶 line\n" * 12_000) + "end with a quote '"  # ~200 KB: several statements

VENUES = {
    "liv-las-vegas": ("LIV Las Vegas", "liv", "liv"),
    "xs-nightclub": ("XS Nightclub", "xs", "wynnsocial"),
    "tao-nightclub": ("TAO Nightclub", "tao", "tao"),
}


def tier(tier_id: str, min_spend: int | None, available: bool = True) -> dict:
    return {"event_id": "x", "tier_id": tier_id, "fetched_at": "2026-11-22T08:00:00+00:00",
            "is_available": available,
            "tier": {"tier_id": tier_id, "tier_name": f"Table {tier_id}", "min_spend": min_spend,
                     "pay_now": 500, "guests": 8, "available_count": 2 if available else 0}}


def images(artist: str, tag: str) -> list[dict]:
    image_id = f"{artist}-{tag}"
    return [{"image_id": image_id, "event_id": "x", "artist_slug": artist, "image_type": "artist",
             "r2_bucket": "vinny", "venue_tag": tag,
             "source_url": f"https://venueeventartist.com/imateq/{artist}.jpeg",
             "sizes": [
                 {"image_id": image_id, "preset": "main", "r2_url":
                  f"https://img.vinny.vegas/artists/{artist}/{tag}-main.jpg", "width": 500,
                  "height": 500, "file_size": 41_000},
                 {"image_id": image_id, "preset": "hd", "r2_url":
                  f"https://img.vinny.vegas/artists/{artist}/{tag}-hd.jpg", "width": 1500,
                  "height": 1500, "file_size": 290_000}]}]


def event(performer: str, when: datetime | date, venue: str = "liv-las-vegas",
          **fields) -> dict:
    name, tag, spider = VENUES[venue]
    day = when.date() if isinstance(when, datetime) else when
    code = f"EVE{zlib.crc32(f'{performer}@{venue}'.encode()) % 10_000:04d}{day:%Y%m%d}"
    data = {
        "url": f"https://{spider}.example/event/{code}/", "event_code": code,
        "event_name": performer, "performers": [performer], "venue": name, "venue_slug": venue,
        "venue_tag": tag, "spider": spider, "scraped_at": datetime(2026, 11, 22, 8, tzinfo=UTC),
        **({"start_at": when} if isinstance(when, datetime) else {"event_date": when}),
    }
    doc = VegasEvent.model_validate({**data, **fields}).json_dict()
    for row in doc["table_pricing"]:
        row["event_id"] = doc["event_id"]
    for image in doc["images"]:
        image["event_id"] = doc["event_id"]
    return doc


def at(day: int, hour: int, minute: int = 0, month: int = 12) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=VEGAS)


def dom_dolla(start: datetime | None = None, **fields) -> dict:
    links = {"streaming_links": {"artist_slug": "dom-dolla",
                                 "spotify": "https://open.spotify.com/artist/dom"},
             "social_links": {"artist_slug": "dom-dolla",
                              "instagram": "https://instagram.com/domdolla"},
             "artist_stats": {"artist_slug": "dom-dolla", "spotify_id": "dom",
                              "genres": ["tech house"], "popularity": 70,
                              "follower_count": 1000}}
    defaults = {"performers": ["Dom Dolla", "Sonny Fodera"], "artist_bio": "From Melbourne.",
                "images": images("dom-dolla", "liv"),
                "table_pricing": [tier("MAS1", 6000), tier("MAS2", 3000, available=False),
                                  tier("MAS3", None)], **links}
    return event("Dom Dolla", start or at(4, 22, 30), **{**defaults, **fields})


def first_run() -> list[dict]:
    return [
        dom_dolla(),
        event(HOSTILE, at(5, 22, 30), artist_bio=HOSTILE_BIO, table_pricing=[tier("T1", 2000)]),
        event("Mau P", at(5, 1, 0)),  # after midnight: the night of Dec 4
        event("Vanishing Act", at(12, 22, 30)),  # missing from the next two runs: removed
        event("Fisher", date(2026, 12, 6)),  # no start time known
        event("John Summit", at(1, 22, 0, month=11), venue="xs-nightclub"),  # past
        event("Cancelled Night", at(11, 22, 30), venue="xs-nightclub", status="cancelled"),
        # Validation strips a NUL; enrichment sets a bio after it, so one can still be stored.
        {**event("Long Story", at(18, 22, 30), venue="tao-nightclub", description=LONG_TEXT),
         "artist_bio": "nul \x00 inside Ünïcödé"},
    ]


def apply(store: MasterStore, run_id: str, docs: list[dict], spider: str = "liv") -> None:
    store.begin_run(run_id, spider)
    list(store.apply_many(docs, run_id))
    venues = [slug for slug, (_, _, family) in VENUES.items() if family == spider]
    store.finish_run(run_id, spider, "complete", {"events": len(docs), "pages": len(docs)},
                     [d["event_id"] for d in docs], venues, TODAY)


def build(path: Path) -> Path:
    """Three complete runs of `liv`: the start of Dom Dolla moves, Vanishing Act is removed."""
    with time_machine.travel(BUILT_AT, tick=False):
        store = MasterStore(path)
        apply(store, "r1", first_run())
        later = [d for d in first_run() if not d["performer"].startswith("Vanishing")]
        later[0] = dom_dolla(at(4, 23, 0))
        apply(store, "r2", later)
        apply(store, "r3", later)
        store.close()
    return path


def change_one(path: Path, run_id: str = "r4") -> str:
    """A later run where only Dom Dolla's cheapest table changes; returns its event_id."""
    with time_machine.travel("2026-11-23T12:00:00-08:00", tick=False):
        store = MasterStore(path)
        changed = dom_dolla(at(4, 23, 0), table_pricing=[tier("MAS1", 7500),
                                                         tier("MAS2", 3000, available=False)])
        docs = [changed, *[d for d in first_run()[1:] if not d["performer"].startswith("Van")]]
        apply(store, run_id, docs)
        store.close()
    return changed["event_id"]
