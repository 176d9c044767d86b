"""The replica server itself: routes, sitemaps, faults, request log, sizes, encodings, CLI."""

from __future__ import annotations

import copy
import gzip
import http.client
import json
import re
import signal
import statistics
import subprocess
import sys
import xml.etree.ElementTree as ET
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

import pytest

import replica as replica_package
from replica import ReplicaServer, Reply, generate, load_catalog
from replica.expect import PENDING, RULES, expectation
from tests.e2e import ROOT

SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
HOSTS = {"liv": "www.livnightclub.com", "wynnsocial": "www.wynnsocial.com", "tao": "taogroup.com",
         "zouk": "zoukgrouplv.com"}
LD_RE = re.compile(rb'<script type="application/ld\+json"( class="yoast-schema-graph")?>(.*?)'
                   rb"</script>", re.S)


@pytest.fixture(scope="module")
def replica():
    with ReplicaServer() as server:
        yield server


@pytest.fixture(scope="module")
def big_replica():
    # 1,050 events per site family: each site's events sitemap splits in two.
    with ReplicaServer(generate(1050 * len(HOSTS), seed=3)) as server:
        yield server


@pytest.fixture
def fresh(replica):
    replica.reset()
    return replica


def fetch(server: ReplicaServer, url: str, method: str = "GET", body: bytes | None = None,
          headers: dict | None = None) -> tuple[int, http.client.HTTPMessage, bytes]:
    """Request a real URL (`https://HOST/PATH`) from the replica."""
    parts = urlsplit(url)
    target = f"/{parts.netloc}{parts.path}" + (f"?{parts.query}" if parts.query else "")
    replica = urlsplit(server.url)
    conn = http.client.HTTPConnection(replica.hostname, replica.port, timeout=10)
    try:
        conn.request(method, target, body=body, headers=headers or {})
        response = conn.getresponse()
        return response.status, response.headers, response.read()
    finally:
        conn.close()


def entries(server: ReplicaServer, **where) -> list[dict]:
    return [e for e in server.catalog["events"] if all(e.get(k) == v for k, v in where.items())]


def one(server: ReplicaServer, url_part: str) -> dict:
    (entry,) = [e for e in server.catalog["events"] if url_part in e["url"]]
    return entry


def event_ld(body: bytes) -> list:
    """The parsed non-Yoast JSON-LD blocks of a page (raises on malformed JSON)."""
    return [json.loads(m.group(2)) for m in LD_RE.finditer(body) if not m.group(1)]


def yoast(body: bytes) -> dict:
    return next(json.loads(m.group(2)) for m in LD_RE.finditer(body) if m.group(1))


def locs(xml: bytes) -> list[str]:
    return [e.text for e in ET.fromstring(xml).iter(f"{SM}loc")]


# --- robots and sitemaps ------------------------------------------------------------------------

@pytest.mark.parametrize("host", HOSTS.values())
def test_robots_txt_is_wordpress_like(replica, host):
    status, headers, body = fetch(replica, f"https://{host}/robots.txt")
    text = body.decode()
    assert status == 200 and headers["Content-Type"].startswith("text/plain")
    assert "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php" in text
    assert f"Sitemap: https://{host}/sitemap_index.xml" in text


@pytest.mark.parametrize("host", HOSTS.values())
def test_sitemap_index_lists_non_event_and_event_sitemaps(replica, host):
    status, _, body = fetch(replica, f"https://{host}/sitemap_index.xml")
    children = locs(body)
    assert status == 200
    assert f"https://{host}/page-sitemap.xml" in children
    assert f"https://{host}/post-sitemap.xml" in children
    assert f"https://{host}/events-sitemap.xml" in children


def test_events_sitemaps_list_every_catalog_url_once(replica):
    for site, host in HOSTS.items():
        _, _, body = fetch(replica, f"https://{host}/events-sitemap.xml")
        assert locs(body) == [e["url"] for e in entries(replica, site=site)]


def test_liv_index_lists_a_truncated_events_sitemap(replica):
    _, _, index = fetch(replica, "https://www.livnightclub.com/sitemap_index.xml")
    assert "https://www.livnightclub.com/events-sitemap2.xml" in locs(index)
    status, _, body = fetch(replica, "https://www.livnightclub.com/events-sitemap2.xml")
    assert status == 200
    with pytest.raises(ET.ParseError):
        ET.fromstring(body)


