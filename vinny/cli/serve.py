"""`vinny serve`: the read API (FastAPI) on uvicorn."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

from cyclopts import Parameter
from scrapy.utils.project import get_project_settings

from vinny.paths import data_dir


def serve(
    *,
    host: Annotated[str, Parameter(help="address to bind")] = "127.0.0.1",
    port: Annotated[int, Parameter(help="port to listen on")] = 8000,
    db: Annotated[Path | None, Parameter(help="master database; default "
                                              "$VINNY_DATA_DIR/vinny.db")] = None,
) -> int:
    """Serve the read API (/events, /venues, /stats, /health; docs at /docs) until interrupted."""
    path = db or data_dir(get_project_settings()) / "vinny.db"
    if not path.exists():
        print(f"no master database at {path}; run a crawl first", file=sys.stderr)
        return 1
    import uvicorn

    from vinny.api.app import create_app

    uvicorn.run(create_app(path), host=host, port=port, log_level="info")
    return 0
