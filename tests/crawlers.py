"""Crawlers for tests: vinny's own settings (the `VINNY_*` defaults of vinny/settings.py) under the
test's, so a default is read from the one place it is set; Scrapy's components (pipelines,
extensions, handlers) stay off unless the test names them."""

from __future__ import annotations

from typing import Any

from scrapy.utils.test import get_crawler

import vinny.settings


def project_settings_dict(**overrides: Any) -> dict[str, Any]:
    project = {name: value for name, value in vars(vinny.settings).items()
               if name.startswith("VINNY_")}
    return {**project, **overrides}


def project_crawler(spidercls: Any = None, settings_dict: dict[str, Any] | None = None) -> Any:
    """`scrapy.utils.test.get_crawler` with the project's settings under `settings_dict`."""
    return get_crawler(spidercls, project_settings_dict(**(settings_dict or {})))
