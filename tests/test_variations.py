"""Metamorphic tests: every event page of the replica, written differently, is the same event.

For each page of the bundled replica and each variant of `tests/variants.py`, the page goes
the way a crawled page goes (Scrapy's response and its encoding, the family's extractor, the
validation pipeline). A variant must give the same event as the page it came from, or a
counted skip or rejection: never a different event, never a value the page did not say.
"""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from scrapy.http import HtmlResponse
from scrapy.spiderloader import SpiderLoader
from scrapy.utils.project import get_project_settings

from replica import routes
from replica.catalog import load_catalog
from tests import variants
from tests.crawlers import project_crawler
from vinny.extract import Skip
from vinny.pipelines.event_validation import EventValidationPipeline, RejectedEvent
from vinny.spiders.base import utf8_body, wants_browser
from vinny.venues import registry

# Each family's extractor as its spider declares it, so a new family is tested without a list here.
_LOADER = SpiderLoader.from_settings(get_project_settings())
EXTRACTORS = {name: _LOADER.load(name).extract for name in registry().spiders}
SCRAPED_AT = datetime(2026, 11, 22, 20, 0, tzinfo=UTC)
IDENTITY = ("event_id", "event_date", "venue_slug", "performer")
OPTIONAL = ("start_at", "image_urls", "performers", "event_code", "status")


def _pages() -> list[tuple[dict, str]]:
    catalog = load_catalog()
    pages = []
    for entry in catalog["events"]:
        if "error" in entry["expect"] or "needs_js" in entry["variant"]:
            continue
        pages.append((entry, routes.render_entry(entry).body().decode(_charset(entry))))
    return pages


def _charset(entry: dict) -> str:
    return "cp1252" if "windows1252" in entry["variant"] else "utf-8"


PAGES = _pages()


def read(site: str, url: str, body: bytes, content_type: str):
    """What a crawl makes of one page: ("event", fields), ("skip"|"reject", reason)."""
    response = HtmlResponse(url=url, body=body, headers={"Content-Type": content_type})
    result = EXTRACTORS[site](response.url, utf8_body(response))
    if isinstance(result, Skip):
        return "skip", result.reason, result
    validate = EventValidationPipeline.from_crawler(project_crawler())
    item = {**result, "spider": site, "scraped_at": SCRAPED_AT, "page_lastmod": None}
    try:
        event = validate.process_item(item)
    except RejectedEvent as rejected:
        return "reject", rejected.reason, result
    return "event", {name: getattr(event, name) for name in IDENTITY + OPTIONAL}, result


def _as_expected(fields: dict) -> dict:
    def plain(value):
        if isinstance(value, datetime):
            return value.isoformat()
        return value.isoformat() if isinstance(value, date) else value
    return {k: plain(v) for k, v in fields.items()}


@pytest.mark.parametrize("entry,html", PAGES, ids=[e["url"] for e, _ in PAGES])
def test_replica_page_reads_as_its_catalogue_says(entry, html):
    kind, got, _ = read(entry["site"], entry["url"], html.encode(_charset(entry)),
                        f"text/html; charset={_charset(entry)}")
    expect = entry["expect"]
    if "skip" in expect or "reject" in expect:
        assert (kind, got) == next(iter(expect.items()))
        return
    assert kind == "event", got
    plain = _as_expected(got)
    for field in ("event_id", "event_date", "venue_slug", "performer", "start_at"):
        assert plain[field] == expect[field], field


def _compare(original, variant, keeps_all: bool) -> None:
    kind, got, _ = variant
    base_kind, base, _ = original
    if kind != "event":
        # A counted skip or rejection loses the page, never invents one.
        assert base_kind == "event" or (kind, got) == (base_kind, base) or kind in (
            "skip", "reject")
        if keeps_all and base_kind == "event":
            pytest.fail(f"lost the event: {kind} {got}")
        return
    assert base_kind == "event", f"a {base_kind} ({base}) became an event: {got}"
    for field in IDENTITY:
        assert got[field] == base[field], f"{field}: {got[field]!r} != {base[field]!r}"
    for field in OPTIONAL:
        if keeps_all:
            assert got[field] == base[field], f"{field}: {got[field]!r} != {base[field]!r}"
        elif got[field]:
            # A variant may lose an optional value, never change it.
            if isinstance(got[field], list):
                assert set(got[field]) <= set(base[field]), field
            else:
                assert got[field] == base[field], f"{field}: {got[field]!r} != {base[field]!r}"


def _variant_cases():
    for entry, html in PAGES:
        for name, make in {**variants.KEEPS_ALL, **variants.KEEPS_IDENTITY}.items():
            if name.startswith("two_digit_year") and entry["site"] != "tao":
                continue
            yield pytest.param(entry, html, name, make, id=f"{name}:{entry['url']}")


@pytest.mark.parametrize("entry,html,name,make", list(_variant_cases()))
def test_variant_is_the_same_event_or_a_counted_skip(entry, html, name, make):
    charset = _charset(entry)
    original = read(entry["site"], entry["url"], html.encode(charset),
                    f"text/html; charset={charset}")
    url, body, content_type = make(entry["url"], html)
    variant = read(entry["site"], url, body, content_type)
    _compare(original, variant, name in variants.KEEPS_ALL)


@pytest.mark.parametrize("entry,html", PAGES, ids=[e["url"] for e, _ in PAGES])
def test_script_rendered_shell_goes_to_the_browser(entry, html):
    url, body, content_type = variants.script_rendered(entry["url"], html)
    kind, got, result = read(entry["site"], url, body, content_type)
    # A plain fetch sees nothing to read: never an event, and an event URL is rendered.
    assert kind != "event", got
    if "skip" not in entry["expect"] or kind != "skip":
        # Unless the URL alone shows the page is not ours, the browser must see it.
        assert wants_browser(result), (kind, got)


def test_every_page_of_a_generated_replica_reads_as_its_catalogue_says():
    """The bench's generated catalogue (60% of TAO pages date-only, real markup families):
    every page gives its expected event, start time included, or its expected skip."""
    from replica import generate

    wrong = []
    for entry in generate(600, 11)["events"]:
        if entry.get("fault") == "404" or "needs_js" in entry["variant"]:
            continue
        kind, got, _ = read(entry["site"], entry["url"], routes.render_entry(entry).body(),
                            variants.HTML)
        expect = entry["expect"]
        if "event_id" not in expect:
            ok = (kind, got) == next(iter(expect.items()))
        else:
            plain = _as_expected(got) if kind == "event" else {}
            ok = kind == "event" and all(plain[f] == expect[f] for f in ("event_id", "start_at"))
        if not ok:
            wrong.append((entry["url"], kind, got))
    assert wrong == []
