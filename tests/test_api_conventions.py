"""The API's conventions, as consumers of events APIs expect them: what `/events` shows by
default, sort, next links, `updated_since`, ETag/304, Cache-Control, HEAD, CORS, one error
shape, accent-insensitive search, case-insensitive venues, the venue, artist and history
routes, and health per spider."""

from datetime import UTC, datetime

import pytest
import time_machine
from fastapi.testclient import TestClient

from tests.exportdb import TODAY, apply, at, build, change_one, event, first_run
from vinny.api.app import create_app
from vinny.database.master import MasterStore

DOM = "2026-12-04-dom-dolla-liv-las-vegas"
TIESTO = "2026-12-19-tiesto-tao-nightclub"
LATER = "2026-11-23T13:00:00-08:00"  # the tao, wynnsocial, zouk runs, an hour after liv's r4
FRESH = datetime(2026, 11, 23, 21, 30, tzinfo=UTC)  # liv 1.5 h old, the others 30 min
STALE = datetime(2026, 11, 23, 23, 30, tzinfo=UTC)  # liv 3.5 h, wynnsocial 2.5 h, tao 2.5 h


def more_runs(path):
    with time_machine.travel(LATER, tick=False):
        store = MasterStore(path)
        tao = [d for d in first_run() if d["venue_slug"] == "tao-nightclub"]
        apply(store, "t1", [*tao, event("Tiësto", at(19, 23, 0), venue="tao-nightclub")], "tao")
        xs = [d for d in first_run() if d["venue_slug"] == "xs-nightclub"]
        apply(store, "w1", xs, "wynnsocial")
        apply(store, "z1", [], "zouk")  # every spider of the registry has a complete run
        store.close()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    path = build(tmp_path_factory.mktemp("conventions") / "vinny.db")
    change_one(path)  # Dom Dolla changes on Nov 23, in liv's run r4
    more_runs(path)
    return path


@pytest.fixture(scope="module")
def client(db):
    app = create_app(db, today=lambda: TODAY, now=lambda: FRESH, images_dir=None, cors=[])
    with TestClient(app) as client:
        yield client


def ids(client, query: str = "") -> list[str]:
    response = client.get(f"/events{query}")
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()["events"]]


def test_by_default_past_and_removed_events_are_hidden(client):
    listed = ids(client, "?limit=500")
    assert ("2026-11-01-john-summit-xs-nightclub" not in listed
            and "2026-12-12-vanishing-act-liv-las-vegas" not in listed and DOM in listed)


def test_include_past_shows_past_nights(client):
    assert "2026-11-01-john-summit-xs-nightclub" in ids(client, "?include_past=true")


def test_include_removed_shows_removed_events(client):
    assert "2026-12-12-vanishing-act-liv-las-vegas" in ids(client, "?include_removed=true")


def test_sort_by_date_descending(client):
    listed = ids(client)
    assert ids(client, "?sort=-date") == list(reversed(listed))


def test_sort_by_performer(client):
    names = [e["performer"].lower() for e in client.get("/events?sort=performer").json()["events"]]
    assert names == sorted(names)


def test_an_unknown_sort_is_422(client):
    assert client.get("/events?sort=colour").status_code == 422


def test_a_page_links_to_the_next_in_body_and_header(client):
    response = client.get("/events?limit=2")
    nxt = response.json()["next"]
    assert "offset=2" in nxt and response.headers["link"] == f'<{nxt}>; rel="next"'


def test_following_next_links_lists_every_event_once(client):
    seen, url = [], "/events?limit=2"
    while url:
        body = client.get(url).json()
        seen += [e["event_id"] for e in body["events"]]
        url = body["next"]
    assert seen == ids(client, "?limit=500")


def test_the_last_page_has_no_next_link(client):
    response = client.get("/events?limit=500")
    assert (response.json()["next"], "link" in response.headers) == (None, False)


def test_updated_since_lists_only_later_changes(client):
    assert ids(client, "?venue=liv&updated_since=2026-11-23T00:00:00-08:00") == [DOM]


def test_updated_since_compares_instants_across_offsets(client):
    assert ids(client, "?venue=liv&updated_since=2026-11-23T08:00:00Z") == [DOM]


def test_updated_since_without_an_offset_is_422(client):
    assert client.get("/events?updated_since=2026-11-23T00:00:00").status_code == 422


def test_a_response_has_an_etag_and_cache_control(client):
    headers = client.get("/events").headers
    assert headers["etag"].startswith('W/"') and "max-age" in headers["cache-control"]


def test_a_matching_if_none_match_is_304_without_a_body(client):
    etag = client.get("/events").headers["etag"]
    response = client.get("/events", headers={"If-None-Match": etag})
    assert (response.status_code, response.content) == (304, b"")


def test_another_query_has_another_etag(client):
    assert client.get("/events").headers["etag"] != client.get("/events?limit=1").headers["etag"]


