"""`$VINNY_DATA_DIR/exports/`: every chosen format (`vinny.publish.registry`) from one read
snapshot of the master database, in one streaming pass over `iter_documents`; the entry point
of the export on close (`export`), and of `vinny export` and `vinny scrape`'s publish
(`export_all`: `master_events.json` too, from the same snapshot and fingerprints).

"Upcoming" is counted from `as_of`: the date given, else the Las Vegas date of the newest run
recorded in the database (not the clock), so the same database always gives the same files.
Writers of other runs take turns through a lock beside the exports directory; a failed export
leaves the previous files in place. Only what changed is generated and written
(`vinny.publish.incremental`): a warm re-run with nothing changed rewrites no file, and the
documents are not built when no file to generate needs them (a run that changed no event).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from vinny.database.db import open_read_only
from vinny.files import locked
from vinny.images.urls import with_local_images
from vinny.publish.documents import iter_documents
from vinny.publish.exporter import ExportOptions
from vinny.publish.incremental import Fingerprints, Manifest
from vinny.publish.master_json import export_master_json
from vinny.publish.registry import EXPORTERS, check_formats
from vinny.timeutil import VEGAS


def database_as_of(conn: sqlite3.Connection) -> date | None:
    row = conn.execute("SELECT MAX(COALESCE(finished_at, started_at)) FROM runs").fetchone()
    if not row or not row[0]:
        return None
    return datetime.fromisoformat(row[0]).astimezone(VEGAS).date()


def export(db_path: Path, out: Path, formats: Iterable[str] | None = None,
           as_of: date | None = None, options: ExportOptions | None = None) -> dict[str, int]:
    """Write the chosen formats into `out`; return the events each one took."""
    chosen = check_formats(formats)
    with _snapshot(db_path, out) as conn:
        return _export(conn, out, chosen, as_of or database_as_of(conn), options,
                       Fingerprints(conn))


def export_all(db_path: Path, out: Path, master: Path, formats: Iterable[str] | None = None,
               as_of: date | None = None,
               options: ExportOptions | None = None) -> tuple[int, dict[str, int]]:
    """`master` (`master_events.json`) and the chosen formats into `out`, from one snapshot
    whose fingerprints are read once for both; return the events of each."""
    chosen = check_formats(formats)
    with _snapshot(db_path, out) as conn:
        prints = Fingerprints(conn)
        total = export_master_json(conn, master, prints)
        return total, _export(conn, out, chosen, as_of or database_as_of(conn), options, prints)


@contextmanager
def _snapshot(db_path: Path, out: Path) -> Iterator[sqlite3.Connection]:
    """A read snapshot of the database, with the exports' lock held."""
    conn = open_read_only(db_path)
    try:
        with locked(out):
            conn.execute("BEGIN")  # one snapshot for every file
            try:
                yield conn
            finally:
                conn.execute("COMMIT")
    finally:
        conn.close()


def _export(conn: sqlite3.Connection, out: Path, chosen: list[str], as_of: date | None,
            options: ExportOptions | None, prints: Fingerprints) -> dict[str, int]:
    manifest = Manifest(out)
    planned = {name: EXPORTERS[name](out, as_of, options) for name in chosen}
    # A format whose every file is as its inputs left it costs nothing: not even the documents.
    exporters = {name: e for name, e in planned.items() if e.plan(manifest, prints)}
    try:
        # Only when some file is generated from the documents: d1.sql's copied tables are not.
        if any(exporter.needs_documents() for exporter in exporters.values()):
            local = (options or ExportOptions()).local_images
            for doc in with_local_images(iter_documents(conn), local):
                for exporter in exporters.values():
                    exporter.add(doc)
        for exporter in exporters.values():
            exporter.finish(conn)
    except BaseException:
        for exporter in exporters.values():
            exporter.abort()
        raise
    for name, exporter in exporters.items():
        exporter.commit()
        manifest.counts[name] = exporter.count
    # The D1 changes are counted from the last export that wrote them.
    manifest.save(prints if "d1" in exporters else None)
    return {name: manifest.counts.get(name, 0) for name in chosen}
