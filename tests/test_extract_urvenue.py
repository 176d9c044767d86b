"""The UrVenue extractors (LIV, WynnSocial) on saved pages: one test per field."""

from datetime import date, datetime

import pytest
from scrapy.http import HtmlResponse

from vinny.extract import Skip, extract_liv_event, extract_wynn_event
from vinny.extract.jsonld import read_jsonld
from vinny.extract.urvenue import code_from_url, parse_event_code
from vinny.spiders.base import utf8_body
from vinny.timeutil import VEGAS

pytestmark = pytest.mark.usefixtures("frozen_clock")

LIV = "https://www.livnightclub.com/las-vegas/event/"
WYNN = "https://www.wynnsocial.com/event/"


@pytest.fixture
def dom_dolla(page_text):
    return extract_liv_event(f"{LIV}EVE121488100020261204/dom-dolla/", page_text("liv_legacy.html"))


@pytest.fixture
def beach(page_text):
    return extract_liv_event(f"{LIV}EVE-SUP7FH/tiesto/", page_text("liv_beach_graph.html"))


def test_legacy_code_splits_into_venue_zone_and_date():
    code = parse_event_code("EVE111500020260320")
    assert (code.venue_id, code.zone, code.day) == ("1115", "000", date(2026, 3, 20))


def test_opaque_code_carries_no_date():
    code = code_from_url(f"{LIV}EVE-SUP7FH/some-night/")
    assert code.code == "EVE-SUP7FH" and code.day is None and code.venue_id is None


def test_liv_event_name(dom_dolla):
    assert dom_dolla["event_name"] == "Dom Dolla"


def test_liv_date_from_date_only_jsonld(dom_dolla):
    assert dom_dolla["event_date"] == date(2026, 12, 4)


def test_liv_start_time_comes_from_the_html(dom_dolla):
    assert dom_dolla["start_at"] == datetime(2026, 12, 4, 22, 30, tzinfo=VEGAS)


def test_liv_single_performer_object(dom_dolla):
    assert dom_dolla["performers"] == ["Dom Dolla"]


def test_liv_venue_by_label(dom_dolla):
    assert (dom_dolla["venue"], dom_dolla["venue_slug"], dom_dolla["venue_tag"]) == (
        "LIV Las Vegas", "liv-las-vegas", "liv")


def test_liv_flyer_from_jsonld(dom_dolla):
    assert dom_dolla["image_urls"] == [
        "https://venueeventartist.com/imateq/event/88123/1214881/dom-dolla-2026/1200SC0/flyer-dom-dolla.jpeg"
    ]


def test_liv_event_code_kept(dom_dolla):
    assert dom_dolla["event_code"] == "EVE121488100020261204"


def test_liv_beach_told_apart_by_label(beach):
    assert beach["venue_slug"] == "liv-beach" and beach["venue_tag"] == "livb"


def test_graph_wrapped_event_with_several_performers_headliner_first(beach):
    assert beach["performers"] == ["Tiësto", "Dimitri Vegas & Like Mike"]


def test_dst_start_has_daylight_offset(beach):
    assert beach["start_at"].utcoffset().total_seconds() == -7 * 3600


def test_opaque_code_date_from_jsonld(beach):
    assert beach["event_date"] == date(2027, 3, 14)


def test_no_jsonld_falls_back_to_html_cues(page_text):
    event = extract_liv_event(f"{LIV}EVE-JS0001/john-summit/", page_text("liv_no_jsonld.html"))
    assert (event["event_name"], event["event_date"], event["start_at"].hour) == (
        "John Summit", date(2027, 1, 9), 22)


def test_no_jsonld_image_from_og(page_text):
    event = extract_liv_event(f"{LIV}EVE-JS0001/john-summit/", page_text("liv_no_jsonld.html"))
    assert event["image_urls"][0].endswith("/1200SC0/flyer-john-summit.jpeg")


def test_malformed_jsonld_is_counted_and_html_used(page_text):
    event = extract_liv_event(f"{LIV}EVE-CS0001/chainsmokers/", page_text("liv_malformed.html"))
    assert event["jsonld_malformed"] == 1
    assert (event["event_name"], event["event_date"]) == ("The Chainsmokers", date(2027, 1, 16))


def test_trailing_commas_and_raw_newlines_are_tolerated(page_text):
    event = extract_liv_event(f"{LIV}EVE-KK0001/kaskade/", page_text("liv_trailing_comma.html"))
    assert event["performers"] == ["Kaskade"] and event["jsonld_malformed"] == 0


