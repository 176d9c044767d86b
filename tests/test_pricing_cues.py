"""What extractors pick up for pricing: the UrVenue nonce, embedded items, TAO's booketing code."""

import pytest

from replica import load_catalog
from replica.render_inventory import page_nonce
from replica.routes import render_entry
from vinny.extract import extract_liv_event, extract_tao_event, extract_wynn_event
from vinny.extract.pricing_cues import booketing_event_code, page_inventory

NONCE_SCRIPT = ('<script id="urvenue-ws-inventory-js-extra">\nvar urvenue_ws_inventory_vars = '
                '{"ajaxurl":"https:\\/\\/www.wynnsocial.com\\/wp-admin\\/admin-ajax.php",'
                '"targetNonce":"a1b2c3d4e5","eventcode":"EVE111500020270320"};\n</script>')


@pytest.fixture(scope="module")
def entries():
    return {e["url"]: e for e in load_catalog()["events"]}


def served(entry) -> str:
    return render_entry(entry).body().decode("utf-8")


def entry_with(entries, site, **wanted):
    return next(e for e in entries.values() if e["site"] == site and "event_id" in e["expect"]
                and all(e.get(k) == v for k, v in wanted.items()))


def test_nonce_is_read_from_the_inline_script():
    assert page_inventory(f"<head>{NONCE_SCRIPT}</head>") == {"nonce": "a1b2c3d4e5",
                                                              "embedded": None}


def test_page_without_cues_gives_nothing():
    assert page_inventory("<html><body><p>urcart_itms are loading</p></body></html>") is None


def test_embedded_items_are_kept_as_script_text():
    page = "<script>\nvar urcart_itms = {\"MAS1\": {}};\nvar venueid = '1115';\n</script>"
    assert page_inventory(page)["embedded"] == "{\"MAS1\": {}};\nvar venueid = '1115';\n"


def test_a_mention_before_the_assignment_is_skipped():
    page = "<script>if (urcart_itms) {}</script><script>window.uv_tablesitems = [1];</script>"
    assert page_inventory(page)["embedded"] == "[1];"


def test_liv_page_gives_its_nonce_to_the_event(entries):
    entry = entry_with(entries, "liv", inventory=None)
    event = extract_liv_event(entry["url"], served(entry))
    assert event["page_inventory"]["nonce"] == page_nonce(entry["url"])


def test_legacy_liv_page_gives_no_nonce(entries):
    entry = entry_with(entries, "liv", inventory="legacy")
    assert extract_liv_event(entry["url"], served(entry))["page_inventory"] is None


def test_wynn_page_gives_its_embedded_tables(entries):
    entry = entry_with(entries, "wynnsocial", inventory="uv_tablesitems")
    embedded = extract_wynn_event(entry["url"], served(entry))["page_inventory"]["embedded"]
    assert embedded.startswith("[{") and "mastercode" in embedded


def test_tao_page_gives_its_booketing_event_code(entries):
    entry = entry_with(entries, "tao", code="EVE108900020270313")
    assert extract_tao_event(entry["url"], served(entry))["event_code"] == "EVE108900020270313"


def test_tao_page_without_reservations_widget_has_no_code(entries):
    entry = entry_with(entries, "tao", code=None)
    assert extract_tao_event(entry["url"], served(entry))["event_code"] is None


def test_booketing_code_must_be_numeric():
    assert booketing_event_code('<div data-eventcode="EVE-SUP7FH"></div>') is None


def test_newer_plugin_page_is_not_searched_for_embedded_items():
    page = f"<head>{NONCE_SCRIPT}</head><script>var urcart_itms = {{}};</script>"
    assert page_inventory(page)["embedded"] is None
