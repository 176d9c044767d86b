"""Variants of an event page, as other sites and other days of the same site write it.

Each variant is a function (url, html) -> (url, body bytes, content type) and says what it
may cost: `KEEPS_ALL` variants must give the very same event; the others may lose optional
fields (a start time whose class was renamed) but never the event's identity.
"""

from __future__ import annotations

import base64
import random
import re
from collections.abc import Callable
from datetime import UTC, datetime

Variant = Callable[[str, str], tuple[str, bytes, str]]
HTML = "text/html; charset=UTF-8"

_BODY_OPEN = re.compile(r"<body[^>]*>")
_JSONLD = re.compile(r'<script type="application/ld\+json"[^>]*>.*?</script>', re.S)
_START_DATE = re.compile(r'"startDate"\s*:\s*"(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2})(?::\d{2})?'
                         r'([+-]\d{2}:\d{2}|Z)?"')
_TAG = re.compile(r"<([a-zA-Z][a-zA-Z0-9-]*)((?:\s+[^\s=>/]+(?:=(?:\"[^\"]*\"|'[^']*'|[^\s>]+))?)+)"
                  r"\s*(/?)>")
_ATTR = re.compile(r"""[^\s=>/]+(?:=(?:"[^"]*"|'[^']*'|[^\s>]+))?""")
_CLASS = re.compile(r'class="([^"]*)"')
_MAIN = re.compile(r"<main\b")

_TEMPLATES = """
<script type="text/template" id="uwsinv-item-tpl">
<div class="uwsinv-item" data-mastercode="{{itemcode}}">
<h1 class="uv-event-name-title">{{eventname}}</h1>
<span class="uwsname">{{itemname}}</span><div class="uwsvenuename">{{venuename}}</div>
<span class="uwsddate">{{eventdate}}</span><span class="uwsdtime">{{starttime}}</span>
<div class="event-time">{{time}}</div><div class="event-venue">{{venue}}</div></div>
</script>
<script type="text/x-handlebars-template"><h1>%s</h1><span class="uwsdtime">[time]</span></script>
<template id="card"><h1 class="event-title">[name]</h1>
<span class="uwsdtime">11:59pm</span></template>
<noscript><div class="uwsvenuename">Wynn Field Club</div><h1>Enable JavaScript</h1>
<span class="uwsdtime">9:00am</span></noscript>
<script>window.uwsTpl = '<h1 class="uv-event-name-title">itemname</h1>'
 + '<span class="uwsdtime">1:00am</span>';</script>
"""

_CARD = """<li class="eventitem {code}"><a href="{url}">
<img data-bg="https://venueeventartist.com/x.jpg">
<h3 class="uv-event-name-title uv-events-name">{name}</h3>
<div class="uwsvenuename uv-events-venue">{venue}</div>
<span class="uwsddate uv-list-date">Saturday, March 7, 2026</span>
<span class="uwsdtime">7:00pm</span>
<div class="event-time">7:00 PM</div><div class="event-venue">{venue}</div></a></li>"""


def _cards() -> str:
    other = [("EVE111500020260307", "Other Headliner", "Wynn Field Club"),
             ("EVE108900020260307", "Someone Else", "Marquee New York")]
    return "".join(_CARD.format(code=c, url=f"https://example.invalid/{c}/", name=n, venue=v)
                   for c, n, v in other)


def _after_body(html: str, insert: str) -> str:
    match = _BODY_OPEN.search(html)
    return html[: match.end()] + insert + html[match.end() :] if match else insert + html


def _before_main(html: str, insert: str) -> str:
    match = _MAIN.search(html)
    return html[: match.start()] + insert + html[match.start() :] if match else \
        _after_body(html, insert)


def utf8(url: str, html: str) -> tuple[str, bytes, str]:
    return url, html.encode("utf-8"), HTML


def templates_first(url: str, html: str):
    """Inventory templates, a `<template>` and a `<noscript>` before the event block."""
    return utf8(url, _after_body(html, _TEMPLATES))


def related_cards_first(url: str, html: str):
    """A "More events" list of other nights, marked as a listing, before the event."""
    section = (f'<section class="uv-related-events"><ul class="uv-events-list">{_cards()}</ul>'
               "</section>")
    return utf8(url, _before_main(html, section))


def also_like_first(url: str, html: str):
    """Cards under a "You may also like" heading, in a block with no telling class."""
    section = f'<div class="row"><h2 class="title">You May Also Like</h2><ul>{_cards()}</ul></div>'
    return utf8(url, _before_main(html, section))


def menu_first(url: str, html: str):
    """A mega-menu of upcoming nights before the event."""
    menu = f'<div class="mega-menu-panel"><ul>{_cards()}</ul></div>'
    return utf8(url, _after_body(html, menu))


def without_jsonld(url: str, html: str):
    return utf8(url, _JSONLD.sub("", html))


