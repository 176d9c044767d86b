"""Writing files so that a crash never leaves half of one: the one atomic-file helper, and a
lock for writers that take turns. Every file vinny writes for others to read (exports,
`master_events.json`, the run archive, the local image store) has one mode, `MODE` (0644),
whatever the process umask: through `AtomicFile`, `open_published` for a file appended as it
goes, or `publish_mode` for a file another library created (Scrapy's feeds).

`AtomicFile` writes to a temporary file beside its target (`.NAME.XXXX.tmp`, in the same
directory so the rename stays on one file system), and on `commit()` flushes, fsyncs, makes it
world-readable (0644: these files are published) and renames it over the target; `abort()`, or
an error inside its `with` block, removes the temporary file and leaves the previous target in
place. Temporary files a killed process left behind are swept by `vinny.database.orphans`.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import BinaryIO, Literal, Self

BUFFER = 1 << 18  # per file; a venue export keeps one file per venue open
MODE = 0o644  # mkstemp makes the file private; everything written here is read by others


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """An exclusive lock beside `path` (`path.lock`), held for the block."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path.with_suffix(path.suffix + ".lock"), "a+") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(lock, fcntl.LOCK_UN)


def open_published(path: Path, mode: Literal["ab", "wb"] = "ab") -> BinaryIO:
    """`open(path, mode)` (binary) with the file made `MODE`: a file written as it goes."""
    handle = open(path, mode)  # noqa: SIM115 (the caller closes it)
    os.fchmod(handle.fileno(), MODE)
    return handle


def publish_mode(path: Path) -> None:
    """Give a file another library created the mode of every published file."""
    os.chmod(path, MODE)


class AtomicFile:
    """A binary file at `path` that appears (whole) on `commit()`, never half-written."""

    def __init__(self, path: Path):
        self.path = path
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        self.tmp = Path(tmp)
        self.handle = os.fdopen(fd, "wb", buffering=BUFFER)

    def write(self, data: bytes | str) -> None:
        self.handle.write(data.encode() if isinstance(data, str) else data)

    def commit(self) -> None:
        try:
            self.handle.flush()
            os.fsync(self.handle.fileno())
            self.handle.close()
            os.chmod(self.tmp, MODE)
            os.replace(self.tmp, self.path)
        except BaseException:
            self.abort()
            raise

    def abort(self) -> None:
        try:
            with suppress(OSError):  # a full disk fails the close's flush too; nothing to keep
                self.handle.close()
        finally:
            self.tmp.unlink(missing_ok=True)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if kind is None:
            self.commit()
        else:
            self.abort()


def write_atomic_stream(path: Path, chunks: Iterable[bytes]) -> None:
    """Write `chunks` to `path` atomically (see `AtomicFile`)."""
    with AtomicFile(path) as handle:
        for chunk in chunks:
            handle.write(chunk)


class KeepSameFile(AtomicFile):
    """An `AtomicFile` that, on commit, leaves an existing file holding the same bytes alone
    (its inode and mtime kept: a warm re-run rewrites nothing); `replaced` says which."""

    def __init__(self, path: Path):
        super().__init__(path)
        self.sha = hashlib.sha256()
        self.replaced = False

    def write(self, data: bytes | str) -> None:
        payload = data.encode() if isinstance(data, str) else data
        self.sha.update(payload)
        self.handle.write(payload)

    def unchanged(self, sha: str) -> bool:
        """Whether the file at `path` already holds the bytes whose SHA-256 is `sha`."""
        return sha256_of(self.path) == sha

    def commit(self) -> None:
        if self.unchanged(self.sha.hexdigest()):
            self.abort()
        else:
            super().commit()
            self.replaced = True


def rewrite_if_changed(path: Path, chunks: Iterable[bytes]) -> bool:
    """`write_atomic_stream` through a `KeepSameFile`; True when the file was written."""
    with KeepSameFile(path) as handle:
        for chunk in chunks:
            handle.write(chunk)
    return handle.replaced


def sha256_of(path: Path) -> str | None:
    """The SHA-256 of a file's bytes, None when it cannot be read."""
    try:
        with path.open("rb") as existing:
            return hashlib.file_digest(existing, "sha256").hexdigest()
    except OSError:
        return None


def write_atomic(path: Path, payload: bytes) -> None:
    write_atomic_stream(path, [payload])
