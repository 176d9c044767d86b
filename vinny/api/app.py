"""The read API (FastAPI) over the master database: `create_app(db_path)`.

Read-only: every request opens the database with `mode=ro`; only `GET` (and `HEAD`) routes
exist. Each response is read in one transaction, so it shows one commit even while a crawl
writes. Conventions (see `vinny.api.http`): one error shape, `ETag`/`304`, `Cache-Control`,
`HEAD`, CORS only when `VINNY_API_CORS_ORIGINS` (or `cors_origins`) names origins.
`/events` lists upcoming nights that are not removed unless asked (`include_past`, a `from`
date, `include_removed`, a `status`), pages with `total` and a `next` link (body and `Link`
header); `q` searches the FTS index (`vinny.api.search`). Images: with a local store the API
serves it at `/images/` and points every image URL there; with R2 the recorded public URLs
stand (`vinny.images.urls`). The documentation (`/docs`, `/redoc`) loads its scripts from
the `fastapi-offline` package, not a CDN. "Upcoming" is counted from today in Las Vegas
(`today` and `now` replace the clock in tests). The operator's dashboard (HTML, outside the
OpenAPI document) is mounted at `/` by `vinny.dashboard.routes.mount`.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, date, datetime
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, Literal

from fastapi import Depends, FastAPI, HTTPException, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.middleware.cors import CORSMiddleware
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi_offline import FastAPIOffline

from vinny.addons import project_settings
from vinny.api import queries
from vinny.api.health import health as health_of
from vinny.api.http import ConditionalGet, cors_origins, install_errors
from vinny.api.schemas import (
    Artist,
    EventDetail,
    EventPage,
    Health,
    HistoryPage,
    Stats,
    VenueDetail,
    VenueSummary,
)
from vinny.api.search import SearchIndex
from vinny.dashboard.routes import mount as mount_dashboard
from vinny.images.urls import local_store, rebase
from vinny.models import EventStatus
from vinny.timeutil import today_vegas

KEY = r"^[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*$"  # a slug or tag, any case
NOT_FOUND: dict[int | str, dict[str, Any]] = {404: {"description": "not found"}}
# The members come from queries.SORTS, the one list of sort keys: mypy cannot enumerate them.
Sort = StrEnum("Sort", {k.replace("-", "desc_"): k for k in queries.SORTS})  # type: ignore[misc]
DEFAULT_SORT = Sort("date")


def _conn(request: Request) -> Iterator[sqlite3.Connection]:
    db_path: Path = request.app.state.db_path
    if not db_path.exists():
        raise HTTPException(503, f"no master database at {db_path}")
    with queries.reading(db_path) as connection:
        yield connection


Conn = Annotated[sqlite3.Connection, Depends(_conn)]


def _page_links(request: Request, response: Response, total: int, limit: int,
                offset: int) -> str | None:
    """The next page's URL (None on the last page), also sent as a `Link` header."""
    if offset + limit >= total:
        return None
    url = str(request.url.include_query_params(offset=offset + limit, limit=limit))
    response.headers["Link"] = f'<{url}>; rel="next"'
    return url


