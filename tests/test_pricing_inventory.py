"""UrVenue inventory (ajax answers and embedded blobs) -> pricing tiers."""

import json

import pytest

from vinny.pricing.inventory import (
    InventoryError,
    tiers_from_answer,
    tiers_from_embedded,
    tiers_from_items,
)


def item(**overrides):
    data = {"itemname": "Main Room Dance Floor", "booktypename": "Tables", "capacity": "12",
            "listprice": "6000", "pricingdisplay": "Minimum Spend", "paytype": "deposit",
            "paynow": "1200", "stock": "3", "inactive": "0", "ecocode": "ECZ001",
            "econame": "Main Room"}
    return {**data, **overrides}


def answer(items) -> bytes:
    return json.dumps({"html": "<div></div>", "items": items, "eventdata": {}}).encode()


def only_tier(**overrides):
    (tier,) = tiers_from_items({"MAS123": item(**overrides)})
    return tier


def test_item_code_is_the_tier_id():
    assert only_tier().tier_id == "MAS123"


def test_listed_items_take_their_id_from_mastercode():
    (tier,) = tiers_from_items([item(mastercode="MAS9")])
    assert tier.tier_id == "MAS9"


def test_table_fields_map_to_the_tier():
    tier = only_tier()
    assert (tier.tier_name, tier.min_spend, tier.pay_now, tier.guests) == (
        "Main Room Dance Floor", 6000, 1200, 12)


def test_fb_minimum_label_is_the_minimum_spend():
    assert only_tier(pricingdisplay="F&B Minimum", listprice="$7,500").min_spend == 7500


def test_bottle_service_is_a_tier():
    assert only_tier(booktypename="Bottle Service").tier_name == "Main Room Dance Floor"


@pytest.mark.parametrize("kind", ["Tickets", "Packages", "Table Packages", "Free", ""])
def test_tickets_and_packages_are_not_tiers(kind):
    assert tiers_from_items({"TIX1": item(booktypename=kind)}) == []


def test_in_stock_tier_is_available_with_its_count():
    tier = only_tier(stock="3")
    assert (tier.is_available, tier.available_count) == (True, 3)


@pytest.mark.parametrize("stock", ["0", 0, "-2"])
def test_no_stock_is_sold_out(stock):
    tier = only_tier(stock=stock)
    assert (tier.is_available, tier.available_count) == (False, 0)


@pytest.mark.parametrize("inactive", ["1", 1, "true"])
def test_inactive_item_is_sold_out_whatever_its_stock(inactive):
    tier = only_tier(inactive=inactive, stock="4")
    assert (tier.is_available, tier.available_count) == (False, 0)


def test_unknown_stock_is_available_without_a_count():
    tier = only_tier(stock=None)
    assert (tier.is_available, tier.available_count) == (True, None)


@pytest.mark.parametrize("fields", [
    {"listprice": "", "pricingdisplay": "INQUIRY ONLY", "paynow": ""},
    {"listprice": "INQUIRY ONLY", "pricingdisplay": "Minimum Spend", "paynow": "500"},
    {"listprice": "0.00", "pricingdisplay": "Inquiry Only"},
])
def test_inquiry_only_tier_keeps_its_name_without_price(fields):
    tier = only_tier(itemname="Owner's Table", **fields)
    assert (tier.tier_name, tier.min_spend, tier.pay_now) == ("Owner's Table", None, None)


def test_html_entities_in_names_are_decoded():
    assert only_tier(itemname="Owner&#039;s  Table").tier_name == "Owner's Table"


def test_repeated_id_gets_a_suffix():
    tiers = tiers_from_items([item(mastercode="MAS1"), item(mastercode="MAS1")])
    assert [t.tier_id for t in tiers] == ["MAS1", "MAS1-2"]


@pytest.mark.parametrize("items", [[], {}, "", None])
def test_empty_items_are_refused(items):
    with pytest.raises(InventoryError) as caught:
        tiers_from_answer(answer(items))
    assert caught.value.reason == "no_items"


def test_items_of_the_wrong_shape_are_refused():
    with pytest.raises(InventoryError) as caught:
        tiers_from_items("Fatal error: Uncaught TypeError")
    assert caught.value.reason == "malformed_items"


@pytest.mark.parametrize(("price", "word"), [("-6000", "negative"), ("$60,000,000", "absurd")])
def test_bad_amount_refuses_the_whole_inventory(price, word):
    items = {"MAS1": item(), "MAS2": item(listprice=price)}
    with pytest.raises(InventoryError) as caught:
        tiers_from_items(items)
    assert caught.value.reason == "bad_amount" and word in caught.value.detail


def test_negative_deposit_is_a_bad_amount():
    with pytest.raises(InventoryError) as caught:
        tiers_from_items({"MAS1": item(paynow="-100")})
    assert caught.value.reason == "bad_amount"


def test_html_page_where_json_was_expected_is_refused():
    page = b"<!DOCTYPE html><html><head><title>Maintenance</title></head><body></body></html>"
    with pytest.raises(InventoryError) as caught:
        tiers_from_answer(page)
    assert caught.value.reason == "not_json" and "HTML page" in caught.value.detail
    assert "Maintenance" not in caught.value.detail  # a fetched body is never published


def test_malformed_json_is_refused():
    with pytest.raises(InventoryError) as caught:
        tiers_from_answer(answer({"MAS1": item()})[:60])
    assert caught.value.reason == "malformed_json"


def test_wordpress_bare_zero_is_refused():
    with pytest.raises(InventoryError) as caught:
        tiers_from_answer(b"0")
    assert caught.value.reason == "unexpected_json"


def test_answer_with_byte_order_mark_is_read():
    assert len(tiers_from_answer(b"\xef\xbb\xbf" + answer({"MAS1": item()}))) == 1


def test_embedded_object_followed_by_other_statements_is_read():
    script = json.dumps({"MAS1": item()}) + ";\nvar venueid = '1115';\nvar resdate = '2027';\n"
    assert [t.tier_id for t in tiers_from_embedded(script)] == ["MAS1"]


def test_embedded_list_is_read():
    script = json.dumps([item(mastercode="MAS7")]) + ";"
    assert [t.tier_id for t in tiers_from_embedded(script)] == ["MAS7"]


def test_embedded_whole_answer_is_read():
    assert len(tiers_from_embedded(answer({"MAS1": item()}).decode())) == 1


def test_truncated_embedded_object_is_refused():
    with pytest.raises(InventoryError) as caught:
        tiers_from_embedded(json.dumps({"MAS1": item()})[:40])
    assert caught.value.reason == "malformed_embedded"
