"""One read transaction per response: a crawl committing between the reads behind a response
does not show in it (a list's total matches its rows; a detail matches its history)."""

import sqlite3

import pytest
from fastapi.testclient import TestClient

from tests.exportdb import TODAY, build
from vinny.api import queries
from vinny.api.app import create_app
from vinny.database.db import connect as connect_writer
from vinny.database.db import transaction

DOM = "2026-12-04-dom-dolla-liv-las-vegas"


class WriterBetweenReads:
    """A connection that lets a writer commit right after the response's first query."""

    def __init__(self, conn: sqlite3.Connection, first_query: str, write):
        self.conn, self.first_query, self.write = conn, first_query, write

    def execute(self, sql, *args):
        cursor = self.conn.execute(sql, *args)
        if self.write and sql.startswith(self.first_query):
            write, self.write = self.write, None
            write()
        return cursor

    def __getattr__(self, name):
        return getattr(self.conn, name)


@pytest.fixture
def db(tmp_path):
    return build(tmp_path / "vinny.db")


def serve_with_writer(db, monkeypatch, first_query: str, write) -> TestClient:
    real_connect = queries.connect
    monkeypatch.setattr(queries, "connect",
                        lambda path: WriterBetweenReads(real_connect(path), first_query, write))
    return TestClient(create_app(db, today=lambda: TODAY))


def commit(db, *statements: tuple[str, tuple]) -> None:
    writer = connect_writer(db)
    with transaction(writer):
        for sql, params in statements:
            writer.execute(sql, params)
    writer.close()


def test_a_list_total_matches_its_rows_while_a_crawl_commits(db, monkeypatch):
    def add_an_event():
        new = {"event_id": "'2026-12-04-newcomer-liv-las-vegas'", "performer": "'Newcomer'",
               "artist_slug": "'newcomer'"}
        with sqlite3.connect(db) as probe:
            columns = [row[1] for row in probe.execute("PRAGMA table_info(events)")]
        commit(db, (f"INSERT INTO events ({', '.join(columns)}) SELECT "
                    f"{', '.join(new.get(c, c) for c in columns)} FROM events WHERE event_id = ?",
                    (DOM,)))

    with serve_with_writer(db, monkeypatch, "SELECT COUNT(*)", add_an_event) as client:
        body = client.get("/events?limit=500").json()
    assert body["total"] == len(body["events"])


def test_an_event_matches_its_history_while_a_crawl_commits(db, monkeypatch):
    def change_the_performer():
        commit(db, ("UPDATE events SET performer = 'Dom Dolla (changed)' WHERE event_id = ?",
                    (DOM,)),
               ("INSERT INTO field_changes (event_id, field, old_value, new_value, run_id, "
                "changed_at) VALUES (?, 'performer', '\"Dom Dolla\"', '\"Dom Dolla (changed)\"', "
                "'r9', '2026-11-23T00:00:00+00:00')", (DOM,)))

    with serve_with_writer(db, monkeypatch, "SELECT * FROM events", change_the_performer) as client:
        detail = client.get(f"/events/{DOM}").json()
    changed = detail["performer"] == "Dom Dolla (changed)"
    assert changed == any(h["run_id"] == "r9" for h in detail["history"])
