"""The read API (FastAPI) over the master database: `create_app(db_path)`.

Read-only: every request opens the database with `mode=ro` and only GET routes exist. Each
response is read in one transaction, so it shows one commit even while a crawl writes.
Parameters are validated (422 on a bad one, 404 for an unknown event); the OpenAPI
documentation is at `/docs`. "Upcoming" is counted from today in Las Vegas (`today`
replaces the clock in tests).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi import Path as PathParam

from vinny.api import queries
from vinny.api.schemas import EventDetail, EventPage, Health, Stats, VenueSummary
from vinny.models import EventStatus
from vinny.timeutil import today_vegas

SLUG = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"


def _conn(request: Request) -> Iterator[sqlite3.Connection]:
    db_path: Path = request.app.state.db_path
    if not db_path.exists():
        raise HTTPException(503, f"no master database at {db_path}")
    connection = queries.connect(db_path)
    try:
        queries.begin_read(connection)
        yield connection
    finally:
        queries.end_read(connection)
        connection.close()


Conn = Annotated[sqlite3.Connection, Depends(_conn)]


def create_app(db_path: Path, today: Callable[[], date] = today_vegas) -> FastAPI:
    app = FastAPI(title="vinny", version="1",
                  description="Las Vegas nightlife events: a read-only API over the catalogue.")
    app.state.db_path = db_path

    @app.get("/health", response_model=Health)
    def health(db: Conn) -> dict:
        return {"status": "ok", "events": db.execute("SELECT COUNT(*) FROM events").fetchone()[0]}

    @app.get("/events", response_model=EventPage)
    def events(
        db: Conn,
        venue: Annotated[str | None, Query(pattern=SLUG, max_length=100,
                                           description="venue slug or tag")] = None,
        date_from: Annotated[date | None, Query(alias="from",
                                                description="first night (ISO date)")] = None,
        date_to: Annotated[date | None, Query(alias="to",
                                              description="last night (ISO date)")] = None,
        artist: Annotated[str | None, Query(min_length=1, max_length=200,
                                            description="any performer of the night")] = None,
        q: Annotated[str | None, Query(min_length=1, max_length=200,
                                       description="words in performer, venue, name or bio")]
        = None,
        status: Annotated[list[EventStatus] | None, Query()] = None,
        limit: Annotated[int, Query(ge=1, le=500)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> dict:
        if date_from and date_to and date_from > date_to:
            raise HTTPException(422, "`from` is after `to`")
        if q is not None and not q.split():
            raise HTTPException(422, "`q` has no words")
        filters = queries.EventFilter(venue, date_from, date_to, artist, q,
                                      [s.value for s in status or []])
        total, rows = queries.list_events(db, filters, limit, offset)
        return {"total": total, "limit": limit, "offset": offset, "events": rows}

    @app.get("/events/{event_id}", response_model=EventDetail,
             responses={404: {"description": "no such event"}})
    def event(db: Conn, event_id: Annotated[str, PathParam(max_length=300)]) -> dict:
        detail = queries.event_detail(db, event_id)
        if detail is None:
            raise HTTPException(404, f"no event {event_id!r}")
        return detail

    @app.get("/venues", response_model=list[VenueSummary])
    def venues(db: Conn) -> list:
        return queries.venues(db, today())

    @app.get("/stats", response_model=Stats)
    def stats(db: Conn,
              runs: Annotated[int, Query(ge=1, le=50, description="recent runs per spider")] = 5,
              ) -> dict:
        return queries.stats(db, today(), runs)

    return app
