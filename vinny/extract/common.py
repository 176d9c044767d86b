"""Helpers shared by the extractors: the page's bytes, schema.org values, dates, the Skip
verdict, and a DOM built only where needed."""

from __future__ import annotations

import functools
import html
import re
from dataclasses import dataclass
from datetime import date, datetime, time
from typing import Any

from selectolax.lexbor import LexborHTMLParser, LexborNode

# SIMD substring search: bytes.find steps through a 90 KB page at ~2 GB/s (30-50 us a scan),
# and an extractor scans a page about ten times.
from stringzilla import find as find
from stringzilla import rfind as rfind  # re-exported: the extractors import both from here

from vinny.extract.scope import own_content
from vinny.timeutil import VEGAS, parse_clock
from vinny.venues import Venue


@dataclass(frozen=True)
class Skip:
    """A page that is deliberately not an event of ours (counted, never an error)."""

    reason: str
    detail: str = ""


def page_bytes(page: str | bytes) -> bytes:
    """Extractors read a page as UTF-8 bytes and decode only the pieces they keep: decoding a
    whole page costs about as much as everything else they do."""
    return page.encode("utf-8") if isinstance(page, str) else page


def decoded(piece: bytes) -> str:
    return piece.decode("utf-8", "replace")


_MONTHS = {
    m: i
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for m in names
}
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_US_DATE = re.compile(r"(?<!\d)(\d{1,2})[/-](\d{1,2})[/-](\d{4})(?!\d)")
_MONTH_NAME_DATE = re.compile(
    r"\b([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b", re.IGNORECASE
)
_DAY_MONTH_DATE = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})\b")


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date_text(text: str | None) -> date | None:
    """A calendar date from ISO, `7/3/2026`, `Friday, December 4, 2026` or `4 Dec 2026`."""
    if not text:
        return None
    if m := _ISO_DATE.search(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _US_DATE.search(text):
        return _safe_date(int(m[3]), int(m[1]), int(m[2]))
    if (m := _MONTH_NAME_DATE.search(text)) and m[1].lower() in _MONTHS:
        return _safe_date(int(m[3]), _MONTHS[m[1].lower()], int(m[2]))
    if (m := _DAY_MONTH_DATE.search(text)) and m[2].lower() in _MONTHS:
        return _safe_date(int(m[3]), _MONTHS[m[2].lower()], int(m[1]))
    return None


_YEARLESS = re.compile(
    r"\b(?:(mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})\b",
    re.IGNORECASE)
_WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def parse_yearless_date(text: str | None, reference: date | None) -> date | None:
    """UrVenue's default date format has no year ("Fri, Mar 20"): the first such date on or
    after a week before `reference` (when the page was written), whose weekday matches."""
    match = _YEARLESS.search(text or "")
    if not match or reference is None or match[2].lower() not in _MONTHS:
        return None
    weekday = _WEEKDAYS.index(match[1].lower()) if match[1] else None
    for year in range(reference.year - 1, reference.year + 3):
        day = _safe_date(year, _MONTHS[match[2].lower()], int(match[3]))
        if day is None or (reference - day).days > 7:
            continue
        if weekday is None or day.weekday() == weekday:
            return day
    return None


def parse_iso_start(value: Any) -> tuple[date | None, datetime | None]:
    """From a schema.org date value: (the date, the aware start if a time is given)."""
    if not isinstance(value, str) or not value.strip():
        return None, None
    value = value.strip()
    if "T" in value or " " in value.strip():
        try:
            moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return parse_date_text(value), None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=VEGAS)
        return moment.astimezone(VEGAS).date(), moment.astimezone(VEGAS)
    return parse_date_text(value), None


def text_of(value: Any) -> str | None:
    """A clean string from a JSON-LD value that may be a string, a node or a list."""
    if isinstance(value, list):
        value = next((v for v in value if v), None)
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value")
    if isinstance(value, str):
        cleaned = " ".join(html.unescape(value).split())
        return cleaned or None
    return None


def names_of(value: Any) -> list[str]:
    """Performer names from a `Person`, a `PerformingGroup`, a string or a list of them."""
    items = value if isinstance(value, list) else [value]
    names: list[str] = []
    for item in items:
        name = text_of(item)
        if name and name not in names:
            names.append(name)
    return names


