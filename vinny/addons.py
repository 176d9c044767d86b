"""The environment's say in vinny's settings: read when a crawl or a command starts, not at import.

`Environment` is a Scrapy add-on (`ADDONS` in settings.py): a crawler applies it after the
project, spider and command-line settings are in. `project_settings()` gives commands that run no
crawler (`vinny export`, `vinny serve`, ...) the same settings a crawl would see.

Precedence, lowest first: settings.py < the environment < a spider's `custom_settings` < `-s`.
The environment variables (DESIGN.md, "Interfaces"):
- `VINNY_DATA_DIR`, `VINNY_REPLICA_URL`, `VINNY_IMAGES_BASE_URL`, `IMAGES_STORE`, `VINNY_CHROMIUM`;
- `VINNY_CSV_BOM`, `VINNY_ENRICH_ENABLED`: booleans (`1/true/yes/on`, `0/false/no/off`).
Replica mode (`VINNY_REPLICA_URL` set, by the environment or by `-s`) lifts the politeness meant
for the real sites: the replica is on loopback and tests should not wait.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from typing import Any

from scrapy.settings import BaseSettings, Settings
from scrapy.utils.project import get_project_settings

# Environment variable -> setting of the same name, as text.
TEXT_VARIABLES = ("VINNY_DATA_DIR", "VINNY_REPLICA_URL", "VINNY_IMAGES_BASE_URL", "IMAGES_STORE")
BOOLEAN_VARIABLES = ("VINNY_CSV_BOM", "VINNY_ENRICH_ENABLED")
TRUE, FALSE = ("1", "true", "yes", "on"), ("0", "false", "no", "off", "")
# Below a spider's custom_settings (30) and the command line (40); equal to settings.py, so it wins.
PRIORITY = "project"

REPLICA_MODE: dict[str, Any] = {
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOAD_DELAY": 0,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
    "VINNY_RETRY_BACKOFF_BASE": 0.2,
    "DOWNLOAD_SLOTS": {"1001tracklists": {"concurrency": 1, "delay": 0, "jitter": 0}},
}


def apply_environment(settings: BaseSettings, environ: Mapping[str, str]) -> None:
    """Set what the environment says onto `settings` (the rules in this module's docstring)."""
    for name in TEXT_VARIABLES:
        if environ.get(name):
            settings.set(name, environ[name], priority=PRIORITY)
    for name in BOOLEAN_VARIABLES:
        said = environ.get(name)
        if said is not None and said.strip().lower() in TRUE + FALSE:
            settings.set(name, said.strip().lower() in TRUE, priority=PRIORITY)
    if environ.get("VINNY_CHROMIUM"):
        launch = dict(settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS"))
        launch["executable_path"] = environ["VINNY_CHROMIUM"]
        settings.set("PLAYWRIGHT_LAUNCH_OPTIONS", launch, priority=PRIORITY)
    if settings.get("VINNY_REPLICA_URL"):
        for name, replica_value in REPLICA_MODE.items():
            settings.set(name, replica_value, priority=PRIORITY)


class Environment:
    """Scrapy add-on: `apply_environment` with the process's environment at crawler start."""

    def update_settings(self, settings: BaseSettings) -> None:
        apply_environment(settings, os.environ)


def project_settings() -> Settings:
    """The project's settings with the environment applied, for commands that run no crawler."""
    settings = get_project_settings()
    apply_environment(settings, os.environ)
    return settings
