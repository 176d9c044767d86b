"""deploy/crontab, generated from the venue registry's schedules (`vinny schedule --crontab`):
one line per distinct schedule, naming its spiders in registry order."""

from __future__ import annotations

from vinny.venues import Registry

HEADER = """\
# vinny's schedule, generated from the venue registry (`vinny schedule --crontab`); install with
# `crontab deploy/crontab` after adjusting the path.
# Hourly: the UrVenue sites, whose prices move by the hour; daily: TAO's larger site.
# `vinny schedule` skips a spider whose previous job is still pending or running.
# Scrapyd refuses to start without credentials, so `vinny schedule` needs them too: add
# SCRAPYD_USERNAME= and SCRAPYD_PASSWORD= lines to the installed crontab (`crontab -e`), never
# to this file.
SCRAPYD_URL=http://127.0.0.1:6800
"""


def crontab(known: Registry, project_dir: str = "/srv/vinny") -> str:
    spiders_by_cron: dict[str, list[str]] = {}
    for spider in known.spiders:
        if schedule := known.schedules.get(spider):
            spiders_by_cron.setdefault(schedule.cron, []).append(spider)
    width = max((len(cron) for cron in spiders_by_cron), default=0) + 2
    lines = [f"{cron:<{width}}cd {project_dir} && .venv/bin/vinny schedule {' '.join(spiders)}"
             for cron, spiders in spiders_by_cron.items()]
    return HEADER + "\n".join(lines) + "\n"