def test_wynn_index_lists_an_empty_events_sitemap(replica):
    _, _, index = fetch(replica, "https://www.wynnsocial.com/sitemap_index.xml")
    assert "https://www.wynnsocial.com/events-sitemap2.xml" in locs(index)
    _, _, body = fetch(replica, "https://www.wynnsocial.com/events-sitemap2.xml")
    assert locs(body) == []


def test_urvenue_lastmod_is_the_time_of_serving(replica):
    before = datetime.now(UTC).replace(microsecond=0)
    _, _, body = fetch(replica, "https://www.livnightclub.com/events-sitemap.xml")
    stamps = {datetime.fromisoformat(e.text) for e in ET.fromstring(body).iter(f"{SM}lastmod")}
    assert len(stamps) == 1 and before <= stamps.pop() <= datetime.now(UTC)


def test_tao_lastmod_is_the_entry_modified_time(replica):
    _, _, body = fetch(replica, "https://taogroup.com/events-sitemap.xml")
    got = {u.find(f"{SM}loc").text: u.find(f"{SM}lastmod").text
           for u in ET.fromstring(body).iter(f"{SM}url")}
    assert got == {e["url"]: e["modified"] for e in entries(replica, site="tao")}


@pytest.mark.parametrize("host", HOSTS.values())
def test_events_sitemaps_split_at_1000_urls(big_replica, host):
    _, _, index = fetch(big_replica, f"https://{host}/sitemap_index.xml")
    names = [u for u in locs(index) if "/events-sitemap" in u]
    assert names == [f"https://{host}/events-sitemap.xml", f"https://{host}/events-sitemap2.xml"]
    assert [len(locs(fetch(big_replica, u)[2])) for u in names] == [1000, 50]


def test_non_event_sitemaps_list_only_non_event_pages(replica):
    for site, host in HOSTS.items():
        event_urls = {e["url"] for e in entries(replica, site=site)}
        for name in ("page-sitemap.xml", "post-sitemap.xml"):
            urls = locs(fetch(replica, f"https://{host}/{name}")[2])
            assert urls and not set(urls) & event_urls
            assert all(fetch(replica, u)[0] == 200 for u in urls)


# --- pages --------------------------------------------------------------------------------------

def test_every_catalog_url_answers_as_its_fault_says(fresh):
    for entry in fresh.catalog["events"]:
        status = fetch(fresh, entry["url"])[0]
        assert status == {None: 200, "404": 404, "500_once": 500}[entry["fault"]], entry["url"]


def test_500_once_fails_once_then_serves_and_reset_rearms(fresh):
    (entry,) = entries(fresh, fault="500_once")
    assert [fetch(fresh, entry["url"])[0] for _ in range(3)] == [500, 200, 200]
    fresh.reset()
    assert fetch(fresh, entry["url"])[0] == 500


def test_unknown_path_gets_the_site_404_page(replica):
    status, headers, body = fetch(replica, "https://taogroup.com/event/no-such-event/")
    assert status == 404 and headers["Content-Type"] == "text/html; charset=UTF-8"
    assert b"<title>Page not found - TAO Group Hospitality</title>" in body
    assert b'class="error404"' in body


def test_unknown_host_gets_a_404(replica):
    assert fetch(replica, "https://example.org/")[0] == 404


def test_missing_trailing_slash_redirects_to_the_real_url(replica):
    entry = one(replica, "EVE121488100020261204")
    status, headers, _ = fetch(replica, entry["url"].rstrip("/"))
    assert status == 301 and headers["Location"] == entry["url"]


def test_links_in_pages_and_sitemaps_are_real_urls(replica):
    for entry in entries(replica, fault=None)[:12]:
        body = fetch(replica, entry["url"])[2]
        assert f'<link rel="canonical" href="{entry["url"]}" />'.encode() in body
        assert b"127.0.0.1" not in body
    assert b"127.0.0.1" not in fetch(replica, "https://taogroup.com/sitemap_index.xml")[2]


def test_event_pages_are_58_to_121_kb(replica):
    for entry in entries(replica, fault=None):
        _, headers, body = fetch(replica, entry["url"])
        assert int(headers["Content-Length"]) == len(body)
        assert 58_000 <= len(body) <= 121_000, entry["url"]


