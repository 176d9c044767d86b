"""The artist tables: the time-to-live, merging without losing, old databases."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta

from vinny.enrich.records import ArtistRecord, ArtistStore, ensure_columns
from vinny.enrich.types import (
    DEFERRED,
    FAILED,
    MATCHED,
    NOT_FOUND,
    SOURCES,
    ArtistData,
    Finding,
    Tracklist,
)

NOW = datetime(2026, 11, 22, 12, tzinfo=UTC)
WEEK = timedelta(days=7)


def matched(source, **data):
    return Finding(source, MATCHED, "exact name", ArtistData(**data))


def enriched(at=NOW):
    record = ArtistRecord(slug="dom-dolla")
    record.merge({
        "tracklists": matched("tracklists", genres=["tech house"], links={
            "soundcloud": "https://soundcloud.com/domdolla"},
            tracklists=[Tracklist("Dom Dolla @ XS 2026-11-01", "https://x/t.html",
                                  "2026-11-01", "XS", ["tech house"])]),
        "resident_advisor": matched("resident_advisor", bio="Bio.", country="Australia"),
        "spotify": matched("spotify", spotify_id="4AbCdEfGhIjKlMnOpQrStU", genres=["house"],
                           links={"spotify": "https://open.spotify.com/artist/4AbC"}),
    }, at)
    return record


def test_nothing_is_due_within_the_time_to_live():
    assert enriched().due(SOURCES, NOW + timedelta(days=6), WEEK) == []


def test_everything_is_due_after_the_time_to_live():
    assert enriched().due(SOURCES, NOW + timedelta(days=8), WEEK) == list(SOURCES)


def test_force_makes_everything_due():
    assert enriched().due(SOURCES, NOW, WEEK, force=True) == list(SOURCES)


def test_an_unsettled_source_is_due_on_the_next_run():
    record = enriched()
    record.merge({"spotify": Finding("spotify", DEFERRED, "rate limited")}, NOW)
    assert record.due(SOURCES, NOW + timedelta(hours=1), WEEK) == ["spotify"]


def test_a_failed_run_keeps_what_an_earlier_match_stored():
    record = enriched()
    record.merge({"resident_advisor": Finding("resident_advisor", FAILED, "http_500")}, NOW)
    assert (record.bio, record.matched("resident_advisor")) == ("Bio.", True)


def test_a_source_that_no_longer_finds_the_artist_erases_nothing():
    record = enriched()
    record.merge({"spotify": Finding("spotify", NOT_FOUND, "")}, NOW)
    assert record.spotify_id == "4AbCdEfGhIjKlMnOpQrStU"


def test_spotify_genres_win_over_tracklists_genres():
    assert enriched().genres == ["house"]


def test_tracklists_genres_stand_in_when_spotify_gives_none():
    record = ArtistRecord(slug="x")
    record.merge({"tracklists": matched("tracklists", genres=["techno"]),
                  "spotify": matched("spotify", spotify_id="id", genres=[])}, NOW)
    assert record.genres == ["techno"]


def test_a_saved_record_loads_back_the_same(tmp_path):
    store = ArtistStore(tmp_path / "vinny.db")
    record = enriched()
    store.save(record)
    loaded = store.load()["dom-dolla"]
    store.close()
    assert loaded == record


def test_links_are_spread_over_the_streaming_and_social_tables(tmp_path):
    store = ArtistStore(tmp_path / "vinny.db")
    store.save(enriched())
    row = store.conn.execute("SELECT soundcloud FROM streaming_links").fetchone()
    store.close()
    assert row[0] == "https://soundcloud.com/domdolla"


def test_a_database_made_before_the_enrichment_columns_gets_them(tmp_path):
    conn = sqlite3.connect(tmp_path / "old.db")
    conn.execute("CREATE TABLE artist_stats (artist_slug TEXT PRIMARY KEY, spotify_id TEXT, "
                 "genres TEXT NOT NULL DEFAULT '[]', popularity INTEGER, "
                 "follower_count INTEGER, artist_bio TEXT, enriched_at TEXT)")
    ensure_columns(conn)
    columns = {row[1] for row in conn.execute("PRAGMA table_info(artist_stats)")}
    assert {"tracklists", "links", "enrichment", "country"} <= columns
