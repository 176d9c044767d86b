"""A 1001tracklists DJ page as plain data (pure: HTML in, `DjPage` out).

Two layouts are read. The schema.org microdata one: a `MusicGroup` (or `Person`) with `name`,
`alternateName` and `sameAs` links, and a `MusicPlaylist` per recent set (`name`,
`datePublished`, `genre`, `url`). And the markup a person sees: a heading with the DJ's name
and a list, table or blocks of links to `/tracklist/<id>/<slug>.html`, each with a date
beside it. A plain-markup set counts only when its title or address names the DJ: a
"trending tracklists" box of other artists' sets is not theirs. `shown` counts the distinct
tracklist addresses naming the DJ anywhere in the page (scripts included; the site's
addresses carry the artists' slugs), so a page that shows their sets but yields none can be
told from a DJ page with no set.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urljoin, urlsplit

from selectolax.lexbor import LexborHTMLParser, LexborNode

from vinny.enrich.matching import compact, variant_key
from vinny.enrich.types import Tracklist
from vinny.slugs import slugify

MAX_TRACKLISTS = 10
MAX_ITEM_DEPTH = 5  # how far above a set's link its item (li, tr, div) may be
TRACKLIST_PATH = re.compile(r"/tracklist/([0-9a-z]+)/[^\s\"'<>?#\\]+?\.html", re.IGNORECASE)
_AT_VENUE = re.compile(r"@\s*(.+?)\s*(?:\d{4}-\d{2}-\d{2})?\s*$")
_TITLE_LIKE = "[class*=title i], h2, h3, h4, strong"
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_MONTHS = "jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec"
_WORD_DATES = (  # "Nov 15, 2026", "November 15 2026", "15 Nov 2026"
    (re.compile(rf"\b({_MONTHS})[a-z]*\.?\s+(\d{{1,2}}),?\s+(\d{{4}})\b", re.I), "%b %d %Y"),
    (re.compile(rf"\b(\d{{1,2}})\.?\s+({_MONTHS})[a-z]*\.?,?\s+(\d{{4}})\b", re.I), "%d %b %Y"),
)
# The site's own words around a name in a heading or <title>.
_TITLE_NOISE = re.compile(r"\s*(?:[|\-–—]\s*1001\s*tracklists.*|(?:dj\s+)?tracklists?"
                          r"(?:\s+overview)?|dj\s+page)\s*$", re.IGNORECASE)
# sameAs hosts -> our link kinds.
LINK_KINDS = (("open.spotify.com", "spotify"), ("music.apple.com", "apple_music"),
              ("youtube.com", "youtube"), ("soundcloud.com", "soundcloud"),
              ("instagram.com", "instagram"), ("tiktok.com", "tiktok"),
              ("beatport.com", "beatport"), ("facebook.com", "facebook"),
              ("twitter.com", "twitter"), ("x.com", "twitter"), ("ra.co", "resident_advisor"))


@dataclass
class DjPage:
    name: str | None
    alternate_names: list[str] = field(default_factory=list)
    links: dict[str, str] = field(default_factory=dict)
    genres: list[str] = field(default_factory=list)
    tracklists: list[Tracklist] = field(default_factory=list)
    shown: int = 0  # distinct tracklist addresses the page carries
    layout: str = "none"  # "microdata", "list" (plain markup) or "none" (no set read)


def link_kind(url: str) -> str | None:
    host = url.split("://", 1)[-1].split("/", 1)[0].lower()
    for suffix, kind in LINK_KINDS:
        if host == suffix or host.endswith("." + suffix):
            return kind
    return None


def name_keys(names: Iterable[str]) -> set[str]:
    """How a name appears in a set's title or address: `Dom Dolla`, `DJ Pauly D` -> `domdolla`,
    `djpaulyd`, `paulyd`."""
    keys = {compact(slugify(n)) for n in names if n}
    # A variant this short ("DJ X" -> "x") would be found in any title.
    keys |= {v for n in names if n and len(v := compact(variant_key(n))) >= 4}
    return keys - {""}


def _mentions(keys: set[str], *texts: str) -> bool:
    said = " ".join(compact(slugify(t)) for t in texts)
    return any(key in said for key in keys)


def shown_tracklists(html: str, keys: set[str]) -> int:
    """Distinct tracklist addresses in the page whose slug names the DJ."""
    return len({m[1].lower() for m in TRACKLIST_PATH.finditer(html) if _mentions(keys, m[0])})


def parse_dj_page(html: str, url: str, names: Iterable[str] = ()) -> DjPage:
    """The DJ, their links and recent sets; `names`: who the page should be about."""
    tree = LexborHTMLParser(html)
    page = DjPage(name=None)
    artist = next((n for n in tree.css("[itemscope][itemtype]") if _is(n, "MusicGroup", "Person")),
                  None)
    if artist is not None:
        props = _props(artist)
        page.name = next(iter(_values(props, "name", url)), None)
        page.alternate_names = _values(props, "alternateName", url)
        for link in _values(props, "sameAs", url):
            kind = link_kind(link)
            if kind and kind not in page.links:
                page.links[kind] = link
    page.tracklists = _microdata_sets(tree, url)
    if page.tracklists:
        page.layout = "microdata"
    tree.strip_tags(["script", "style", "template"])
    if page.name is None:
        page.name = _heading_name(tree)
        page.links = _heading_links(tree)
    keys = name_keys([page.name or "", *page.alternate_names, *names])
    page.shown = shown_tracklists(html, keys)
    if not page.tracklists:
        page.tracklists = _listed_sets(tree, url, keys)
        page.layout = "list" if page.tracklists else "none"
    page.genres = list(dict.fromkeys(g for t in page.tracklists for g in t.genres))
    return page


# -- microdata ----------------------------------------------------------------------------


def _is(node: LexborNode, *types: str) -> bool:
    return (node.attributes.get("itemtype") or "").rstrip("/").endswith(
        tuple(f"/{t}" for t in types))


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
        if value := attrs.get(attr):
            return urljoin(base, value) if attr == "href" else value.strip()
    return " ".join(node.text(deep=True).split())


def _values(props: dict[str, list[LexborNode]], name: str, base: str) -> list[str]:
    return [v for v in (_value(n, base) for n in props.get(name, ())) if v]


def _microdata_sets(tree: LexborHTMLParser, url: str) -> list[Tracklist]:
    sets = []
    for node in tree.css("[itemscope][itemtype]"):
        if not _is(node, "MusicPlaylist"):
            continue
        playlist = _props(node)
        title = next(iter(_values(playlist, "name", url)), "")
        link = next(iter(_values(playlist, "url", url)), "")
        if not title or not link:
            continue
        date = next(iter(_values(playlist, "datePublished", url)), None)
        sets.append(_tracklist(title, link, iso_date(date or "") or date,
                               _values(playlist, "genre", url)))
        if len(sets) == MAX_TRACKLISTS:
            break
    return sets


# -- plain markup -------------------------------------------------------------------------


def _heading_name(tree: LexborHTMLParser) -> str | None:
    for selector in ("h1", "title"):
        node = tree.css_first(selector)
        text = " ".join(node.text(deep=True).split()) if node else ""
        if compact(slugify(text)).startswith("1001tracklists"):
            continue  # the site's own page (home, search, error)
        text = _TITLE_NOISE.sub("", text)
        if text:
            return text
    return None


def _heading_links(tree: LexborHTMLParser) -> dict[str, str]:
    """The DJ's links: those of the block around the page's heading, never the site's own."""
    node = tree.css_first("h1")
    for _ in range(3):
        if node is None or node.parent is None or node.parent.tag in ("body", "html"):
            break
        node = node.parent
        links: dict[str, str] = {}
        for anchor in node.css("a[href]"):
            href = anchor.attributes.get("href") or ""
            kind = link_kind(href)
            if kind and kind not in links and "1001tracklists" not in href.lower():
                links[kind] = href
        if links:
            return links
    return {}


