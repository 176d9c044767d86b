"""Scrapyd's application for vinny (`application` in deploy/scrapyd.conf): Scrapyd's own, but it
refuses to start without credentials. Without them its API, `addversion.json` included (which
uploads code that Scrapyd then runs), answers anyone who can reach the port."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from scrapyd.config import Config
    from twisted.python.components import Componentized


def credentials(config: Config) -> tuple[str, str]:
    """The username and password Scrapyd will use: the environment wins over the file."""
    return (os.getenv("SCRAPYD_USERNAME") or config.get("username", ""),
            os.getenv("SCRAPYD_PASSWORD") or config.get("password", ""))


def application(config: Config) -> Componentized:
    from scrapyd.app import application as scrapyd_application  # Scrapyd is a deploy tool
    from scrapyd.exceptions import ConfigError

    if not all(credentials(config)):
        # Scrapyd exits with this message and status 1.
        raise ConfigError("vinny's Scrapyd refuses to start without credentials: set "
                          "SCRAPYD_USERNAME and SCRAPYD_PASSWORD")
    app: Componentized = scrapyd_application(config)  # twisted's Application(), untyped in Scrapyd
    return app
