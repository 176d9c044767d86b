"""The part of a page that is its own event: everything else is blanked before cues are read.

A real event page also carries text that is not its event: UrVenue's inventory templates
(`{{itemname}}` inside `<script type="text/template">`), `<noscript>` fallbacks, menus,
breadcrumbs, inventory pop-ups, "More events" cards and the site footer. Each is replaced by
spaces of the same length, so every offset stays valid (the fast cue search of `Dom` still
works) and no cue can be read from them. JSON-LD is read from the original page, not this.

Blanked: raw-text and template elements (`script`, `style`, `template`, `noscript`,
`textarea`, comments); `nav`, `aside`, `footer`, `dialog`; any element whose class, id, role
or aria-label names a menu, a listing, a related-events block or an inventory widget; the
block under a "More events" / "You may also like" heading. Never blanked: an element holding
the page's `<h1>` or its `<main>` (the event itself is there).
"""

from __future__ import annotations

import bisect
import re

from stringzilla import find, rfind, translate

_RAW = (b"script", b"style", b"template", b"noscript", b"textarea")
_ASIDE = (b"nav", b"aside", b"footer", b"dialog")
# Parts of class/id/role/aria-label values that mark a block that is not the event itself.
_NOT_THE_EVENT = (
    b"menu", b"navbar", b"navigation", b"breadcrumb", b"masthead", b"site-header",
    b"site-footer", b"sidebar", b"widget", b"related", b"more-events", b"moreevents",
    b"also-like", b"youmay", b"you-may", b"upcoming", b"similar", b"recommend", b"carousel",
    b"slider", b"swiper", b"listing", b"eventlist", b"events-list", b"eventitem",
    b"event-list", b"uwsinv", b"inventory", b"popup", b"modal", b"uwscart", b"cookie",
    b"newsletter",
)
_HEADINGS = (
    b"more events", b"you may also like", b"you might also like", b"upcoming events",
    b"related events", b"similar events", b"other events", b"more nights", b"recommended",
)
_PROTECTED = frozenset({b"html", b"head", b"body", b"main", b"article", b"h1"})
_VOID = frozenset({b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input",
                   b"link", b"meta", b"source", b"track", b"wbr", b"param"})