def malformed_jsonld(url: str, html: str):
    """Every JSON-LD script cut in half (a CMS that truncates)."""
    def cut(match: re.Match) -> str:
        text = match.group(0)
        start = text.index(">") + 1
        body = text[start : -len("</script>")]
        return text[:start] + body[: len(body) // 2] + "</script>"
    return utf8(url, _JSONLD.sub(cut, html))


def date_only_jsonld(url: str, html: str):
    return utf8(url, _START_DATE.sub(lambda m: f'"startDate":"{m[1]}"', html))


def utc_jsonld(url: str, html: str):
    """startDate given in UTC ("Z"), as another plugin version writes it."""
    def to_utc(m: re.Match) -> str:
        offset = "+00:00" if m[4] == "Z" else m[4] or "-08:00"
        local = datetime.fromisoformat(f"{m[1]}T{m[2]}:{m[3]}:00{offset}")
        return f'"startDate":"{local.astimezone(UTC):%Y-%m-%dT%H:%M:%S}Z"'
    return utf8(url, _START_DATE.sub(to_utc, html))


def classes_renamed(url: str, html: str):
    """A redesign: every class of the page's body renamed."""
    head, sep, body = html.partition("<body")
    renamed = _CLASS.sub(lambda m: 'class="' + " ".join(f"v2-{c[::-1]}" for c in m[1].split())
                         + '"', body)
    return utf8(url, head + sep + renamed)


def attributes_reordered(url: str, html: str):
    def reverse(m: re.Match) -> str:
        attrs = _ATTR.findall(m[2])
        return f"<{m[1]} {' '.join(reversed(attrs))}{' /' if m[3] else ''}>"
    return utf8(url, _TAG.sub(reverse, html))


def whitespace_and_entities(url: str, html: str):
    """CRLF line ends, indentation, and text written with character references."""
    rng = random.Random(len(html))
    out = html.replace("\n", "\r\n\t  ").replace("><", ">\r\n  <")

    def encode_text(m: re.Match) -> str:
        text = m[1]
        chars = [f"&#{ord(c)};" if c.isalpha() and rng.random() < 0.3 else c for c in text]
        return ">" + "".join(chars).replace(" ", "&nbsp;", 1) + "</"
    # Only element text in the body: attribute values and scripts stay as they are.
    head, sep, body = out.partition("<body")
    body = re.sub(r">([^<>&]{2,80})</(?!script|style)", encode_text, body)
    return utf8(url, head + sep + body)


def windows_1252(url: str, html: str):
    """The same page encoded in windows-1252, as its meta tag declares."""
    html = re.sub(r'<meta charset="[^"]*">', '<meta charset="windows-1252">', html, count=1,
                  flags=re.I)
    return url, html.encode("cp1252", "xmlcharrefreplace"), "text/html"


def no_trailing_slash(url: str, html: str):
    return url.rstrip("/"), html.encode("utf-8"), HTML


def two_digit_year(url: str, html: str):
    """TAO's older slugs: /event/4-22-25-.../ (only TAO URLs carry a date)."""
    short = re.sub(r"/event/(\d{1,2})-(\d{1,2})-20(\d{2})-", r"/event/\1-\2-\3-", url)
    html = re.sub(r"(\d{1,2}/\d{1,2}/)20(\d{2}) (&#8211;|–)", r"\1\2 \3", html)
    return short, html.encode("utf-8"), HTML


def script_rendered(url: str, html: str):
    """An app shell: the whole body is written by an inline script; nothing to read without
    running it (no JSON-LD, no og tags, no class of any kind)."""
    body = html.split("<body", 1)[1].split(">", 1)[1].rsplit("</body>", 1)[0]
    payload = base64.b64encode(body.encode("utf-8")).decode()
    shell = ('<!DOCTYPE html><html><head><meta charset="utf-8"><title>Loading</title></head>'
             '<body><div id="root"></div><script>document.getElementById("root").innerHTML='
             f'new TextDecoder().decode(Uint8Array.from(atob("{payload}"),c=>c.charCodeAt(0)));'
             '</script></body></html>')
    return utf8(url, shell)


KEEPS_ALL: dict[str, Variant] = {
    "templates_first": templates_first,
    "related_cards_first": related_cards_first,
    "also_like_first": also_like_first,
    "menu_first": menu_first,
    "date_only_jsonld": date_only_jsonld,
    "utc_jsonld": utc_jsonld,
    "attributes_reordered": attributes_reordered,
    "whitespace_and_entities": whitespace_and_entities,
    "windows_1252": windows_1252,
    "no_trailing_slash": no_trailing_slash,
    "two_digit_year": two_digit_year,
}
# These take away a source: an optional field may go missing, the identity may not change.
def two_digit_year_without_jsonld(url: str, html: str):
    url, body, _ = two_digit_year(url, html)
    return without_jsonld(url, body.decode("utf-8"))


KEEPS_IDENTITY: dict[str, Variant] = {
    "two_digit_year_without_jsonld": two_digit_year_without_jsonld,
    "without_jsonld": without_jsonld,
    "malformed_jsonld": malformed_jsonld,
    "classes_renamed": classes_renamed,
}
