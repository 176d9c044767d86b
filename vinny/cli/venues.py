"""`vinny venues`: the spiders (one per site family) and the venues each crawls, from the
venue registry; any spider name, venue slug or tag listed is a target of `vinny scrape`."""

from __future__ import annotations

from typing import Annotated

import orjson
from cyclopts import Parameter

from vinny.venues import registry

JSON = Annotated[bool, Parameter(help="print a JSON array of venues (slug, tag, name, spider)",
                                 negative=())]


def venues(*, json: JSON = False) -> int:
    """List the spiders and their venues (slug, tag, name)."""
    known = registry()
    if json:
        print(orjson.dumps([{"slug": v.slug, "tag": v.tag, "name": v.name, "spider": v.family}
                            for v in known.venues]).decode())
        return 0
    for spider in known.spiders:
        print(spider)
        for venue in (v for v in known.venues if v.family == spider):
            print(f"  {venue.slug:<28} {venue.tag:<12} {venue.name}")
    return 0