def create_app(db_path: Path, today: Callable[[], date] = today_vegas, *,
               now: Callable[[], datetime] = lambda: datetime.now(UTC),
               images_dir: Path | Literal[True] | None = True,
               cors: list[str] | None = None) -> FastAPI:
    """`images_dir`: the local image store to serve (True: as `IMAGES_STORE` says, the data
    directory by default; None: images are in a bucket). `cors`: allowed origins (None: from
    `VINNY_API_CORS_ORIGINS`)."""
    app = FastAPIOffline(title="vinny", version="1",
                         description="Las Vegas nightlife events: a read-only API over the "
                                     "catalogue.")
    app.state.db_path = db_path
    search = SearchIndex()
    store = (local_store(db_path.parent, project_settings().get("IMAGES_STORE"))
             if images_dir is True else images_dir)
    install_errors(app)
    app.add_middleware(ConditionalGet)
    if origins := (cors_origins() if cors is None else cors):
        app.add_middleware(CORSMiddleware, allow_origins=origins,
                           allow_methods=["GET", "HEAD"], expose_headers=["ETag", "Link"])
    if store is not None:
        # check_dir off: the store directory appears with the first stored image.
        app.mount("/images", StaticFiles(directory=store, check_dir=False), name="images")

    def images_base(request: Request) -> Callable[[str | None], str | None]:
        if store is None:
            return lambda url: url
        base = str(request.url_for("images", path=""))
        return lambda url: rebase(url, base)

    def with_images(request: Request, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """Each row's `image` where this server (or R2) has it."""
        fix = images_base(request)
        for row in rows:
            row["image"] = fix(row["image"])
        return rows

    @app.get("/health", response_model=Health,
             responses={503: {"description": "a spider is stale, or no database"}})
    def health(db: Conn) -> JSONResponse:
        body = health_of(db, now())
        return JSONResponse(body, 503 if body["status"] != "ok" else 200)

    @app.get("/events", response_model=EventPage)
    def events(
        request: Request, response: Response, db: Conn,
        venue: Annotated[str | None, Query(pattern=KEY, max_length=100,
                                           description="venue slug or tag, any case")] = None,
        date_from: Annotated[date | None, Query(alias="from", description=(
            "first night (ISO date); past nights are shown only from it"))] = None,
        date_to: Annotated[date | None, Query(alias="to",
                                              description="last night (ISO date)")] = None,
        artist: Annotated[str | None, Query(min_length=1, max_length=200, description=(
            "any performer of the night, whole words, accents ignored"))] = None,
        q: Annotated[str | None, Query(min_length=1, max_length=200, description=(
            "words (prefixes) in performer, venue or bio; accents ignored"))] = None,
        status: Annotated[list[EventStatus] | None, Query()] = None,
        include_past: Annotated[bool, Query(description="show nights before today")] = False,
        include_removed: Annotated[bool, Query(description="show removed events")] = False,
        updated_since: Annotated[datetime | None, Query(description=(
            "only events changed at or after this instant (ISO datetime with offset)"))] = None,
        sort: Annotated[Sort, Query(description="field, `-` first for descending")] = DEFAULT_SORT,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict[str, Any]:
        if date_from and date_to and date_from > date_to:
            raise HTTPException(422, "`from` is after `to`")
        if q is not None and not q.split():
            raise HTTPException(422, "`q` has no words")
        if updated_since is not None and updated_since.tzinfo is None:
            raise HTTPException(422, "`updated_since` needs an offset (e.g. Z or -08:00)")
        past = include_past or date_from is not None
        filters = queries.EventFilter(
            venue, date_from, date_to, artist,
            search.matching(db, q) if q is not None else None,
            [s.value for s in status or []], None if past else today(), include_removed,
            updated_since)
        total, rows = queries.list_events(db, filters, limit, offset, Sort(sort).value)
        with_images(request, rows)
        return {"total": total, "limit": limit, "offset": offset,
                "next": _page_links(request, response, total, limit, offset), "events": rows}

    @app.get("/events/{event_id}", response_model=EventDetail, responses=NOT_FOUND)
    def event(request: Request, db: Conn,
              event_id: Annotated[str, PathParam(max_length=300)]) -> dict[str, Any]:
        detail = queries.event_detail(db, event_id, images_base(request))
        if detail is None:
            raise HTTPException(404, f"no event {event_id!r}")
        detail["history_url"] = str(request.url_for("event_history", event_id=event_id))
        return detail

    @app.get("/events/{event_id}/history", response_model=HistoryPage, responses=NOT_FOUND)
    def event_history(request: Request, response: Response, db: Conn,
                      event_id: Annotated[str, PathParam(max_length=300)],
                      limit: Annotated[int, Query(ge=1, le=1000)] = 100,
                      offset: Annotated[int, Query(ge=0)] = 0) -> dict[str, Any]:
        if not queries.event_exists(db, event_id):
            raise HTTPException(404, f"no event {event_id!r}")
        total, changes = queries.history(db, event_id, limit, offset)
        return {"total": total, "limit": limit, "offset": offset,
                "next": _page_links(request, response, total, limit, offset),
                "changes": changes}

    @app.get("/venues", response_model=list[VenueSummary])
    def venues(db: Conn) -> list[dict[str, Any]]:
        return queries.venues(db, today())

    @app.get("/venues/{key}", response_model=VenueDetail, responses=NOT_FOUND)
    def venue(request: Request, db: Conn,
              key: Annotated[str, PathParam(pattern=KEY, max_length=100)],
              limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
        found = queries.venue(db, key, today(), limit)
        if found is None:
            raise HTTPException(404, f"no venue {key!r}")
        with_images(request, found["upcoming"])
        return found

    @app.get("/artists/{slug}", response_model=Artist, responses=NOT_FOUND)
    def artist(request: Request, db: Conn,
               slug: Annotated[str, PathParam(pattern=KEY, max_length=200)],
               limit: Annotated[int, Query(ge=1, le=500)] = 50) -> dict[str, Any]:
        found = queries.artist(db, slug.lower(), today(), limit)
        if found is None:
            raise HTTPException(404, f"no artist {slug!r}")
        with_images(request, found["upcoming"])
        return found

    @app.get("/stats", response_model=Stats)
    def stats(db: Conn,
              runs: Annotated[int, Query(ge=1, le=50, description="recent runs per spider")] = 5,
              ) -> dict[str, Any]:
        return queries.stats(db, today(), runs)

    mount_dashboard(app, today, now)
    return app
