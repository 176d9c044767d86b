"""`vinny schedule`: ask Scrapyd to run spiders now, skipping any still pending or running.

Talks to Scrapyd through scrapyd-client's `ScrapydClient` (listjobs.json, schedule.json), with
SCRAPYD_USERNAME/SCRAPYD_PASSWORD as credentials when set (else scrapyd-client's ~/.netrc look-up).
Exits 0 only when every spider named was scheduled or is already pending or running; an
unknown spider or a malformed `--setting` or Scrapyd URL (exit 2), a Scrapyd that does not
answer, asks for credentials, or answers `{"status": "error"}` (exit 1) is one line on stderr.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.parse
from collections.abc import Callable
from functools import partial
from typing import Annotated, Any, TypeVar

import requests
from cyclopts import Parameter
from scrapyd_client.exceptions import ErrorResponse, MalformedResponse
from scrapyd_client.pyclient import ScrapydClient

from vinny.cli.errors import CliError, setting_pairs
from vinny.venues import registry

T = TypeVar("T")
TIMEOUT = 30.0  # seconds one Scrapyd call may take
CREDENTIALS = "SCRAPYD_USERNAME and SCRAPYD_PASSWORD"


def check_url(url: str) -> str:
    """`url` if it is an http(s) URL with a host and a valid port; else a CliError (exit 2)."""
    parts = urllib.parse.urlsplit(url)
    try:
        parts.port  # noqa: B018 (raises ValueError on a port that is not a number or too big)
    except ValueError:
        parts = parts._replace(netloc="")
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise CliError(f"Scrapyd URL {url!r} is not an http(s) URL "
                       "(e.g. http://127.0.0.1:6800)", 2)
    return url.rstrip("/")


def check_settings(settings: tuple[str, ...]) -> list[tuple[str, str]]:
    """Scrapyd's `setting=NAME=VALUE` form fields; a CliError (exit 2) for one without a name."""
    return [("setting", f"{name}={value}") for name, value in setting_pairs(settings).items()]


def _why(exc: BaseException) -> str:
    """The operating system's reason in a requests error, without urllib3's object reprs."""
    found = re.search(r"\[Errno -?\d+\] [^'\")]+", str(exc))
    return found.group(0) if found else type(exc).__name__


def _refusal(url: str, what: str, exc: BaseException) -> CliError:
    """One line saying why Scrapyd's answer to `what` is not a success."""
    if isinstance(exc, ErrorResponse):
        return CliError(f"Scrapyd at {url} refused {what}: {' '.join(str(exc).split())}")
    if isinstance(exc, MalformedResponse) and str(exc).strip() == "Unauthorized":
        # Scrapyd's HTTP authentication answers 401 with this plain-text body, not JSON.
        given = "refused the credentials in" if os.environ.get("SCRAPYD_USERNAME") else \
            "needs credentials: set"
        return CliError(f"Scrapyd at {url} {given} {CREDENTIALS}")
    if isinstance(exc, MalformedResponse):
        return CliError(f"Scrapyd at {url} answered {what} with something not JSON")
    if isinstance(exc, requests.exceptions.InvalidURL):
        return CliError(f"Scrapyd URL {url!r} is not usable: {exc}", 2)
    if isinstance(exc, requests.RequestException):
        return CliError(f"Scrapyd at {url} did not answer: {_why(exc)}")
    if isinstance(exc, (KeyError, TypeError, RuntimeError)):
        return CliError(f"Scrapyd at {url} answered {what} with something unexpected: {exc}")
    raise exc


def _ask(url: str, what: str, call: Callable[[], T]) -> T:
    """`call()`'s answer, waited for at most TIMEOUT seconds; a CliError otherwise."""
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["answer"] = call()
        except Exception as exc:
            outcome["error"] = exc

    # scrapyd-client sends no timeout: its call runs in a daemon thread the command gives up on.
    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(TIMEOUT)
    if worker.is_alive():
        raise CliError(f"Scrapyd at {url} did not answer {what} within {TIMEOUT:.0f} s")
    if "error" in outcome:
        raise _refusal(url, what, outcome["error"]) from None
    answer: T = outcome["answer"]
    return answer


def client(url: str) -> ScrapydClient:
    """A client of the Scrapyd at `url`, with the credentials the environment holds."""
    return ScrapydClient(url, os.environ.get("SCRAPYD_USERNAME") or None,
                         os.environ.get("SCRAPYD_PASSWORD", ""))


def busy_spiders(scrapyd: ScrapydClient, project: str) -> set[str]:
    """The spiders with a job pending or running in `project`."""
    jobs = _ask(scrapyd.url, "listjobs.json", lambda: scrapyd.jobs(project))
    return {job["spider"] for state in ("pending", "running") for job in jobs.get(state, [])}


def schedule(
    *spiders: Annotated[str, Parameter(help="spiders to run (see `vinny venues`); all if none")],
    url: Annotated[str, Parameter(help="Scrapyd's URL; default $SCRAPYD_URL, else "
                                       "http://127.0.0.1:6800")] = "",
    project: Annotated[str, Parameter(help="the Scrapyd project")] = "vinny",
    setting: Annotated[tuple[str, ...], Parameter(
        help="NAME=VALUE, a Scrapy setting for these jobs (repeatable), "
             "e.g. VINNY_TODAY=2026-11-22")] = (),
) -> int:
    """Schedule spiders on Scrapyd (`SCRAPYD_URL` or --url); all when none are named.

    Credentials, if Scrapyd asks for them: SCRAPYD_USERNAME and SCRAPYD_PASSWORD."""
    scrapyd = client(check_url(url or os.environ.get("SCRAPYD_URL") or "http://127.0.0.1:6800"))
    args = check_settings(setting)
    known = registry().spiders
    wanted = list(spiders) or list(known)
    unknown = [s for s in wanted if s not in known]
    if unknown:
        raise CliError(f"unknown spider(s): {', '.join(unknown)}; spiders: {', '.join(known)}",
                       2)
    busy = busy_spiders(scrapyd, project)
    for spider in wanted:
        if spider in busy:
            print(f"{spider}: still pending or running, not scheduled again")
            continue
        job = _ask(scrapyd.url, "schedule.json", partial(scrapyd.schedule, project, spider, args))
        print(f"{spider}: scheduled, job {job}")
    return 0