def urls_of(value: Any) -> list[str]:
    """Image URLs from a string, an `ImageObject`, or a list of either."""
    items = value if isinstance(value, list) else [value]
    urls: list[str] = []
    for item in items:
        url = item.get("url") or item.get("contentUrl") if isinstance(item, dict) else item
        if isinstance(url, str) and url.startswith(("http://", "https://")) and url not in urls:
            urls.append(url.strip())
    return urls


def location_of(event: dict[str, Any]) -> tuple[str | None, str | None]:
    """(place name, city) of an Event's `location`."""
    place = event.get("location")
    if isinstance(place, list):
        place = next((p for p in place if isinstance(p, dict)), None)
    if isinstance(place, str):
        return text_of(place), None
    if not isinstance(place, dict):
        return None, None
    address = place.get("address")
    city = None
    if isinstance(address, dict):
        city = text_of(address.get("addressLocality"))
    elif isinstance(address, str):
        city = "Las Vegas" if "las vegas" in address.lower() else None
    return text_of(place.get("name")), city


_STATUS = {
    "eventcancelled": "cancelled",
    "eventpostponed": "postponed",
    "eventrescheduled": "active",
    "eventscheduled": "active",
    "eventmovedonline": "active",
}


def status_of(event: dict[str, Any]) -> str:
    raw = text_of(event.get("eventStatus")) or ""
    return _STATUS.get(raw.rsplit("/", 1)[-1].lower(), "active")


def with_venue(page: dict[str, Any], venue: Venue | None) -> dict[str, Any]:
    """The page's venue fields from the registry, or its own label for validation to refuse."""
    if venue is None:
        page["venue"] = page.get("venue_label")
    else:
        page.update(venue=venue.name, venue_slug=venue.slug, venue_tag=venue.tag,
                    venue_url=venue.url)
    return page


class Dom:
    """A page's DOM, built only on first use and in two halves: `<head>` for meta tags and
    `<body>` for content. A DOM costs more than the whole fetch; half a page, half of that."""

    def __init__(self, page: bytes):
        split = find(page, b"<body")
        self._split = split if split != -1 else 0
        self._raw = page
        self._own: bytes | None = None
        self._head: LexborHTMLParser | None = None
        self._body: LexborHTMLParser | None = None
        self._fragment: tuple[int, LexborHTMLParser] | None = None

    @property
    def _page(self) -> bytes:
        """The page with everything after `<body` that is not its own event blanked (offsets
        kept): cues are read from the event only, never from scripts, templates, menus or
        "More events" cards. Made on first use: a page whose JSON-LD says it all needs none."""
        if self._own is None:
            self._own = own_content(self._raw, self._split)
        return self._own

    @property
    def _head_page(self) -> bytes:
        # Blanking starts at `<body`, so before it the page is its own bytes.
        return self._raw if self._split else self._page

    @property
    def head(self) -> LexborHTMLParser:
        if self._head is None:
            self._head = LexborHTMLParser(self._head_page[: self._split] or self._head_page)
        return self._head

    @property
    def body(self) -> LexborHTMLParser:
        if self._body is None:
            self._body = LexborHTMLParser(self._page[self._split :])
        return self._body

    def first_text(self, *selectors: str) -> str | None:
        for selector in selectors:
            node = self._first(selector)
            if node is not None and (text := _clean(node)):
                return text
        return None

    def first_clock(self, *selectors: str) -> time | None:
        """The first wall-clock time found in the elements matching `selectors`, in order."""
        for selector in selectors:
            for node in self._all(selector):
                if clock := parse_clock(_clean(node)):
                    return clock
        return None

    def clock_near_heading(self) -> time | None:
        """The first wall-clock time in the text just after the page's `<h1>`: where an event
        page states its time when no known class marks it (a redesign renamed them)."""
        at = find(self._page, b"<h1", self._split)
        if at == -1:
            return None
        text = _TAGS.sub(b" ", self._page[at : at + _NEAR_HEADING])
        return parse_clock(html.unescape(decoded(text)))

    def _first(self, selector: str) -> LexborNode | None:
        nodes = self._all(selector)
        return nodes[0] if nodes else None

    def _all(self, selector: str) -> list[LexborNode]:
        token = _class_token(selector)
        if token is None or self._body is not None:
            return self.body.css(selector)
        # A class that appears nowhere in the text matches nothing: no DOM needed. Otherwise
        # parse just the fragment from the first element carrying it (a real HTML parse).
        at = find(self._page, token, self._split)
        if at == -1:
            return []
        start = rfind(self._page, b"<", self._split, at)
        # Neighbouring cues (venue, date, time) usually share one parsed fragment; an element
        # starting in its second half gets a fragment of its own, so none is cut short.
        if self._fragment is None or not 0 <= start - self._fragment[0] < _FRAGMENT // 2:
            self._fragment = (start, LexborHTMLParser(self._page[start : start + _FRAGMENT]))
        return self._fragment[1].css(selector) or self.body.css(selector)

    def meta(self, key: str) -> str | None:
        mark = key.encode()
        if self._head is None and _PLAIN_NAME.fullmatch(mark):
            # A meta tag written plainly is read without a parser (~10 us, more in page faults).
            tag = self._head_fragment(mark, b">")
            if tag is None:
                return None
            attrs = _plain_meta(tag)
            if attrs is not None and key in (attrs.get("property"), attrs.get("name")):
                content = attrs.get("content")
                return " ".join(content.split()) if content else None
        selectors = (f'meta[property="{key}"]', f'meta[name="{key}"]')
        node = self._head_tag(mark, b">", selectors)
        content = node.attributes.get("content") if node is not None else None
        return " ".join(content.split()) if content else None

    def title(self) -> str | None:
        node = self._head_tag(b"<title", b"</title>", ("title",))
        return _clean(node) if node is not None else None

    def _head_tag(self, mark: bytes, end: bytes, selectors: tuple[str, ...]) -> LexborNode | None:
        """The first `<head>` element matching `selectors`. The head is ~40 KB of scripts
        and styles: the tag around the first mention of `mark` is parsed alone when that is
        enough; a head that never mentions `mark` has no such element."""
        if self._head is None:
            fragment = self._head_fragment(mark, end)
            if fragment is None:
                return None
            if fragment:
                tag = LexborHTMLParser(fragment)
                if node := next(filter(None, map(tag.css_first, selectors)), None):
                    return node
        return next(filter(None, map(self.head.css_first, selectors)), None)

    def _head_fragment(self, mark: bytes, end: bytes) -> bytes | None:
        """The `<head>` text from the `<` before the first mention of `mark` to the first `end`
        after it; b"" when it has no such bounds, None when the head never mentions `mark`."""
        page = self._head_page
        limit = self._split or len(page)
        at = find(page, mark, 0, limit)
        if at == -1:
            return None
        start = rfind(page, b"<", 0, at + 1)
        stop = find(page, end, at, limit)
        return page[start : stop + len(end)] if start != -1 and stop != -1 else b""


