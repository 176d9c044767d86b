"""1001tracklists: an artist's DJ page and the recent tracklists it lists, in one request.

`https://www.1001tracklists.com/dj/<slug>/index.html` carries schema.org microdata: a
`MusicGroup` (or `Person`) with `name`, `alternateName` and `sameAs` links, and one
`MusicPlaylist` per recent set (`name` like "Dom Dolla @ XS Nightclub, Las Vegas 2026-10-11",
`datePublished`, `genre`, `url`). The site allows about one request per 2.5 s (a download slot
of its own) and answers a captcha page to clients it distrusts: that stops it for the run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from selectolax.lexbor import LexborHTMLParser, LexborNode

from vinny.enrich.http import Transport
from vinny.enrich.matching import Candidate, Identity, choose, compact, identities
from vinny.enrich.types import (
    DOUBTFUL,
    MATCHED,
    NOT_FOUND,
    TRACKLISTS,
    ArtistData,
    ArtistQuery,
    Finding,
    HttpRequest,
    SourceBlocked,
    SourceFailed,
    Tracklist,
)

BASE = "https://www.1001tracklists.com"
SLOT = "1001tracklists"
MAX_TRACKLISTS = 10
_CAPTCHA = re.compile(rb"captcha|are you a robot|human verification", re.IGNORECASE)
_AT_VENUE = re.compile(r"@\s*(.+?)\s*(?:\d{4}-\d{2}-\d{2})?\s*$")
# sameAs hosts -> our link kinds.
LINK_KINDS = (("open.spotify.com", "spotify"), ("music.apple.com", "apple_music"),
              ("youtube.com", "youtube"), ("soundcloud.com", "soundcloud"),
              ("instagram.com", "instagram"), ("tiktok.com", "tiktok"),
              ("beatport.com", "beatport"), ("facebook.com", "facebook"),
              ("twitter.com", "twitter"), ("x.com", "twitter"), ("ra.co", "resident_advisor"))


@dataclass
class DjPage:
    name: str
    alternate_names: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    genres: list[str] = field(default_factory=list)
    tracklists: list[Tracklist] = field(default_factory=list)


def dj_url(query: ArtistQuery) -> str:
    return f"{BASE}/dj/{compact(query.slug)}/index.html"


def link_kind(url: str) -> str | None:
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    for suffix, kind in LINK_KINDS:
        if host == suffix or host.endswith("." + suffix):
            return kind
    return None


def is_captcha(body: bytes) -> bool:
    head = body[:20000]
    return bool(_CAPTCHA.search(head)) and b'itemtype="http://schema.org/MusicGroup"' not in head


def _props(scope: LexborNode) -> dict[str, list[LexborNode]]:
    """The `itemprop` nodes that belong to `scope` itself, not to an item nested in it."""
    found: dict[str, list[LexborNode]] = {}
    for node in scope.css("[itemprop]"):
        owner = node.parent
        while owner is not None and "itemscope" not in owner.attributes:
            owner = owner.parent
        if owner is not None and owner.mem_id == scope.mem_id:
            for name in (node.attributes.get("itemprop") or "").split():
                found.setdefault(name, []).append(node)
    return found


def _value(node: LexborNode, base: str) -> str:
    attrs = node.attributes
    for attr in ("content", "href", "datetime"):
        if attrs.get(attr):
            return urljoin(base, attrs[attr]) if attr == "href" else attrs[attr].strip()
    return " ".join(node.text(deep=True).split())


def _values(props: dict[str, list[LexborNode]], name: str, base: str) -> list[str]:
    return [v for v in (_value(n, base) for n in props.get(name, ())) if v]


def parse_dj_page(html: str, url: str) -> DjPage | None:
    """The artist and recent sets of a DJ page, or None when it is not one."""
    tree = LexborHTMLParser(html)
    artist = next((n for n in tree.css("[itemscope][itemtype]")
                   if n.attributes.get("itemtype", "").rstrip("/").endswith(
                       ("/MusicGroup", "/Person"))), None)
    if artist is None:
        return None
    props = _props(artist)
    names = _values(props, "name", url)
    if not names:
        return None
    page = DjPage(name=names[0], alternate_names=_values(props, "alternateName", url))
    for link in _values(props, "sameAs", url):
        kind = link_kind(link)
        if kind and kind not in page.links:
            page.links[kind] = link
    for node in tree.css("[itemscope][itemtype]"):
        if not node.attributes.get("itemtype", "").rstrip("/").endswith("/MusicPlaylist"):
            continue
        playlist = _props(node)
        title = next(iter(_values(playlist, "name", url)), "")
        link = next(iter(_values(playlist, "url", url)), "")
        if not title or not link:
            continue
        venue = _AT_VENUE.search(title)
        page.tracklists.append(Tracklist(
            title=title, url=link,
            date=next(iter(_values(playlist, "datePublished", url)), None),
            venue=venue[1] if venue else None, genres=_values(playlist, "genre", url)))
        if len(page.tracklists) == MAX_TRACKLISTS:
            break
    page.genres = list(dict.fromkeys(g for t in page.tracklists for g in t.genres))
    return page


class TracklistsPlugin:
    name = TRACKLISTS

    def __init__(self, transport: Transport):
        self.transport = transport

    async def lookup(self, query: ArtistQuery, known: set[Identity],
                     aliases: tuple[str, ...] = ()) -> Finding:
        url = dj_url(query)
        response = await self.transport.fetch(HttpRequest(
            "GET", url, headers={"Accept": "text/html,application/xhtml+xml"}, slot=SLOT))
        if response.status == 200 and is_captcha(response.body):
            raise SourceBlocked(f"captcha page at {url}")
        if response.status == 403:
            raise SourceBlocked(f"http_403 at {url}")
        if response.status in (404, 410):
            return Finding(self.name, NOT_FOUND, f"no DJ page at {url}")
        if response.status != 200:
            raise SourceFailed(f"http_{response.status}", url)
        page = parse_dj_page(response.text, url)
        if page is None:
            raise SourceFailed("not_a_dj_page", url)
        candidate = Candidate(page.name, page, page.alternate_names, identities(page.links))
        choice = choose(query, [candidate], known, aliases)
        if choice.outcome != MATCHED:
            # The page at the address the name gives belongs to someone else: our artist
            # may be elsewhere on the site, so this is doubt, not absence.
            outcome = DOUBTFUL if choice.outcome == NOT_FOUND else choice.outcome
            return Finding(self.name, outcome, f"{url} names {page.name!r}: {choice.detail}")
        return Finding(self.name, MATCHED, choice.detail, ArtistData(
            name=page.name, alternate_names=page.alternate_names, url=url,
            genres=page.genres, links={**page.links, "tracklists": url},
            tracklists=page.tracklists))
