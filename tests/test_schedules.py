"""Schedules live in the venue registry: deploy/crontab and /health's freshness both follow it."""

from datetime import timedelta
from pathlib import Path

from vinny.api.health import SCHEDULES
from vinny.crontab import crontab
from vinny.venues import registry

ROOT = Path(__file__).resolve().parent.parent


def test_every_spider_has_a_schedule():
    known = registry()
    assert known.spiders and set(known.schedules) == set(known.spiders)


def test_deploy_crontab_is_the_one_the_registry_generates():
    assert (ROOT / "deploy" / "crontab").read_text() == crontab(registry())


def test_each_spider_is_scheduled_once_in_the_crontab():
    jobs = [line.split("vinny schedule ", 1)[1].split() for line in crontab(registry()).splitlines()
            if "vinny schedule " in line and not line.startswith("#")]
    scheduled = [spider for job in jobs for spider in job]
    assert sorted(scheduled) == sorted(registry().spiders)


def test_health_judges_freshness_by_the_registry_schedule():
    assert SCHEDULES["liv"] == timedelta(hours=1) and SCHEDULES["tao"] == timedelta(days=1)
    assert {s: registry().schedules[s].every for s in registry().spiders} == SCHEDULES
