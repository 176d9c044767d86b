"""Image URLs in published files: a local store's images as `file://` URIs of files that exist,
R2's as the recorded public URLs (vinny.images.urls). The crawl of a replica with both stores
is checked the same way in test_images_crawl.py."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest

from tests.exportdb import TODAY, build
from vinny.images.urls import image_key, rebase, with_local_images
from vinny.publish.exporter import ExportOptions
from vinny.publish.exports import export

STORED = re.compile(r"""[a-z0-9]+://[^\s"',|()]+/artists/[^\s"',|()/]+/[^\s"',|()/]+\.jpg""")


def stored_image_urls(out: Path) -> dict[str, set[str]]:
    """{file: the URLs of stored images it carries} for events.json (and its JSON-LD),
    events.jsonl, events.csv and every calendar."""
    found = {name: set(STORED.findall((out / name).read_text()))
             for name in ("events.json", "events.jsonl", "events.csv")}
    for path in sorted((out / "ics").glob("*.ics")):
        # RFC 5545 folds long lines: unfold before looking.
        found[f"ics/{path.name}"] = set(STORED.findall(path.read_text().replace("\r\n ", "")))
    return found


def resolves(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme == "file" and Path(unquote(parts.path)).is_file()


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("urls-db") / "vinny.db")


@pytest.fixture(scope="module")
def local(db, tmp_path_factory) -> tuple[Path, Path]:
    """(the exports, the store) of an export with a local store holding every recorded key."""
    store = tmp_path_factory.mktemp("urls-store")
    out = tmp_path_factory.mktemp("urls-out")
    export(db, out, None, TODAY, ExportOptions())  # what the database records
    for url in set().union(*stored_image_urls(out).values()):
        path = store / image_key(url)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"\xff\xd8")
    export(db, out, None, TODAY, ExportOptions(local_images=store))
    return out, store


def test_with_a_local_store_every_file_carries_stored_image_urls(local):
    out, _ = local
    found = stored_image_urls(out)
    assert all(found[name] for name in ("events.json", "events.jsonl", "events.csv"))


def test_with_a_local_store_every_stored_image_url_resolves_to_a_file(local):
    out, _ = local
    broken = {name: sorted(u for u in urls if not resolves(u))
              for name, urls in stored_image_urls(out).items()}
    assert {name: urls for name, urls in broken.items() if urls} == {}


def test_with_a_local_store_jsonld_images_are_the_stored_files(local):
    out, store = local
    event = next(e for e in json.loads((out / "events.json").read_bytes()) if e["images"])
    assert all(resolves(url) and Path(unquote(urlsplit(url).path)).is_relative_to(
        store.resolve()) for url in event["jsonld"]["image"])


def test_with_a_local_store_the_csv_images_column_carries_the_files(local):
    out, _ = local
    csv.field_size_limit(1 << 24)  # the export database has a 200 KB biography
    with (out / "events.csv").open(newline="") as f:
        cells = [row["images"] for row in csv.DictReader(f) if row["images"] not in ("", "[]")]
    assert cells and all("file://" in cell and "img.vinny.vegas" not in cell for cell in cells)


def test_on_r2_published_urls_are_the_recorded_public_urls(db, tmp_path):
    export(db, tmp_path, None, TODAY, ExportOptions(local_images=None))
    urls = stored_image_urls(tmp_path)["events.json"]
    assert urls and all(u.startswith("https://img.vinny.vegas/artists/") for u in urls)


def test_key_is_read_from_the_end_of_a_path_under_a_directory_named_artists():
    url = "file:///srv/artists/store/artists/dom-dolla/liv-main.jpg"
    assert image_key(url) == "artists/dom-dolla/liv-main.jpg"


def test_url_without_a_key_is_kept():
    assert rebase("https://cdn.example/flyer.png", "file:///srv") == "https://cdn.example/flyer.png"


def test_documents_pass_unchanged_without_a_local_store():
    doc = {"images": [{"sizes": [{"r2_url": "https://img.vinny.vegas/artists/a/b-main.jpg"}]}]}
    assert list(with_local_images([doc], None)) == [
        {"images": [{"sizes": [{"r2_url": "https://img.vinny.vegas/artists/a/b-main.jpg"}]}]}]
