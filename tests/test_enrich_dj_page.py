"""1001tracklists DJ pages read as data: microdata, and the plain markup a person sees."""

from __future__ import annotations

from replica.personas import Persona, Universe
from replica.render_artists import dj_page, plain_dj_page
from vinny.enrich.dj_page import iso_date, parse_dj_page

URL = "https://www.1001tracklists.com/dj/chrislorenzo/index.html"
BASE = "https://www.1001tracklists.com"

# As an independent copy of the site serves it: a title, a date and a link per set, no microdata.
PLAIN_LIST = """<!DOCTYPE html><html><head><title>Chris Lorenzo Tracklists Overview</title>
<script src="https://www.google.com/recaptcha/api.js"></script></head><body>
<div class="header"><a href="https://www.facebook.com/1001tracklists">1001TL</a></div>
<div class="djHeader"><h1>Chris Lorenzo</h1>
<a href="https://soundcloud.com/chrislorenzo">SoundCloud</a></div>
<h2>Recent tracklists</h2>
<ul class="sets">
 <li><a href="/tracklist/2kq9x1t/chris-lorenzo-xs-nightclub-las-vegas-2026-11-14.html">
   Chris Lorenzo @ XS Nightclub, Las Vegas</a> <span class="date">2026-11-14</span></li>
 <li><a href="/tracklist/1v7mm3k/chris-lorenzo-printworks-london-2026-10-31.html">
   Chris Lorenzo @ Printworks, London</a> <span class="date">2026-10-31</span></li>
 <li><a href="/tracklist/z0p2c8d/chris-lake-chris-lorenzo-hi-ibiza-2026-09-19.html">
   Chris Lake &amp; Chris Lorenzo @ Hi Ibiza</a> <span class="date">2026-09-19</span></li>
</ul>
<aside><h3>Trending</h3><a href="/tracklist/9zz9zz9/fisher-tomorrowland-2026-07-20.html">
 Fisher @ Tomorrowland</a> 2026-07-20</aside></body></html>"""


def sets(html: str, names=("Chris Lorenzo",)):
    return [(t.title, t.date, t.url) for t in parse_dj_page(html, URL, names).tracklists]


def test_a_plain_list_page_gives_each_set_with_title_date_and_link():
    assert sets(PLAIN_LIST) == [
        ("Chris Lorenzo @ XS Nightclub, Las Vegas", "2026-11-14",
         f"{BASE}/tracklist/2kq9x1t/chris-lorenzo-xs-nightclub-las-vegas-2026-11-14.html"),
        ("Chris Lorenzo @ Printworks, London", "2026-10-31",
         f"{BASE}/tracklist/1v7mm3k/chris-lorenzo-printworks-london-2026-10-31.html"),
        ("Chris Lake & Chris Lorenzo @ Hi Ibiza", "2026-09-19",
         f"{BASE}/tracklist/z0p2c8d/chris-lake-chris-lorenzo-hi-ibiza-2026-09-19.html")]


def test_a_plain_list_set_keeps_its_venue():
    page = parse_dj_page(PLAIN_LIST, URL, ["Chris Lorenzo"])
    assert page.tracklists[0].venue == "XS Nightclub, Las Vegas"


def test_a_plain_page_names_the_dj_by_its_heading():
    assert parse_dj_page(PLAIN_LIST, URL).name == "Chris Lorenzo"


def test_another_artists_set_in_a_sidebar_is_not_the_djs():
    assert all("fisher" not in url for _, _, url in sets(PLAIN_LIST))


def test_the_djs_links_are_read_and_the_sites_own_are_not():
    assert parse_dj_page(PLAIN_LIST, URL).links == {
        "soundcloud": "https://soundcloud.com/chrislorenzo"}


def test_a_plain_page_counts_the_djs_tracklist_links_it_shows():
    assert parse_dj_page(PLAIN_LIST, URL, ["Chris Lorenzo"]).shown == 3


def test_a_table_with_written_out_dates_gives_iso_dates():
    persona = Persona("Chris Lorenzo")
    page = parse_dj_page(plain_dj_page(persona, "table"), URL, ["Chris Lorenzo"])
    assert [t.date for t in page.tracklists] == [t["date"] for t in persona.tracklists()]


def test_blocks_opened_by_onclick_are_sets_with_their_title():
    persona = Persona("Chris Lorenzo")
    page = parse_dj_page(plain_dj_page(persona, "blocks"), URL, ["Chris Lorenzo"])
    expected = persona.tracklists()[0]
    assert (page.tracklists[0].title, page.tracklists[0].date) == (
        f"Chris Lorenzo @ {expected['venue']}", expected["date"])


def test_microdata_still_gives_the_sets_with_genres_and_links():
    persona = Persona("Chris Lorenzo")
    page = parse_dj_page(dj_page(persona, Universe()), URL, ["Chris Lorenzo"])
    expected = persona.tracklists()
    assert (page.layout, len(page.tracklists), page.tracklists[0].genres) == (
        "microdata", len(expected), expected[0]["genres"])
    assert page.links["soundcloud"] == "https://soundcloud.com/chrislorenzo"


def test_icon_only_links_are_shown_but_no_set_is_read():
    page = parse_dj_page(plain_dj_page(Persona("Chris Lorenzo"), "unreadable"), URL,
                         ["Chris Lorenzo"])
    assert (page.shown, page.tracklists) == (6, [])


def test_a_dj_with_no_set_shows_none():
    page = parse_dj_page(plain_dj_page(Persona("Chris Lorenzo"), "no_sets"), URL,
                         ["Chris Lorenzo"])
    assert (page.name, page.shown, page.tracklists) == ("Chris Lorenzo", 0, [])


def test_dates_written_out_or_iso_read_the_same():
    assert {iso_date("Nov 14, 2026"), iso_date("14 November 2026"),
            iso_date("set of 2026-11-14")} == {"2026-11-14"}
