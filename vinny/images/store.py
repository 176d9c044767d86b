"""Where the presets go: a local directory or an S3 bucket (Cloudflare R2), never half-written.

`IMAGES_STORE` chooses: empty -> `$VINNY_DATA_DIR` (keys land in `$VINNY_DATA_DIR/artists/`),
a path or `file://` URI -> that directory, `s3://bucket/prefix/` -> S3 with `AWS_ENDPOINT_URL`
(setting or environment) and credentials from the settings or botocore's usual chain
(`AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` in the environment).

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
and renamed into place (`vinny.files`); an S3 PUT is atomic.
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
from typing import Any

from scrapy.utils.asyncio import run_in_thread

from vinny.files import write_atomic
from vinny.paths import data_dir

logger = logging.getLogger(__name__)

CONTENT_TYPE = "image/jpeg"
CACHE_CONTROL = "public, max-age=31536000"
# Enough of a JPEG to hold its SOF marker (the pixel size) behind EXIF and ICC blocks.
HEADER_BYTES = 256 * 1024


@dataclass(frozen=True)
class StoredImage:
    key: str
    width: int
    height: int
    size: int


def store_uri(settings) -> str:
    return (settings.get("IMAGES_STORE") or os.environ.get("IMAGES_STORE")
            or str(data_dir(settings)))


def open_store(uri: str, settings, stats) -> LocalImageStore | S3ImageStore:
    if uri.startswith("s3://"):
        return S3ImageStore(uri, settings, stats)
    if "://" in uri and not uri.startswith("file://"):
        raise ValueError(f"unsupported IMAGES_STORE {uri!r}: use a path, file:// or s3://")
    return LocalImageStore(uri.removeprefix("file://"))


async def already_stored(store, venue_tag: str, artist_slug: str,
                         keys: dict[str, str]) -> dict[str, StoredImage] | None:
    """Every preset of (venue tag, artist) as stored, or None if any is missing.

    The one place that asks whether an image exists; a master-database lookup can replace it.
    """
    found = await asyncio.gather(*(store.stat(key) for key in keys.values()))
    if any(item is None for item in found):
        return None
    return dict(zip(keys, found, strict=True))


def pixel_size(head: bytes) -> tuple[int, int] | None:
    from PIL import Image, UnidentifiedImageError  # here: a crawl without images skips Pillow

    try:
        with Image.open(BytesIO(head)) as image:
            return image.size
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None


class LocalImageStore:
    """Files under a directory (the public path of a key is the key itself)."""

    bucket = "local"
    prefix = ""

    def __init__(self, root: str | Path):
        self.root = Path(root).expanduser().resolve()
        self.root.mkdir(parents=True, exist_ok=True)

    def path_of(self, key: str) -> Path:
        path = self.root.joinpath(*key.split("/")).resolve()
        if not path.is_relative_to(self.root) or path == self.root:
            raise ValueError(f"key {key!r} leaves the store")
        return path

    async def stat(self, key: str) -> StoredImage | None:
        return await run_in_thread(self._stat, key)

    async def put(self, key: str, data: bytes, width: int, height: int) -> StoredImage:
        return await run_in_thread(self._put, key, data, width, height)

    async def read(self, key: str) -> bytes:
        return await run_in_thread(self.path_of(key).read_bytes)

    def _stat(self, key: str) -> StoredImage | None:
        path = self.path_of(key)
        try:
            with path.open("rb") as f:
                size = pixel_size(f.read(HEADER_BYTES))
                length = os.fstat(f.fileno()).st_size
        except FileNotFoundError:
            return None
        return StoredImage(key, *size, length) if size else None

    def _put(self, key: str, data: bytes, width: int, height: int) -> StoredImage:
        write_atomic(self.path_of(key), data)
        return StoredImage(key, width, height, len(data))


class S3ImageStore:
    """Objects in an S3 bucket under an optional prefix; blocking boto3 calls run in threads."""

    def __init__(self, uri: str, settings, stats):
        import boto3
        from botocore.config import Config

        self.bucket, _, prefix = uri.removeprefix("s3://").partition("/")
        self.prefix = prefix.strip("/") + "/" if prefix.strip("/") else ""
        self.stats = stats
        acl = settings.get("IMAGES_STORE_S3_ACL")
        self.acl: str | None = acl or None

        def setting(name: str, *env: str, default: str | None = None) -> Any:
            return settings.get(name) or next(
                (os.environ[e] for e in (name, *env) if os.environ.get(e)), default)

        config = Config(
            region_name=setting("AWS_REGION_NAME", "AWS_REGION", "AWS_DEFAULT_REGION",
                                default="auto"),
            request_checksum_calculation=setting("AWS_REQUEST_CHECKSUM_CALCULATION",
                                                 default="when_required"),
            response_checksum_validation=setting("AWS_RESPONSE_CHECKSUM_VALIDATION",
                                                 default="when_required"),
            retries={"mode": "standard", "max_attempts": 3},
            max_pool_connections=settings.getint("CONCURRENT_REQUESTS", 16),
        )
        self.client = boto3.session.Session().client(
            "s3",
            endpoint_url=setting("AWS_ENDPOINT_URL"),
            aws_access_key_id=settings.get("AWS_ACCESS_KEY_ID"),
            aws_secret_access_key=settings.get("AWS_SECRET_ACCESS_KEY"),
            aws_session_token=settings.get("AWS_SESSION_TOKEN"),
            config=config,
        )

    async def stat(self, key: str) -> StoredImage | None:
        return await run_in_thread(self._stat, key)

    async def put(self, key: str, data: bytes, width: int, height: int) -> StoredImage:
        return await run_in_thread(self._put, key, data, width, height)

    async def read(self, key: str) -> bytes:
        return await run_in_thread(self._read, key, None)

    def _stat(self, key: str) -> StoredImage | None:
        from botocore.exceptions import ClientError

        try:
            head = self.client.head_object(Bucket=self.bucket, Key=self.prefix + key)
        except ClientError as exc:
            if exc.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
                return None
            raise
        meta = head.get("Metadata") or {}
        try:
            width, height = int(meta["width"]), int(meta["height"])
        except (KeyError, ValueError):
            # Written by another tool: read the pixel size from the file's first bytes.
            size = pixel_size(self._read(key, f"bytes=0-{HEADER_BYTES - 1}"))
            if size is None:
                return None
            width, height = size
        return StoredImage(key, width, height, int(head["ContentLength"]))

    def _read(self, key: str, byte_range: str | None) -> bytes:
        extra = {"Range": byte_range} if byte_range else {}
        reply = self.client.get_object(Bucket=self.bucket, Key=self.prefix + key, **extra)
        return reply["Body"].read()

    def _put(self, key: str, data: bytes, width: int, height: int) -> StoredImage:
        from botocore.exceptions import ClientError

        md5 = base64.b64encode(hashlib.md5(data, usedforsecurity=False).digest()).decode()
        request = {"Bucket": self.bucket, "Key": self.prefix + key, "Body": data,
                   "ContentType": CONTENT_TYPE, "CacheControl": CACHE_CONTROL,
                   "ContentMD5": md5, "Metadata": {"width": str(width), "height": str(height)}}
        acl = self.acl
        if acl:
            try:
                self.client.put_object(**request, ACL=acl)
                return StoredImage(key, width, height, len(data))
            except ClientError as exc:
                if not acl_rejected(exc):
                    raise
                self.acl = None
                self.stats.inc_value("vinny/images/acl_rejected")
                logger.warning("the image store rejected x-amz-acl %r (%s): no ACL from now on",
                               acl, exc.response.get("Error", {}).get("Message"))
        self.client.put_object(**request)
        return StoredImage(key, width, height, len(data))


def acl_rejected(exc) -> bool:
    """R2: 501 NotImplemented, "Header 'x-amz-acl' with value 'private' not implemented"."""
    error = exc.response.get("Error", {})
    status = exc.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    text = f"{error.get('Code', '')} {error.get('Message', '')}".lower()
    return (status == 501 or error.get("Code") in ("NotImplemented",
                                                   "AccessControlListNotSupported")
            or "acl" in text)
