"""The enrichment sources as the replica serves them: Resident Advisor's GraphQL and
1001tracklists' DJ pages (Spotify's Web API is in `render_spotify`), from `personas`.

`POST ra.co/graphql` understands the two operations vinny sends: a search (with the profile
at a guessed slug) and profiles by slug (`pN: artist(slug: $sN)`). DJ pages carry schema.org
microdata, or, with the artist option `"tracklists_page"`, the plain markup a person sees
(a heading, the DJ's links, then one entry per set: title, date, link to
`/tracklist/<id>/<slug>.html`): `"list"` (ul/li), `"table"` (rows, dates written out),
`"blocks"` (divs opened by `onclick`), `"unreadable"` (icon-only links: sets shown, none
readable), `"no_sets"` (a DJ with no set listed). Each artist's faults (`personas` docstring)
fire on requests about that artist; `429_once` answers 429 (`Retry-After: 1`) to the first
such request only.
"""

from __future__ import annotations

import json
import re
import threading
from datetime import date
from html import escape

from . import render_spotify
from .personas import RA, TRACKLISTS, Persona, Universe
from .reply import HTML, JSON, TEXT, Reply

RA_HOST = "ra.co"
TRACKLISTS_HOST = "www.1001tracklists.com"
_PROFILE_ALIAS = re.compile(r"(\w+)\s*:\s*artist\(\s*slug:\s*\$(\w+)\s*\)")
CLOUDFLARE_403 = ("<!DOCTYPE html><html><head><title>Attention Required! | Cloudflare</title>"
                  "</head><body><h1>Sorry, you have been blocked</h1><p>You are unable to "
                  "access ra.co</p><div class=\"cf-error-details\">Cloudflare Ray ID: "
                  "8f1c2a3b4d5e6f70</div></body></html>")
CHALLENGE = ("<!DOCTYPE html><html><head><title>Just a moment...</title></head><body>"
             "<div id=\"cf-chl-widget\">Checking your browser before accessing ra.co.</div>"
             "</body></html>")
CAPTCHA = ("<!DOCTYPE html><html><head><title>1001Tracklists - Human Verification</title></head>"
           "<body><h2>Please verify you are not a robot</h2><form method=\"post\" "
           "action=\"/captcha/verify\"><div class=\"g-recaptcha\" data-sitekey=\"6Lc-replica\">"
           "</div><input type=\"submit\" value=\"Continue\"></form></body></html>")


class Faults:
    """Which fault answers a request about an artist; `429_once` fires once per server."""

    def __init__(self, universe: Universe):
        self.universe = universe
        self._fired: set[tuple[str, str]] = set()
        self._lock = threading.Lock()

    def answer(self, name: str, source: str, content_type: str) -> Reply | None:
        fault = self.universe.fault(name, source)
        if fault == "429_once":
            with self._lock:
                if (name, source) in self._fired:
                    return None
                self._fired.add((name, source))
        if fault in ("429_once", "429_long"):
            wait = "1" if fault == "429_once" else "3600"
            body = '{"error": {"status": 429, "message": "API rate limit exceeded"}}'
            return Reply.of(429, JSON if "json" in content_type else TEXT, body,
                            (("Retry-After", wait),))
        if fault == "quota":
            return Reply.of(429, JSON, '{"error": {"status": 429, "message": "Quota exceeded",'
                                       ' "reason": "QUOTA_EXCEEDED"}}', (("Retry-After", "86400"),))
        if fault == "403":
            return Reply.of(403, HTML, CLOUDFLARE_403)
        if fault == "challenge":
            return Reply.of(503, HTML, CHALLENGE)
        if fault == "captcha":
            return Reply.of(200, HTML, CAPTCHA)
        if fault == "malformed":
            return Reply.of(200, content_type, '{"data": {"search": [{"id": "1", "value": ')
        return None


def ra_profile(persona: Persona) -> dict:
    key = persona.key
    return {"id": str(persona.seed % 10**6), "name": persona.name,
            "followerCount": persona.seed % 90000 + 1000, "contentUrl": f"/dj/{key}",
            "country": {"name": persona.country},
            "biography": {"blurb": persona.bio, "content": f"<p>{escape(persona.bio)}</p>"},
            "instagram": f"https://www.instagram.com/{key}/",
            "soundcloud": f"https://soundcloud.com/{key}",
            "facebook": f"https://www.facebook.com/{key}", "twitter": key,
            "bandcamp": None, "website": f"https://www.{key}.com"}


def ra_graphql(universe: Universe, faults: Faults):
    on_ra = universe.by_key(RA)

    def handle(request) -> Reply:
        if request.method != "POST":
            return Reply.of(405, JSON, '{"errors": [{"message": "POST only"}]}')
        try:
            payload = json.loads(request.body or b"{}")
            variables, query = payload.get("variables") or {}, payload.get("query") or ""
        except (ValueError, AttributeError):
            return Reply.of(400, JSON, '{"errors": [{"message": "Bad request"}]}')
        term = variables.get("term") or ""
        asked = [p.name for p in universe.named(term, RA)] if term else []
        asked += [on_ra[v].name for v in variables.values() if isinstance(v, str) and v in on_ra]
        for name in dict.fromkeys(asked or [term]):
            fault = faults.answer(name, RA, JSON)
            if fault is not None:
                return fault
        data: dict = {}
        if "search(" in query:
            hits = [{"id": str(p.seed % 10**6), "value": p.name, "contentUrl": f"/dj/{p.key}",
                     "searchType": "ARTIST"} for p in universe.named(term, RA)]
            if hits and hits[0]["id"][-1] in "02468":
                # A near namesake ranked first: the first hit is not always the artist.
                hits.insert(0, {"id": "9" + hits[0]["id"], "value": f"{term} & Friends",
                                "contentUrl": f"/dj/{hits[0]['contentUrl'][4:]}andfriends",
                                "searchType": "ARTIST"})
            data["search"] = hits
        for alias, variable in _PROFILE_ALIAS.findall(query):
            persona = on_ra.get(variables.get(variable) or "")
            data[alias] = ra_profile(persona) if persona else None
        return Reply.of(200, JSON, json.dumps({"data": data}))

    return handle


