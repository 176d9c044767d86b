"""The shape every file format's exporter shares: a thin class that streams event documents
into files (`vinny.files.AtomicFile`) through the pure functions of its format's module.

An exporter takes documents in `event_id` order (`add`, counting what it took in `count`),
writes what follows the last one (`finish`, which may read the database snapshot), then
`commit()` puts all its files in place at once, or `abort()` leaves the previous ones.
`ExportOptions` are the choices an export takes beyond its formats (settings, CLI flags).

With a manifest (`plan`, `vinny.publish.incremental`), an exporter generates only the files whose
inputs changed (`dirty`), and a file generated with the same bytes is not rewritten. When no
exporter's dirty files are generated from the documents (`needs_documents`), none is built.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from scrapy.settings import BaseSettings

from vinny.files import AtomicFile
from vinny.publish.incremental import Fingerprints, KeptFile, Manifest, digest, render_key
from vinny.slugs import slugify
from vinny.venues import Venue, registry


@dataclass(frozen=True)
class ExportOptions:
    csv_bom: bool = False  # `events.csv` starts with a UTF-8 BOM (Excel reads it as UTF-8 then)
    # The directory holding `artists/` when images are stored locally (None: on R2, whose
    # public URLs are recorded): outputs point at the files there (`vinny.images.urls`).
    local_images: Path | None = None

    @classmethod
    def from_settings(cls, settings: BaseSettings) -> ExportOptions:
        from vinny.images.urls import local_store
        from vinny.paths import data_dir

        return cls(csv_bom=settings.getbool("VINNY_CSV_BOM"),
                   local_images=local_store(data_dir(settings), settings.get("IMAGES_STORE")))


class Exporter:
    def __init__(self, out: Path, as_of: date | None, options: ExportOptions | None = None):
        self.out = out
        self.as_of = as_of
        self.options = options or ExportOptions()
        self.files: dict[str, AtomicFile] = {}
        self.count = 0
        self.manifest: Manifest | None = None
        self.prints: Fingerprints | None = None
        self.clean: set[str] = set()

    def outputs(self) -> list[str]:
        """The files this format writes from the whole catalogue."""
        return []

    def inputs(self, relative: str) -> object:
        """What `relative`'s bytes depend on besides the code (default: the whole catalogue)."""
        assert self.prints is not None
        return self.prints.catalogue

    def options_key(self) -> list[Any]:
        """The options every output's bytes may depend on (the BOM, where local images are)."""
        return [self.options.csv_bom, str(self.options.local_images or "")]

    def plan(self, manifest: Manifest, prints: Fingerprints) -> bool:
        """Note which outputs need no generating; True when some file must be generated."""
        self.manifest, self.prints = manifest, prints
        outputs = self.outputs()
        self.clean = {relative for relative in outputs if manifest.clean(
            relative, digest(render_key(), type(self).__name__, relative, self.options_key(),
                             self.inputs(relative)))}
        return len(self.clean) < len(outputs)

    def dirty(self, relative: str) -> bool:
        return relative not in self.clean

    def needs_documents(self) -> bool:
        """Whether the files `plan` found dirty are generated from the documents (`add`)."""
        return True

    def file(self, relative: str) -> AtomicFile:
        if relative not in self.files:
            path = self.out / relative
            self.files[relative] = (AtomicFile(path) if self.manifest is None
                                    else KeptFile(path, relative, self.manifest))
        return self.files[relative]

    def add(self, doc: dict[str, Any]) -> None:
        raise NotImplementedError

    def finish(self, conn: sqlite3.Connection) -> None:
        """Write what follows the last event."""

    def commit(self) -> None:
        for handle in self.files.values():
            handle.commit()

    def abort(self) -> None:
        for handle in self.files.values():
            handle.abort()


def venues() -> dict[str, Venue]:
    return {venue.slug: venue for venue in registry().venues}


def file_slug(doc: dict[str, Any]) -> str:
    """The venue's slug as a file name: a stored slug never leads outside the directory."""
    return slugify(doc["venue_slug"]) or "venue"


