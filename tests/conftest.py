"""Shared fixtures and the suite's guards.

- The clock is pinned for every crawl: in this process every Scrapy settings object a test
  builds holds `VINNY_TODAY` (unless the test sets its own), and a test that starts a crawl in
  a subprocess (`scrapy crawl`, `vinny scrape`, a script running `CrawlerProcess`) without
  passing `VINNY_TODAY` fails. A test that means to use the real date says so with
  `@pytest.mark.real_clock("why")`.
- Golden files are compared, never created or rewritten, unless a developer asks with
  `pytest --update-golden` (refused when CI is set); see `tests/golden.py`.
"""

from __future__ import annotations

import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.e2e import TODAY

FILES = Path(__file__).parent / "files"


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files under tests/files/golden/ from what the "
                          "code produces now (refused when CI is set); review `git diff` after")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "real_clock(why): this test's crawls use the real date "
                                       "(VINNY_TODAY is not pinned for it)")
    if config.getoption("--update-golden") and os.environ.get("CI", "").lower() not in (
            "", "0", "false"):
        raise pytest.UsageError("--update-golden is refused in CI: golden files change only "
                                "in a developer's commit, where the diff is reviewed")


@pytest.fixture
def crawler():
    from tests.crawlers import project_crawler

    return project_crawler()


@pytest.fixture
def validate(crawler):
    """The validation pipeline on a crawler of its own (its stats are the test's to read)."""
    from vinny.pipelines.event_validation import EventValidationPipeline

    return EventValidationPipeline.from_crawler(crawler)


@pytest.fixture
def page_text():
    def read(name: str, encoding: str = "utf-8") -> str:
        return (FILES / name).read_bytes().decode(encoding)

    return read


@pytest.fixture
def frozen_clock():
    """Today is 2026-11-22 in Las Vegas, whatever the machine's clock says."""
    import time_machine

    with time_machine.travel(f"{TODAY}T12:00:00-08:00", tick=False) as traveller:
        yield traveller


@pytest.fixture(scope="module")
def catalog() -> dict:
    """The replica's catalogue (`replica/catalog.json`), loaded once for a module's tests."""
    from replica import load_catalog

    return load_catalog()


@pytest.fixture(scope="module")
def replica(catalog):
    """The replica serving `catalog` on 127.0.0.1 for a module's tests."""
    from replica import ReplicaServer

    with ReplicaServer(catalog) as server:
        yield server


@pytest.fixture
def serve():
    """Starts a replica of a catalogue (`serve(catalog)`); all are stopped after the test."""
    from replica import ReplicaServer

    servers: list[ReplicaServer] = []

    def start(catalog: dict) -> ReplicaServer:
        server = ReplicaServer(catalog).start()
        servers.append(server)
        return server

    yield start
    for server in servers:
        server.stop()


@pytest.fixture
def golden(request):
    """`golden(out, name)`: (produced, expected) text of the exported file `out/name` and of
    its golden copy; rewritten only under `--update-golden` (tests/golden.py)."""
    from tests.golden import compare

    update = request.config.getoption("--update-golden")
    return lambda out, name: compare(out, name, update)


@pytest.fixture(autouse=True)
def no_production_credentials(monkeypatch):
    """Tests never reach the real bucket or Spotify, whatever the shell they run in has set
    (the README's Scrapyd set-up exports IMAGES_STORE and AWS_* for production)."""
    for name in list(os.environ):
        if name == "IMAGES_STORE" or name.startswith(("AWS_", "SPOTIPY_")):
            monkeypatch.delenv(name)


def unpinned_crawl(args: object) -> bool:
    """Whether a subprocess command line runs a crawl (`scrapy crawl`, `vinny scrape`, or a
    Python script that runs a `CrawlerProcess` or Scrapy's command line) without VINNY_TODAY."""
    if isinstance(args, (str, bytes, os.PathLike)):
        args = [args]
    words = [os.fsdecode(a) if isinstance(a, (bytes, os.PathLike)) else str(a) for a in args]
    crawls = (("scrapy" in words and "crawl" in words)
              or ("vinny.cli" in words and "scrape" in words and "--help" not in words)
              or any("CrawlerProcess" in w or "scrapy.cmdline" in w for w in words))
    return crawls and not any("VINNY_TODAY" in w for w in words)


@pytest.fixture(autouse=True)
def pinned_clock(request, monkeypatch) -> Iterator[None]:
    """Every crawl a test runs uses VINNY_TODAY, unless the test is marked `real_clock`."""
    if request.node.get_closest_marker("real_clock"):
        yield
        return
    import scrapy.settings.default_settings

    import vinny.settings

    # Settings() starts from Scrapy's defaults, get_project_settings() from vinny's.
    monkeypatch.setattr(scrapy.settings.default_settings, "VINNY_TODAY", TODAY, raising=False)
    monkeypatch.setattr(vinny.settings, "VINNY_TODAY", TODAY)
    popen_init = subprocess.Popen.__init__

    def checked_init(self, args, *rest, **kwargs):
        if unpinned_crawl(args):
            self._child_created = False  # nothing for Popen.__del__ to clean up
            raise AssertionError(f"a crawl without VINNY_TODAY: {args!r}; pass "
                                 "`-s VINNY_TODAY=...` (tests.e2e.crawl does) or mark the test "
                                 "real_clock")
        popen_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", checked_init)
    yield


@pytest.fixture(autouse=True, scope="session")
def checkout_data_untouched() -> Iterator[None]:
    """No test writes into the checkout's data/ (a developer's own catalogue lives there)."""
    data = Path(__file__).resolve().parent.parent / "data"
    before = sorted(p.name for p in data.iterdir()) if data.is_dir() else []
    yield
    after = sorted(p.name for p in data.iterdir()) if data.is_dir() else []
    assert after == before, f"tests wrote into {data}: {sorted(set(after) - set(before))}"
