"""`vinny schedule`: ask Scrapyd to run spiders now, skipping any still pending or running."""

from __future__ import annotations

import base64
import json
import os
import sys
import urllib.parse
import urllib.request

from vinny.venues import registry


def _call(url: str, path: str, data: dict[str, str] | None = None) -> dict:
    request = urllib.request.Request(f"{url.rstrip('/')}/{path}")
    if data is not None:
        request.data = urllib.parse.urlencode(data).encode()
    user, password = os.environ.get("SCRAPYD_USERNAME"), os.environ.get("SCRAPYD_PASSWORD", "")
    if user:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    with urllib.request.urlopen(request, timeout=30) as response:
        return json.load(response)


def busy_spiders(url: str, project: str) -> set[str]:
    jobs = _call(url, f"listjobs.json?project={project}")
    return {job["spider"] for state in ("pending", "running") for job in jobs.get(state, [])}


def schedule(*spiders: str, url: str = "", project: str = "vinny") -> int:
    """Schedule spiders on Scrapyd (`SCRAPYD_URL` or --url); all when none are named."""
    url = url or os.environ.get("SCRAPYD_URL", "http://127.0.0.1:6800")
    known = registry().spiders
    wanted = list(spiders) or list(known)
    unknown = [s for s in wanted if s not in known]
    if unknown:
        print(f"unknown spider(s): {', '.join(unknown)}", file=sys.stderr)
        return 2
    try:
        busy = busy_spiders(url, project)
        for spider in wanted:
            if spider in busy:
                print(f"{spider}: still pending or running, not scheduled again")
                continue
            job = _call(url, "schedule.json", {"project": project, "spider": spider})
            print(f"{spider}: {job.get('status')} {job.get('jobid', job.get('message', ''))}")
    except OSError as exc:
        print(f"Scrapyd at {url} did not answer: {exc}", file=sys.stderr)
        return 1
    return 0
