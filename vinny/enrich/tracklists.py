"""1001tracklists: an artist's DJ page and the recent tracklists it lists, in one request.

`https://www.1001tracklists.com/dj/<slug>/index.html`, read by `dj_page` from its schema.org
microdata or, without it, from its plain list markup. Outcomes: the page names the artist ->
matched (with the sets it lists, possibly none); it names someone else -> doubtful; a 404, or
an answer that is no DJ page (a redirect elsewhere, a page with no name and no set) -> not
found; a page that shows tracklist links of which no set could be read -> failed with the
reason `parse_failed` (counted, in `enrichment_status.errors`, asked again next run). The site
allows about one request per 2.5 s (a download slot of its own) and answers a captcha page to
clients it distrusts: that stops it for the run.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from vinny.enrich.dj_page import DjPage, parse_dj_page
from vinny.enrich.matching import Candidate, Identity, choose, compact, identities
from vinny.enrich.registry import TransportPlugin
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
)

BASE = "https://www.1001tracklists.com"
SLOT = "1001tracklists"
PARSE_FAILED = "parse_failed"
_CAPTCHA = re.compile(rb"captcha|are you a robot|human verification", re.IGNORECASE)

__all__ = ["DjPage", "TracklistsPlugin", "dj_url", "is_captcha", "parse_dj_page"]


def dj_url(query: ArtistQuery) -> str:
    return f"{BASE}/dj/{compact(query.slug)}/index.html"


def is_captcha(body: bytes) -> bool:
    """A verification page: its words, and neither a DJ's microdata nor any tracklist link
    (a real DJ page may load a captcha script for its login form)."""
    head = body[:20000]
    return (bool(_CAPTCHA.search(head)) and b'itemtype="http://schema.org/MusicGroup"' not in head
            and b"/tracklist/" not in body)


def _elsewhere(asked: str, answered: str) -> bool:
    """Redirected off the DJ pages (to the home page or a search): the site has no such DJ."""
    path = urlsplit(answered).path
    return answered != asked and not path.startswith("/dj/")


class TracklistsPlugin(TransportPlugin):
    name = TRACKLISTS

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
        if _elsewhere(url, response.url):
            return Finding(self.name, NOT_FOUND, f"{url} leads to {response.url}: no DJ page")
        page = parse_dj_page(response.text, url, (query.name, *query.aliases, *aliases))
        if page.name is None:
            if page.shown:
                raise SourceFailed(PARSE_FAILED, f"{url} shows {page.shown} tracklist link(s) "
                                                 "but no DJ name could be read")
            return Finding(self.name, NOT_FOUND, f"{url} is not a DJ page (no name, no set)")
        candidate = Candidate(page.name, page, page.alternate_names, identities(page.links))
        choice = choose(query, [candidate], known, aliases)
        if choice.outcome != MATCHED:
            # The page at the address the name gives belongs to someone else: our artist
            # may be elsewhere on the site, so this is doubt, not absence.
            outcome = DOUBTFUL if choice.outcome == NOT_FOUND else choice.outcome
            return Finding(self.name, outcome, f"{url} names {page.name!r}: {choice.detail}")
        if page.shown and not page.tracklists:
            raise SourceFailed(PARSE_FAILED, f"{url} shows {page.shown} tracklist link(s), "
                                             f"none read as a set of {page.name!r}")
        sets = len(page.tracklists)
        detail = (f"{choice.detail}; {sets} set(s) from the {page.layout} markup" if sets
                  else f"{choice.detail}; no recent set listed")
        return Finding(self.name, MATCHED, detail, ArtistData(
            name=page.name, alternate_names=page.alternate_names, url=url,
            genres=page.genres, links={**page.links, "tracklists": url},
            tracklists=page.tracklists))
