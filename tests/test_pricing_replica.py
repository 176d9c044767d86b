"""The replica's table inventory: both UrVenue proxies and booketing.com, pages, faults."""

import json
import time
import urllib.error
import urllib.request
from urllib.parse import urlencode

import pytest

from replica import ReplicaRequest, ReplicaServer, load_catalog
from replica import render_inventory as inv
from replica.routes import render_entry
from vinny.extract.pricing_cues import page_inventory

LIV = "www.livnightclub.com"


def entry(site="liv", code="EVE121488100020270109", **extra):
    url = {"liv": f"https://{LIV}/las-vegas/event/{code}/x/",
           "tao": "https://taogroup.com/event/1-9-2027-x-omnia-nightclub/"}[site]
    return {"site": site, "url": url, "code": code, "name": "X", "venue_label": "LIV Las Vegas",
            "venue_id": "1214881", "start_local": "2027-01-09T22:30", "image": None,
            "performers": [], "variant": [], "fault": None, "expect": {}, **extra}


def ask(proxy, action="uvpx", code="EVE121488100020270109", **params):
    query = urlencode({"action": action, "uvaction": "uwspx_inventoryinit", "eventcode": code,
                       "cartcode": "", "returntempl": "1", **params})
    return proxy(ReplicaRequest("GET", LIV, inv.AJAX_PATH, query))


def body(reply) -> dict:
    return json.loads(reply.body())


def test_same_code_same_inventory():
    assert inv.items_of("EVE121488100020270109") == inv.items_of("EVE121488100020270109")


def test_codes_differ_in_inventory():
    assert inv.truth("EVE121488100020270109") != inv.truth("EVE121488100020270116")


def test_answer_lists_every_item_of_the_truth():
    code = "EVE121488100020270109"
    assert list(inv.items_of(code)) == [item.code for item in inv.truth(code)]


def test_amounts_come_in_several_written_forms():
    codes = [e["code"] for e in load_catalog()["events"] if e["code"]]
    prices = {str(i["listprice"]) for c in codes for i in inv.items_of(c).values()}
    assert any("," in p for p in prices) and any(p.startswith("$") for p in prices)
    assert any(p.isdigit() for p in prices)


def test_encore_beach_club_labels_its_minimum_fb():
    items = inv.items_of("EVE110300020270410").values()
    assert {i["pricingdisplay"] for i in items if i["booktypename"] == "Tables"} <= {
        "F&B Minimum", "INQUIRY ONLY"}


def test_legacy_action_answers_a_legacy_page():
    reply = ask(inv.InventoryProxy([entry(inventory="legacy")]))
    assert reply.status == 200 and body(reply)["items"]


def test_newer_plugin_no_longer_knows_uvpx():
    reply = ask(inv.InventoryProxy([entry()]))
    assert (reply.status, reply.body()) == (400, b"0")


def test_newer_action_without_nonce_is_forbidden():
    reply = ask(inv.InventoryProxy([entry()]), action="urvenue_ws_proxy")
    assert reply.status == 403 and body(reply)["data"] == "Invalid nonce"


def test_newer_action_with_the_page_nonce_answers():
    page = entry()
    reply = ask(inv.InventoryProxy([page]), action="urvenue_ws_proxy",
                uws_nonce=inv.page_nonce(page["url"]))
    assert reply.status == 200 and body(reply)["eventdata"]["eventcode"] == page["code"]


def test_stale_nonce_is_refused():
    page = entry(inventory_fault="stale_nonce")
    reply = ask(inv.InventoryProxy([page]), action="urvenue_ws_proxy",
                uws_nonce=inv.page_nonce(page["url"]))
    assert reply.status == 403


def test_served_page_carries_the_nonce_the_proxy_accepts():
    page = next(e for e in load_catalog()["events"] if e["site"] == "liv" and e["code"]
                and not e.get("inventory"))
    nonce = page_inventory(render_entry(page).body().decode())["nonce"]
    reply = ask(inv.InventoryProxy([page]), action="urvenue_ws_proxy", code=page["code"],
                uws_nonce=nonce)
    assert reply.status == 200


