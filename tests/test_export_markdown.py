"""Markdown venue pages: golden files, upcoming events only, escaping of scraped text.

Rewrite the golden files after an intended change with `pytest --update-golden`
(tests/golden.py)."""

import pytest

from tests.exportdb import HOSTILE, TODAY, build
from vinny.publish.exporter import ExportOptions
from vinny.publish.exports import export
from vinny.publish.markdown import event_row, link, safe_url, text

PAGES = ("venues/liv-las-vegas.md", "venues/xs-nightclub.md", "venues/liv-beach.md",
         "venues/index.md")


@pytest.fixture(scope="module")
def out(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("markdown")
    export(build(tmp / "vinny.db"), tmp / "exports", ["markdown"], TODAY)
    return tmp / "exports"


@pytest.mark.parametrize("name", PAGES)
def test_page_matches_its_golden_file(out, name, golden):
    produced, expected = golden(out, name)
    assert produced == expected


def test_a_page_lists_a_venues_upcoming_events_by_night_and_start(out):
    page = (out / "venues/liv-las-vegas.md").read_text()
    rows = [line.split(" | ")[2] for line in page.splitlines() if line.startswith("| ") and
            "2026" in line]
    assert rows == ["Dom Dolla, Sonny Fodera", "Mau P", text(HOSTILE), "Fisher"]


def test_past_events_are_left_out(out):
    assert "John Summit" not in (out / "venues/xs-nightclub.md").read_text()


def test_removed_events_are_left_out(out):
    assert "Vanishing" not in (out / "venues/liv-las-vegas.md").read_text()


def test_a_cancelled_event_says_so(out):
    assert "Cancelled Night **\\(cancelled\\)**" in (out / "venues/xs-nightclub.md").read_text()


def test_a_venue_without_upcoming_events_says_so(out):
    assert (out / "venues/liv-beach.md").read_text().endswith("No upcoming events.\n")


def test_the_index_counts_upcoming_events(out):
    assert "| [LIV Las Vegas](liv-las-vegas.md) | Fontainebleau Las Vegas | 4 |" in (
        out / "venues/index.md").read_text()


def test_text_cannot_open_a_link_or_tag():
    assert text("[x](javascript:alert(1)) <script>") == (
        "\\[x\\]\\(javascript\\:alert\\(1\\)\\) &lt;script&gt;")


def test_text_cannot_break_a_table_row():
    assert text("a | b\nc") == "a \\| b c"


def test_a_link_to_a_non_web_url_is_dropped():
    assert link("Event", "javascript:alert(1)") == ""


def test_a_link_cannot_be_closed_early():
    assert safe_url("https://x.example/a b)(<c>") == "https://x.example/a%20b%29%28%3Cc%3E"


def test_the_hostile_performer_is_shown_escaped():
    row = event_row({"event_id": "e", "event_date": "2026-12-05", "performer": HOSTILE,
                     "performers": [HOSTILE], "url": "https://x.example/e", "status": "active"})
    assert "| x'\\); DROP TABLE events; \\-\\- |" in row


def test_with_local_images_a_page_links_the_stored_file_by_a_relative_path(tmp_path):
    db = build(tmp_path / "vinny.db")
    export(db, tmp_path / "exports", ["markdown"], TODAY,
           ExportOptions(local_images=tmp_path))
    page = (tmp_path / "exports" / "venues" / "liv-las-vegas.md").read_text()
    # From exports/venues/ to the data directory's artists/: what a local install has on disk.
    assert "](../../artists/dom-dolla/liv-main.jpg)" in page
    assert "https://img.vinny.vegas" not in page
