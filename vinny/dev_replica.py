"""The replica for the commands that serve it (`vinny demo`, `vinny replica serve`).

The replica is the top-level development package `replica/` of a checkout, beside `vinny/`; the
Scrapyd egg and any other install of vinny do not contain it. Importing this module gives
`ReplicaServer`, `load_catalog` and `replica_main` (`python -m replica`) from a checkout, and
outside one exits with a message saying that the replica is only in a checkout.
"""

from __future__ import annotations

import sys
from pathlib import Path

NOT_HERE = ("vinny: the replica is only in a checkout of vinny (the top-level `replica/` package "
            "beside `vinny/`); this installation does not contain it")


def _checkout_root() -> Path | None:
    """The checkout holding this `vinny/`, if it has a `replica/` beside it."""
    root = Path(__file__).resolve().parents[1]
    return root if (root / "replica" / "__init__.py").is_file() else None


try:
    import replica  # noqa: F401
except ModuleNotFoundError as missing:
    if missing.name != "replica":
        raise
    _root = _checkout_root()
    if _root is None:
        raise SystemExit(NOT_HERE) from None
    # The editable install maps only `vinny` and `spiders`: a console script run outside the
    # checkout does not see its `replica/` until the checkout is on the path.
    sys.path.append(str(_root))

from replica import ReplicaServer, load_catalog  # noqa: E402
from replica.__main__ import main as replica_main  # noqa: E402

__all__ = ["ReplicaServer", "load_catalog", "replica_main"]
