"""The Spotify plugin through spotipy's real request path, replayed from betamax cassettes
(recorded from the replica by `python -m tests.spotify_cassettes`, credentials scrubbed)."""

from __future__ import annotations

import asyncio
import json
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests
from betamax import Betamax

from replica.personas import Persona
from tests.spotify_cassettes import CASSETTES, PLACEHOLDERS, query
from vinny.enrich.matching import identities
from vinny.enrich.registry import Registry
from vinny.enrich.spotify import SpotifyPlugin, credentials, make_client
from vinny.enrich.types import BLOCKED, DOUBTFUL, MATCHED, NOT_FOUND, SKIPPED, SourceFailed


class Sleeps(list):
    async def __call__(self, seconds: float) -> None:
        self.append(seconds)


@pytest.fixture
def replay():
    """A plugin whose HTTP comes from one cassette (no network: record mode "none")."""
    stack = []

    def open_cassette(name: str, *, max_wait: float = 5.0):
        session = requests.Session()
        recorder = Betamax(session, cassette_library_dir=str(CASSETTES))
        recorder.use_cassette(name, record="none", match_requests_on=["method", "uri"])
        recorder.start()
        pool = ThreadPoolExecutor(1)
        stack.append((recorder, pool))
        sleeps = Sleeps()
        plugin = SpotifyPlugin(make_client("client-id", "client-secret", session), pool,
                               max_wait=max_wait, sleep=sleeps)
        return plugin, sleeps

    yield open_cassette
    for recorder, pool in stack:
        recorder.stop()
        pool.shutdown()


def lookup(plugin, name, links=None):
    return asyncio.run(plugin.lookup(query(name), identities(links or {})))


def test_the_exact_name_is_picked_over_a_first_hit_that_is_not_the_artist(replay):
    plugin, _ = replay("spotify_match")
    finding = lookup(plugin, "Meduza")
    assert (finding.outcome, finding.data.spotify_id) == (MATCHED, Persona("Meduza").spotify_id)


def test_the_cassette_puts_another_artist_first(replay):
    cassette = json.loads((CASSETTES / "spotify_match.json").read_text())
    body = json.loads(cassette["http_interactions"][1]["response"]["body"]["string"])
    assert body["artists"]["items"][0]["name"] != "Meduza"


def test_development_mode_leaves_followers_popularity_and_top_tracks_null(replay):
    plugin, _ = replay("spotify_match")
    data = lookup(plugin, "Meduza").data
    assert (data.followers, data.popularity, data.top_tracks) == (None, None, None)


def test_a_match_brings_id_genres_images_and_link(replay):
    plugin, _ = replay("spotify_match")
    data = lookup(plugin, "Meduza").data
    assert data.genres and len(data.images) == 3
    assert data.links == {"spotify": f"https://open.spotify.com/artist/{data.spotify_id}"}


def test_extended_access_brings_followers_popularity_and_top_tracks(replay):
    plugin, _ = replay("spotify_extended_access")
    data = lookup(plugin, "Alesso").data
    assert data.followers > 0 and 0 <= data.popularity <= 100 and len(data.top_tracks) == 5


def test_two_artists_of_the_same_name_make_a_doubtful_match(replay):
    plugin, _ = replay("spotify_ambiguous")
    finding = lookup(plugin, "Fisher")
    assert (finding.outcome, finding.data) == (DOUBTFUL, None)


def test_a_spotify_link_from_an_earlier_source_settles_it_by_id(replay):
    plugin, _ = replay("spotify_known_id")
    fisher = Persona("Fisher").spotify_id
    finding = lookup(plugin, "Fisher", {"spotify": f"https://open.spotify.com/artist/{fisher}"})
    assert (finding.outcome, finding.data.spotify_id) == (MATCHED, fisher)


def test_an_unknown_artist_is_not_found(replay):
    plugin, _ = replay("spotify_unknown")
    assert lookup(plugin, "LIV Sundays").outcome == NOT_FOUND


def test_a_429_is_waited_out_for_its_retry_after_then_succeeds(replay):
    plugin, sleeps = replay("spotify_429_then_success")
    finding = lookup(plugin, "Kaskade")
    assert (finding.outcome, sleeps) == (MATCHED, [1.0])


def test_a_429_beyond_the_bound_defers_the_artist(replay):
    plugin, sleeps = replay("spotify_429_then_success", max_wait=0.5)
    registry = Registry([plugin])
    finding = asyncio.run(registry.enrich(query("Kaskade"), ["spotify"]))["spotify"]
    assert (finding.outcome, sleeps) == ("deferred", [])


def test_quota_exceeded_stops_spotify_for_the_rest_of_the_run(replay):
    plugin, _ = replay("spotify_quota_exceeded")
    registry = Registry([plugin])
    first = asyncio.run(registry.enrich(query("Zedd"), ["spotify"]))["spotify"]
    # The cassette holds no answer for Diplo: asking would fail the test.
    second = asyncio.run(registry.enrich(query("Diplo"), ["spotify"]))["spotify"]
    assert (first.outcome, second.outcome) == (BLOCKED, BLOCKED)
    assert registry.breakers.open == {"spotify": "QUOTA_EXCEEDED"}


def test_malformed_json_fails_this_artist_only(replay):
    plugin, _ = replay("spotify_malformed")
    with pytest.raises(SourceFailed, match="malformed_json"):
        lookup(plugin, "Chris Lake")


def test_cassettes_hold_no_credentials_or_token():
    secrets = [v for k, v in PLACEHOLDERS.items()]
    leaked = [p.name for p in CASSETTES.glob("*.json") for s in secrets if s in p.read_text()]
    assert leaked == []


def test_without_credentials_spotify_is_skipped_with_the_reason():
    plugin = SpotifyPlugin(None, ThreadPoolExecutor(1), max_wait=1, skip_reason="no creds")
    finding = lookup(plugin, "Meduza")
    assert (finding.outcome, finding.detail) == (SKIPPED, "no creds")


def test_credentials_come_from_the_environment():
    env = {"SPOTIPY_CLIENT_ID": "id", "SPOTIPY_CLIENT_SECRET": "secret"}
    assert credentials(env) == ("id", "secret")


def test_replica_mode_has_stand_in_credentials_and_real_mode_none():
    assert (credentials({}, "http://127.0.0.1:1") is not None, credentials({})) == (True, None)
