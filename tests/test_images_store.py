"""The image stores (vinny.images.store): a directory, and S3 against a real moto_server."""

from __future__ import annotations

import asyncio
from io import BytesIO

import pytest
from botocore.awsrequest import AWSResponse
from PIL import Image
from scrapy.settings import Settings

from tests.crawlers import project_crawler
from tests.images_support import moto_url, new_bucket, s3_client, s3_objects  # noqa: F401
from vinny.images.store import (
    CACHE_CONTROL,
    LocalImageStore,
    S3ImageStore,
    StoreError,
    already_stored,
    open_store,
    put,
    stat,
    store_uri,
)

KEYS = {"main": "artists/dom-dolla/liv-main.jpg", "hd": "artists/dom-dolla/liv-hd.jpg"}
R2_ACL_REPLY = (b'<?xml version="1.0" encoding="UTF-8"?><Error><Code>NotImplemented</Code>'
                b"<Message>Header 'x-amz-acl' with value 'private' not implemented</Message>"
                b"</Error>")


def jpeg(width: int = 40, height: int = 50) -> bytes:
    buf = BytesIO()
    Image.new("RGB", (width, height), (10, 20, 30)).save(buf, "JPEG")
    return buf.getvalue()


def run(coro):
    return asyncio.run(coro)


@pytest.fixture
def stats():
    return project_crawler().stats


@pytest.fixture
def s3_settings(moto_url, monkeypatch):  # noqa: F811
    for name, value in {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing",
                        "AWS_ENDPOINT_URL": moto_url, "AWS_DEFAULT_REGION": "us-east-1"}.items():
        monkeypatch.setenv(name, value)
    return Settings({"IMAGES_STORE_S3_ACL": "private"})


@pytest.fixture
def bucket(moto_url):  # noqa: F811
    return new_bucket(moto_url)


class _Raw:
    def __init__(self, data: bytes):
        self.data = data

    def stream(self, **_kwargs):
        yield self.data


def reject_acl_like_r2(store: S3ImageStore) -> list[bool]:
    """Answer a PUT carrying x-amz-acl as R2 does (501); returns whether each PUT had one."""
    sent: list[bool] = []

    def before_send(request, **_kwargs):
        has_acl = "x-amz-acl" in request.headers
        sent.append(has_acl)
        if has_acl:
            return AWSResponse(request.url, 501, {}, _Raw(R2_ACL_REPLY))
        return None

    store.s3_client.meta.events.register("before-send.s3.PutObject", before_send)
    return sent


def test_s3_object_has_content_type_cache_control_and_pixel_size(s3_settings, bucket, stats,
                                                                  moto_url):  # noqa: F811
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    run(put(store, KEYS["main"], jpeg(), 40, 50))
    head = s3_objects(moto_url, bucket)[KEYS["main"]]
    assert (head["ContentType"], head["CacheControl"], head["Metadata"]) == (
        "image/jpeg", CACHE_CONTROL, {"width": "40", "height": "50"})


def test_s3_keys_go_under_the_store_prefix(s3_settings, bucket, stats, moto_url):  # noqa: F811
    store = open_store(f"s3://{bucket}/img/", s3_settings, stats)
    run(put(store, KEYS["main"], jpeg(), 40, 50))
    assert list(s3_objects(moto_url, bucket)) == [f"img/{KEYS['main']}"]


def test_s3_stat_reads_back_pixel_size_and_length(s3_settings, bucket, stats):
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    data = jpeg(40, 50)
    run(put(store, KEYS["hd"], data, 40, 50))
    stored = run(stat(store, KEYS["hd"]))
    assert (stored.width, stored.height, stored.size) == (40, 50, len(data))


def test_s3_stat_of_a_missing_key_is_none(s3_settings, bucket, stats):
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    assert run(stat(store, KEYS["hd"])) is None