def test_generated_page_sizes_have_a_median_near_90_kb():
    with ReplicaServer(generate(300, seed=1)) as server:
        sizes = [len(fetch(server, e["url"])[2]) for e in server.catalog["events"]]
    assert min(sizes) >= 58_000 and max(sizes) <= 121_000
    assert 82_000 <= statistics.median(sizes) <= 98_000


def test_windows_1252_page_says_so_and_is_encoded_so(replica):
    (entry,) = [e for e in replica.catalog["events"] if "windows1252" in e["variant"]]
    _, headers, body = fetch(replica, entry["url"])
    assert headers["Content-Type"] == "text/html; charset=windows-1252"
    assert b'<meta charset="windows-1252">' in body
    assert "Kölsch".encode("cp1252") in body
    with pytest.raises(UnicodeDecodeError):
        body.decode("utf-8")


def test_utf8_pages_carry_accents_as_utf8(replica):
    body = fetch(replica, one(replica, "/tiesto/")["url"])[2]
    assert "<title>Tiësto | LIV Las Vegas</title>".encode() in body


# --- UrVenue pages ------------------------------------------------------------------------------

def test_urvenue_event_json_ld_has_a_date_only_start(replica):
    entry = one(replica, "EVE121488100020261204")
    (event,) = event_ld(fetch(replica, entry["url"])[2])
    assert event["@type"] == "Event" and event["startDate"] == "2026-12-04"
    assert "doorTime" not in event and "offers" not in event
    assert event["location"]["address"]["@type"] == "PostalAddress"
    assert event["image"][0] == entry["image"]


def test_urvenue_time_is_only_in_the_html(replica):
    body = fetch(replica, one(replica, "EVE-N1GHT2")["url"])[2]
    assert b'<span class="uwsdtime">1:00am</span>' in body
    assert b'<span class="uwsddate">Saturday, January 2, 2027</span>' in body
    assert b'<div class="uwsvenuename">LIV Las Vegas</div>' in body
    assert b'<h1 class="uv-event-name-title">Late Night: Mau P</h1>' in body


def test_urvenue_og_tags(replica):
    entry = one(replica, "EVE-SUP7FH")
    body = fetch(replica, entry["url"])[2]
    assert (b'<meta property="og:title" content="Dimitri Vegas &amp; Like Mike | LIV Las Vegas" />'
            in body)
    assert f'<meta property="og:image" content="{entry["image"]}" />'.encode() in body
    assert (b'content="Dimitri Vegas &amp; Like Mike at LIV Las Vegas, Saturday, December 5, 2026"'
            in body)


def test_urvenue_page_without_flyer_has_no_image(replica):
    body = fetch(replica, one(replica, "EVE-DD7K4Q")["url"])[2]
    (event,) = event_ld(body)
    assert "image" not in event and b"og:image" not in body


@pytest.mark.parametrize(("code", "shape"), [
    ("EVE121488100020261204", [{"@type": "Person", "name": "Dom Dolla"}]),
    ("EVE-SUP7FH", [{"@type": "PerformingGroup", "name": "Dimitri Vegas & Like Mike"}]),
    ("EVE121488100020261211", {"@type": "Person", "name": "Tiësto"}),
])
def test_performer_shapes(replica, code, shape):
    (event,) = event_ld(fetch(replica, one(replica, code)["url"])[2])
    assert event["performer"] == shape


def test_event_without_performers_has_no_performer(replica):
    (event,) = event_ld(fetch(replica, one(replica, "EVE-N0DATE")["url"])[2])
    assert "performer" not in event


def test_graph_variant_puts_the_event_in_yoasts_graph(replica):
    body = fetch(replica, one(replica, "EVE121488100020270108")["url"])[2]
    assert event_ld(body) == []
    assert "Event" in [n["@type"] for n in yoast(body)["@graph"]]


def test_list_variant_wraps_the_event_in_a_list(replica):
    (blob,) = event_ld(fetch(replica, one(replica, "EVE121488100020270109")["url"])[2])
    assert isinstance(blob, list) and blob[0]["@type"] == "Event"


@pytest.mark.parametrize("code", ["EVE-MLF0RM", "EVE111500020270123"])
def test_malformed_json_ld_does_not_parse_but_html_cues_remain(replica, code):
    body = fetch(replica, one(replica, code)["url"])[2]
    with pytest.raises(json.JSONDecodeError):
        event_ld(body)
    assert b'class="uwsdtime"' in body and b'class="uwsddate"' in body


