"""The read API through FastAPI's test client: every filter, pagination edges, 404 and 422.
(The conventions added later, defaults, caching, search, errors, are in tests/test_api_*.py.)"""

import pytest
from fastapi.testclient import TestClient

from tests.exportdb import HOSTILE, HOSTILE_BIO, TODAY, build
from vinny.api.app import create_app

DOM = "2026-12-04-dom-dolla-liv-las-vegas"
ALL = [
    "2026-11-01-john-summit-xs-nightclub", DOM, "2026-12-04-mau-p-liv-las-vegas",
    "2026-12-05-x-drop-table-events-liv-las-vegas", "2026-12-06-fisher-liv-las-vegas",
    "2026-12-11-cancelled-night-xs-nightclub", "2026-12-12-vanishing-act-liv-las-vegas",
    "2026-12-18-long-story-tao-nightclub",
]


@pytest.fixture(scope="module")
def client(tmp_path_factory):
    db = build(tmp_path_factory.mktemp("api") / "vinny.db")
    with TestClient(create_app(db, today=lambda: TODAY, images_dir=None)) as client:
        yield client


def ids(client, query: str = "") -> list[str]:
    """The events listed, past and removed ones included (the defaults hide them)."""
    query += ("&" if query else "?") + "include_past=true&include_removed=true"
    response = client.get(f"/events{query}")
    assert response.status_code == 200, response.text
    return [e["event_id"] for e in response.json()["events"]]


def test_health_counts_events(client):
    assert client.get("/health").json()["events"] == 8


def test_health_without_a_database_is_unavailable(tmp_path):
    with TestClient(create_app(tmp_path / "missing.db")) as missing:
        assert missing.get("/health").status_code == 503


def test_events_are_sorted_by_night_then_start(client):
    assert ids(client) == ALL  # Mau P at 1:00 belongs to the night of Dec 4, after 23:00


def test_events_carry_the_total(client):
    assert client.get("/events?limit=2&include_past=1&include_removed=1").json()["total"] == 8


def test_limit_and_offset_page_through(client):
    assert ids(client, "?limit=3&offset=3") == ALL[3:6]


def test_an_offset_past_the_end_is_an_empty_page_with_the_total(client):
    body = client.get("/events?offset=100&include_past=1&include_removed=1").json()
    assert (body["events"], body["total"]) == ([], 8)


def test_the_last_page_is_short(client):
    assert ids(client, "?limit=3&offset=6") == ALL[6:]


@pytest.mark.parametrize("query", ["?limit=0", "?limit=501", "?offset=-1", "?limit=x"])
def test_bad_pagination_is_422(client, query):
    assert client.get(f"/events{query}").status_code == 422


def test_filter_by_venue_slug(client):
    assert ids(client, "?venue=xs-nightclub") == [ALL[0], ALL[5]]


def test_filter_by_venue_tag(client):
    assert ids(client, "?venue=tao") == [ALL[7]]


def test_a_venue_that_is_not_a_slug_is_422(client):
    assert client.get("/events?venue=../etc").status_code == 422


def test_filter_from_a_date(client):
    assert ids(client, "?from=2026-12-11") == ALL[5:]


def test_filter_to_a_date(client):
    assert ids(client, "?to=2026-12-04") == ALL[:3]


def test_filter_between_dates_includes_both_ends(client):
    assert ids(client, "?from=2026-12-05&to=2026-12-06") == ALL[3:5]


@pytest.mark.parametrize("query", ["?from=2026-13-01", "?to=yesterday",
                                   "?from=2026-12-10&to=2026-12-01"])
def test_bad_dates_are_422(client, query):
    assert client.get(f"/events{query}").status_code == 422


def test_filter_by_headliner(client):
    assert ids(client, "?artist=dom%20dolla") == [DOM]


def test_filter_by_supporting_act(client):
    assert ids(client, "?artist=Sonny%20Fodera") == [DOM]


def test_filter_by_status(client):
    assert ids(client, "?status=removed") == [ALL[6]]


def test_filter_by_several_statuses(client):
    assert ids(client, "?status=removed&status=cancelled") == [ALL[5], ALL[6]]


def test_an_unknown_status_is_422(client):
    assert client.get("/events?status=sold").status_code == 422


def test_search_the_bio(client):
    assert ids(client, "?q=melbourne") == [DOM]


def test_search_every_word_must_match(client):
    assert ids(client, "?q=dom%20fisher") == []