def test_s3_stat_without_size_metadata_reads_the_jpeg_header(s3_settings, bucket, stats,
                                                             moto_url):  # noqa: F811
    s3_client(moto_url).put_object(Bucket=bucket, Key=KEYS["hd"], Body=jpeg(64, 48))
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    assert run(stat(store, KEYS["hd"])).width == 64


def test_s3_acl_accepted_by_the_server_is_kept(s3_settings, bucket, stats):
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    run(put(store, KEYS["main"], jpeg(), 40, 50))
    assert store.acl == "private"


def test_s3_acl_rejected_like_r2_is_retried_without_it(s3_settings, bucket, stats,
                                                       moto_url):  # noqa: F811
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    reject_acl_like_r2(store)
    run(put(store, KEYS["main"], jpeg(), 40, 50))
    assert KEYS["main"] in s3_objects(moto_url, bucket)


def test_s3_acl_rejected_once_is_not_sent_again(s3_settings, bucket, stats):
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    sent = reject_acl_like_r2(store)
    run(put(store, KEYS["main"], jpeg(), 40, 50))
    run(put(store, KEYS["hd"], jpeg(), 40, 50))
    assert (sent, stats.get_value("vinny/images/acl_rejected")) == ([True, False, False], 1)


def test_s3_empty_acl_setting_sends_no_acl_header(s3_settings, bucket, stats):
    s3_settings.set("IMAGES_STORE_S3_ACL", "")
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    sent = reject_acl_like_r2(store)
    run(put(store, KEYS["main"], jpeg(), 40, 50))
    assert sent == [False]


def test_s3_client_is_configured_for_r2_by_default(monkeypatch, stats):
    for name in ("AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
                 "AWS_REQUEST_CHECKSUM_CALCULATION", "AWS_RESPONSE_CHECKSUM_VALIDATION"):
        monkeypatch.delenv(name, raising=False)
    config = open_store("s3://vinny-vegas-images/", Settings(), stats).s3_client.meta.config
    assert (config.region_name, config.request_checksum_calculation,
            config.response_checksum_validation) == ("auto", "when_required", "when_required")


def test_already_stored_needs_every_preset(s3_settings, bucket, stats):
    store = open_store(f"s3://{bucket}/", s3_settings, stats)
    run(put(store, KEYS["main"], jpeg(), 40, 50))
    assert run(already_stored(store, KEYS)) is None


def test_already_stored_gives_every_preset_as_stored(tmp_path):
    store = LocalImageStore(tmp_path)
    for preset, key in KEYS.items():
        run(put(store, key, jpeg(40 if preset == "main" else 80, 50), 0, 0))
    found = run(already_stored(store, KEYS))
    assert {preset: image.width for preset, image in found.items()} == {"main": 40, "hd": 80}


def test_local_file_lands_under_the_root_with_no_temporary_left(tmp_path):
    store = LocalImageStore(tmp_path)
    run(put(store, KEYS["main"], jpeg(), 40, 50))
    assert [p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*") if p.is_file()] == [
        KEYS["main"]]


def test_local_store_refuses_a_key_leaving_its_root(tmp_path):
    store = LocalImageStore(tmp_path / "store")
    with pytest.raises(StoreError, match="leaves the store"):
        run(put(store, "artists/../../x.jpg", jpeg(), 40, 50))


def test_local_stat_of_a_corrupt_file_is_none(tmp_path):
    store = LocalImageStore(tmp_path)
    (tmp_path / "artists" / "dom-dolla").mkdir(parents=True)
    (tmp_path / KEYS["main"]).write_bytes(b"")
    assert run(stat(store, KEYS["main"])) is None


def test_default_store_is_the_data_directory(tmp_path, monkeypatch):
    monkeypatch.delenv("IMAGES_STORE", raising=False)
    assert store_uri(Settings({"VINNY_DATA_DIR": str(tmp_path)})) == str(tmp_path.resolve())


def test_unknown_store_scheme_is_refused(stats):
    with pytest.raises(ValueError, match="unsupported"):
        open_store("gs://bucket/", Settings(), stats)
