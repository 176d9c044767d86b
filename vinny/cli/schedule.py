"""`vinny schedule`: ask Scrapyd to run spiders now, skipping any still pending or running.

Plain HTTP (urllib) rather than scrapyd-client's library: scrapyd-client is a development
dependency (it builds and deploys the egg), not one of vinny's runtime dependencies.
Exits 0 only when every spider named was scheduled or is already pending or running; an
unknown spider, a URL that is not http(s), a Scrapyd that does not answer, or one that answers
`{"status": "error"}` is one line on stderr and a non-zero exit.
"""

from __future__ import annotations

import base64
import json
import os
import urllib.error
import urllib.parse
import urllib.request
from typing import Annotated

from cyclopts import Parameter

from vinny.cli.errors import CliError
from vinny.venues import registry


def _call(url: str, path: str, data: dict[str, str] | None = None) -> dict:
    request = urllib.request.Request(f"{url.rstrip('/')}/{path}")
    if data is not None:
        request.data = urllib.parse.urlencode(data).encode()
    user, password = os.environ.get("SCRAPYD_USERNAME"), os.environ.get("SCRAPYD_PASSWORD", "")
    if user:
        token = base64.b64encode(f"{user}:{password}".encode()).decode()
        request.add_header("Authorization", f"Basic {token}")
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.load(response)
    except urllib.error.HTTPError as exc:
        raise CliError(f"Scrapyd at {url} answered {path} with HTTP {exc.code}") from None
    except OSError as exc:
        raise CliError(f"Scrapyd at {url} did not answer: {getattr(exc, 'reason', exc)}"
                       ) from None
    except ValueError:
        raise CliError(f"Scrapyd at {url} answered {path} with something not JSON") from None
    if not isinstance(answer, dict) or answer.get("status") != "ok":
        message = answer.get("message", "") if isinstance(answer, dict) else ""
        raise CliError(f"Scrapyd at {url} refused {path.split('?')[0]}: "
                       f"{' '.join(str(message).split()) or answer}")
    return answer


def check_url(url: str) -> str:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise CliError(f"Scrapyd URL {url!r} is not an http(s) URL "
                       "(e.g. http://127.0.0.1:6800)", 2)
    return url


def busy_spiders(url: str, project: str) -> set[str]:
    jobs = _call(url, f"listjobs.json?project={urllib.parse.quote(project)}")
    return {job["spider"] for state in ("pending", "running") for job in jobs.get(state, [])}


def schedule(
    *spiders: Annotated[str, Parameter(help="spiders to run (see `vinny venues`); all if none")],
    url: Annotated[str, Parameter(help="Scrapyd's URL; default $SCRAPYD_URL, else "
                                       "http://127.0.0.1:6800")] = "",
    project: Annotated[str, Parameter(help="the Scrapyd project")] = "vinny",
) -> int:
    """Schedule spiders on Scrapyd (`SCRAPYD_URL` or --url); all when none are named.

    Credentials, if Scrapyd asks for them: SCRAPYD_USERNAME and SCRAPYD_PASSWORD."""
    url = check_url(url or os.environ.get("SCRAPYD_URL") or "http://127.0.0.1:6800")
    known = registry().spiders
    wanted = list(spiders) or list(known)
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise CliError(f"unknown spider(s): {', '.join(unknown)}; spiders: {', '.join(known)}",
                       2)
    busy = busy_spiders(url, project)
    for spider in wanted:
        if spider in busy:
            print(f"{spider}: still pending or running, not scheduled again")
            continue
        job = _call(url, "schedule.json", {"project": project, "spider": spider})
        print(f"{spider}: scheduled, job {job.get('jobid', '?')}")
    return 0