def _listed_sets(tree: LexborHTMLParser, url: str, keys: set[str]) -> list[Tracklist]:
    links: dict[str, list[LexborNode]] = {}  # tracklist address -> the nodes pointing to it
    for node in tree.css("[href], [onclick], [data-href]"):
        for attr in ("href", "data-href", "onclick"):
            match = TRACKLIST_PATH.search(node.attributes.get(attr) or "")
            if match:
                nodes = links.setdefault(urljoin(url, match[0]), [])
                if all(n.mem_id != node.mem_id for n in nodes):
                    nodes.append(node)
                break
    holds: dict[int, set[str]] = {}  # node -> the tracklist addresses inside it
    for link, nodes in links.items():
        for node in nodes:
            up: LexborNode | None = node
            while up is not None:
                holds.setdefault(up.mem_id, set()).add(link)
                up = up.parent
    sets = []
    for link, nodes in links.items():
        item = _item(nodes[0], holds)
        title = _title(nodes, item)
        if not title or not _mentions(keys, title, urlsplit(link).path):
            continue
        text = _text(item)
        sets.append(_tracklist(title, link, _item_date(item, text, title, link)))
        if len(sets) == MAX_TRACKLISTS:
            break
    return sets


def _item(node: LexborNode, holds: dict[int, set[str]]) -> LexborNode:
    """The largest block around a set's link that holds no other set: its li, tr or div."""
    for _ in range(MAX_ITEM_DEPTH):
        parent = node.parent
        if parent is None or parent.tag in ("body", "html") or len(holds[parent.mem_id]) > 1:
            break
        node = parent
    return node


def _title(nodes: list[LexborNode], item: LexborNode) -> str:
    """The set's title: its link's text or title, else the item's title-like element."""
    texts = [_text(n) for n in nodes if n.tag == "a"]
    texts += [(n.attributes.get("title") or "").strip() for n in nodes]
    texts += [_text(n) for n in item.css(_TITLE_LIKE)]
    title = max(texts, key=len, default="")
    if sum(c.isalpha() for c in title) >= 4:
        return title
    return _text(item)[:200]


def _text(node: LexborNode) -> str:
    return " ".join(node.text(deep=True, separator=" ").split())


def _item_date(item: LexborNode, text: str, title: str, link: str) -> str | None:
    for node in item.css("time[datetime], [itemprop=datePublished], [title*=date i]"):
        found = iso_date(node.attributes.get("datetime") or node.attributes.get("content")
                         or node.text(deep=True))
        if found:
            return found
    return iso_date(text) or iso_date(title) or iso_date(link)


def iso_date(text: str | None) -> str | None:
    """The first date in `text` as YYYY-MM-DD: ISO, or written out ("Nov 15, 2026")."""
    if not text:
        return None
    match = _ISO_DATE.search(text)
    if match:
        return _valid("-".join(match.groups()), "%Y-%m-%d")
    for pattern, shape in _WORD_DATES:
        match = pattern.search(text)
        if match:
            return _valid(" ".join(g[:3] if g.isalpha() else g for g in match.groups()), shape)
    return None


def _valid(text: str, shape: str) -> str | None:
    try:
        return datetime.strptime(text, shape).date().isoformat()
    except ValueError:
        return None


def _tracklist(title: str, link: str, date: str | None,
               genres: Iterable[str] = ()) -> Tracklist:
    venue = _AT_VENUE.search(title)
    return Tracklist(title=title, url=link, date=date, venue=venue[1] if venue else None,
                     genres=list(genres))
