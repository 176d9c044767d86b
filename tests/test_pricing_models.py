"""The pricing entities: JSON-native, UTC, one tier id, and the page's cues never exported."""

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from vinny.models import TablePricing, TablePricingTier, VegasEvent
from vinny.timeutil import VEGAS


def pricing(**overrides):
    data = {"event_id": "2027-01-09-chris-lake-liv-las-vegas", "tier_id": "MAS1",
            "fetched_at": datetime(2026, 11, 21, 18, 0, tzinfo=VEGAS), "is_available": True,
            "tier": {"tier_id": "MAS1", "tier_name": "Lounge Booth", "min_spend": 2000,
                     "pay_now": 500, "guests": 6, "available_count": 2}}
    return TablePricing.model_validate({**data, **overrides})


def test_fetched_at_is_stored_in_utc():
    assert pricing().fetched_at == datetime(2026, 11, 22, 2, 0, tzinfo=UTC)
    assert pricing().fetched_at.tzinfo == UTC


def test_naive_fetched_at_is_refused():
    with pytest.raises(ValidationError):
        pricing(fetched_at=datetime(2026, 11, 22, 2, 0))


def test_tier_filed_under_another_id_is_refused():
    with pytest.raises(ValidationError, match="filed under"):
        pricing(tier_id="MAS2")


def test_negative_amount_is_refused_by_the_model():
    with pytest.raises(ValidationError):
        TablePricingTier(tier_id="MAS1", tier_name="Booth", min_spend=-1)


def test_pricing_dumps_to_plain_json():
    assert pricing().model_dump(mode="json")["fetched_at"] == "2026-11-22T02:00:00Z"


def test_page_inventory_is_never_exported():
    event = VegasEvent.model_validate({
        "url": "https://www.livnightclub.com/las-vegas/event/EVE-SUP7FH/x/", "event_name": "X",
        "performers": ["X"], "venue": "LIV Las Vegas", "venue_slug": "liv-las-vegas",
        "venue_tag": "liv", "start_at": datetime(2026, 12, 5, 22, 30, tzinfo=VEGAS),
        "spider": "liv", "scraped_at": datetime(2026, 11, 22, tzinfo=UTC),
        "page_inventory": {"nonce": "abc", "embedded": "{}"}})
    assert event.page_inventory.nonce == "abc"
    assert "page_inventory" not in event.json_dict()
    assert "page_inventory" not in event.model_dump_json()
