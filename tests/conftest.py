from pathlib import Path

import pytest

FILES = Path(__file__).parent / "files"


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

    with time_machine.travel("2026-11-22T12:00:00-08:00", tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def no_production_credentials(monkeypatch):
    """Tests never reach the real bucket or Spotify, whatever the shell they run in has set
    (the README's Scrapyd set-up exports IMAGES_STORE and AWS_* for production)."""
    import os

    for name in list(os.environ):
        if name == "IMAGES_STORE" or name.startswith(("AWS_", "SPOTIPY_")):
            monkeypatch.delenv(name)