@pytest.mark.parametrize("code", ["EVE121488100020270116", "EVE110300020270410",
                                  "EVE116300020270416"])
def test_html_only_pages_have_no_event_json_ld(replica, code):
    body = fetch(replica, one(replica, code)["url"])[2]
    assert event_ld(body) == [] and b'"Event"' not in body
    assert b'class="uwsdtime"' in body and b'class="uwsvenuename"' in body


def test_no_date_page_has_no_date_anywhere(replica):
    body = fetch(replica, one(replica, "EVE-N0DATE")["url"])[2]
    (event,) = event_ld(body)
    assert "startDate" not in event and b"uwsddate" not in body
    assert not re.search(rb"20\d\d-\d\d-\d\d|(January|February|March|April|December) \d", body)


def test_landing_page_in_events_sitemap_is_no_event(replica):
    body = fetch(replica, "https://www.livnightclub.com/las-vegas/events/new-years-eve/")[2]
    assert event_ld(body) == [] and b"uwsdtime" not in body


# --- TAO pages ----------------------------------------------------------------------------------

def test_tao_title_uses_en_dash_entities(replica):
    body = fetch(replica, "https://taogroup.com/event/1-9-2027-dj-pauly-d-marquee-nightclub/")[2]
    title = "1/9/2027 &#8211; DJ Pauly D &#8211; Marquee Nightclub"
    assert f"<title>{title}</title>".encode() in body
    assert f'<meta property="og:title" content="{title}" />'.encode() in body


def test_tao_start_is_a_local_datetime_with_offset(replica):
    (winter,) = event_ld(fetch(replica, one(replica, "3-13-2027-martin-garrix")["url"])[2])
    (spring,) = event_ld(fetch(replica, one(replica, "4-18-2027-gordo")["url"])[2])
    assert winter["startDate"] == "2027-03-13T22:30:00-08:00"
    assert spring["startDate"] == "2027-04-18T11:00:00-07:00"
    assert winter["location"]["address"]["addressLocality"] == "Las Vegas"


def test_tao_namesake_outside_las_vegas_says_its_city(replica):
    (event,) = event_ld(fetch(replica, one(replica, "marquee-new-york")["url"])[2])
    assert event["location"]["address"]["addressLocality"] == "New York"
    assert event["startDate"].endswith("-05:00")


def test_tao_page_without_json_ld_still_shows_its_time(replica):
    body = fetch(replica, one(replica, "1-30-2027-lil-jon")["url"])[2]
    assert event_ld(body) == []
    assert b'<div class="event-time">10:30 PM</div>' in body


# --- server mechanics ---------------------------------------------------------------------------

def test_request_log_records_requests_in_order(fresh):
    fetch(fresh, "https://taogroup.com/robots.txt")
    fetch(fresh, "https://www.wynnsocial.com/nope/?a=1&b=2")
    fetch(fresh, "https://www.wynnsocial.com/wp-admin/admin-ajax.php?action=x", method="POST",
          body=b"q=1")
    log = json.loads(fetch(fresh, "http://__replica__/requests")[2])
    assert log == [
        {"method": "GET", "host": "taogroup.com", "path": "/robots.txt", "query": "",
         "status": 200},
        {"method": "GET", "host": "www.wynnsocial.com", "path": "/nope/", "query": "a=1&b=2",
         "status": 404},
        {"method": "POST", "host": "www.wynnsocial.com", "path": "/wp-admin/admin-ajax.php",
         "query": "action=x", "status": 404},
    ]


def test_reset_endpoint_clears_the_log(fresh):
    fetch(fresh, "https://taogroup.com/robots.txt")
    status, _, _ = fetch(fresh, "http://__replica__/reset", method="POST")
    assert status == 200 and fresh.requests == []


def test_catalog_endpoint_serves_the_catalog(replica):
    catalog = json.loads(fetch(replica, "http://__replica__/catalog")[2])
    assert catalog["events"] == replica.catalog["events"]


