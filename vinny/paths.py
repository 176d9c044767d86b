"""Where vinny keeps its data: the `VINNY_DATA_DIR` setting (which the environment's
`VINNY_DATA_DIR` sets, `vinny.addons`), else `data/` at the project root."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from scrapy.utils.conf import closest_scrapy_cfg

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings


def default_data_dir() -> Path:
    cfg = closest_scrapy_cfg()
    root = Path(cfg).parent if cfg else Path.cwd()
    return (root / "data").resolve()


def data_dir(settings: BaseSettings | None) -> Path:
    """The data directory a crawl was configured with (the setting wins over the default)."""
    configured = settings.get("VINNY_DATA_DIR") if settings is not None else None
    return Path(configured).expanduser().resolve() if configured else default_data_dir()
