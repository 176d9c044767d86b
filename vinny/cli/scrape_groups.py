"""How `vinny scrape` shares its spiders among processes: one process per CPU at most, each
running its spiders together in one reactor, the groups balanced by each spider's pages in its
last run.

More processes than CPUs only take turns on them: four spider processes on two cores cost
about 15 % more CPU than two processes of two spiders each (task switches, a cold cache each
time, four start-ups), for no gain in time. `VINNY_SCRAPE_PROCESSES` sets the number (0: the
CPUs this process may run on). The groups are filled largest spider first, each into the
group with the fewest pages so far (longest processing time first), so the processes finish
together; a spider never run weighs as much as the largest known one, so two new spiders are
not put together.
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Mapping, Sequence
from contextlib import closing
from pathlib import Path

from vinny.database.db import NoDatabase, open_read_only


def process_count(setting: int) -> int:
    """The processes to run: the setting when positive, else the CPUs available here."""
    if setting > 0:
        return setting
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def last_pages(db_path: Path) -> dict[str, int]:
    """Each spider's pages in its newest run, from the master database (empty if none)."""
    try:
        with closing(open_read_only(db_path)) as conn:
            rows = conn.execute(
                "SELECT spider, pages FROM runs r WHERE started_at = "
                "(SELECT MAX(started_at) FROM runs WHERE spider = r.spider)").fetchall()
    except (NoDatabase, sqlite3.Error):  # none yet, or no runs table yet: equal weights
        return {}
    return {spider: int(pages or 0) for spider, pages in rows}


def spider_groups(spiders: Sequence[str], processes: int,
                  pages: Mapping[str, int] | None = None) -> list[list[str]]:
    """`spiders` in at most `processes` groups of about equal pages; each group keeps the
    spiders' order, and the groups are ordered by their first spider."""
    pages = pages or {}
    known = [pages[name] for name in spiders if pages.get(name)]
    unknown = max(known, default=1)
    weight = {name: pages.get(name) or unknown for name in spiders}
    groups: list[list[str]] = [[] for _ in range(max(1, min(processes, len(spiders))))]
    loads = [0] * len(groups)
    for name in sorted(spiders, key=lambda n: -weight[n]):  # sorted() is stable: ties keep order
        lightest = loads.index(min(loads))
        groups[lightest].append(name)
        loads[lightest] += weight[name]
    order = {name: i for i, name in enumerate(spiders)}
    return sorted((sorted(group, key=order.__getitem__) for group in groups if group),
                  key=lambda group: order[group[0]])
