"""Pages unlike the replica's: only the page's own event is read, whatever else it carries."""

from __future__ import annotations

import threading
from datetime import date, datetime
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from replica import routes
from replica.catalog import load_catalog
from tests import variants
from tests.e2e import crawl, master_events, run_stats
from vinny.extract import Skip, extract_liv_event, extract_tao_event, extract_wynn_event
from vinny.extract.common import parse_yearless_date
from vinny.extract.lineup import is_closure, lineup_of
from vinny.extract.scope import own_content
from vinny.spiders.base import wants_browser
from vinny.timeutil import VEGAS

WYNN = "https://www.wynnsocial.com/event/"
TAO = "https://taogroup.com/event/"
INVENTORY_TEMPLATE = (
    '<script type="text/template" id="uwsinv-tpl"><div class="uwsinv-item">'
    '<h1 class="uv-events-name">{{itemname}}</h1><span class="uwsname">{{itemname}}</span>'
    '<span class="uwsdtime">{{starttime}}</span></div></script>')


def _before_body_content(page: str, insert: str) -> str:
    head, sep, rest = page.partition("<body")
    tag_end = rest.index(">") + 1
    return head + sep + rest[:tag_end] + insert + rest[tag_end:]


def test_inventory_template_never_names_the_event(page_text):
    page = _before_body_content(page_text("wynn_ebc_html_only.html"), INVENTORY_TEMPLATE)
    event = extract_wynn_event(f"{WYNN}EVE110300020270417/david-guetta/", page)
    assert event["event_name"] == "David Guetta"
    assert "itemname" not in str(event["performers"])


def test_ebc_heading_span_names_the_event():
    page = ('<html><head></head><body>' + INVENTORY_TEMPLATE +
            '<main><h1 class="uv-events-title"><span class="uv-events-name">Kaskade</span></h1>'
            '<div class="uv-events-venue">Encore Beach Club</div></main></body></html>')
    event = extract_wynn_event(f"{WYNN}EVE110300020270410/kaskade/", page)
    assert (event["event_name"], event["venue_slug"], event["event_date"]) == (
        "Kaskade", "encore-beach-club", date(2027, 4, 10))


def test_own_content_keeps_offsets_and_blanks_what_is_not_the_event():
    page = (b'<html><head><title>t</title></head><body><nav class="x"><h3>Menu night</h3></nav>'
            b'<script>var a="<h1>no</h1>";</script><template><b>{{itemname}}</b></template>'
            b'<section class="related-events"><h3>Other</h3></section>'
            b'<main><h1>Dom Dolla</h1><span class="uwsdtime">10:30pm</span></main></body></html>')
    own = own_content(page, page.index(b"<body"))
    assert len(own) == len(page)
    for gone in (b"Menu night", b"<h1>no</h1>", b"{{itemname}}", b"Other"):
        assert gone not in own
    assert b"<main><h1>Dom Dolla</h1><span class=\"uwsdtime\">10:30pm</span></main>" in own


def test_a_block_holding_the_heading_is_never_blanked():
    page = b'<body><div class="slider-wrap"><h1>Dom Dolla</h1></div></body>'
    assert own_content(page) == page


def test_more_events_heading_takes_its_cards_away():
    page = (b'<body><main><h1>Dom Dolla</h1><span class="uwsdtime">10:30pm</span></main>'
            b'<div class="row"><h2>More Events</h2><span class="uwsdtime">7:00pm</span></div>'
            b'</body>')
    assert b"7:00pm" not in own_content(page)


def test_closure_titles_are_skipped_with_a_reason():
    page = ("<html><head><meta property=\"og:title\" content=\"4/22/2027 &#8211; CLOSED FOR DOME "
            "INSTALLATION &#8211; OMNIA Nightclub\"></head><body></body></html>")
    result = extract_tao_event(f"{TAO}4-22-2027-closed-for-dome-installation-omnia-nightclub/",
                               page)
    assert result == Skip("closed", "CLOSED FOR DOME INSTALLATION")


