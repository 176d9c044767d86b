"""The schema.org Event JSON-LD of an event page, in the shapes (and misshapes) sites use."""

from __future__ import annotations

import json

from .layout import json_script, script_tag
from .venues import Venue

SCHEDULED = "https://schema.org/EventScheduled"
OFFLINE = "https://schema.org/OfflineEventAttendanceMode"
# Variants that take the Event JSON-LD away or break it, so the HTML cues must carry the page.
NO_JSONLD = "no_jsonld"
MALFORMED = ("malformed_comma", "malformed_newline")


def place(venue: Venue) -> dict:
    a = venue.address
    return {"@type": "Place", "name": venue.label,
            "address": {"@type": "PostalAddress", "streetAddress": a.street,
                        "addressLocality": a.locality, "addressRegion": a.region,
                        "postalCode": a.postal, "addressCountry": a.country}}


def performers(entry: dict) -> dict | list[dict] | None:
    """`Person` list by default; `performer_group`: PerformingGroup; `performer_single`: no list."""
    names = entry["performers"]
    if not names:
        return None
    kind = "PerformingGroup" if "performer_group" in entry["variant"] else "Person"
    nodes = [{"@type": kind, "name": n} for n in names]
    return nodes[0] if "performer_single" in entry["variant"] else nodes


def event_node(entry: dict, venue: Venue, *, start: str | None, end: str | None,
               description: str, images: list[str], organizer: dict) -> dict:
    node: dict = {"@context": "https://schema.org", "@type": "Event", "name": entry["name"]}
    if start:
        node["startDate"] = start
    if end:
        node["endDate"] = end
    node.update({"eventStatus": SCHEDULED, "eventAttendanceMode": OFFLINE,
                 "description": description, "location": place(venue), "organizer": organizer})
    performer = performers(entry)
    if performer is not None:
        node["performer"] = performer
    if images:
        node["image"] = images
    node["url"] = entry["url"]
    return node


def plugin_node(entry: dict, venue: Venue, description: str, start) -> dict:
    """urvenue_ws_get_eventschema() as the plugin writes it: every date the bare day (it has
    no time zone, so no time), `performer` one PerformingGroup, and only with a performer name."""
    day = start.date().isoformat() if start else ""
    node: dict = {"@context": "http://schema.org", "@type": "Event",
                  "eventAttendanceMode": OFFLINE, "eventStatus": SCHEDULED,
                  "name": entry["name"], "startDate": day, "endDate": day, "doorTime": day,
                  "description": description, "location": place(venue),
                  "organizer": {"@type": "Organization", "name": venue.label,
                                "address": place(venue)["address"]}}
    if entry["image"]:
        node["image"] = [entry["image"]]
    if entry["performers"]:
        node["performer"] = {"@type": "PerformingGroup", "name": ", ".join(entry["performers"])}
    return node


def render(entry: dict, node: dict, *, pretty: bool) -> tuple[str, list[dict]]:
    """The Event's <script> tag, or the node to merge into Yoast's @graph (variant `graph`)."""
    variants = set(entry["variant"])
    if NO_JSONLD in variants:
        return "", []
    if "graph" in variants:
        node = {k: v for k, v in node.items() if k != "@context"}
        return "", [node]
    if "list" in variants:
        return json_script([node], pretty=pretty), []
    if "malformed_comma" in variants:
        text = json.dumps(node, ensure_ascii=False, indent=4)
        # A template that always writes a comma after its last property.
        return script_tag(text[: text.rindex("}")].rstrip() + ",\n}"), []
    if "malformed_newline" in variants:
        text = json.dumps(node, ensure_ascii=False, indent=4)
        # The description pasted raw: a literal line break inside a JSON string.
        return script_tag(text.replace("\\n", "\n")), []
    return json_script(node, pretty=pretty), []
