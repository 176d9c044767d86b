"""The TAO extractor on saved pages: one test per field, Las Vegas only."""

from datetime import date, datetime

import pytest

from vinny.extract import Skip, extract_tao_event
from vinny.timeutil import VEGAS

pytestmark = pytest.mark.usefixtures("frozen_clock")

TAO = "https://taogroup.com/event/"


@pytest.fixture
def pauly(page_text):
    return extract_tao_event(f"{TAO}7-3-2026-dj-pauly-d-marquee-nightclub/",
                             page_text("tao_marquee.html"))


@pytest.fixture
def alesso(page_text):
    return extract_tao_event(f"{TAO}12-31-2026-alesso-omnia-nightclub/",
                             page_text("tao_no_jsonld.html"))


def test_start_from_full_jsonld_datetime(pauly):
    assert pauly["start_at"] == datetime(2026, 7, 3, 22, 0, tzinfo=VEGAS)


def test_music_event_subtype_is_an_event(pauly):
    assert pauly["event_name"] == "DJ Pauly D"


def test_venue_from_jsonld_location(pauly):
    assert (pauly["venue_slug"], pauly["venue_tag"]) == ("marquee-nightclub", "marquee")


def test_image_object_url(pauly):
    assert pauly["image_urls"] == ["https://taogroup.com/wp-content/uploads/2026/06/pauly-d.jpg"]


def test_cancelled_status(pauly):
    assert pauly["status"] == "cancelled"


def test_no_jsonld_name_from_og_title_with_entities(alesso):
    assert alesso["event_name"] == "Alesso"


def test_no_jsonld_date_from_url(alesso):
    assert alesso["event_date"] == date(2026, 12, 31)


def test_no_jsonld_time_from_page(alesso):
    assert alesso["start_at"] == datetime(2026, 12, 31, 22, 30, tzinfo=VEGAS)


def test_no_jsonld_venue_from_title(alesso):
    assert alesso["venue_slug"] == "omnia-nightclub"


def test_no_jsonld_performer_list_empty_so_name_stands_in(alesso):
    assert alesso["performers"] == []


def test_new_york_namesake_is_skipped(page_text):
    result = extract_tao_event(f"{TAO}12-5-2026-marquee-saturdays-marquee-new-york/",
                               page_text("tao_new_york.html"))
    assert isinstance(result, Skip) and result.reason == "not_las_vegas"


def test_same_brand_abroad_is_skipped_by_city(page_text):
    result = extract_tao_event(f"{TAO}12-12-2026-hakkasan-nights-hakkasan-nightclub/",
                               page_text("tao_hakkasan_abroad.html"))
    assert isinstance(result, Skip) and result.reason == "not_las_vegas"


def test_landing_page_is_not_an_event(page_text):
    result = extract_tao_event("https://taogroup.com/event/las-vegas/", page_text("not_event.html"))
    assert isinstance(result, Skip) and result.reason in ("not_event", "not_las_vegas")
