"""Opening the master database: WAL, a generous busy timeout, the schema in place."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path
from types import TracebackType

from vinny.database.schema import SCHEMA_VERSION, ddl

# Scrapyd runs several spiders at once; a writer waits for another's short transaction.
BUSY_TIMEOUT_MS = 60_000


def connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    pause = 0.005
    while True:
        conn = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            _prepare(conn)
            return conn
        except sqlite3.OperationalError as error:
            conn.close()
            if "locked" not in str(error) or time.monotonic() > deadline:
                raise
        # Two connections switching a new file to WAL at once can deadlock on the upgrade to an
        # exclusive lock; SQLite answers one "locked" at once, without calling its busy handler.
        time.sleep(pause)
        pause = min(pause * 2, 0.25)


def _prepare(conn: sqlite3.Connection) -> None:
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # In WAL mode NORMAL keeps the database consistent after a crash (a kill loses at most
    # the last transactions, never corrupts); FULL would fsync every commit.
    conn.execute("PRAGMA synchronous = NORMAL")
    conn.execute("PRAGMA foreign_keys = ON")
    if conn.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        with transaction(conn):
            for statement in ddl():
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


class NoDatabase(FileNotFoundError):
    pass


def open_read_only(db_path: Path) -> sqlite3.Connection:
    """A read-only connection in autocommit mode (the caller's `BEGIN` takes a snapshot)."""
    if not db_path.exists():
        raise NoDatabase(f"no master database at {db_path}; run a crawl first")
    conn = sqlite3.connect(f"{db_path.resolve().as_uri()}?mode=ro", uri=True,
                           isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    conn.row_factory = sqlite3.Row
    return conn


class transaction:
    """`BEGIN IMMEDIATE` ... `COMMIT` (or `ROLLBACK` on error): writers queue up front."""

    def __init__(self, conn: sqlite3.Connection):
        self.conn = conn

    def __enter__(self) -> sqlite3.Connection:
        self.conn.execute("BEGIN IMMEDIATE")
        return self.conn

    def __exit__(self, kind: type[BaseException] | None, value: BaseException | None,
                 traceback: TracebackType | None) -> None:
        self.conn.execute("COMMIT" if kind is None else "ROLLBACK")