def test_unknown_code_has_no_items():
    reply = ask(inv.InventoryProxy([entry(inventory="legacy")]), code="EVE-NOPE00")
    assert body(reply)["items"] == []


def test_booketing_answers_under_entity_61():
    tao = entry("tao", "EVE108900020270109")
    reply = ask(inv.InventoryProxy([tao], booketing=True), code=tao["code"], manageentid="61")
    assert reply.status == 200 and list(body(reply)["items"]) == list(inv.items_of(tao["code"]))


def test_booketing_refuses_another_entity():
    tao = entry("tao", "EVE108900020270109")
    assert ask(inv.InventoryProxy([tao], booketing=True), code=tao["code"],
               manageentid="7").status == 400


@pytest.mark.parametrize(("fault", "status"), [("500", 500), ("html_error", 200)])
def test_fault_answers_html(fault, status):
    reply = ask(inv.InventoryProxy([entry(inventory="legacy", inventory_fault=fault)]))
    assert reply.status == status and reply.body().lstrip().startswith(b"<")


def test_500_once_fails_then_answers():
    proxy = inv.InventoryProxy([entry(inventory="legacy", inventory_fault="500_once")])
    assert [ask(proxy).status, ask(proxy).status] == [500, 200]


def test_malformed_fault_truncates_the_json():
    reply = ask(inv.InventoryProxy([entry(inventory="legacy", inventory_fault="malformed")]))
    with pytest.raises(ValueError):
        json.loads(reply.body())


def test_empty_fault_lists_no_items():
    reply = ask(inv.InventoryProxy([entry(inventory="legacy", inventory_fault="empty")]))
    assert body(reply)["items"] == []


@pytest.mark.parametrize(("fault", "start"), [("bad_amount", "-"), ("absurd_amount", "60,000,000")])
def test_amount_faults_spoil_the_first_priced_table(fault, start):
    reply = ask(inv.InventoryProxy([entry(inventory="legacy", inventory_fault=fault)]))
    prices = [str(i["listprice"]) for i in body(reply)["items"].values()]
    assert any(p.startswith(start) for p in prices)


def test_timeout_fault_keeps_the_client_waiting(monkeypatch):
    monkeypatch.setattr(inv, "SLOW_SECONDS", 0.3)
    started = time.monotonic()
    reply = ask(inv.InventoryProxy([entry(inventory="legacy", inventory_fault="timeout")]))
    assert time.monotonic() - started >= 0.3 and reply.status == 200


def test_legacy_page_has_no_nonce():
    page = render_entry(entry(inventory="legacy")).body().decode()
    assert "urvenue_ws_inventory_vars" not in page


@pytest.mark.parametrize("mode", inv.EMBEDDED)
def test_embedding_page_carries_its_items(mode):
    page = render_entry(entry(inventory=mode)).body().decode()
    found = page_inventory(page)
    assert found["nonce"] is None and '"mastercode": "MAS' in found["embedded"]


def test_unknown_inventory_mode_is_refused():
    with pytest.raises(ValueError, match="inventory"):
        inv.build([entry(inventory="telepathy")])


def test_server_routes_both_proxies_and_booketing_robots():
    with ReplicaServer(load_catalog()) as server:
        def status(path):
            try:
                with urllib.request.urlopen(server.url + path) as response:
                    return response.status
            except urllib.error.HTTPError as error:
                return error.code
        ajax = "/wp-admin/admin-ajax.php?action=uvpx&uvaction=uwspx_inventoryinit&eventcode=X"
        assert status(f"/{LIV}{ajax}") == 200
        assert status(f"/www.wynnsocial.com{ajax}") == 200
        assert status("/booketing.com/uws/house/proxy?action=uvpx&manageentid=61"
                      "&uvaction=uwspx_inventoryinit&eventcode=X") == 200
        assert status("/booketing.com/robots.txt") == 200


def test_second_listing_of_a_night_sells_the_first_listings_tables():
    first, second = entry(inventory="legacy"), entry(code="EVE-DD7K4Q", inventory="legacy",
                                                      inventory_of="EVE121488100020270109")
    proxy = inv.InventoryProxy([first, second])
    assert body(ask(proxy, code=second["code"]))["items"] == body(ask(proxy))["items"]
