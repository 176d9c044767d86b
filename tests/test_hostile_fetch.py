"""End to end: a page whose image URL points at an internal service, directly or by redirect.

The replica stands in for the internet; `secret.internal` and 169.254.169.254 (the cloud
metadata address) answer a secret if anything ever asks them, and a VEA flyer redirects to
the loopback replica and to an unlisted host. vinny must ask none of them (not even for
robots.txt), keep each event with a reason, count the refusals, and publish no secret.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from replica import ReplicaServer
from replica.expect import expectation, slugify
from replica.reply import Reply
from tests.e2e import master_events, run_stats
from tests.images_support import crawl, free_port

pytestmark = pytest.mark.e2e
SECRET = b"SECRET-TOKEN-7f3a9c aws_secret_access_key=hunter2"
INTERNAL = {"secret.internal", "169.254.169.254"}
VEA = "https://venueeventartist.com/imateq/event/9/1214881/{}/1200SC0/{}.jpeg"
PORT = free_port()
REPLICA = f"http://127.0.0.1:{PORT}"


def liv(day: int, performer: str, image: str) -> dict:
    code = f"EVE-SSRF{day:03d}"
    entry = {"site": "liv", "url": f"https://www.livnightclub.com/las-vegas/event/{code}/"
             f"{slugify(performer)}/", "code": code, "name": performer,
             "venue_label": "LIV Las Vegas", "venue_id": "1214881", "city": "Las Vegas",
             "performers": [performer], "start_local": f"2027-05-{day:02d}T22:30",
             "image": image}
    return {**entry, "expect": expectation(entry)}


HOSTILE = {
    "Loopback Act": f"{REPLICA}/secret.internal/direct.jpg",
    "Metadata Act": "http://169.254.169.254/latest/meta-data/iam.jpg",
    "Offsite Act": "https://secret.internal/offsite.jpg",
    "Redirect Loopback Act": VEA.format("99aa0001", "to-loopback"),
    "Redirect Offsite Act": VEA.format("99aa0002", "to-offsite"),
}
CATALOG = [liv(day, name, image) for day, (name, image) in enumerate(HOSTILE.items(), 1)]
CATALOG.append(liv(20, "Dom Dolla", VEA.format("11aa0001", "dom-dolla-0520")))


def redirect(location: str):
    return lambda _request: Reply(302, "text/html", (b"",), (("Location", location),))


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("hostile-fetch")
    with ReplicaServer({"sites": {}, "events": CATALOG}, port=PORT) as replica:
        for host in INTERNAL:
            replica.add_route(host, "/", lambda _request: Reply.of(200, "image/jpeg", SECRET))
        replica.add_route("venueeventartist.com", "/imateq/event/9/1214881/99aa0001/",
                          redirect(f"{REPLICA}/secret.internal/redirected.jpg"))
        replica.add_route("venueeventartist.com", "/imateq/event/9/1214881/99aa0002/",
                          redirect("https://secret.internal/redirected.jpg"))
        result = crawl("liv", replica.url, data_dir, {"IMAGES_STORE": ""})
        assert result.returncode == 0, result.stderr[-3000:]
        return data_dir, replica.requests, run_stats(data_dir, "liv")["stats"]


def events_by_performer(data_dir: Path) -> dict[str, dict]:
    return {event["performer"]: event for event in master_events(data_dir).values()}


def test_no_request_reaches_an_internal_or_unlisted_host(run):
    _, requests, _ = run
    assert {r["host"] for r in requests} & INTERNAL == set()


def test_the_secret_is_in_nothing_the_run_wrote(run):
    data_dir, _, _ = run
    leaked = [path.name for path in data_dir.rglob("*")
              if path.is_file() and b"SECRET-TOKEN" in path.read_bytes()]
    assert leaked == []


@pytest.mark.parametrize("performer", sorted(HOSTILE))
def test_refused_image_keeps_the_event_with_the_reason(run, performer):
    event = events_by_performer(run[0])[performer]
    errors = event["enrichment_status"]["errors"]["images"]
    assert (event["images"], len(errors), "refused" in errors[0]) == ([], 1, True)


def test_refused_images_are_counted(run):
    _, _, stats = run
    assert stats.get("vinny/images/failed/refused") == len(HOSTILE)


def test_refusals_are_counted_by_reason(run):
    _, _, stats = run
    assert stats.get("vinny/outbound/refused/host_not_allowed") == len(HOSTILE)


def test_image_on_the_family_image_host_is_still_stored(run):
    assert events_by_performer(run[0])["Dom Dolla"]["images"] != []


# Outside replica mode: a host name is resolved, and refused when its address is internal.
RESOLVING_CRAWL = """
import sys
from scrapy import Request, Spider
from scrapy.crawler import CrawlerProcess
from scrapy.utils.project import get_project_settings

class Probe(Spider):
    name = "probe"
    async def start(self):
        yield Request(sys.argv[1], callback=self.got, errback=self.failed)
    def got(self, response):
        print("FETCHED", response.status)
    def failed(self, failure):
        print("FAILED", type(failure.value).__name__)

settings = get_project_settings()
settings.setdict({"VINNY_REPLICA_URL": "", "VINNY_TODAY": "2026-11-22", "ITEM_PIPELINES": {},
                  "EXTENSIONS": {},
                  "ROBOTSTXT_OBEY": False, "FEEDS": {}, "LOG_LEVEL": "ERROR"})
process = CrawlerProcess(settings)
crawler = process.create_crawler(Probe)
process.crawl(crawler)
process.start()
print("REFUSED", crawler.stats.get_value("vinny/outbound/refused/internal_address"))
"""


def test_host_name_resolving_to_loopback_is_refused_outside_replica_mode(tmp_path):
    import subprocess
    import sys

    from tests.e2e import ROOT, crawl_env

    with ReplicaServer({"sites": {}, "events": []}) as service:
        url = f"http://localhost:{service.url.rsplit(':', 1)[1]}/secret.internal/x"
        out = subprocess.run([sys.executable, "-c", RESOLVING_CRAWL, url], cwd=ROOT,
                             env=crawl_env(VINNY_DATA_DIR=str(tmp_path)), capture_output=True,
                             text=True, timeout=120)
        asked = service.requests
    assert (asked, "FAILED RefusedFetch" in out.stdout, "REFUSED 1" in out.stdout) == (
        [], True, True), out.stdout + out.stderr[-2000:]
