"""Where an output points for a stored image.

The pipeline records each rendition's URL as `VINNY_IMAGES_BASE_URL` + the store's prefix + the
key (`artists/{artist}/{tag}-{preset}.jpg`): right for R2, whose public base URL that is, and
kept as recorded in the master database. With a local store nothing serves that base URL, so
outputs rebase the key onto what a reader of each one can open: the API's own `/images/`
route, a path relative to a Markdown page, and in every other published file (`events.json`
and its JSON-LD, `events.jsonl`, `events.csv`, `d1.sql`) the stored file's `file://` URI.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

# The key at the end of a URL's path (a store directory may itself be called `artists`).
_KEY = re.compile(r"/(artists/[^/]+/[^/]+\.jpg)$")


def image_key(url: str | None) -> str | None:
    """The store key in a recorded image URL (`artists/...`), or None if it has none."""
    if not url:
        return None
    found = _KEY.search(urlsplit(url).path)
    return found[1] if found else None


def rebase(url: str | None, base: str) -> str | None:
    """The recorded URL with its key under `base` (kept as it is when it has no key)."""
    key = image_key(url)
    return base.rstrip("/") + "/" + key if key else url


def local_store(data_dir: Path, configured: str | None = None) -> Path | None:
    """The local image directory (the `IMAGES_STORE` setting, which the environment's sets
    (vinny.addons), as a path or `file://`, else the data directory), or None when the images
    are in a bucket (their URLs are then public)."""
    uri = configured or ""
    if uri.startswith("s3://"):
        return None
    return Path(uri.removeprefix("file://")) if uri else data_dir


def with_local_images(docs: Iterable[dict[str, Any]],
                      store: Path | None) -> Iterator[dict[str, Any]]:
    """Event documents whose stored image URLs are the files' `file://` URIs in `store`
    (unchanged when `store` is None: on R2 the recorded URLs are public)."""
    base = store.expanduser().resolve().as_uri() if store is not None else None
    for doc in docs:
        if base is not None:
            for image in doc.get("images") or []:
                for size in image.get("sizes") or []:
                    size["r2_url"] = rebase(size.get("r2_url"), base)
        yield doc
