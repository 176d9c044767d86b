"""An event document as schema.org `Event` JSON-LD, for the site's event pages (pure)."""

from __future__ import annotations

from typing import Any

from vinny.publish.values import artist_links, image_url, venue_of

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
    return place


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
        "eventStatus": SCHEMA + EVENT_STATUS.get(doc.get("status") or "active", "EventScheduled"),
        "eventAttendanceMode": SCHEMA + "OfflineEventAttendanceMode",
        "location": _location(doc),
        "performer": _performers(doc),
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