def test_search_treats_wildcards_as_text(client):
    assert ids(client, "?q=%25") == []  # a literal "%" is in no event


def test_search_finds_the_hostile_performer(client):
    assert ids(client, "?q=DROP%20TABLE") == [ALL[3]]


@pytest.mark.parametrize("query", ["?q=", "?q=%20%20", "?q=" + "x" * 201, "?artist="])
def test_empty_or_huge_text_is_422(client, query):
    assert client.get(f"/events{query}").status_code == 422


def test_filters_combine(client):
    assert ids(client, "?venue=liv&from=2026-12-05&status=active") == [ALL[3], ALL[4]]


def test_a_summary_has_the_cheapest_available_table_and_the_image(client):
    dom = client.get("/events?artist=dom-dolla").json()["events"][0]
    assert (dom["price_from"], dom["image"]) == (
        6000, "https://img.vinny.vegas/artists/dom-dolla/liv-main.jpg")


def test_an_event_has_its_pricing(client):
    tiers = client.get(f"/events/{DOM}").json()["table_pricing"]
    assert [(t["tier_id"], t["tier"]["min_spend"], t["is_available"]) for t in tiers] == [
        ("MAS1", 6000, True), ("MAS2", 3000, False), ("MAS3", None, True)]


def test_an_event_has_its_images(client):
    images = client.get(f"/events/{DOM}").json()["images"]
    assert [s["preset"] for s in images[0]["sizes"]] == ["hd", "main"]


def test_an_event_has_its_artist_data(client):
    body = client.get(f"/events/{DOM}").json()
    assert (body["artist_stats"]["genres"], body["streaming_links"]["spotify"]) == (
        ["tech house"], "https://open.spotify.com/artist/dom")


def test_an_event_has_its_history(client):
    (change,) = client.get(f"/events/{DOM}").json()["history"]
    assert (change["field"], change["old_value"], change["new_value"], change["run_id"]) == (
        "start_at", "2026-12-04T22:30:00-08:00", "2026-12-04T23:00:00-08:00", "r2")


def test_an_event_has_its_jsonld(client):
    assert client.get(f"/events/{DOM}").json()["jsonld"]["@type"] == "Event"


def test_the_hostile_event_round_trips(client):
    body = client.get(f"/events/{ALL[3]}").json()
    assert (body["performer"], body["artist_bio"]) == (HOSTILE, HOSTILE_BIO)


def test_an_unknown_event_is_404(client):
    assert client.get("/events/2026-01-01-nobody-liv-las-vegas").status_code == 404


def test_venues_count_upcoming_events(client):
    venues = {v["slug"]: v for v in client.get("/venues").json()}
    assert (venues["liv-las-vegas"]["upcoming_events"], venues["liv-las-vegas"]["events"],
            venues["xs-nightclub"]["upcoming_events"]) == (4, 5, 1)


def test_venues_lists_every_registry_venue(client):
    from vinny.venues import registry

    listed = {v["slug"] for v in client.get("/venues").json()}
    assert listed == {v.slug for v in registry().venues}


def test_stats_lists_each_spiders_recent_runs_newest_first(client):
    runs = client.get("/stats").json()["spiders"]["liv"]
    assert [r["run_id"] for r in runs] == ["r3", "r2", "r1"]


def test_stats_runs_have_outcome_items_errors_and_duration(client):
    run = client.get("/stats").json()["spiders"]["liv"][0]
    assert (run["outcome"], run["items"], run["errors"], run["duration_seconds"]) == (
        "complete", 7, 0, 0.0)


def test_stats_limits_the_runs_per_spider(client):
    assert len(client.get("/stats?runs=1").json()["spiders"]["liv"]) == 1


def test_stats_count_events_by_status(client):
    assert client.get("/stats").json()["events"] == {
        "total": 8, "upcoming": 6, "by_status": {"active": 6, "cancelled": 1, "removed": 1}}


@pytest.mark.parametrize("query", ["?runs=0", "?runs=51"])
def test_bad_stats_parameters_are_422(client, query):
    assert client.get(f"/stats{query}").status_code == 422


def test_the_api_is_read_only(client):
    assert client.post("/events", json={}).status_code == 405


def test_the_openapi_document_describes_every_route(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert set(paths) == {"/health", "/events", "/events/{event_id}", "/venues", "/stats",
                          "/events/{event_id}/history", "/venues/{key}", "/artists/{slug}"}
