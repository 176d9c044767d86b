"""JSON-LD of every published event against schema.org's Event as Google's Event structured
data asks for it (`tests/files/schema/event_jsonld.schema.json`), and the properties a search
engine or a calendar reads: endDate, organizer, location.geo, offers' validFrom and
availability."""

import json
from datetime import datetime
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from tests.exportdb import TODAY, at, build, event
from vinny.publish.exports import export
from vinny.publish.jsonld import event_jsonld

SCHEMA = json.loads((Path(__file__).parent / "files/schema/event_jsonld.schema.json").read_bytes())
DOM = "2026-12-04-dom-dolla-liv-las-vegas"
FISHER = "2026-12-06-fisher-liv-las-vegas"


@pytest.fixture(scope="module")
def events(tmp_path_factory) -> dict[str, dict]:
    root = tmp_path_factory.mktemp("jsonld")
    export(build(root / "vinny.db"), root / "out", ["json"], TODAY)
    return {e["event_id"]: e["jsonld"] for e in json.loads((root / "out/events.json").read_bytes())}


def problems(ld: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in Draft202012Validator(SCHEMA).iter_errors(ld)]


def test_the_schema_is_a_valid_json_schema():
    Draft202012Validator.check_schema(SCHEMA)


def test_every_event_meets_the_event_requirements(events):
    assert {event_id: problems(ld) for event_id, ld in events.items() if problems(ld)} == {}


def test_the_schema_refuses_an_event_without_a_location(events):
    assert problems({k: v for k, v in events[DOM].items() if k != "location"})


def test_every_event_ends_after_it_starts(events):
    timed = {i: ld for i, ld in events.items() if "T" in ld["startDate"]}
    assert all(datetime.fromisoformat(ld["endDate"]) > datetime.fromisoformat(ld["startDate"])
               for ld in timed.values()) and len(timed) == 7


def test_end_date_is_the_venue_usual_closing_time(events):
    assert events[DOM]["endDate"] == "2026-12-05T04:00:00-08:00"


def test_an_event_with_only_a_date_ends_that_date(events):
    assert (events[FISHER]["startDate"], events[FISHER]["endDate"]) == ("2026-12-06",
                                                                        "2026-12-06")


def test_the_end_a_page_gives_is_the_end_date():
    doc = {**event("Dom Dolla", at(4, 22, 30)), "end_at": "2026-12-05T03:00:00-08:00"}
    assert event_jsonld(doc)["endDate"] == "2026-12-05T03:00:00-08:00"


def test_the_organizer_is_the_venue(events):
    assert events[DOM]["organizer"] == {"@type": "Organization", "name": "LIV Las Vegas",
                                        "url": "https://www.livnightclub.com/las-vegas/"}


def test_the_location_has_the_venue_coordinates(events):
    assert events[DOM]["location"]["geo"] == {"@type": "GeoCoordinates", "latitude": 36.1368,
                                              "longitude": -115.1587}


def test_an_offer_is_valid_from_when_its_price_was_read(events):
    assert [o["validFrom"] for o in events[DOM]["offers"]] == ["2026-11-22T08:00:00Z"] * 2


def test_offer_availability_follows_the_table_inventory(events):
    assert [(o["name"], o["availability"]) for o in events[DOM]["offers"]] == [
        ("Table MAS1", "https://schema.org/InStock"), ("Table MAS2", "https://schema.org/SoldOut")]