def test_head_answers_like_get_without_a_body(client):
    head, get = client.head("/events"), client.get("/events")
    assert (head.status_code, head.content, head.headers["etag"]) == (200, b"",
                                                                      get.headers["etag"])


def test_cors_is_off_by_default(client):
    response = client.get("/events", headers={"Origin": "https://site.example"})
    assert "access-control-allow-origin" not in response.headers


def test_cors_when_an_origin_is_configured(db):
    app = create_app(db, today=lambda: TODAY, images_dir=None, cors=["https://site.example"])
    with TestClient(app) as client:
        response = client.get("/events", headers={"Origin": "https://site.example"})
    assert response.headers["access-control-allow-origin"] == "https://site.example"


@pytest.mark.parametrize("url,status", [("/events/nope", 404), ("/events?limit=0", 422),
                                        ("/events?from=2026-12-10&to=2026-12-01", 422),
                                        ("/venues/nowhere", 404), ("/nothing", 404)])
def test_every_error_has_one_shape(client, url, status):
    body = client.get(url).json()
    assert (set(body), body["error"]["status"], bool(body["error"]["message"])) == (
        {"error"}, status, True)


def test_a_wrong_method_has_the_error_shape_too(client):
    assert client.post("/events").json()["error"]["status"] == 405


def test_search_ignores_accents(client):
    assert ids(client, "?q=Tiesto") == [TIESTO]


def test_search_finds_a_partial_name(client):
    assert ids(client, "?q=dom%20dol") == [DOM]


def test_search_uses_words_not_json_punctuation(client):
    assert ids(client, '?q=%22') == []


def test_search_treats_fts_syntax_as_text(client):
    assert client.get("/events?q=NEAR(dom%20OR").status_code == 200


def test_artist_filter_takes_a_partial_name(client):
    assert ids(client, "?artist=dolla") == [DOM]


def test_artist_filter_ignores_accents(client):
    assert ids(client, "?artist=tiesto") == [TIESTO]


@pytest.mark.parametrize("venue", ["XS", "xs", "xs-nightclub", "XS-Nightclub"])
def test_the_venue_filter_ignores_case(client, venue):
    assert ids(client, f"?venue={venue}&include_past=1") == [
        "2026-11-01-john-summit-xs-nightclub", "2026-12-11-cancelled-night-xs-nightclub"]


def test_a_venue_has_its_details_and_upcoming_nights(client):
    body = client.get("/venues/LIV").json()
    assert (body["slug"], body["name"], [e["event_id"] for e in body["upcoming"]][:1]) == (
        "liv-las-vegas", "LIV Las Vegas", [DOM])


def test_an_artist_has_enrichment_and_upcoming_nights(client):
    body = client.get("/artists/dom-dolla").json()
    assert (body["name"], body["artist_stats"]["genres"], [e["event_id"] for e in
                                                           body["upcoming"]]) == (
        "Dom Dolla", ["tech house"], [DOM])


def test_a_supporting_act_is_an_artist_too(client):
    body = client.get("/artists/sonny-fodera").json()
    assert (body["name"], [e["event_id"] for e in body["upcoming"]]) == ("Sonny Fodera", [DOM])


def test_an_unknown_artist_is_404(client):
    assert client.get("/artists/nobody-at-all").status_code == 404


def test_history_is_paginated(client):
    body = client.get(f"/events/{DOM}/history?limit=1").json()
    assert (body["total"] > 1, len(body["changes"]), "offset=1" in body["next"]) == (
        True, 1, True)


def test_an_event_links_to_its_history_and_shows_only_recent_changes(client, monkeypatch):
    from vinny.api import queries
    monkeypatch.setattr(queries, "RECENT_CHANGES", 1)
    body = client.get(f"/events/{DOM}").json()
    assert (len(body["history"]), body["history_total"] > 1,
            body["history_url"].endswith(f"/events/{DOM}/history")) == (1, True, True)


def test_history_of_an_unknown_event_is_404(client):
    assert client.get("/events/nope/history").status_code == 404


def test_health_lists_the_last_complete_run_per_spider(client):
    spiders = {s["spider"]: s for s in client.get("/health").json()["spiders"]}
    assert {k: v["last_complete_run"] for k, v in spiders.items()} == {
        "liv": "r4", "wynnsocial": "w1", "tao": "t1", "zouk": "z1"}


def test_health_is_ok_while_every_spider_is_fresh(client):
    response = client.get("/health")
    assert (response.status_code, response.json()["status"]) == (200, "ok")


def test_health_is_503_when_an_hourly_spider_missed_two_runs(db):
    with TestClient(create_app(db, today=lambda: TODAY, now=lambda: STALE)) as client:
        response = client.get("/health")
    stale = [s["spider"] for s in response.json()["spiders"] if s["stale"]]
    assert (response.status_code, stale) == (503, ["liv", "wynnsocial", "zouk"])


def test_health_is_not_cached(client):
    assert client.get("/health").headers["cache-control"] == "no-store"