def test_two_digit_year_slug_and_title_give_the_full_date():
    page = ("<html><head><meta property=\"og:title\" content=\"4/22/25 &#8211; DJ Pauly D "
            "&#8211; Marquee Nightclub\"></head><body><h1>DJ Pauly D</h1></body></html>")
    result = extract_tao_event(f"{TAO}4-22-25-dj-pauly-d-marquee-nightclub/", page)
    assert (result["event_date"], result["venue_slug"]) == (date(2025, 4, 22),
                                                            "marquee-nightclub")


def test_a_renamed_time_class_still_finds_the_time_by_the_heading(page_text):
    page = page_text("liv_legacy.html").replace("uwsdtime", "v2-time")
    url = "https://www.livnightclub.com/las-vegas/event/EVE121488100020261204/dom-dolla/"
    assert extract_liv_event(url, page)["start_at"] == datetime(2026, 12, 4, 22, 30,
                                                                tzinfo=VEGAS)


@pytest.mark.parametrize("title,lineup", [
    ("Chris Lake b2b Chris Lorenzo", ["Chris Lake", "Chris Lorenzo"]),
    ("New Year's Eve with John Summit", ["John Summit"]),
    ("Late Night: Mau P", ["Mau P"]),
    ("Calvin Harris & Friends", ["Calvin Harris"]),
    ("Chris Lake with Special Guest", ["Chris Lake"]),
    ("Above & Beyond", []),
    ("Sultan + Shepard", []),
    ("Dimitri Vegas & Like Mike", []),
    ("XS Fridays", []),
])
def test_lineup_read_from_a_title(title, lineup):
    assert lineup_of(title) == lineup


def test_closures_are_told_from_names():
    assert is_closure("CLOSED FOR DOME INSTALLATION") and is_closure("Closed")
    assert not is_closure("Closer") and not is_closure("Dom Dolla")


def test_an_event_url_that_reads_as_nothing_wants_the_browser():
    assert wants_browser(Skip("not_event"))
    assert wants_browser({"event_date": date(2027, 1, 1), "venue_slug": "omnia-nightclub"})
    assert not wants_browser(Skip("out_of_scope"))
    assert not wants_browser({"event_date": date(2027, 1, 1), "event_name": "Dom Dolla",
                              "venue_slug": "liv-las-vegas"})


class _Site(BaseHTTPRequestHandler):
    """A one-page LIV site behind the replica URL scheme: `/{host}/{path}`."""

    def __init__(self, pages: dict[str, bytes], *args, **kwargs):
        self.pages = pages
        super().__init__(*args, **kwargs)

    def do_GET(self):
        body = self.pages.get(self.path)
        self.send_response(200 if body is not None else 404)
        kind = "text/xml" if self.path.endswith(".xml") else "text/html; charset=utf-8"
        self.send_header("Content-Type", kind)
        self.end_headers()
        self.wfile.write(body or b"not found")

    def log_message(self, *args):
        pass


