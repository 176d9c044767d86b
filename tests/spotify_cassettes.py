"""Spotify cassettes for the tests, recorded from the replica through spotipy's request path.

`python -m tests.spotify_cassettes` re-records `tests/cassettes/spotify_*.json` (betamax, JSON)
against a replica started here; credentials and tokens are replaced by placeholders.
"""

from __future__ import annotations

import asyncio
import base64
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from betamax import Betamax

from replica import ReplicaServer
from replica.personas import Persona
from vinny.enrich.matching import identities
from vinny.enrich.spotify import REPLICA_CREDENTIALS, SpotifyPlugin, make_client, make_session
from vinny.enrich.types import ArtistQuery
from vinny.slugs import slugify

CASSETTES = Path(__file__).parent / "cassettes"
PLACEHOLDERS = {
    "<SPOTIFY_BASIC_AUTH>": base64.b64encode(":".join(REPLICA_CREDENTIALS).encode()).decode(),
    "<SPOTIFY_CLIENT_ID>": REPLICA_CREDENTIALS[0],
    "<SPOTIFY_CLIENT_SECRET>": REPLICA_CREDENTIALS[1],
    "<SPOTIFY_ACCESS_TOKEN>": "BQreplica-token",
}
FAULTS = {"Kaskade": {"faults": {"spotify": "429_once"}},
          "Zedd": {"faults": {"spotify": "quota"}},
          "Chris Lake": {"faults": {"spotify": "malformed"}}}
# cassette -> (spotify access, the artists looked up in order, known Spotify links)
RECORDINGS = {
    "spotify_match": ("development", ["Meduza"], {}),
    "spotify_ambiguous": ("development", ["Fisher"], {}),
    "spotify_known_id": ("development", ["Fisher"],
                         {"spotify": f"https://open.spotify.com/artist/{Persona('Fisher').spotify_id}"}),
    "spotify_unknown": ("development", ["LIV Sundays"], {}),
    "spotify_429_then_success": ("development", ["Kaskade"], {}),
    "spotify_quota_exceeded": ("development", ["Zedd"], {}),
    "spotify_malformed": ("development", ["Chris Lake"], {}),
    "spotify_extended_access": ("extended", ["Alesso"], {}),
}


def query(name: str) -> ArtistQuery:
    return ArtistQuery(name=name, slug=slugify(name))


def _drop_length(interaction, cassette) -> None:
    """A placeholder changes the body's length: let the replayed body set it."""
    interaction.data["response"]["headers"].pop("Content-Length", None)


async def _no_sleep(seconds: float) -> None:
    return None


def record(name: str) -> None:
    access, artists, links = RECORDINGS[name]
    catalog = {"events": [], "enrichment": {"spotify_access": access, "artists": FAULTS}}
    with Betamax.configure() as config:
        for placeholder, value in PLACEHOLDERS.items():
            config.define_cassette_placeholder(placeholder, value)
        config.before_record(callback=_drop_length)
    # "once" on a fresh file records every request, repeats included (429, then 200).
    (CASSETTES / f"{name}.json").unlink(missing_ok=True)
    with ReplicaServer(catalog) as server, ThreadPoolExecutor(1) as pool:
        session = make_session(server.url)
        with Betamax(session, cassette_library_dir=str(CASSETTES)) as recorder:
            recorder.use_cassette(name, record="once", serialize_with="json",
                                  match_requests_on=["method", "uri"])
            plugin = SpotifyPlugin(make_client(*REPLICA_CREDENTIALS, session), pool,
                                   max_wait=5, sleep=_no_sleep)
            for artist in artists:
                try:
                    asyncio.run(plugin.lookup(query(artist), identities(links)))
                except Exception as exc:  # the fault cassettes end in one
                    print(f"{name}: {artist}: {type(exc).__name__}: {exc}")


if __name__ == "__main__":
    for cassette in RECORDINGS:
        record(cassette)
        print("recorded", CASSETTES / f"{cassette}.json")
