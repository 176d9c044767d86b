"""`vinny serve`: the read API (FastAPI) on uvicorn.

A missing database, a port out of range or already in use is one line and a non-zero exit.
"""

from __future__ import annotations

import socket
from pathlib import Path
from typing import Annotated

from cyclopts import Parameter

from vinny.addons import project_settings
from vinny.cli.errors import CliError, port_number
from vinny.paths import data_dir


def check_free(host: str, port: int) -> None:
    """Refuse a port already in use before uvicorn logs its own failure (and exits 1)."""
    try:
        with socket.create_server((host, port)):
            pass
    except OSError as exc:
        raise CliError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


def serve(
    *,
    host: Annotated[str, Parameter(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, Parameter(help="port to listen on", validator=port_number)] = 8000,
    db: Annotated[Path | None, Parameter(help="master database; default "
                                              "$VINNY_DATA_DIR/vinny.db")] = None,
) -> int:
    """Serve the read API (/events, /venues, /stats, /health; docs at /docs) until interrupted."""
    path = db or data_dir(project_settings()) / "vinny.db"
    if not path.exists():
        raise CliError(f"no master database at {path}; run a crawl first")
    check_free(host, port)
    import uvicorn

    from vinny.api.app import create_app

    uvicorn.run(create_app(path), host=host, port=port, log_level="info")
    return 0