def test_keep_alive_serves_many_requests_on_one_connection(replica):
    parts = urlsplit(replica.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    for entry in replica.catalog["events"][:5]:
        conn.request("GET", "/" + entry["url"].split("://", 1)[1])
        response = conn.getresponse()
        assert response.version == 11 and response.read()
    conn.close()


def test_head_gives_the_length_without_a_body(replica):
    url = one(replica, "EVE121488100020261204")["url"]
    status, headers, body = fetch(replica, url, method="HEAD")
    assert status == 200 and body == b""
    assert int(headers["Content-Length"]) == len(fetch(replica, url)[2])


def test_added_route_gets_the_request_and_longest_prefix_wins(fresh):
    seen = []

    def echo(request):
        seen.append(request)
        return Reply.of(200, "application/json", json.dumps({"query": request.query}))

    fresh.add_route("booketing.com", "/", lambda r: Reply.of(418, "text/plain", "catch-all"))
    fresh.add_route("booketing.com", "/uws/house/proxy", echo)
    status, _, body = fetch(fresh, "https://booketing.com/uws/house/proxy?eventcode=E1",
                            method="POST", body=b"cartcode=")
    assert status == 200 and json.loads(body) == {"query": "eventcode=E1"}
    assert (seen[0].method, seen[0].body) == ("POST", b"cartcode=")
    assert fetch(fresh, "https://booketing.com/other")[0] == 418


def test_gzip_when_enabled_and_asked():
    with ReplicaServer(compress=True) as server:
        url = "https://taogroup.com/event/1-9-2027-dj-pauly-d-marquee-nightclub/"
        _, headers, body = fetch(server, url, headers={"Accept-Encoding": "gzip"})
        plain = fetch(server, url)[2]
    assert headers["Content-Encoding"] == "gzip" and gzip.decompress(body) == plain


def test_a_modified_catalog_changes_the_page(replica):
    catalog = copy.deepcopy(replica.catalog)
    entry = next(e for e in catalog["events"] if "EVE121488100020261204" in e["url"])
    entry["start_local"] = "2026-12-04T23:45"
    with ReplicaServer(catalog) as server:
        body = fetch(server, entry["url"])[2]
    assert b'<span class="uwsdtime">11:45pm</span>' in body


def test_stop_closes_kept_alive_connections():
    server = ReplicaServer(generate(3, seed=0)).start()
    parts = urlsplit(server.url)
    conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=5)
    conn.request("GET", "/taogroup.com/robots.txt")
    conn.getresponse().read()
    server.stop()
    with pytest.raises((http.client.HTTPException, OSError)):
        conn.request("GET", "/taogroup.com/robots.txt")
        conn.getresponse().read()


# --- catalogs -----------------------------------------------------------------------------------

def test_bundled_catalog_is_hand_sized_and_dated_dec_to_apr():
    events = load_catalog()["events"]
    assert 45 <= len(events) <= 75
    starts = [e["start_local"] for e in events if e["start_local"]]
    assert min(starts) >= "2026-12-01" and max(starts) <= "2027-04-30T23:59"


def test_bundled_expectations_follow_the_rules():
    for entry in load_catalog()["events"]:
        if "event_id" in entry["expect"]:
            assert entry["expect"] == expectation(entry), entry["url"]


@pytest.mark.parametrize(("url_part", "event_id", "start_at"), [
    ("EVE-N1GHT2", "2027-01-01-mau-p-liv-las-vegas", "2027-01-02T01:00:00-08:00"),
    ("EVE121488100020270313", "2027-03-13-alesso-liv-las-vegas", "2027-03-13T22:30:00-08:00"),
    ("EVE121488100020270314", "2027-03-14-gorgon-city-liv-las-vegas",
     "2027-03-14T22:30:00-07:00"),
    ("/tiesto/", "2026-12-11-tiesto-liv-las-vegas", "2026-12-11T22:30:00-08:00"),
    ("EVE-SUP7FH", "2026-12-05-dimitri-vegas-and-like-mike-liv-las-vegas",
     "2026-12-05T22:30:00-08:00"),
])
def test_bundled_expectations_by_hand(url_part, event_id, start_at):
    (entry,) = [e for e in load_catalog()["events"] if url_part in e["url"]]
    assert (entry["expect"]["event_id"], entry["expect"]["start_at"]) == (event_id, start_at)


def test_duplicate_pair_shares_one_event_id():
    events = load_catalog()["events"]
    (dup,) = [e for e in events if "duplicate" in e["variant"]]
    twins = [e for e in events if e["expect"].get("event_id") == dup["expect"]["event_id"]]
    assert len(twins) == 2 and dup["image"] is None and any(t["image"] for t in twins)


