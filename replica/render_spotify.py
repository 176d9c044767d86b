"""Spotify's Web API as the replica serves it: the Client Credentials token, artist search,
artists by id and top tracks, from `personas`.

`spotify_access` "development" (the default) answers as Spotify does since February 2026 for
apps in development mode: no `followers` or `popularity`, no top tracks (403), at most 10
search results, `genres` sometimes empty. "extended" answers with all of them.
"""

from __future__ import annotations

import json
import re
from urllib.parse import parse_qs

from .personas import SPOTIFY, Persona, Universe
from .reply import JSON, Reply

API_HOST = "api.spotify.com"
ACCOUNTS_HOST = "accounts.spotify.com"
MAX_LIMIT = 10
_FIELD = re.compile(r'^(?:artist:)?"?(.*?)"?$')


def _error(status: int, message: str) -> Reply:
    return Reply.of(status, JSON, json.dumps({"error": {"status": status, "message": message}}))


def artist_object(persona: Persona, extended: bool) -> dict:
    sid = persona.spotify_id
    genres = persona.genres if extended or persona.seed % 3 else []
    obj = {"external_urls": {"spotify": f"https://open.spotify.com/artist/{sid}"},
           "genres": genres, "href": f"https://api.spotify.com/v1/artists/{sid}", "id": sid,
           "images": [{"url": f"https://i.scdn.co/image/ab6761610000e5eb{sid.lower()}{size}",
                       "height": size, "width": size} for size in (640, 320, 160)],
           "name": persona.spotify_name, "type": "artist", "uri": f"spotify:artist:{sid}"}
    if extended:
        obj["followers"] = {"href": None, "total": persona.seed % 5_000_000 + 10_000}
        obj["popularity"] = 40 + persona.seed % 60
    return obj


def build(universe: Universe, faults) -> dict:
    extended = universe.access == "extended"
    by_id = {p.spotify_id: p for name in universe.names()
             for p in universe.personas(name, SPOTIFY)}

    def token(request) -> Reply:
        if request.method != "POST" or not request.headers.get("Authorization", "").startswith(
                "Basic "):
            return Reply.of(401, JSON, '{"error": "invalid_client", '
                                       '"error_description": "Invalid client"}')
        return Reply.of(200, JSON, json.dumps({"access_token": "BQreplica-token",
                                               "token_type": "Bearer", "expires_in": 3600}))

    def authorised(request) -> bool:
        return request.headers.get("Authorization", "").startswith("Bearer ")

    def search(request) -> Reply:
        if not authorised(request):
            return _error(401, "No token provided")
        params = parse_qs(request.query)
        text = _FIELD.match((params.get("q") or [""])[0].strip())[1]
        limit = int((params.get("limit") or ["10"])[0])
        if limit > MAX_LIMIT and not extended:
            return _error(400, "Invalid limit")
        found = universe.named(text, SPOTIFY)
        for name in dict.fromkeys(p.name for p in found):
            fault = faults.answer(name, SPOTIFY, JSON)
            if fault is not None:
                return _malformed_json() if fault.status == 200 else fault
        items = [artist_object(p, extended) for p in found]
        if text and (not items or items[0]["id"][0] in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"):
            # Spotify ranks a near namesake first now and then; unknown names get only that.
            tribute = Persona(f"{text} Tribute")
            items.insert(0, artist_object(tribute, extended))
        items = items[:limit]
        return Reply.of(200, JSON, json.dumps({"artists": {
            "href": f"https://api.spotify.com/v1/search?{request.query}", "items": items,
            "limit": limit, "next": None, "offset": 0, "previous": None,
            "total": len(items)}}))

    def artist(request) -> Reply:
        if not authorised(request):
            return _error(401, "No token provided")
        parts = request.path.strip("/").split("/")  # v1/artists/{id}[/top-tracks]
        persona = by_id.get(parts[2]) if len(parts) >= 3 else None
        if persona is None:
            return _error(404, "Resource not found") if len(parts) >= 3 else _error(400, "bad id")
        fault = faults.answer(persona.name, SPOTIFY, JSON)
        if fault is not None:
            return _malformed_json() if fault.status == 200 else fault
        if len(parts) == 4 and parts[3] == "top-tracks":
            if not extended:
                return _error(403, "Forbidden")
            return Reply.of(200, JSON, json.dumps({"tracks": [
                {"id": f"{persona.spotify_id[:18]}{i:04d}", "name": f"{persona.name} Track {i}",
                 "external_urls": {"spotify": f"https://open.spotify.com/track/"
                                              f"{persona.spotify_id[:18]}{i:04d}"}}
                for i in range(1, 11)]}))
        return Reply.of(200, JSON, json.dumps(artist_object(persona, extended)))

    return {(ACCOUNTS_HOST, "/api/token"): token, (API_HOST, "/v1/search"): search,
            **{(API_HOST, f"/v1/artists/{sid}"): artist for sid in by_id},
            **{(API_HOST, f"/v1/artists/{sid}/top-tracks"): artist for sid in by_id}}


def _malformed_json() -> Reply:
    return Reply.of(200, JSON, '{"artists": {"items": [{"id": "4Z8W4fKeB5YxbusRsdQVPb", "na')
