"""Spotify through spotipy (Client Credentials from `SPOTIPY_CLIENT_ID`/`SPOTIPY_CLIENT_SECRET`).

spotipy is a blocking client: every call runs in a thread of our own. Its retries are off
(`retries=0, status_retries=0`, and a session of ours, so spotipy mounts no retrying adapter
that would sleep through a `Retry-After` of hours): a 429 is waited out here up to a bound,
then the artist is deferred; `QUOTA_EXCEEDED` stops Spotify for the run. Since February 2026
apps in development mode get no `followers`, `popularity` or top tracks: absent is null, and
top tracks are only asked when the artist object shows the app has that access.
In replica mode spotipy's requests go to the replica, rewritten as the downloader does.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Executor
from typing import TYPE_CHECKING, Any

import requests
import spotipy
from requests import PreparedRequest, Response
from requests.adapters import HTTPAdapter
from spotipy.cache_handler import MemoryCacheHandler
from spotipy.oauth2 import SpotifyClientCredentials, SpotifyOauthError

from vinny.enrich.http import Sleep, retry_after_seconds
from vinny.enrich.matching import Candidate, Identity, choose
from vinny.enrich.types import (
    MATCHED,
    SKIPPED,
    SPOTIFY,
    ArtistData,
    ArtistQuery,
    Finding,
    RateLimited,
    SourceBlocked,
    SourceFailed,
)
from vinny.middlewares.replica import at_replica, replica_url

if TYPE_CHECKING:
    from vinny.enrich.registry import PluginKit

SEARCH_LIMIT = 10  # the most a development-mode app gets per call since February 2026
TOP_TRACKS = 5
ATTEMPTS = 3
REPLICA_CREDENTIALS = ("replica-client-id", "replica-client-secret")
# We log each outcome ourselves; spotipy's ERROR line for an expected 429 or 404 would count
# as an error of the run.
logging.getLogger("spotipy").setLevel(logging.CRITICAL)
logger = logging.getLogger(__name__)


class ReplicaAdapter(HTTPAdapter):
    """Sends `https://HOST/PATH?Q` to `{base}/HOST/PATH?Q`; the caller still sees the real URL."""

    def __init__(self, base: str, **kwargs: Any):
        super().__init__(**kwargs)
        self.base = base

    # HTTPAdapter.send names its keyword arguments; this passes them all through unchanged.
    def send(self, request: PreparedRequest, **kwargs: Any) -> Response:  # type: ignore[override]
        real = request.url
        assert real is not None  # a session sends only prepared requests, which have their URL
        if self.base and not at_replica(self.base, real):
            request.url = replica_url(self.base, real)
        try:
            response = super().send(request, **kwargs)
        finally:
            request.url = real
        response.url = real
        return response


def make_session(replica: str = "") -> requests.Session:
    """A plain session (no retries), routed to the replica when one is set."""
    session = requests.Session()
    if replica:
        adapter = ReplicaAdapter(replica)
        session.mount("https://", adapter)
        session.mount("http://", adapter)
    return session


def credentials(env: dict[str, str], replica: str = "") -> tuple[str, str] | None:
    """The app's credentials; in replica mode stand-ins the replica accepts."""
    client_id, secret = env.get("SPOTIPY_CLIENT_ID"), env.get("SPOTIPY_CLIENT_SECRET")
    if client_id and secret:
        return client_id, secret
    return REPLICA_CREDENTIALS if replica else None