def test_no_date_leaves_date_empty(page_text):
    event = extract_liv_event(f"{LIV}EVE-SG0001/special-guest/", page_text("liv_no_date.html"))
    assert event["event_date"] is None and event["start_at"] is None


def test_unknown_liv_venue_label_is_left_unresolved(page_text):
    event = extract_liv_event(f"{LIV}EVE-PP0001/pool/", page_text("liv_unknown_venue.html"))
    assert event.get("venue_slug") is None and event["venue"] == "Fontainebleau Pool Deck"


def test_non_utf8_page_keeps_accents(page_text):
    text = page_text("liv_cp1252.html", "cp1252")
    event = extract_liv_event(f"{LIV}EVE121488100020270213/tiesto/", text)
    assert event["performers"] == ["Tiësto"]


def test_wynn_venue_from_code_id(page_text):
    event = extract_wynn_event(f"{WYNN}EVE111500020270102/fisher/",
                               page_text("wynn_xs_after_midnight.html"))
    assert event["venue_slug"] == "xs-nightclub"


def test_performer_as_plain_string_in_jsonld_list(page_text):
    event = extract_wynn_event(f"{WYNN}EVE111500020270102/fisher/",
                               page_text("wynn_xs_after_midnight.html"))
    assert event["performers"] == ["Fisher"]


def test_after_midnight_start_is_the_real_instant(page_text):
    event = extract_wynn_event(f"{WYNN}EVE111500020270102/fisher/",
                               page_text("wynn_xs_after_midnight.html"))
    assert event["start_at"] == datetime(2027, 1, 2, 1, 0, tzinfo=VEGAS)


def test_encore_beach_club_from_html_only(page_text):
    event = extract_wynn_event(f"{WYNN}EVE110300020270501/david-guetta/",
                               page_text("wynn_ebc_html_only.html"))
    assert (event["venue_slug"], event["event_date"], event["start_at"].hour) == (
        "encore-beach-club", date(2027, 5, 1), 11)


def test_encore_beach_club_at_night_by_id(page_text):
    event = extract_wynn_event(f"{WYNN}EVE116300020270501/david-guetta/",
                               page_text("wynn_ebc_html_only.html"))
    assert event["venue_slug"] == "encore-beach-club-at-night"


def test_wynn_out_of_scope_venue_is_skipped(page_text):
    url = f"{WYNN}EVE118700020270410/polo/"
    result = extract_wynn_event(url, page_text("wynn_field_club.html"))
    assert result == Skip("out_of_scope", "venue 1187")


def test_page_without_event_is_skipped(page_text):
    assert extract_liv_event("https://www.livnightclub.com/las-vegas/events/",
                             page_text("not_event.html")) == Skip("not_event")


def test_a_page_read_as_bytes_gives_what_its_text_gives(page_text):
    text = page_text("liv_legacy.html")
    url = f"{LIV}EVE121488100020261204/dom-dolla/"
    assert extract_liv_event(url, text.encode()) == extract_liv_event(url, text)


def test_a_windows_1252_response_reaches_the_extractor_in_utf8(page_text):
    body = page_text("liv_cp1252.html", "cp1252").encode("cp1252")
    response = HtmlResponse(f"{LIV}EVE121488100020270213/tiesto/", body=body,
                            headers={"Content-Type": "text/html; charset=windows-1252"})
    assert extract_liv_event(response.url, utf8_body(response))["performers"] == ["Tiësto"]


def test_a_stray_byte_in_a_utf8_page_does_not_lose_the_event(page_text):
    body = page_text("liv_legacy.html").encode()
    jsonld = body.index(b"application/ld+json")
    name = body.index(b'"Dom Dolla"', jsonld)
    body = body[:name] + b'"Dom Dolla\xff"' + body[name + len(b'"Dom Dolla"'):]
    event = extract_liv_event(f"{LIV}EVE121488100020261204/dom-dolla/", body)
    assert event["event_name"] == "Dom Dolla\N{REPLACEMENT CHARACTER}"
    assert event["performers"] == ["Dom Dolla"]
    assert event["event_date"] == date(2026, 12, 4)


def test_jsonld_that_only_pythons_json_reads_is_not_malformed():
    # orjson reads JSON-LD first; it refuses NaN and integers past 64 bits, which json takes.
    page = ('<script type="application/ld+json">{"@type": "MusicEvent", "name": "Kaskade",'
            ' "offers": {"price": NaN}, "identifier": 123456789012345678901234567890}</script>')
    jsonld = read_jsonld(page)
    assert jsonld.malformed == 0 and jsonld.repaired == 0
    assert [event["name"] for event in jsonld.events()] == ["Kaskade"]
