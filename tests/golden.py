"""Golden files: an exported file compared byte for byte with its copy committed under
`tests/files/golden/`.

A golden file is never created or rewritten by a plain test run: a missing one fails the test.
`pytest --update-golden` (refused when CI is set, see `conftest.py`) rewrites those that differ
and fails each such test, naming the file, so the change is looked at (`git diff`) before it
is committed.
"""

from __future__ import annotations

from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "files" / "golden"


def compare(out: Path, name: str, update: bool) -> tuple[str, str]:
    """(produced, expected) text of the exported file `out/name` and of its golden copy."""
    produced = (out / name).read_bytes().decode()
    golden = GOLDEN / name
    where = golden.relative_to(GOLDEN.parent.parent.parent)
    if update:
        if golden.exists() and golden.read_bytes() == produced.encode():
            return produced, produced
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_bytes(produced.encode())
        pytest.fail(f"rewrote {where}: review `git diff -- {where}` before committing it")
    if not golden.exists():
        pytest.fail(f"no golden file {where}: write it with `pytest --update-golden` "
                    "and review it")
    return produced, golden.read_bytes().decode()
