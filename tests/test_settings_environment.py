"""The environment's say in the settings (vinny.addons): applied when a crawl starts, in the
documented order, and never at import time."""

import os
import subprocess
import sys

from scrapy.settings import Settings

from tests.crawlers import project_crawler
from vinny.addons import apply_environment


def project() -> Settings:
    settings = Settings()
    settings.setmodule("vinny.settings")
    return settings


def test_importing_the_settings_reads_no_environment():
    env = {**os.environ, "VINNY_REPLICA_URL": "http://127.0.0.1:9", "VINNY_DATA_DIR": "/elsewhere"}
    code = ("import vinny.settings as s; "
            "print(s.VINNY_REPLICA_URL == '', s.VINNY_DATA_DIR == '', s.AUTOTHROTTLE_ENABLED)")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True,
                         check=True).stdout.split()
    assert out == ["True", "True", "True"]


def test_the_environment_wins_over_settings_py():
    settings = project()
    apply_environment(settings, {"VINNY_DATA_DIR": "/srv/vinny", "VINNY_CSV_BOM": "yes",
                                 "VINNY_ENRICH_ENABLED": "0", "VINNY_CHROMIUM": "/opt/chrome"})
    assert settings["VINNY_DATA_DIR"] == "/srv/vinny"
    assert settings.getbool("VINNY_CSV_BOM") is True
    assert settings.getbool("VINNY_ENRICH_ENABLED") is False
    assert settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")["executable_path"] == "/opt/chrome"
    assert settings.getdict("PLAYWRIGHT_LAUNCH_OPTIONS")["headless"] is True


def test_the_command_line_wins_over_the_environment():
    settings = project()
    settings.set("VINNY_DATA_DIR", "/from/the/command/line", priority="cmdline")
    apply_environment(settings, {"VINNY_DATA_DIR": "/srv/vinny"})
    assert settings["VINNY_DATA_DIR"] == "/from/the/command/line"


def test_an_unreadable_boolean_leaves_the_default():
    settings = project()
    apply_environment(settings, {"VINNY_ENRICH_ENABLED": "maybe"})
    assert settings.getbool("VINNY_ENRICH_ENABLED") is True


def test_replica_mode_lifts_the_politeness_meant_for_the_real_sites():
    settings = project()
    apply_environment(settings, {"VINNY_REPLICA_URL": "http://127.0.0.1:8000"})
    assert (settings.getbool("AUTOTHROTTLE_ENABLED"), settings.getfloat("DOWNLOAD_DELAY")) == (
        False, 0)
    assert settings.getdict("DOWNLOAD_SLOTS")["1001tracklists"]["delay"] == 0


def test_without_a_replica_the_real_sites_get_the_polite_settings():
    settings = project()
    apply_environment(settings, {})
    assert settings.getbool("AUTOTHROTTLE_ENABLED") and settings.getfloat("DOWNLOAD_DELAY") > 0
    assert settings.getdict("DOWNLOAD_SLOTS")["1001tracklists"]["delay"] == 2.5


def test_a_crawler_applies_the_environment_when_it_starts(monkeypatch):
    monkeypatch.setenv("VINNY_REPLICA_URL", "http://127.0.0.1:8000")
    crawler = project_crawler(settings_dict={"ADDONS": {"vinny.addons.Environment": 0},
                                             "AUTOTHROTTLE_ENABLED": True})
    assert crawler.settings["VINNY_REPLICA_URL"] == "http://127.0.0.1:8000"
    assert crawler.settings.getbool("AUTOTHROTTLE_ENABLED") is False
