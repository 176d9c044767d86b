"""The venues the replica knows: what each page shows, and what vinny should make of it."""

from __future__ import annotations

from dataclasses import dataclass

LIV_HOST = "www.livnightclub.com"
WYNN_HOST = "www.wynnsocial.com"
TAO_HOST = "taogroup.com"
ZOUK_HOST = "zoukgrouplv.com"

HOSTS = {"liv": LIV_HOST, "wynnsocial": WYNN_HOST, "tao": TAO_HOST, "zouk": ZOUK_HOST}
SITE_TITLES = {"liv": "LIV Las Vegas", "wynnsocial": "Wynn Social", "tao": "TAO Group Hospitality",
               "zouk": "Zouk Group Las Vegas"}
# The sites built on UrVenue's WordPress plugin (event pages, ajax inventory proxy); TAO is not.
URVENUE_SITES = tuple(site for site in HOSTS if site != "tao")

# The scope of a venue as vinny must judge it: "in", "out_of_scope" or "not_las_vegas".
IN_SCOPE = "in"


@dataclass(frozen=True)
class Address:
    street: str
    locality: str
    region: str
    postal: str
    country: str = "US"


@dataclass(frozen=True)
class Venue:
    site: str
    label: str
    venue_id: str | None
    slug: str
    tag: str | None
    city: str
    tz: str
    address: Address
    scope: str = IN_SCOPE
    daytime: bool = False


FONTAINEBLEAU = Address("2777 Las Vegas Blvd S", "Las Vegas", "NV", "89109")
WYNN = Address("3131 Las Vegas Blvd S", "Las Vegas", "NV", "89109")
CAESARS = Address("3570 Las Vegas Blvd S", "Las Vegas", "NV", "89109")
MGM_GRAND = Address("3799 Las Vegas Blvd S", "Las Vegas", "NV", "89109")
COSMOPOLITAN = Address("3708 Las Vegas Blvd S", "Las Vegas", "NV", "89109")
VENETIAN = Address("3377 Las Vegas Blvd S", "Las Vegas", "NV", "89109")
ARIA = Address("3730 Las Vegas Blvd S", "Las Vegas", "NV", "89158")
RESORTS_WORLD = Address("3000 Las Vegas Blvd S", "Las Vegas", "NV", "89109")
LA = "America/Los_Angeles"
NY = "America/New_York"

_VENUES = [
    Venue("liv", "LIV Las Vegas", "1214881", "liv-las-vegas", "liv", "Las Vegas", LA,
          FONTAINEBLEAU),
    Venue("liv", "LIV Beach", "1214881", "liv-beach", "livb", "Las Vegas", LA, FONTAINEBLEAU,
          daytime=True),
    Venue("wynnsocial", "XS Nightclub", "1115", "xs-nightclub", "xs", "Las Vegas", LA, WYNN),
    Venue("wynnsocial", "Encore Beach Club", "1103", "encore-beach-club", "ebc", "Las Vegas", LA,
          WYNN, daytime=True),
    Venue("wynnsocial", "Encore Beach Club at Night", "1163", "encore-beach-club-at-night", "ebc",
          "Las Vegas", LA, WYNN),
    Venue("wynnsocial", "Wynn Field Club", "1187", "wynn-field-club", None, "Las Vegas", LA, WYNN,
          scope="out_of_scope"),
    # wynnsocial.com also sells nights at Encore Boston Harbor (rule `outside_vegas`).
    Venue("wynnsocial", "Memoire", "1301", "memoire", None, "Everett", NY,
          Address("1 Broadway", "Everett", "MA", "02149"), scope="not_las_vegas"),
    Venue("tao", "OMNIA Nightclub", "1089", "omnia-nightclub", "omnia", "Las Vegas", LA, CAESARS),
    Venue("tao", "OMNIA Dayclub", "40911541686", "omnia-dayclub", "omnia-day", "Las Vegas", LA,
          CAESARS, daytime=True),
    Venue("tao", "Hakkasan Nightclub", "1085", "hakkasan-nightclub", "hakkasan", "Las Vegas", LA,
          MGM_GRAND),
    Venue("tao", "Marquee Nightclub", None, "marquee-nightclub", "marquee", "Las Vegas", LA,
          COSMOPOLITAN),
    Venue("tao", "Marquee Dayclub", "1109", "marquee-dayclub", "marquee-day", "Las Vegas", LA,
          COSMOPOLITAN, daytime=True),
    Venue("tao", "TAO Nightclub", None, "tao-nightclub", "tao", "Las Vegas", LA, VENETIAN),
    Venue("tao", "TAO Beach Dayclub", "1113", "tao-beach-dayclub", "tao-beach", "Las Vegas", LA,
          VENETIAN, daytime=True),
    Venue("tao", "Palm Tree Beach Club", "1117", "palm-tree-beach-club", "palm-tree", "Las Vegas",
          LA, MGM_GRAND, daytime=True),
    Venue("tao", "JEWEL Nightclub", None, "jewel-nightclub", "jewel", "Las Vegas", LA, ARIA),
    Venue("zouk", "Zouk Nightclub", "505115", "zouk-nightclub", "zouk", "Las Vegas", LA,
          RESORTS_WORLD),
    Venue("zouk", "AYU Dayclub", "603745", "ayu-dayclub", "ayu", "Las Vegas", LA, RESORTS_WORLD,
          daytime=True),
    # zoukgrouplv.com also sells Empire Ballroom nights, which vinny does not cover.
    Venue("zouk", "Empire Ballroom", "603702", "empire-ballroom", None, "Las Vegas", LA,
          RESORTS_WORLD, scope="out_of_scope"),
    Venue("tao", "Marquee New York", None, "marquee-new-york", None, "New York", NY,
          Address("289 10th Ave", "New York", "NY", "10001"), scope="not_las_vegas"),
    Venue("tao", "TAO Downtown", None, "tao-downtown", None, "New York", NY,
          Address("92 9th Ave", "New York", "NY", "10011"), scope="not_las_vegas"),
    Venue("tao", "Hakkasan Miami", None, "hakkasan-miami", None, "Miami Beach", NY,
          Address("4441 Collins Ave", "Miami Beach", "FL", "33140"), scope="not_las_vegas"),
]

VENUES: dict[str, Venue] = {v.label: v for v in _VENUES}


def venue_for(entry: dict) -> Venue:
    """The venue of a catalog entry; an unknown label gets a stand-in on the entry's site."""
    venue = VENUES.get(entry["venue_label"])
    if venue is not None:
        return venue
    # A test may invent a venue: render it plainly, judge it out of scope.
    return Venue(entry["site"], entry["venue_label"], entry.get("venue_id"), "", None,
                 entry.get("city") or "Las Vegas", LA, WYNN, scope="out_of_scope")
