"""Where the presets go: Scrapy's file stores, made safe for R2 and never half-written.

`IMAGES_STORE` chooses, as for Scrapy's `ImagesPipeline`: empty -> `$VINNY_DATA_DIR` (keys land
in `$VINNY_DATA_DIR/artists/`), a path or `file://` URI -> `LocalImageStore` (Scrapy's
`FSFilesStore`), `s3://bucket/prefix/` -> `S3ImageStore` (Scrapy's `S3FilesStore`) with
`AWS_ENDPOINT_URL` (setting or environment) and credentials from the settings or botocore's
usual chain (`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in the environment). Both keep
Scrapy's store protocol (`persist_file`, `stat_file`); `stat_file` also gives the pixel size
and length the records need (`ImageStat`), `{}` when the key is missing or not an image.

R2, as Cloudflare documents it and as the seed ran it:
- boto3 1.36+ sends CRC checksums R2 rejects: `AWS_REQUEST_CHECKSUM_CALCULATION` and
  `AWS_RESPONSE_CHECKSUM_VALIDATION` default to `when_required` here (setting, else environment).
- region `auto` (`AWS_REGION_NAME` setting, else `AWS_REGION` / `AWS_DEFAULT_REGION`; moto
  needs `us-east-1`).
- R2 answers 501 NotImplemented to `x-amz-acl`; `IMAGES_STORE_S3_ACL` (Scrapy's, default
  `private`) is sent until the server rejects it once, then dropped for the rest of the run;
  set it empty to never send it.
Every object gets `Content-Type: image/jpeg`, `Cache-Control: public, max-age=31536000`, a
`Content-MD5` and its pixel size as metadata. A local file is written under a temporary name
and renamed into place (`vinny.files`); an S3 PUT is atomic. A failed write raises
`StoreError` (a Scrapy `FileException` whose `reason` is `store_error`).
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import logging
import os
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from scrapy.pipelines.files import FSFilesStore, S3FilesStore, StatInfo
from scrapy.pipelines.media import FileException
from scrapy.utils.asyncio import run_in_thread
from scrapy.utils.defer import deferred_from_coro, ensure_awaitable

from vinny.files import write_atomic
from vinny.paths import data_dir

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings
    from scrapy.statscollectors import StatsCollector
    from twisted.internet.defer import Deferred

logger = logging.getLogger(__name__)

CONTENT_TYPE = "image/jpeg"
CACHE_CONTROL = "public, max-age=31536000"
# Enough of a JPEG to hold its SOF marker (the pixel size) behind EXIF and ICC blocks.
HEADER_BYTES = 256 * 1024


class StoreError(FileException):
    """The store could not write or copy an object."""

    reason = "store_error"


class ImageStat(StatInfo, total=False):
    width: int
    height: int
    size: int


@dataclass(frozen=True)
class StoredImage:
    key: str
    width: int
    height: int
    size: int


def store_uri(settings: BaseSettings) -> str:
    return settings.get("IMAGES_STORE") or str(data_dir(settings))


def open_store(uri: str, settings: BaseSettings,
               stats: StatsCollector | None = None) -> LocalImageStore | S3ImageStore:
    """The store `uri` names, configured from `settings` (what the pipeline builds)."""
    if uri.startswith("s3://"):
        S3ImageStore.configure(settings)
        store = S3ImageStore(uri)
        store.stats = stats
        return store
    if "://" in uri and not uri.startswith("file://"):
        raise ValueError(f"unsupported IMAGES_STORE {uri!r}: use a path, file:// or s3://")
    return LocalImageStore(uri)


def pixel_size(head: bytes) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError  # here: a crawl without images skips Pillow

    try:
        with Image.open(BytesIO(head)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


async def stat(store: LocalImageStore | S3ImageStore, key: str) -> StoredImage | None:
    found = cast("ImageStat", await ensure_awaitable(store.stat_file(key, None)))
    if "width" not in found:
        return None
    return StoredImage(key, found["width"], found["height"], found["size"])


async def already_stored(store: LocalImageStore | S3ImageStore,
                         keys: dict[str, str]) -> dict[str, StoredImage] | None:
    """Every preset (name -> key) as stored, or None if any is missing."""
    found = await asyncio.gather(*(stat(store, key) for key in keys.values()))
    if any(item is None for item in found):
        return None
    return {preset: item for preset, item in zip(keys, found, strict=True) if item}


async def put(store: LocalImageStore | S3ImageStore, key: str, data: bytes, width: int,
              height: int) -> StoredImage:
    """Store one rendition as `ImagesPipeline.image_downloaded` does."""
    await ensure_awaitable(store.persist_file(
        key, BytesIO(data), None, meta={"width": width, "height": height},
        headers={"Content-Type": CONTENT_TYPE}))
    return StoredImage(key, width, height, len(data))


class LocalImageStore(FSFilesStore):
    """Files under a directory (the public path of a key is the key itself)."""

    bucket = "local"
    prefix = ""

    def __init__(self, basedir: str | Path):
        super().__init__(basedir)
        self.root = Path(self.basedir).expanduser().resolve()

    def path_of(self, key: str) -> Path:
        path = self.root.joinpath(*key.split("/")).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"key {key!r} leaves the store")
        return path

    def persist_file(self, path: str, buf: BytesIO, info: Any,  # type: ignore[override]
                     meta: dict[str, Any] | None = None,
                     headers: dict[str, str] | None = None) -> Deferred[None]:
        # Scrapy writes in place: a crash would leave half a JPEG that reads as stored.
        return deferred_from_coro(run_in_thread(self._write, path, buf.getvalue()))

    def stat_file(self, path: str | os.PathLike[str], info: Any) -> StatInfo:
        # In the reactor thread, as Scrapy's: a JPEG's header, not the whole file.
        return self._stat(str(path))

    async def read(self, key: str) -> bytes:
        return await run_in_thread(self.path_of(key).read_bytes)

    def _write(self, key: str, data: bytes) -> None:
        try:
            write_atomic(self.path_of(key), data)
        except (OSError, ValueError) as exc:
            raise StoreError(f"storing {key}: {exc!r}") from exc

    def _stat(self, key: str) -> ImageStat:
        try:
            with self.path_of(key).open("rb") as f:
                size = pixel_size(f.read(HEADER_BYTES))
                status = os.fstat(f.fileno())
        except FileNotFoundError:
            return {}
        if size is None:
            return {}
        return {"last_modified": status.st_mtime, "width": size[0], "height": size[1],
                "size": status.st_size}


class S3ImageStore(S3FilesStore):
    """Objects in an S3 bucket under an optional prefix; blocking boto3 calls run in threads.

    Scrapy's store with R2's client configuration, R2's ACL refusal survived, and the
    headers above; its class attributes are set from the settings by `configure`, as
    Scrapy's `FilesPipeline.from_crawler` does for its own store."""

    AWS_REQUEST_CHECKSUM_CALCULATION = "when_required"
    AWS_RESPONSE_CHECKSUM_VALIDATION = "when_required"
    MAX_POOL_CONNECTIONS = 16
    HEADERS = {"Cache-Control": CACHE_CONTROL}  # noqa: RUF012 - Scrapy's attribute

    @classmethod
    def configure(cls, settings: BaseSettings) -> None:
        def setting(name: str, *env: str, default: str | None = None) -> Any:
            return settings.get(name) or next(
                (os.environ[e] for e in (name, *env) if os.environ.get(e)), default)

        cls.AWS_ACCESS_KEY_ID = settings.get("AWS_ACCESS_KEY_ID")
        cls.AWS_SECRET_ACCESS_KEY = settings.get("AWS_SECRET_ACCESS_KEY")
        cls.AWS_SESSION_TOKEN = settings.get("AWS_SESSION_TOKEN")
        cls.AWS_ENDPOINT_URL = setting("AWS_ENDPOINT_URL")
        cls.AWS_REGION_NAME = setting("AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
                                      default="auto")
        cls.AWS_REQUEST_CHECKSUM_CALCULATION = setting("AWS_REQUEST_CHECKSUM_CALCULATION",
                                                       default="when_required")
        cls.AWS_RESPONSE_CHECKSUM_VALIDATION = setting("AWS_RESPONSE_CHECKSUM_VALIDATION",
                                                       default="when_required")
        cls.MAX_POOL_CONNECTIONS = settings.getint("CONCURRENT_REQUESTS")
        cls.POLICY = settings.get("IMAGES_STORE_S3_ACL") or ""

    def __init__(self, uri: str):
        # Not Scrapy's client: R2 needs region `auto`, checksums only when required, retries.
        import boto3
        from botocore.config import Config

        self.bucket, _, prefix = uri.removeprefix("s3://").partition("/")
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.acl: str | None = self.POLICY or None
        self.stats: StatsCollector | None = None
        config = Config(region_name=self.AWS_REGION_NAME,
                        request_checksum_calculation=self.AWS_REQUEST_CHECKSUM_CALCULATION,
                        response_checksum_validation=self.AWS_RESPONSE_CHECKSUM_VALIDATION,
                        retries={"mode": "standard", "max_attempts": 3},
                        max_pool_connections=self.MAX_POOL_CONNECTIONS)
        self.s3_client = boto3.session.Session().client(
            "s3", endpoint_url=self.AWS_ENDPOINT_URL, aws_access_key_id=self.AWS_ACCESS_KEY_ID,
            aws_secret_access_key=self.AWS_SECRET_ACCESS_KEY,
            aws_session_token=self.AWS_SESSION_TOKEN, config=config)

    def stat_file(self, path: str, info: Any) -> Deferred[StatInfo]:
        return deferred_from_coro(run_in_thread(self._stat, path))

    def persist_file(self, path: str, buf: BytesIO, info: Any,
                     meta: dict[str, Any] | None = None,
                     headers: dict[str, str] | None = None) -> Deferred[None]:
        return deferred_from_coro(run_in_thread(self._put, path, buf.getvalue(), meta or {},
                                                headers or {}))

    async def read(self, key: str) -> bytes:
        return await run_in_thread(self._read, key, None)

    def _stat(self, key: str) -> ImageStat:
        from botocore.exceptions import ClientError

        try:
            head = self.s3_client.head_object(Bucket=self.bucket, Key=self.prefix + key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return {}
            raise
        meta = head.get("Metadata") or {}
        try:
            width, height = int(meta["width"]), int(meta["height"])
        except (KeyError, ValueError):
            # Written by another tool: read the pixel size from the file's first bytes.
            size = pixel_size(self._read(key, f"bytes=0-{HEADER_BYTES - 1}"))
            if size is None:
                return {}
            width, height = size
        return {"checksum": head["ETag"].strip('"'),
                "last_modified": head["LastModified"].timestamp(),
                "width": width, "height": height, "size": int(head["ContentLength"])}

    def _read(self, key: str, byte_range: str | None) -> bytes:
        extra = {"Range": byte_range} if byte_range else {}
        reply = self.s3_client.get_object(Bucket=self.bucket, Key=self.prefix + key, **extra)
        data: bytes = reply["Body"].read()
        return data

    def _put(self, key: str, data: bytes, meta: dict[str, Any], headers: dict[str, str]) -> None:
        try:
            self._put_object(key, data, meta, headers)
        except Exception as exc:  # botocore raises many kinds
            raise StoreError(f"storing {key}: {exc!r}") from exc

    def _put_object(self, key: str, data: bytes, meta: dict[str, Any],
                    headers: dict[str, str]) -> None:
        from botocore.exceptions import ClientError

        md5 = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()
        request = {"Bucket": self.bucket, "Key": self.prefix + key, "Body": data,
                   "ContentType": headers.get("Content-Type", CONTENT_TYPE),
                   "CacheControl": self.HEADERS["Cache-Control"], "ContentMD5": md5,
                   "Metadata": {k: str(v) for k, v in meta.items()}}
        acl = self.acl
        if acl:
            try:
                self.s3_client.put_object(**request, ACL=acl)
                return
            except ClientError as exc:
                if not acl_rejected(exc):
                    raise
                self.acl = None
                if self.stats is not None:
                    self.stats.inc_value("vinny/images/acl_rejected")
                logger.warning("the image store rejected x-amz-acl %r (%s): no ACL from now on",
                               acl, exc.response.get("Error", {}).get("Message"))
        self.s3_client.put_object(**request)


def acl_rejected(exc: Any) -> bool:
    """R2: 501 NotImplemented, "Header 'x-amz-acl' with value 'private' not implemented"."""
    error = exc.response.get("Error", {})
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    text = f"{error.get('Code', '')} {error.get('Message', '')}".lower()
    return (status == 501 or error.get("Code") in ("NotImplemented",
                                                   "AccessControlListNotSupported")
            or "acl" in text)