def _one_page_site(url: str, page: bytes) -> dict[str, bytes]:
    host, path = routes.path_of(url)
    base = f"https://{host}"
    return {
        f"/{host}/robots.txt": b"User-agent: *\nAllow: /\n",
        f"/{host}/sitemap_index.xml": (
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/'
            f'sitemap/0.9"><sitemap><loc>{base}/events-sitemap.xml</loc></sitemap>'
            "</sitemapindex>").encode(),
        f"/{host}/events-sitemap.xml": (
            '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"<url><loc>{url}</loc></url></urlset>").encode(),
        f"/{host}{path}": page,
    }


@pytest.mark.e2e
def test_a_page_rendered_by_a_script_with_no_marker_is_read_through_the_browser(tmp_path):
    entry = next(e for e in load_catalog()["events"] if e["url"].endswith(
        "/EVE121488100020261204/dom-dolla/"))
    html = routes.render_entry(entry).body().decode("utf-8")
    _, shell, _ = variants.script_rendered(entry["url"], html)
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(_Site, _one_page_site(entry["url"], shell)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        done = crawl("liv", f"http://127.0.0.1:{server.server_port}", tmp_path,
                     "VINNY_PRICING_ENABLED=0", "VINNY_IMAGES_ENABLED=0",
                     "VINNY_ENRICH_ENABLED=0")
    finally:
        server.shutdown()
        server.server_close()
    assert done.returncode == 0, done.stderr[-2000:]
    event = master_events(tmp_path)[entry["expect"]["event_id"]]
    assert event["start_at"] == entry["expect"]["start_at"]
    assert run_stats(tmp_path, "liv")["stats"]["vinny/browser/requests"] == 1


def test_a_hostile_deep_jsonld_script_is_ignored_and_the_page_kept(page_text):
    deep = '<script type="application/ld+json">' + "[" * 200_000 + "]" * 200_000 + "</script>"
    page = page_text("liv_legacy.html").replace("</head>", deep + "</head>", 1)
    url = "https://www.livnightclub.com/las-vegas/event/EVE121488100020261204/dom-dolla/"
    event = extract_liv_event(url, page)
    assert (event["event_name"], event["event_date"]) == ("Dom Dolla", date(2026, 12, 4))


def test_yoast_title_with_the_date_in_the_middle():
    page = ('<html><head><meta property="og:title" content="Marquee Mondays | 6/29/2026 | TAO '
            'Group Hospitality"></head><body></body></html>')
    result = extract_tao_event(f"{TAO}6-29-2026-marquee-mondays-marquee-nightclub/", page)
    assert (result["event_name"], result["event_date"], result["venue_slug"]) == (
        "Marquee Mondays", date(2026, 6, 29), "marquee-nightclub")


@pytest.mark.parametrize("shown,written,day", [
    ("Fri, Mar 20", date(2026, 2, 1), date(2026, 3, 20)),
    ("Sat, Jan 2", date(2026, 11, 30), date(2027, 1, 2)),
    ("Mar 20", date(2026, 3, 25), date(2026, 3, 20)),
    ("Thu, Mar 20", date(2026, 2, 1), None),  # no Thursday March 20 near then: not guessed
    ("Fri, Mar 20", None, None),
])
def test_a_date_without_its_year(shown, written, day):
    assert parse_yearless_date(shown, written) == day


def test_an_opaque_code_page_with_no_jsonld_dates_itself_from_the_shown_date():
    page = ('<html><head><meta property="article:modified_time" content="2026-02-01T10:00:00'
            '+00:00"></head><body><div class="uws-event-title"><h1 class="uwsname">Matroda</h1>'
            '<div class="uwsddate"><span>Fri, Mar 20</span><div class="uwsdtime">10:30 PM</div>'
            '</div></div><div class="uwsvenuename">LIV Las Vegas</div></body></html>')
    event = extract_liv_event(
        "https://www.livnightclub.com/las-vegas/event/EVE-SUP7FH/matroda/", page)
    assert (event["event_name"], event["start_at"]) == (
        "Matroda", datetime(2026, 3, 20, 22, 30, tzinfo=VEGAS))


class _BrowserRequest:
    """What scrapy-playwright hands PLAYWRIGHT_ABORT_REQUEST: a Playwright request."""

    def __init__(self, url: str, kind: str = "xhr", page: str = "", navigation: bool = False):
        self.url, self.resource_type, self._navigation = url, kind, navigation
        self.frame = type("Frame", (), {"url": page})()

    def is_navigation_request(self) -> bool:
        return self._navigation


PAGE = "https://www.livnightclub.com/las-vegas/event/EVE-SUP7FH/matroda/"


@pytest.mark.parametrize(("request_", "aborted"), [
    (_BrowserRequest(PAGE, "document", PAGE, navigation=True), False),
    (_BrowserRequest("https://www.livnightclub.com/wp-json/uv/event", page=PAGE), False),
    (_BrowserRequest("http://127.0.0.1:6800/listjobs.json", page=PAGE), True),
    (_BrowserRequest("http://169.254.169.254/latest/meta-data/", "fetch", PAGE), True),
    (_BrowserRequest("https://tracker.example/x.js", "script", PAGE), True),
    (_BrowserRequest("https://www.livnightclub.com/logo.png", "image", PAGE), True),
])
def test_a_rendered_page_fetches_only_from_its_own_origin(request_, aborted):
    from vinny.browser import abort_heavy_requests

    assert abort_heavy_requests(request_) is aborted