_TAG_NAME = re.compile(rb"<\s*([a-z][a-z0-9-]*)")
_CLOSE_NAME = re.compile(rb"</\s*([a-z][a-z0-9-]*)")
_MARKING_ATTR = re.compile(rb"""\b(?:class|id|role|aria-label)\s*=\s*("[^"]*"|'[^']*'|[^\s>]+)""")
# A walk up or across the tree never visits more tags than this (a hostile page is bounded).
_MAX_STEPS = 4000
# `bytes.lower` as a table: stringzilla applies it with SIMD, several times faster.
_LOWER = bytes.maketrans(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", b"abcdefghijklmnopqrstuvwxyz")


class _Ranges:
    """Sorted, non-overlapping [start, end) ranges to blank."""

    def __init__(self) -> None:
        self.starts: list[int] = []
        self.ends: list[int] = []

    def covers(self, pos: int) -> int:
        """The end of the range holding `pos`, or -1."""
        i = bisect.bisect_right(self.starts, pos) - 1
        return self.ends[i] if i >= 0 and pos < self.ends[i] else -1

    def add(self, start: int, end: int) -> None:
        i = bisect.bisect_left(self.starts, start)
        # Merge with every range it touches.
        while i > 0 and self.ends[i - 1] >= start:
            i -= 1
            start = min(start, self.starts[i])
            end = max(end, self.ends[i])
            del self.starts[i], self.ends[i]
        while i < len(self.starts) and self.starts[i] <= end:
            end = max(end, self.ends[i])
            del self.starts[i], self.ends[i]
        self.starts.insert(i, start)
        self.ends.insert(i, end)


def own_content(page: bytes, start: int = 0) -> bytes:
    """`page` with everything after `start` that is not its own event blanked to spaces."""
    # Tag and class names are matched in lower case (`<SCRIPT>` is a script too).
    low = translate(page, _LOWER, start=start)  # page[start:].lower()
    ranges = _Ranges()
    _blank_comments(low, 0, ranges)
    for tag in _RAW:
        _blank_elements(low, tag, 0, ranges, raw=True)
    for tag in _ASIDE:
        _blank_elements(low, tag, 0, ranges)
    for mark in _NOT_THE_EVENT:
        _blank_marked(low, mark, 0, ranges)
    for heading in _HEADINGS:
        _blank_under_heading(low, heading, 0, ranges)
    if not ranges.starts:
        return page
    out = bytearray(page)
    for begin, end in zip(ranges.starts, ranges.ends, strict=True):
        out[start + begin : start + end] = b" " * (end - begin)
    return bytes(out)


def _blank_comments(low: bytes, start: int, ranges: _Ranges) -> None:
    pos = start
    while (at := find(low, b"<!--", pos)) != -1:
        end = find(low, b"-->", at + 4)
        end = len(low) if end == -1 else end + 3
        ranges.add(at, end)
        pos = end


def _blank_elements(low: bytes, tag: bytes, start: int, ranges: _Ranges, raw: bool = False) -> None:
    pos = start
    opener = b"<" + tag
    while (at := find(low, opener, pos)) != -1:
        pos = at + len(opener)
        if not _is_tag_start(low, pos) or ranges.covers(at) != -1:
            continue
        end = _element_end(low, at, tag, raw)
        if raw or not _holds_event(low, at, end):
            ranges.add(at, end)
            pos = end


def _blank_marked(low: bytes, mark: bytes, start: int, ranges: _Ranges) -> None:
    pos = start
    while (hit := find(low, mark, pos)) != -1:
        pos = hit + len(mark)
        if (covered := ranges.covers(hit)) != -1:
            pos = covered
            continue
        lt = rfind(low, b"<", start, hit)
        if lt == -1 or rfind(low, b">", lt, hit) != -1:
            continue  # text, not an attribute
        gt = find(low, b">", hit)
        if gt == -1:
            return
        tag = low[lt : gt + 1]
        name = _TAG_NAME.match(tag)
        if name is None or name[1] in _PROTECTED:
            continue
        if mark not in b"\0".join(_MARKING_ATTR.findall(tag)):  # in no marking value
            continue
        end = _element_end(low, lt, name[1])
        if not _holds_event(low, lt, end):
            ranges.add(lt, end)
            pos = end


def _blank_under_heading(low: bytes, heading: bytes, start: int, ranges: _Ranges) -> None:
    pos = start
    while (hit := find(low, heading, pos)) != -1:
        pos = hit + len(heading)
        if ranges.covers(hit) != -1:
            continue
        lt = rfind(low, b"<", start, hit)
        if lt == -1 or rfind(low, b">", lt, hit) == -1:
            continue  # inside a tag, not text
        inner = _enclosing(low, hit, start)
        parent = _enclosing(low, inner[0], start) if inner else None
        if inner is None or parent is None:
            continue
        end = _element_end(low, parent[0], parent[1])
        if parent[1] in _PROTECTED or _holds_event(low, parent[0], end):
            # The heading shares its block with the event: blank from it to the block's end.
            h1 = find(low, b"<h1", inner[0], end)
            ranges.add(inner[0], end if h1 == -1 or h1 < inner[0] else h1)
        else:
            ranges.add(parent[0], end)
        pos = max(pos, end)


def _is_tag_start(low: bytes, after_name: int) -> bool:
    return after_name < len(low) and low[after_name] in b" \t\r\n/>"


def _holds_event(low: bytes, begin: int, end: int) -> bool:
    return find(low, b"<h1", begin, end) != -1 or find(low, b"<main", begin, end) != -1


def _element_end(low: bytes, at: int, tag: bytes, raw: bool = False) -> int:
    """The offset just past the element starting at `at`; its start tag alone if unclosed."""
    open_end = find(low, b">", at)
    if open_end == -1:
        return len(low)
    open_end += 1
    if tag in _VOID or low[open_end - 2 : open_end] == b"/>":
        return open_end
    closer, opener = b"</" + tag, b"<" + tag
    if raw:
        close = find(low, closer, open_end)
        return open_end if close == -1 else _past(low, close)
    depth, pos = 1, open_end
    for _ in range(_MAX_STEPS):
        close = find(low, closer, pos)
        if close == -1:
            return open_end
        nested = find(low, opener, pos, close)
        while nested != -1 and not _is_tag_start(low, nested + len(opener)):
            nested = find(low, opener, nested + len(opener), close)
        if nested != -1:
            depth += 1
            pos = nested + len(opener)
            continue
        depth -= 1
        pos = _past(low, close)
        if depth == 0:
            return pos
    return open_end


def _past(low: bytes, at: int) -> int:
    end = find(low, b">", at)
    return len(low) if end == -1 else end + 1


def _enclosing(low: bytes, pos: int, start: int) -> tuple[int, bytes] | None:
    """(offset, name) of the innermost element open at `pos`."""
    closed: list[bytes] = []
    for _ in range(_MAX_STEPS):
        lt = rfind(low, b"<", start, pos)
        if lt == -1:
            return None
        pos = lt
        if low[lt + 1 : lt + 2] == b"/":
            name = _CLOSE_NAME.match(low[lt : lt + 64])
            if name:
                closed.append(name[1])
            continue
        name = _TAG_NAME.match(low[lt : lt + 64])
        if name is None or name[1] in _VOID:
            continue
        gt = find(low, b">", lt)
        if gt != -1 and low[gt - 1 : gt] == b"/":
            continue
        if closed and closed[-1] == name[1]:
            closed.pop()
            continue
        return lt, name[1]
    return None