def dj_page(persona: Persona, universe: Universe) -> str:
    homonym = TRACKLISTS in (universe.options.get(persona.name) or {}).get("homonyms", ())
    name = f"{persona.name} ({persona.country[:2].upper()})" if homonym else persona.name
    links = persona.links()
    if persona.seed % 4 == 3 and persona.name not in ("Fisher", "Gordo", "DJ Pauly D"):
        links.pop("spotify")  # not every DJ page links Spotify
    same_as = "".join(f'<a itemprop="sameAs" href="{escape(url)}" title="{kind}" '
                      f'class="fa-{kind}"></a>' for kind, url in links.items())
    alt = (f'<meta itemprop="alternateName" content="{escape(persona.spotify_name)}">'
           if persona.spotify_name != persona.name else "")
    sets = []
    for t in persona.tracklists():
        title = f"{persona.name} @ {t['venue']} {t['date']}"
        genres = "".join(f'<meta itemprop="genre" content="{escape(g)}">' for g in t["genres"])
        sets.append(
            f'<div class="bItm" itemscope itemtype="http://schema.org/MusicPlaylist">'
            f'<meta itemprop="name" content="{escape(title)}">'
            f'<meta itemprop="datePublished" content="{t["date"]}">{genres}'
            f'<a itemprop="url" href="/tracklist/{t["id"]}/{persona.key}-{t["date"]}.html">'
            f"{escape(title)}</a><span class=\"badge\">{len(t['genres']) * 9 + 12} tracks</span>"
            "</div>")
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(name)} Tracklists Overview</title></head><body>"
        '<div id="leftDiv" itemscope itemtype="http://schema.org/MusicGroup">'
        f'<h1 itemprop="name">{escape(name)}</h1>{alt}<div class="links">{same_as}</div>'
        f'<div class="tlBox">{"".join(sets)}</div></div></body></html>')


def plain_dj_page(persona: Persona, layout: str) -> str:
    """A DJ page without microdata, in one of the layouts of the module docstring."""
    links = "".join(f'<a href="{escape(url)}" class="fa-{kind}" title="{kind}"></a>'
                    for kind, url in persona.links().items())
    rows = []
    for t in [] if layout == "no_sets" else persona.tracklists():
        title = escape(f"{persona.name} @ {t['venue']}")
        href = f"/tracklist/{t['id']}/{persona.key}-{t['date']}.html"
        day = date.fromisoformat(t["date"])
        if layout == "table":
            rows.append(f'<tr><td><a href="{href}">{title}</a></td>'
                        f'<td class="date">{day:%b} {day.day}, {day.year}</td></tr>')
        elif layout == "blocks":
            rows.append(f'<div class="bItm" onclick="window.open(\'{href}\', \'_self\')">'
                        f'<div class="bTitle">{title}</div>'
                        f'<div class="bCont"><span title="tracklist date">{t["date"]}</span>'
                        "</div></div>")
        elif layout == "unreadable":
            rows.append(f'<li><a href="{href}"><i class="fa fa-list"></i></a></li>')
        else:
            rows.append(f'<li><a href="{href}">{title}</a> <span>{t["date"]}</span></li>')
    body = "".join(rows)
    listing = {"table": f"<table>{body}</table>", "blocks": f"<div>{body}</div>"}.get(
        layout, f"<ul>{body}</ul>")
    return (
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">"
        f"<title>{escape(persona.name)} Tracklists Overview</title></head><body>"
        '<nav><a href="/tracklist/0trend1/trending-set-2026-11-20.html">Trending</a></nav>'
        f'<div id="djHead"><h1>{escape(persona.name)}</h1><div class="links">{links}</div></div>'
        f'<div id="middleDiv"><h2>Recent tracklists</h2>{listing}</div>'
        '<footer><a href="https://www.instagram.com/1001tracklists/">Instagram</a></footer>'
        "</body></html>")


def tracklists_routes(universe: Universe, faults: Faults) -> dict:
    routes: dict = {(TRACKLISTS_HOST, "/robots.txt"): Reply.of(
        200, TEXT, "User-agent: *\nDisallow: /search/\nCrawl-delay: 3\n")}
    for key, persona in universe.by_key(TRACKLISTS).items():
        layout = (universe.options.get(persona.name) or {}).get("tracklists_page")
        html = plain_dj_page(persona, layout) if layout else dj_page(persona, universe)
        page = Reply.of(200, HTML, html)

        def handle(request, page=page, name=persona.name) -> Reply:
            return faults.answer(name, TRACKLISTS, HTML) or page

        routes[TRACKLISTS_HOST, f"/dj/{key}/index.html"] = handle
    # Homonyms only on other sources have no page of their own here.
    return routes


def build(catalog: dict) -> dict:
    """{(host, path): reply or handler} of the three enrichment sources."""
    universe = Universe.of(catalog)
    faults = Faults(universe)
    routes = tracklists_routes(universe, faults)
    routes[RA_HOST, "/graphql"] = ra_graphql(universe, faults)
    routes[RA_HOST, "/robots.txt"] = Reply.of(200, TEXT, "User-agent: *\nDisallow: /api/\n")
    routes.update(render_spotify.build(universe, faults))
    return routes
