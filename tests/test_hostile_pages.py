"""End to end: a gzip bomb event page and an event page whose gzip stream is cut short.

The bomb is ~1 MB of gzip that inflates to 1.1 GB (Scrapy's default limit of 1 GB would let
it take the crawl past 1.3 GB); the cut page is a real event page, gzipped and cut at 60%.
Both must be failed pages, counted by name, while the crawl stays small and keeps the rest.
"""

from __future__ import annotations

import re
import subprocess
import sys
import urllib.request
import zlib

import pytest

from replica import ReplicaServer
from replica.expect import expectation, slugify
from replica.reply import Reply
from tests.e2e import ROOT, crawl_command, crawl_env, master_events, run_stats

pytestmark = pytest.mark.e2e
VEA = "https://venueeventartist.com/imateq/event/9/1214881/{}/1200SC0/{}.jpeg"
# `scrapy crawl`, reporting its own peak memory (VmHWM, KiB) on standard error at exit.
MEASURED_CRAWL = """
import atexit, re, sys
def peak():
    status = open("/proc/self/status").read()
    print("VmHWM", re.search(r"VmHWM:\\s+(\\d+)", status)[1], file=sys.stderr)
atexit.register(peak)
from scrapy.cmdline import execute
execute(["scrapy", *sys.argv[1:]])
"""


def liv(day: int, performer: str) -> dict:
    code = f"EVE-PAGE{day:03d}"
    entry = {"site": "liv", "url": f"https://www.livnightclub.com/las-vegas/event/{code}/"
             f"{slugify(performer)}/", "code": code, "name": performer,
             "venue_label": "LIV Las Vegas", "venue_id": "1214881", "city": "Las Vegas",
             "performers": [performer], "start_local": f"2027-05-{day:02d}T22:30",
             "image": VEA.format(f"22bb{day:04d}", slugify(performer))}
    return {**entry, "expect": expectation(entry)}


BOMB, CUT = liv(1, "Bomb Act"), liv(2, "Cut Act")
GOOD = [liv(day, name) for day, name in enumerate(
    ["Dom Dolla", "Fisher", "John Summit", "Mau P", "Chris Lake", "Kolsch"], 10)]


def gzip_bomb(size_mb: int) -> bytes:
    packer = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    spaces = b" " * (1 << 20)
    parts = [packer.compress(b"<html><body>")]
    parts += [packer.compress(spaces) for _ in range(size_mb)]
    return b"".join([*parts, packer.flush()])


def gzipped(body: bytes, *, cut: float = 1.0) -> Reply:
    packer = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    data = packer.compress(body) + packer.flush()
    return Reply(200, "text/html; charset=UTF-8", (data[:int(len(data) * cut)],),
                 (("Content-Encoding", "gzip"),))


def path_of(entry: dict) -> str:
    return "/" + entry["url"].split("://", 1)[1].partition("/")[2]


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("hostile-pages")
    with ReplicaServer({"sites": {}, "events": [BOMB, CUT, *GOOD]}) as replica:
        page = urllib.request.urlopen(f"{replica.url}/www.livnightclub.com{path_of(CUT)}").read()
        bomb = Reply(200, "text/html; charset=UTF-8", (gzip_bomb(1100),),
                     (("Content-Encoding", "gzip"),))
        replica.add_route("www.livnightclub.com", path_of(BOMB), lambda _request: bomb)
        cut = gzipped(page, cut=0.6)
        replica.add_route("www.livnightclub.com", path_of(CUT), lambda _request: cut)
        env = crawl_env(VINNY_REPLICA_URL=replica.url, VINNY_DATA_DIR=str(data_dir))
        scrapy_args = crawl_command("liv")[3:]  # after `python -m scrapy`
        result = subprocess.run([sys.executable, "-c", MEASURED_CRAWL, *scrapy_args], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=240)
    assert result.returncode == 0, result.stderr[-3000:]
    peak_kib = int(re.findall(r"VmHWM (\d+)", result.stderr)[-1])
    return master_events(data_dir), run_stats(data_dir, "liv")["stats"], peak_kib


def performers(events: dict) -> set[str]:
    return {event["performer"] for event in events.values()}


def test_gzip_bomb_page_is_a_failed_page(run):
    _, stats, _ = run
    assert stats.get("vinny/failed/page/ResponseTooLarge") == 1


def test_what_the_size_limit_stopped_is_counted(run):
    _, stats, _ = run
    assert stats.get("vinny/limits/too_large") == 1


def test_gzip_bomb_leaves_the_crawl_small(run):
    _, _, peak_kib = run
    assert peak_kib < 600 * 1024  # the crawl alone is ~320 MB; 1.1 GB before the limit


def test_page_with_a_cut_gzip_stream_is_a_failed_page(run):
    _, stats, _ = run
    failed, counted = (stats.get(f"vinny/{key}") for key in
                       ("failed/page/TruncatedResponse", "limits/truncated"))
    assert (failed, counted) == (1, 1)


def test_page_with_a_cut_gzip_stream_is_not_stored(run):
    events, _, _ = run
    assert "Cut Act" not in performers(events)


def test_the_other_pages_are_stored(run):
    events, _, _ = run
    assert performers(events) >= {entry["performers"][0] for entry in GOOD}
