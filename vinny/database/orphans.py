"""Temporary files a killed run left behind (`.NAME.XXXX.tmp`, written then renamed by
`vinny.files`, the one atomic-file helper), removed by the next run.

A temporary file is an orphan when no live writer can own it: beside `master_events.json` and
in `exports/`, when their writers' lock is free (a writer that died released it); in the run
directories of the spider, under its run lock; in the local image store, when older than an
hour (image writers take no lock, and write one file in well under that).
"""

from __future__ import annotations

import fcntl
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

TEMPORARY = ".*.tmp"
IMAGE_WRITE_SECONDS = 3600


@contextmanager
def _free(path: Path) -> Iterator[bool]:
    """Whether the writers' lock of `path` (as `vinny.files.locked` takes it) is free; held
    for the block when it is."""
    lock_path = path.with_suffix(path.suffix + ".lock")
    if not lock_path.parent.exists():
        yield False
        return
    with open(lock_path, "a+") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def _unlink(paths: Iterable[Path]) -> list[Path]:
    removed = []
    for path in paths:
        try:
            path.unlink()
        except FileNotFoundError:
            continue
        removed.append(path)
    return removed


def sweep_orphans(data_dir: Path, run_dirs: Iterable[Path]) -> list[Path]:
    """Remove orphaned temporary files; `run_dirs` are the spider's runs, under its lock."""
    removed = _unlink(p for d in run_dirs for p in d.glob(TEMPORARY))
    master = data_dir / "master_events.json"
    with _free(master) as free:
        if free:
            removed += _unlink(data_dir.glob(f".{master.name}.*.tmp"))
    exports = data_dir / "exports"
    with _free(exports) as free:
        if free and exports.is_dir():
            removed += _unlink(exports.rglob(TEMPORARY))
    images = data_dir / "artists"
    if images.is_dir():
        old = time.time() - IMAGE_WRITE_SECONDS
        removed += _unlink(p for p in images.rglob(TEMPORARY) if _mtime(p) < old)
    return removed


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:  # renamed by its writer meanwhile
        return time.time()
