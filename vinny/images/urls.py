"""Where an output points for a stored image.

The pipeline records each rendition's URL as `VINNY_IMAGES_BASE_URL` + the store's prefix + the
key (`artists/{artist}/{tag}-{preset}.jpg`): right for R2, whose public base URL that is. With
a local store nothing serves that base URL, so outputs rebase the key onto what does: the API's
own `/images/` route, or a path relative to the page that shows it.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import urlsplit

KEY_ROOT = "artists/"


def image_key(url: str | None) -> str | None:
    """The store key in a recorded image URL (`artists/...`), or None if it has none."""
    if not url:
        return None
    path = urlsplit(url).path
    at = path.find("/" + KEY_ROOT)
    return path[at + 1:] if at >= 0 else None


def rebase(url: str | None, base: str) -> str | None:
    """The recorded URL with its key under `base` (kept as it is when it has no key)."""
    key = image_key(url)
    return base.rstrip("/") + "/" + key if key else url


def local_store(data_dir: Path) -> Path | None:
    """The local image directory (`IMAGES_STORE` as a path or `file://`, else the data
    directory), or None when the images are in a bucket (their URLs are then public)."""
    uri = os.environ.get("IMAGES_STORE", "")
    if uri.startswith("s3://"):
        return None
    return Path(uri.removeprefix("file://")) if uri else data_dir
