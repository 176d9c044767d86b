"""The dashboard's routes, mounted on the read API by `mount`: `/` (health), `/dashboard/changes`,
`/dashboard/venues/{slug}`, `/dashboard/events/{event_id}` and the static files under
`/dashboard/static/`. Read-only: one read transaction per page, as the JSON API reads. Left out
of the OpenAPI document (HTML, not the API)."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Annotated
from urllib.parse import urlsplit

from fastapi import APIRouter, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.routing import NoMatchFound

from vinny.api import queries
from vinny.dashboard import data, pages
from vinny.dashboard.layout import CSP, STATIC
from vinny.database.rows import read_event
from vinny.images.urls import rebase

FEED_PAGE = 100
VENUE_NIGHTS = 200
Filter = Annotated[str | None, Query(max_length=200)]


def _html(body: str, status: int = 200) -> HTMLResponse:
    return HTMLResponse(body, status, headers={"Content-Security-Policy": CSP})


@contextmanager
def _reading(request: Request) -> Iterator[sqlite3.Connection | None]:
    """One read transaction on the master database; None when there is no database."""
    path = request.app.state.db_path
    if not path.exists():
        yield None
        return
    with queries.reading(path) as conn:
        yield conn


def _no_database(request: Request) -> HTMLResponse:
    return _html(pages.not_found(f"No master database at {request.app.state.db_path.name}; "
                                 "run a crawl first."), 503)


def _images(request: Request) -> Callable[[str | None], str | None]:
    """Image URLs as this server serves them (its `/images/` mount), when it has one."""
    try:
        base = urlsplit(str(request.url_for("images", path=""))).path
    except NoMatchFound:
        return lambda url: url
    return lambda url: rebase(url, base)


def router(today: Callable[[], date], now: Callable[[], datetime]) -> APIRouter:
    routes = APIRouter(include_in_schema=False)

    @routes.get("/", response_class=HTMLResponse)
    def health(request: Request) -> HTMLResponse:
        with _reading(request) as db:
            if db is None:
                return _no_database(request)
            at = now()
            statuses = [data.spider_status(db, s, at) for s in data.spiders(db)]
            runs = {s["spider"]: data.recent_runs(db, s["spider"]) for s in statuses}
            venues = queries.venues(db, today())
        totals = {"events": sum(v["events"] for v in venues),
                  "upcoming": sum(v["upcoming_events"] for v in venues)}
        return _html(pages.health_page(statuses, runs, venues, totals, at.isoformat()))

    @routes.get("/dashboard/changes", response_class=HTMLResponse)
    def changes(request: Request, venue: Filter = None, spider: Filter = None,
                field: Filter = None,
                before: Annotated[int | None, Query(ge=0)] = None) -> HTMLResponse:
        chosen = {"venue": venue or None, "spider": spider or None, "field": field or None}
        with _reading(request) as db:
            if db is None:
                return _no_database(request)
            found = data.changes(db, data.ChangeFilter(**chosen, before=before), FEED_PAGE + 1)
            options = data.change_options(db)
        return _html(pages.changes_page(found[:FEED_PAGE], options, chosen,
                                        more=len(found) > FEED_PAGE))

    @routes.get("/dashboard/venues/{slug}", response_class=HTMLResponse)
    def venue(request: Request,
              slug: Annotated[str, PathParam(max_length=100)]) -> HTMLResponse:
        with _reading(request) as db:
            if db is None:
                return _no_database(request)
            found = queries.venue(db, slug, today(), VENUE_NIGHTS)
        if found is None:
            return _html(pages.not_found(f"No venue {slug!r}."), 404)
        fix = _images(request)
        for night in found["upcoming"]:
            night["image"] = fix(night["image"])
        return _html(pages.venue_page(found))

    @routes.get("/dashboard/events/{event_id}", response_class=HTMLResponse)
    def event(request: Request,
              event_id: Annotated[str, PathParam(max_length=300)]) -> HTMLResponse:
        with _reading(request) as db:
            if db is None:
                return _no_database(request)
            doc = read_event(db, event_id)
            if doc is None:
                return _html(pages.not_found(f"No event {event_id!r}."), 404)
            total, history = data.event_history(db, event_id)
            series = data.tier_series(db, doc, data.pricing_history(db, event_id))
        fix = _images(request)
        for image in doc["images"]:
            for size in image.get("sizes") or []:
                size["r2_url"] = fix(size["r2_url"])
        return _html(pages.event_page(doc, history, total, series))

    return routes


def mount(app: FastAPI, today: Callable[[], date], now: Callable[[], datetime]) -> None:
    """Add the dashboard's pages and its static files (charting library included) to `app`."""
    app.include_router(router(today, now))
    app.mount(STATIC, StaticFiles(packages=[("vinny.dashboard", "static")]),
              name="dashboard-static")
