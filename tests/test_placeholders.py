"""Placeholders are not artists: template text, field names and punctuation where a performer
belongs are rejected with a reason; "TBA" and "Special Guest" nights are kept, without artist."""

import pytest

from tests.test_pipelines import page
from vinny.pipelines.event_validation import RejectedEvent


def reason(validate, **overrides) -> str:
    with pytest.raises(RejectedEvent) as caught:
        validate.process_item(page(**overrides))
    return caught.value.reason


def test_an_itemname_template_page_is_rejected_and_counted(validate, crawler):
    # Encore Beach Club's inventory template read as the performer (issue 13).
    assert reason(validate, performers=["{{itemname}}"], event_name="{{itemname}}") == \
        "placeholder_performer"
    assert crawler.stats.get_value("vinny/rejected/placeholder_performer") == 1
    assert crawler.stats.get_value("vinny/events/valid") is None


@pytest.mark.parametrize("token", [
    "{{itemname}}", "{{ artist.name }}", "{name}", "{0}", "{}", "${performer}", "<%= name %>",
    "%s", "%(name)s", "[name]", "[artist]", "Live: {{itemname}}", "DJ %s",
])
def test_template_tokens_are_rejected(validate, token):
    assert reason(validate, performers=[token]) == "placeholder_performer"


@pytest.mark.parametrize("name", [
    "itemname", "ItemName", "performer", "artist", "Name", "eventname", "event_name", "title",
    "undefined", "null", "None", "N/A", "nan", "[object Object]",
])
def test_field_names_are_rejected(validate, name):
    assert reason(validate, performers=[name]) == "placeholder_performer"


@pytest.mark.parametrize("name", ["!!!", "-", "…", "  ??  ", "🎧🔥"])
def test_punctuation_only_is_rejected(validate, name):
    assert reason(validate, performers=[name]) == "placeholder_performer"


def test_a_placeholder_supporting_act_rejects_the_page(validate):
    assert reason(validate, performers=["Dom Dolla", "{{itemname}}"]) == \
        "placeholder_performers"


def test_a_placeholder_title_is_rejected(validate):
    assert reason(validate, event_name="{{eventname}}") == "placeholder_event_name"


@pytest.mark.parametrize("name", [
    "Dom Dolla", "deadmau5", "Above & Beyond", "Dom Dolla [Live]", "Kaskade (Redux Set)",
    "Title Fight", "NAO", "100% Hardcore", "G-Eazy", "Nas", "DJ Snake", "DJ Pauly D",
    "Chris Lake b2b Chris Lorenzo", "Special Guest Star",
])
def test_real_names_pass(validate, name):
    assert validate.process_item(page(performers=[name], event_name=name)).performer == name


@pytest.mark.parametrize("marker", ["TBA", "TBD", "To Be Announced", "Special Guest",
                                    "Special Guests", "Surprise Guest"])
def test_an_unannounced_night_is_kept_under_its_title_without_an_artist(validate, marker):
    event = validate.process_item(page(performers=[marker], event_name="LIV Saturday"))
    assert (event.performer, event.performers, event.event_id, event.no_artist) == (
        "LIV Saturday", [], "2026-12-04-liv-saturday-liv-las-vegas", True)


def test_an_unannounced_night_without_a_title_keeps_the_marker(validate):
    event = validate.process_item(page(performers=["Special Guest"], event_name="Special Guest"))
    assert (event.performer, event.performers, event.event_id, event.no_artist) == (
        "Special Guest", [], "2026-12-04-special-guest-liv-las-vegas", True)


def test_a_special_guest_beside_a_headliner_is_not_an_artist(validate):
    event = validate.process_item(page(performers=["Tiësto", "Special Guest"]))
    assert (event.performer, event.performers, event.no_artist) == ("Tiësto", ["Tiësto"], False)


@pytest.mark.parametrize(("title", "venue"), [
    ("OMNIA Nightclub Saturday", "OMNIA Nightclub"), ("Marquee Saturdays", "Marquee Nightclub"),
    ("TAO Thursday Night", "TAO Nightclub"), ("LIV Las Vegas", "LIV Las Vegas")])
def test_a_venue_night_title_is_an_event_without_an_artist(validate, title, venue):
    event = validate.process_item(page(performers=[], event_name=title, venue=venue))
    assert (event.performer, event.no_artist) == (title, True)


@pytest.mark.parametrize("title", ["Kaskade", "Dom Dolla Saturday", "Liv Tyler Live"])
def test_a_title_that_names_an_artist_has_one(validate, title):
    event = validate.process_item(page(performers=[], event_name=title, venue="LIV Las Vegas"))
    assert event.no_artist is False


def test_no_artist_is_never_published(validate):
    event = validate.process_item(page(performers=["TBA"], event_name="TBA"))
    assert event.no_artist and "no_artist" not in event.json_dict()
