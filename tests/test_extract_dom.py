"""The page's meta tags read as an HTML parser reads them, however they are written."""

from __future__ import annotations

import random

import pytest
from selectolax.lexbor import LexborHTMLParser

from vinny.extract.common import Dom, _plain_meta

KEYS = ("og:image", "og:title")


def _page(head: str | bytes) -> bytes:
    head = head.encode("utf-8") if isinstance(head, str) else head
    return b"<!DOCTYPE html><html><head><title>t</title>" + head + b"</head><body><h1>x</h1></body>"


def _parsed(page: bytes, key: str) -> str | None:
    """What a full parse of the page says the tag's content is."""
    head = LexborHTMLParser(page).head
    node = head.css_first(f'meta[property="{key}"]') or head.css_first(f'meta[name="{key}"]')
    content = node.attributes.get("content") if node is not None else None
    return " ".join(content.split()) if content else None


WRITTEN = [
    '<meta property="og:image" content="https://cdn.example.com/a.jpg">',
    '<meta property="og:image" content="https://cdn.example.com/a.jpg" />',
    '<meta name="og:image" content="  spaced   out  ">',
    '<meta property="og:image" content="">',
    '<meta property="og:image">',
    '<META PROPERTY="og:image" CONTENT="upper">',
    '<meta property="OG:IMAGE" content="other case">',
    '<meta property="og:image" content="a &amp; b">',
    '<meta property="og:image" content="a&b">',
    '<meta property="og:image" content="café">',
    '<meta property="og:image" content=\'single\'>',
    '<meta property=og:image content=bare>',
    '<meta property="og:image" content="first" content="second">',
    '<meta content="a>b" property="og:image">',
    '<meta property="og:image" content="a>b">',
    '<meta property="og:image:width" content="640"><meta property="og:image" content="/b.jpg">',
    '<meta\tproperty="og:image"\ncontent="tab\tand\nnewline">',
    '<meta property="og:image" content="x"/ >',
    '<link rel="image_src" href="og:image"><meta property="og:image" content="/c.jpg">',
    '<meta property="og:title" content="12/1/2026 &#8211; Matroda &#8211; JEWEL Nightclub">',
    '<meta property="og:title" content="Dom Dolla">',
]


@pytest.mark.parametrize("head", WRITTEN)
def test_meta_reads_as_a_parser_reads_it(head):
    page = _page(head)
    for key in KEYS:
        assert Dom(page).meta(key) == _parsed(page, key), key


_NAMES = ("meta", "meta", "meta", "META", "Meta", "metax", "link")
_ATTRS = ("property", "name", "content", "PROPERTY", "Content", "data-x", "property:x", "a_b")
_VALUES = ("og:image", "og:title", "OG:IMAGE", "https://x.example/a.jpg?w=1&amp;h=2", "a&b",
           "&#111;g:image", "café", "a\x00b", "a\rb", "  two   spaces ", "", "a>b", "a'b",
           "a<b", "\x7f", "tab\there", "12/1/2026 - Kaskade", "a=b")
_QUOTES = ('"', '"', '"', "'", "")
_SPACES = (" ", " ", "\t", "\n", "\r", "\x0c", "", "  ")
_ENDS = (">", ">", "/>", " />", " / >", "")


def _random_tag(rng: random.Random) -> bytes:
    """A tag, half of them written plainly but for a value or two, the rest anyhow."""
    plain = rng.random() < 0.5
    parts = ["<", "meta" if plain else rng.choice(_NAMES)]
    for _ in range(rng.randint(0, 4)):
        quote = '"' if plain else rng.choice(_QUOTES)
        space = rng.choice(_SPACES[:4] if plain else _SPACES)
        parts += [space, rng.choice(_ATTRS[:3] if plain else _ATTRS), "=", quote,
                  rng.choice(_VALUES), quote]
    parts += [rng.choice(_SPACES[:3]), rng.choice(_ENDS[:4] if plain else _ENDS)]
    return "".join(parts).encode("utf-8")


def test_a_tag_read_without_a_parser_reads_as_the_parser_reads_it():
    rng = random.Random(17)
    read = 0
    for _ in range(5000):
        tag = _random_tag(rng)
        attrs = _plain_meta(tag)
        if attrs is None:
            continue  # left to the parser
        read += 1
        node = LexborHTMLParser(tag).css_first("meta")
        assert node is not None and node.attributes == attrs, tag
    assert read > 200  # the tags written plainly were read, not all left to the parser
