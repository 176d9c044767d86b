"""Image URLs that resolve: with a local store the API serves it at /images/ and points there;
with a bucket (R2) the recorded public URLs stand."""

import pytest
from fastapi.testclient import TestClient

from tests.exportdb import TODAY, build
from vinny.api.app import create_app

DOM = "2026-12-04-dom-dolla-liv-las-vegas"
JPEG = b"\xff\xd8\xff\xe0 not really a picture \xff\xd9"


@pytest.fixture
def data(tmp_path):
    build(tmp_path / "vinny.db")
    stored = tmp_path / "artists" / "dom-dolla" / "liv-main.jpg"
    stored.parent.mkdir(parents=True)
    stored.write_bytes(JPEG)
    return tmp_path


def local_client(data, monkeypatch):
    monkeypatch.delenv("IMAGES_STORE", raising=False)
    return TestClient(create_app(data / "vinny.db", today=lambda: TODAY))


def test_a_local_image_url_points_at_the_api(data, monkeypatch):
    with local_client(data, monkeypatch) as client:
        image = client.get("/events?artist=dom-dolla").json()["events"][0]["image"]
    assert image == "http://testserver/images/artists/dom-dolla/liv-main.jpg"


def test_a_local_image_url_resolves_to_the_stored_file(data, monkeypatch):
    with local_client(data, monkeypatch) as client:
        image = client.get("/events?artist=dom-dolla").json()["events"][0]["image"]
        assert client.get(image).content == JPEG


def test_an_event_detail_points_at_the_api(data, monkeypatch):
    with local_client(data, monkeypatch) as client:
        body = client.get(f"/events/{DOM}").json()
    assert {s["r2_url"] for s in body["images"][0]["sizes"]} == {
        "http://testserver/images/artists/dom-dolla/liv-main.jpg",
        "http://testserver/images/artists/dom-dolla/liv-hd.jpg"}


def test_an_event_jsonld_points_at_the_api(data, monkeypatch):
    with local_client(data, monkeypatch) as client:
        images = client.get(f"/events/{DOM}").json()["jsonld"]["image"]
    assert images and all(u.startswith("http://testserver/images/artists/") for u in images)


def test_a_missing_local_image_is_404(data, monkeypatch):
    with local_client(data, monkeypatch) as client:
        assert client.get("/images/artists/nobody/liv-main.jpg").status_code == 404


def test_an_s3_store_keeps_the_public_base_url(data, monkeypatch):
    monkeypatch.setenv("IMAGES_STORE", "s3://vinny/")
    with TestClient(create_app(data / "vinny.db", today=lambda: TODAY)) as client:
        image = client.get("/events?artist=dom-dolla").json()["events"][0]["image"]
        assert (image, client.get("/images/x.jpg").status_code) == (
            "https://img.vinny.vegas/artists/dom-dolla/liv-main.jpg", 404)
