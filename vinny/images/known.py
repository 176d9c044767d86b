"""Images the master database says are stored: a later run asks neither the store nor the
image host for them (an image stored in an earlier run costs no request)."""

from __future__ import annotations

import sqlite3
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path

from vinny.images.source import image_key
from vinny.images.store import StoredImage


def stored_in_master(db_path: Path, bucket: str,
                     presets: Iterable[str]) -> dict[tuple[str, str], dict[str, StoredImage]]:
    """{(venue_tag, artist_slug): {preset: StoredImage}} for targets with every preset stored
    in `bucket`, as recorded by earlier runs."""
    if not db_path.exists():
        return {}
    wanted = set(presets)
    found: dict[tuple[str, str], dict[str, StoredImage]] = defaultdict(dict)
    conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True, timeout=60)
    try:
        rows = conn.execute(
            "SELECT i.venue_tag, i.artist_slug, s.preset, s.width, s.height, s.file_size "
            "FROM images i JOIN image_sizes s ON s.image_id = i.image_id "
            "WHERE i.r2_bucket = ? AND i.venue_tag IS NOT NULL", (bucket,)).fetchall()
    except sqlite3.Error:
        return {}
    finally:
        conn.close()
    for venue_tag, artist_slug, preset, width, height, size in rows:
        if preset in wanted:
            found[venue_tag, artist_slug][preset] = StoredImage(
                image_key(artist_slug, venue_tag, preset), width, height, size or 0)
    return {target: sizes for target, sizes in found.items() if set(sizes) == wanted}
