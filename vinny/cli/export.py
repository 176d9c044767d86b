"""`vinny export`: regenerate `$VINNY_DATA_DIR/exports/` (and `master_events.json`) from the
master database."""

from __future__ import annotations

import sys
import time
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Annotated

from cyclopts import Parameter

from vinny.addons import project_settings
from vinny.database.db import NoDatabase
from vinny.paths import data_dir
from vinny.publish.exporter import ExportOptions
from vinny.publish.exports import export_all
from vinny.publish.registry import FORMATS, check_formats


def export(
    *,
    format: Annotated[list[str] | None, Parameter(
        help=f"formats to write (repeat, or comma-separated): {', '.join(FORMATS)}; all if none",
        consume_multiple=True, negative=())] = None,
    out: Annotated[Path | None, Parameter(help="output directory; default "
                                               "$VINNY_DATA_DIR/exports")] = None,
    as_of: Annotated[date | None, Parameter(help="count upcoming events from this date; "
                                                 "default: the date of the newest run")] = None,
    csv_bom: Annotated[bool, Parameter(help="start events.csv with a UTF-8 BOM, for Excel; "
                                            "default: the VINNY_CSV_BOM setting")] = False,
) -> int:
    """Write events.json, events.csv, events.jsonl, d1.sql, venue pages and calendars."""
    settings = project_settings()
    data = data_dir(settings)
    options = ExportOptions.from_settings(settings)
    options = replace(options, csv_bom=csv_bom or options.csv_bom)
    try:
        formats = check_formats([f for item in format or [] for f in item.split(",") if f])
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    started = time.perf_counter()
    try:
        total, counts = export_all(data / "vinny.db", out or data / "exports",
                                   data / "master_events.json", formats, as_of, options)
    except NoDatabase as exc:
        print(exc, file=sys.stderr)
        return 1
    seconds = time.perf_counter() - started
    print(f"{total} events -> {data / 'master_events.json'}")
    for name, count in counts.items():
        print(f"  {name:<9}{count:>7} events")
    print(f"exported to {out or data / 'exports'} in {seconds:.1f} s")
    return 0
