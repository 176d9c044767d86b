"""An event document as schema.org `Event` JSON-LD, for the site's event pages (pure).

Carries what Google's Event structured data requires (`name`, `startDate`, `location` with its
`address`) and recommends (`endDate`, `eventStatus`, `image`, `offers`, `performer`,
`organizer`, `description`):
- `endDate`: the page's end, else the venue's usual closing time (an estimate the format
  cannot mark; the calendars do); an event with only a date ends that date.
- `location.geo`: the venue's coordinates from the registry.
- `organizer`: the venue that hosts the night (its name and site).
- `offers`: one per priced VIP table tier, `availability` InStock or SoldOut as the venue's
  inventory said, `validFrom` when that price was read (the on-sale date is not published).
"""

from __future__ import annotations

from typing import Any

from vinny.publish.values import artist_links, end, image_url, venue_of

SCHEMA = "https://schema.org/"
EVENT_STATUS = {
    "active": "EventScheduled",
    "cancelled": "EventCancelled",
    "postponed": "EventPostponed",
    # Gone from the venue's own listing twice in a row: the public should not plan on it.
    "removed": "EventCancelled",
}


def _location(doc: dict[str, Any]) -> dict[str, Any]:
    venue = venue_of(doc)
    place: dict[str, Any] = {"@type": "Place", "name": doc["venue"]}
    url = doc.get("venue_url") or (venue.url if venue else None)
    if url:
        place["url"] = url
    if venue is not None:
        a = venue.address
        place["address"] = {
            "@type": "PostalAddress", "streetAddress": a.get("street"),
            "addressLocality": a.get("city"), "addressRegion": a.get("region"),
            "postalCode": a.get("postal_code"), "addressCountry": a.get("country"),
        }
        if venue.geo is not None:
            place["geo"] = {"@type": "GeoCoordinates", "latitude": venue.geo.latitude,
                            "longitude": venue.geo.longitude}
    return place


def _organizer(doc: dict[str, Any]) -> dict[str, Any]:
    venue = venue_of(doc)
    organizer: dict[str, Any] = {"@type": "Organization", "name": venue.name if venue
                                 else doc["venue"]}
    url = doc.get("venue_url") or (venue.url if venue else None)
    if url:
        organizer["url"] = url
    return organizer


def _end_date(doc: dict[str, Any]) -> str:
    ends = end(doc)
    return ends.at.isoformat() if ends else doc["event_date"]


def _performers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    names = doc.get("performers") or [doc["performer"]]
    same_as = [url for _, url in artist_links(doc)]
    performers = []
    for name in names:
        # A DJ name may be one person or a duo; the pages do not say, PerformingGroup covers both.
        performer: dict[str, Any] = {"@type": "PerformingGroup", "name": name}
        if same_as and name == doc["performer"]:
            performer["sameAs"] = same_as
        performers.append(performer)
    return performers


def _images(doc: dict[str, Any]) -> list[str]:
    stored = [url for url in (image_url(doc, "hd"), image_url(doc, "main")) if url]
    return stored or list(doc.get("image_urls") or [])


def _offers(doc: dict[str, Any]) -> list[dict[str, Any]]:
    offers = []
    for row in doc.get("table_pricing") or []:
        tier = row.get("tier") or {}
        if tier.get("min_spend") is None:
            continue  # "inquiry only": no price to offer
        offer: dict[str, Any] = {
            "@type": "Offer", "name": tier.get("tier_name"), "category": "VIP table",
            "price": tier["min_spend"], "priceCurrency": "USD",
            "availability": SCHEMA + ("InStock" if row.get("is_available") else "SoldOut"),
            "url": doc["url"],
        }
        if row.get("fetched_at"):
            offer["validFrom"] = row["fetched_at"]
        if tier.get("guests"):
            offer["eligibleQuantity"] = {"@type": "QuantitativeValue", "maxValue": tier["guests"],
                                         "unitText": "guests"}
        offers.append(offer)
    return offers


def event_jsonld(doc: dict[str, Any]) -> dict[str, Any]:
    ld: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Event",
        "identifier": doc["event_id"],
        "name": doc.get("event_name") or doc["performer"],
        "startDate": doc.get("start_at") or doc["event_date"],
        "endDate": _end_date(doc),
        "eventStatus": SCHEMA + EVENT_STATUS.get(doc.get("status") or "active", "EventScheduled"),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": _location(doc),
        "performer": _performers(doc),
        "organizer": _organizer(doc),
        "url": doc["url"],
    }
    if doc.get("description"):
        ld["description"] = doc["description"]
    images = _images(doc)
    if images:
        ld["image"] = images
    offers = _offers(doc)
    if offers:
        ld["offers"] = offers
    return ld
