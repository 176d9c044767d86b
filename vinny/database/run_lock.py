"""One run of a spider at a time per data directory: `$VINNY_DATA_DIR/runs/{spider}.lock`.

An exclusive `flock` held for the whole run. The kernel releases it when the process ends,
however it ends, so the lock of a killed run is free for the next one; the file keeps the
holder's PID and start time only to say who holds it.
"""

from __future__ import annotations

import fcntl
import os
from datetime import UTC, datetime
from pathlib import Path
from typing import TextIO


class RunRefused(RuntimeError):
    """Another run of the same spider holds the lock."""


class RunLock:
    def __init__(self, runs_root: Path, spider: str):
        self.path = runs_root / f"{spider}.lock"
        self.spider = spider
        self.handle: TextIO | None = None

    def acquire(self) -> RunLock:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        handle = open(self.path, "a+")  # noqa: SIM115 (held until release)
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            handle.close()
            raise RunRefused(
                f"a run of {self.spider!r} is already running ({holder}) with this data "
                f"directory; refusing to start a second one (lock {self.path})") from None
        handle.seek(0)
        handle.truncate()
        handle.write(f"pid {os.getpid()}, since {datetime.now(UTC).isoformat(timespec='seconds')}")
        handle.flush()
        self.handle = handle
        return self

    def release(self) -> None:
        if self.handle is None:
            return
        # Emptied, never unlinked: a second process may already wait on this very file.
        self.handle.truncate(0)
        fcntl.flock(self.handle, fcntl.LOCK_UN)
        self.handle.close()
        self.handle = None