def test_generate_is_deterministic_and_spread_over_the_families():
    catalog = generate(3000, seed=7)
    events = catalog["events"]
    assert catalog == generate(3000, seed=7) and catalog != generate(3000, seed=8)
    assert [sum(e["site"] == s for e in events) for s in HOSTS] == [750, 750, 750, 750]
    assert len({e["url"] for e in events}) == 3000
    assert len({e["expect"]["event_id"] for e in events}) == 3000
    assert all(e["expect"] == expectation(e) and e["fault"] is None for e in events)
    assert all(not e["variant"] or (e["site"] == "tao" and e["variant"] == ["date_only"])
               for e in events)


def test_catalog_rejects_an_entry_of_the_wrong_host():
    bad = {"site": "tao", "url": "https://www.livnightclub.com/x/", "name": "x",
           "venue_label": "TAO Nightclub", "start_local": "2027-01-01T22:00", "expect": {}}
    with pytest.raises(ValueError, match=r"url must start with https://taogroup\.com/"):
        load_catalog([bad])


# --- command line -------------------------------------------------------------------------------

def test_cli_generate_writes_a_catalog(tmp_path):
    out = tmp_path / "big.json"
    subprocess.run([sys.executable, "-m", "replica", "generate", "30", "--seed", "2",
                    "--out", str(out)], check=True, timeout=60, cwd=ROOT)
    assert json.loads(out.read_text("utf-8")) == json.loads(json.dumps(generate(30, seed=2)))


