"""The exports with 100,000 events stored: `python -m bench.export [--events N]`.

Loads N generated events (`bench.master.documents`) into a master database, then runs the
export in processes of their own (under a small parent, so that each child's peak RSS is its
own): every format in one pass into an empty directory, the same again with nothing changed
(a warm re-run: nothing generated or rewritten), then each format alone into an empty
directory, each with its time and peak RSS
(from `wait4`) beside the RSS of a process that only imports the exporter and opens the
database: the difference is what the export itself holds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AS_OF = date(2026, 11, 22)


def load(db: Path, n: int) -> None:
    from bench.master import documents
    from vinny.database.master import MasterStore

    store = MasterStore(db)
    store.begin_run("load", "liv")
    for _ in store.apply_many(documents(n), "load"):
        pass
    store.finish_run("load", "liv", "complete", {"events": n}, [], [], AS_OF)
    store.close()


def measured(args: list[str]) -> tuple[dict, int]:
    """Run `python -m bench.export ARGS` in a child; its JSON report and its peak RSS (MB)."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.export", *args], cwd=ROOT,
                            stdout=subprocess.PIPE, text=True)
    out = proc.stdout.read()
    _, status, usage = os.wait4(proc.pid, 0)
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"bench.export {' '.join(args)} failed")
    return json.loads(out or "{}"), usage.ru_maxrss // 1024


def child(db: Path, out: Path, formats: str) -> int:
    from vinny.database.db import open_read_only
    from vinny.publish.exports import export

    if formats == "none":  # the baseline: imports and an open database, no export
        open_read_only(db).close()
        print(json.dumps({}))
        return 0
    started = time.perf_counter()
    counts = export(db, out, formats.split(","), AS_OF)
    print(json.dumps({"seconds": time.perf_counter() - started, "counts": counts}))
    return 0


def size_mb(path: Path) -> float:
    files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return sum(p.stat().st_size for p in files) / 1e6


OUTPUTS = {"json": "events.json", "jsonl": "events.jsonl", "csv": "events.csv",
           "d1": "d1.sql", "markdown": "venues", "ics": "ics"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--child", nargs=3, metavar=("DB", "OUT", "FORMATS"),
                        help=argparse.SUPPRESS)
    parser.add_argument("--load", metavar="DB", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        db, out, formats = args.child
        return child(Path(db), Path(out), formats)
    if args.load:
        load(Path(args.load), args.events)
        return 0
    from vinny.publish.registry import FORMATS

    with tempfile.TemporaryDirectory(prefix="vinny-export-") as tmp:
        db, out = Path(tmp) / "vinny.db", Path(tmp) / "exports"
        started = time.perf_counter()
        # In a child: a parent holding the documents would lend its RSS to every child it forks.
        subprocess.run([sys.executable, "-m", "bench.export", "--load", str(db), "--events",
                        str(args.events)], cwd=ROOT, check=True)
        print(f"exports, {args.events:,} events stored (loaded in "
              f"{time.perf_counter() - started:.1f} s)")
        _, baseline = measured(["--child", str(db), str(out), "none"])
        print(f"{'export':<24}{'time':>9}{'µs/event':>10}{'peak MB':>9}{'over base':>10}"
              f"{'output MB':>11}")
        print(f"{'(imports + open db)':<24}{'':>9}{'':>10}{baseline:>9}")
        everything = ",".join(FORMATS)
        for label, formats in (("all formats, one pass", everything),
                               ("all formats, warm re-run", everything),
                               *((f, f) for f in FORMATS)):
            out = Path(tmp) / ("exports" if "," in formats else f"exports-{formats}")
            report, rss = measured(["--child", str(db), str(out), formats])
            seconds = report["seconds"]
            output = (sum(size_mb(out / OUTPUTS[f]) for f in FORMATS) if "," in formats
                      else size_mb(out / OUTPUTS[formats]))
            print(f"{label:<24}{seconds:>8.2f}s{1e6 * seconds / args.events:>10.0f}{rss:>9}"
                  f"{rss - baseline:>10}{output:>11.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
