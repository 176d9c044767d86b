"""Export files written beside their final name and renamed into place only when complete."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

BUFFER = 1 << 18  # per file; a venue export keeps one file per venue open


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
        self.handle.flush()
        os.fsync(self.handle.fileno())
        self.handle.close()
        os.chmod(self.tmp, 0o644)  # mkstemp makes it private; exports are for publishing
        os.replace(self.tmp, self.path)

    def abort(self) -> None:
        self.handle.close()
        self.tmp.unlink(missing_ok=True)