class _Credentials(SpotifyClientCredentials):  # type: ignore[misc]  # spotipy ships no types
    """One token request at a time: spotipy runs in several threads."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._lock = threading.Lock()

    def get_access_token(self, as_dict: bool = False,
                         check_cache: bool = True) -> str | dict[str, Any]:
        with self._lock:
            token: str | dict[str, Any] = super().get_access_token(as_dict=as_dict,
                                                                    check_cache=check_cache)
            return token


def make_client(client_id: str, secret: str, session: requests.Session,
                timeout: float = 20.0) -> spotipy.Spotify:
    auth = _Credentials(client_id, secret, requests_session=session, requests_timeout=timeout,
                        cache_handler=MemoryCacheHandler())
    return spotipy.Spotify(auth_manager=auth, requests_session=session, retries=0,
                           status_retries=0, requests_timeout=timeout)


def artist_data(artist: dict[str, Any]) -> ArtistData:
    url = (artist.get("external_urls") or {}).get("spotify")
    followers = artist.get("followers")
    images = [{"url": i["url"], "width": i.get("width"), "height": i.get("height")}
              for i in artist.get("images") or [] if isinstance(i, dict) and i.get("url")]
    return ArtistData(
        name=artist.get("name"), url=url, spotify_id=artist.get("id"),
        genres=list(artist.get("genres") or []), images=images,
        popularity=artist.get("popularity"),
        followers=followers.get("total") if isinstance(followers, dict) else None,
        links={"spotify": url} if url else {})


class SpotifyPlugin:
    name = SPOTIFY

    def __init__(self, client: spotipy.Spotify | None, executor: Executor, *,
                 max_wait: float, sleep: Sleep = asyncio.sleep, top_tracks: bool = True,
                 on_request: Callable[[], None] | None = None, skip_reason: str = ""):
        self.client = client
        self.executor = executor
        self.max_wait = max_wait
        self.sleep = sleep
        self.top_tracks = top_tracks
        self.on_request = on_request or (lambda: None)
        self.skip_reason = skip_reason

    @classmethod
    def build(cls, kit: PluginKit) -> SpotifyPlugin:
        """The Web API client (spotipy, blocking: it runs in the kit's threads) with the
        credentials of the environment, SPOTIPY_CLIENT_ID and SPOTIPY_CLIENT_SECRET; without
        them every artist is a counted skip."""
        replica = kit.settings.get("VINNY_REPLICA_URL") or ""
        creds = credentials(dict(os.environ), replica)
        client = make_client(*creds, make_session(replica), kit.timeout) if creds else None
        if client is None:
            logger.info("enrichment: Spotify skipped, no SPOTIPY_CLIENT_ID/SECRET")
        return cls(client, kit.threads, max_wait=kit.max_wait,
                   top_tracks=kit.settings.getbool("VINNY_SPOTIFY_TOP_TRACKS"),
                   on_request=lambda: kit.count(f"{SPOTIFY}/requests"),
                   skip_reason="no Spotify credentials (SPOTIPY_CLIENT_ID, SPOTIPY_CLIENT_SECRET)")

    async def lookup(self, query: ArtistQuery, known: set[Identity],
                     aliases: tuple[str, ...] = ()) -> Finding:
        client = self.client
        if client is None:
            return Finding(self.name, SKIPPED, self.skip_reason or "no client")
        known_ids = sorted(value for kind, value in known if kind == "spotify")
        if len(known_ids) == 1:
            artists = [await self._call(client.artist, known_ids[0])]
        else:
            answer = await self._call(client.search, q=f"artist:{query.name}",
                                      type="artist", limit=SEARCH_LIMIT)
            artists = (answer.get("artists") or {}).get("items") or []
        candidates = [Candidate(a.get("name") or "", a, identities={("spotify", a["id"])})
                      for a in artists if isinstance(a, dict) and a.get("id")]
        choice = choose(query, candidates, known, aliases)
        if choice.outcome != MATCHED:
            return Finding(self.name, choice.outcome, choice.detail)
        assert choice.candidate is not None  # a match always names its candidate
        artist = choice.candidate.ref
        data = artist_data(artist)
        if self.top_tracks and "popularity" in artist:
            data.top_tracks = await self._top_tracks(client, artist["id"])
        return Finding(self.name, MATCHED, choice.detail, data)

    async def _top_tracks(self, client: spotipy.Spotify,
                          artist_id: str) -> list[dict[str, Any]] | None:
        try:
            answer = await self._call(client.artist_top_tracks, artist_id, country="US")
        except SourceFailed:
            return None  # gone for this app: null, not an error
        tracks = answer.get("tracks") if isinstance(answer, dict) else None
        if not isinstance(tracks, list):
            return None
        return [{"id": t.get("id"), "name": t.get("name"),
                 "url": (t.get("external_urls") or {}).get("spotify")}
                for t in tracks[:TOP_TRACKS] if isinstance(t, dict)]

    async def _call(self, method: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        loop = asyncio.get_running_loop()
        for _ in range(ATTEMPTS):
            self.on_request()
            try:
                result = await loop.run_in_executor(self.executor,
                                                    lambda: method(*args, **kwargs))
            except spotipy.SpotifyException as exc:
                wait = self._judge(exc)
                await self.sleep(wait)
                continue
            except SpotifyOauthError as exc:
                raise SourceBlocked(f"token refused: {exc.error or exc}") from None
            except requests.RequestException as exc:
                raise SourceFailed(type(exc).__name__, str(exc)[:200]) from None
            if not isinstance(result, dict):
                raise SourceFailed("malformed_json", "spotipy read no JSON object")
            return result
        raise RateLimited(None)

    def _judge(self, exc: spotipy.SpotifyException) -> float:
        """The wait before trying again, or the exception that ends the lookup."""
        status, text = exc.http_status, f"{exc.reason or ''} {exc.msg or ''}"
        if status == 429 and "QUOTA_EXCEEDED" in text:
            raise SourceBlocked("QUOTA_EXCEEDED") from None
        if status == 429:
            wait = retry_after_seconds((exc.headers or {}).get("Retry-After"))
            wait = 2.0 if wait is None else wait
            if wait > self.max_wait:
                raise RateLimited(wait) from None
            return wait
        if status == 401:
            raise SourceBlocked("http_401") from None
        # The status says enough; the answer's own words are not ours to publish.
        raise SourceFailed(f"http_{status}", "Spotify Web API") from None