# A meta tag any HTML parser reads the same: lower-case names, double-quoted printable ASCII
# values without `&` (no character reference to decode), `<`, `>` or a control character.
_PLAIN_META = re.compile(
    rb'<meta((?:[ \t\n]+[a-z][a-z0-9:_-]*="[\x20\x21\x23-\x25\x27-\x3b\x3d\x3f-\x7e]*")+)'
    rb"[ \t\n]*/?>")
_PLAIN_ATTR = re.compile(rb'([a-z][a-z0-9:_-]*)="([^"]*)"')
_PLAIN_NAME = re.compile(rb"[a-z][a-z0-9:_-]*")


def _plain_meta(tag: bytes) -> dict[str, str] | None:
    """The attributes of a `<meta>` tag written plainly (`_PLAIN_META`, each name once), as a
    parser reads them; None for any other tag."""
    match = _PLAIN_META.fullmatch(tag)
    if match is None:
        return None
    attrs = {name.decode(): value.decode() for name, value in _PLAIN_ATTR.findall(match[1])}
    return attrs if len(attrs) == match[1].count(b'="') else None


_TAGS = re.compile(rb"<[^>]*>")
_NEAR_HEADING = 1536
# Parsing costs ~10 us plus ~13 us a KB: 1 KB holds a cue's element (a name, a date, a time).
_FRAGMENT = 1024
_CLASS_SELECTOR = re.compile(r"^[a-z0-9]*\.([A-Za-z0-9_-]+)$")


@functools.cache
def _class_token(selector: str) -> bytes | None:
    """`span.uwsdtime` -> `uwsdtime`; None for selectors that are not a plain class."""
    match = _CLASS_SELECTOR.match(selector)
    return match[1].encode() if match else None


def _clean(node: LexborNode) -> str | None:
    text = " ".join((node.text(separator=" ") or "").split())
    return text or None