def test_cli_serve_prints_its_url_and_stops_on_sigterm(tmp_path):
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(generate(6, seed=1)), "utf-8")
    pidfile = tmp_path / "replica.pid"
    proc = subprocess.Popen([sys.executable, "-m", "replica", "serve", "--port", "0",
                             "--catalog", str(catalog), "--pidfile", str(pidfile)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        url = proc.stdout.readline().strip()
        assert re.fullmatch(r"http://127\.0\.0\.1:\d+", url)
        assert int(pidfile.read_text()) == proc.pid
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
        conn.request("GET", "/taogroup.com/robots.txt")
        assert conn.getresponse().status == 200
        conn.close()
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=15) == 0
        assert not pidfile.exists()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()



# --- the real sites' templates (docs/real-templates.md) -----------------------------------------

BUNDLED = Path(replica_package.__file__).with_name("catalog.json")


@pytest.fixture(scope="module")
def real_replica():
    """Every bundled entry, those of pending rules too (a catalog from a file is not filtered)."""
    with ReplicaServer(load_catalog(BUNDLED)) as server:
        yield server


def test_generated_tao_pages_are_mostly_date_only_once_the_rule_is_on(monkeypatch):
    monkeypatch.setenv("VINNY_REPLICA_REAL", "date_only")
    tao = [e for e in generate(900, seed=3)["events"] if e["site"] == "tao"]
    date_only = [e for e in tao if "date_only" in e["variant"]]
    assert 0.5 <= len(date_only) / len(tao) <= 0.7
    assert all(e["expect"]["start_at"] is None and e["expect"]["event_date"] for e in date_only)
    monkeypatch.delenv("VINNY_REPLICA_REAL")
    default = [e for e in generate(900, seed=3)["events"] if "date_only" in e["variant"]]
    assert default == ([] if "date_only" in PENDING else date_only)


def test_pending_rules_leave_their_entries_out_of_the_bundled_catalog(monkeypatch):
    monkeypatch.delenv("VINNY_REPLICA_REAL", raising=False)
    everything = load_catalog(BUNDLED)["events"]
    shown = load_catalog()["events"]
    assert {e["url"] for e in shown} == {e["url"] for e in everything
                                         if not set(e["real"]) & PENDING}
    monkeypatch.setenv("VINNY_REPLICA_REAL", "all")
    assert len(load_catalog()["events"]) == len(everything) <= 75


def test_bundled_expectations_are_those_of_every_rule():
    for entry in load_catalog(BUNDLED)["events"]:
        if "event_id" in entry["expect"] or entry["real"]:
            assert entry["expect"] == expectation(entry, frozenset()), entry["url"]
        if not entry["real"] and "event_id" in entry["expect"]:
            assert expectation(entry, frozenset(RULES)) == entry["expect"], entry["url"]


@pytest.mark.parametrize(("url_part", "expect"), [
    # A night with no act is stored under its title, with no performers.
    ("/special-guest/", {"performer": "Special Guest", "performers": []}),
    ("omnia-nightclub-saturday", {"performer": "OMNIA Nightclub Saturday", "performers": []}),
    ("/xs-fridays/", {"performer": "XS Fridays", "performers": []}),
    ("closed-for-dome-installation", {"skip": "closed"}),
    ("EVE130100020270220", {"skip": "not_las_vegas"}),
    ("1-23-2027-zedd", {"start_at": None, "event_date": "2027-01-23"}),
])
def test_real_rules_in_the_expectations(url_part, expect):
    (entry,) = [e for e in load_catalog(BUNDLED)["events"] if url_part in e["url"]]
    assert {k: entry["expect"].get(k) for k in expect} == expect


def test_plugin_markup_is_the_plugins_event_container(real_replica):
    body = fetch(real_replica, one(real_replica, "EVE121488100020270129")["url"])[2]
    assert b'<div class="uws-event-cont uws-integration uws-theme-dark">' in body
    assert b'<h1 class="uwsname">Cloonee</h1>' in body
    assert b"<span>Fri, Jan 29</span> <div class='uwsdtime'>10:30 PM</div>" in body
    assert b"<div class='uwsvenuename uws-venkey-liv-las-vegas'>LIV Las Vegas</div>" in body
    assert b"data-eventcode='EVE121488100020270129'" in body
    (event,) = event_ld(body)
    assert (event["startDate"], event["doorTime"]) == ("2027-01-29", "2027-01-29")
    assert event["performer"] == {"@type": "PerformingGroup", "name": "Cloonee"}
    # wp_footer: the Event's JSON-LD comes after the page's content
    assert body.index(b'"@type":"Event"') > body.index(b"</main>")


def test_inventory_templates_come_before_the_event_block(real_replica):
    for url_part, block in (("EVE121488100020270129", b'<h1 class="uwsname">'),
                            ("EVE110300020270327", b'<span class="uv-events-name">')):
        body = fetch(real_replica, one(real_replica, url_part)["url"])[2]
        template = body.index(b'<script type="text/template" id="uws-tpl-inventory-list-item">')
        assert template < body.index(b'<div class="uwsname">{{itemname}}</div>') < body.index(block)


def test_liv_more_events_cards_carry_data_liv_attributes(real_replica):
    entry = one(real_replica, "EVE-MTR0DA")
    body = fetch(real_replica, entry["url"])[2].decode()
    cards = re.findall(r'<a class="lvw-card" href="([^"]+)" data-liv-code="([^"]+)" '
                       r'data-liv-date="([\d-]+)"', body)
    assert len(cards) == 3 and all(date > "2027-04-03" for _, _, date in cards)
    assert all(f"/event/{code}/" in url for url, code, _ in cards)
    assert "Matroda" not in " ".join(re.findall(r'data-liv-name="([^"]+)"', body))
    assert body.index('<h1 class="uwsname">Matroda</h1>') < body.index('class="lvw-card"')


def test_wynn_older_theme_names_the_act_in_a_span_and_dates_it_only_in_the_code(real_replica):
    entry = one(real_replica, "EVE110300020270327")
    body = fetch(real_replica, entry["url"])[2]
    assert (b'<h1 class="uv-eventpage-title"><span class="uv-events-name">Kygo</span></h1>'
            in body)
    assert event_ld(body) == [] and b"March 27" not in body and b"Mar 27" not in body
    assert b'class="uws-event-list-item eventitem' in body  # other nights' cards


def test_wynnsocial_lists_a_night_outside_las_vegas(real_replica):
    (event,) = event_ld(fetch(real_replica, one(real_replica, "EVE130100020270220")["url"])[2])
    assert event["location"]["address"]["addressLocality"] == "Everett"


def test_tao_date_only_page_has_yoasts_graph_and_no_time(real_replica):
    entry = one(real_replica, "1-23-2027-zedd")
    body = fetch(real_replica, entry["url"])[2]
    assert event_ld(body) == []
    assert [n["@type"] for n in yoast(body)["@graph"] if n["@type"] == "Event"] == []
    assert b'<meta property="og:title" content="1/23/2027 &#8211; Zedd &#8211; OMNIA Nightclub"' \
        in body
    assert b'class="event-time"' not in body and b"10:30" not in body
