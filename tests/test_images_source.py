"""Which image an event gets and where it goes (vinny.images.source): pure functions."""

from __future__ import annotations

import pytest

from vinny.images.source import UnsafeKey, best_source, fetch_order, image_key, plan

VEA = "https://venueeventartist.com/imateq/event/3/1214881/5e1a9c07/{}/dom-dolla-liv.jpeg"
ARTIST = "https://venueeventartist.com/imateq/artist/2/1214881/77aa01/600SC0/dom-dolla.jpeg"
TAO = "https://taogroup.com/wp-content/uploads/2026/11/omnia-steve-aoki-1212.jpg"


def test_key_is_artist_folder_and_venue_tagged_preset_file():
    assert image_key("dom-dolla", "livb", "hd") == "artists/dom-dolla/livb-hd.jpg"


@pytest.mark.parametrize(("slug", "tag"), [("../x", "liv"), ("a/b", "liv"), ("", "liv"),
                                           ("dom-dolla", "../../etc"), ("dom-dolla", "")])
def test_key_refuses_anything_but_plain_slugs(slug, tag):
    with pytest.raises(UnsafeKey):
        image_key(slug, tag, "main")


def test_vea_largest_listed_size_is_chosen():
    urls = [VEA.format("600SC0"), VEA.format("1200SC0"), VEA.format("800SC0")]
    assert best_source(urls) == (VEA.format("1200SC0"), "flyer")


def test_vea_artist_image_is_preferred_to_the_flyer():
    assert best_source([VEA.format("1200SC0"), ARTIST]) == (ARTIST, "artist")


def test_other_hosts_give_the_page_first_image():
    assert best_source([TAO, "https://taogroup.com/other.jpg"]) == (TAO, "flyer")


def test_no_usable_url_gives_none():
    assert best_source(["", "data:image/png;base64,AAAA"]) is None


def test_vea_fetch_asks_for_the_largest_size_code_then_the_page_size():
    assert fetch_order(VEA.format("1200SC0")) == (VEA.format("1600SC0"), VEA.format("1200SC0"))


def test_non_vea_fetch_is_the_url_itself():
    assert fetch_order(TAO) == (TAO,)


def test_plan_uses_the_headliner_slug_and_venue_tag():
    job = plan("2026-12-31-john-summit-liv-las-vegas", "John Summit", "liv", [TAO])
    assert job.key("main") == "artists/john-summit/liv-main.jpg"


def test_performer_written_as_a_path_stays_inside_artists():
    job = plan("2026-12-31-x-liv-las-vegas", "../../x", "liv", [TAO])
    assert job.key("hd") == "artists/x/liv-hd.jpg"


def test_performer_with_slashes_becomes_one_folder():
    job = plan("2026-12-31-a-b-liv-las-vegas", "AC/DC / Tribute", "liv", [TAO])
    assert job.key("hd") == "artists/ac-dc-tribute/liv-hd.jpg"


def test_performer_with_no_letters_is_refused():
    with pytest.raises(UnsafeKey):
        plan("2026-12-31-x-liv-las-vegas", "../..", "liv", [TAO])


def test_event_without_image_needs_no_job():
    assert plan("2026-12-31-x-liv-las-vegas", "X", "liv", []) is None
