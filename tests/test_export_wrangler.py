"""`d1.sql` executed by `wrangler d1 execute DB --local --file` (D1's own engine, workerd,
offline), then queried through wrangler: the rows agree with Python's sqlite3, `MATCH`
included. wrangler comes from npm (`make test` installs it into node_modules/)."""

import json
import os
import subprocess

import pytest

from tests.e2e import ROOT
from tests.exportdb import HOSTILE, HOSTILE_BIO, LONG_TEXT, build, change_one
from tests.test_export_d1 import KEYS, d1_sql, execute, snapshot

WRANGLER = ROOT / "node_modules" / ".bin" / "wrangler"

pytestmark = pytest.mark.skipif(
    not WRANGLER.exists() and not os.environ.get("CI"),
    reason="wrangler is not installed: `make install` puts it in node_modules/",
)


class LocalD1:
    """A local D1 database under `state`, reached only through the wrangler command."""

    def __init__(self, state):
        self.state = state
        self.env = {**os.environ, "WRANGLER_SEND_METRICS": "false", "CI": "true",
                    "XDG_CONFIG_HOME": str(state / "config"), "NO_COLOR": "1"}

    def run(self, *args: str) -> str:
        cmd = [str(WRANGLER), "d1", "execute", "DB", "--local", f"--persist-to={self.state}",
               f"--config={ROOT / 'wrangler.toml'}", *args]
        done = subprocess.run(cmd, cwd=self.state, env=self.env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
        return done.stdout

    def execute_file(self, path) -> None:
        self.run(f"--file={path}")

    def query(self, *queries: str) -> list[list[dict]]:
        """The rows of each query, all run by one wrangler process (each start costs seconds)."""
        out = self.run("--json", f"--command={'; '.join(queries)}")
        return [result["results"] for result in json.loads(out[out.index("["):])]


def write(tmp_path, name: str, sql: str):
    path = tmp_path / name
    path.write_bytes(sql.encode())
    return path


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    """The first export, the export after one changed event, and the changed event's id."""
    tmp = tmp_path_factory.mktemp("wrangler")
    db = build(tmp / "vinny.db")
    first = write(tmp, "first.sql", d1_sql(db, tmp / "first"))
    changed = change_one(db)
    second = write(tmp, "second.sql", d1_sql(db, tmp / "second"))
    return first, second, changed


QUERIES = {
    "events": "SELECT * FROM events ORDER BY event_id",
    "tiers": "SELECT COUNT(*) AS n FROM table_pricing_tiers",
    "match": "SELECT e.performer FROM events_fts f JOIN events e ON e.rowid = f.rowid "
             "WHERE events_fts MATCH '\"drop table\"'",
    "bio": "SELECT artist_bio FROM events WHERE event_id = "
           "'2026-12-05-x-drop-table-events-liv-las-vegas'",
    "long": "SELECT length(description) AS n, substr(description, 1, 16) AS head, "
            "substr(description, -18) AS tail FROM events WHERE performer = 'Long Story'",
    "integrity": "INSERT INTO events_fts (events_fts, rank) VALUES ('integrity-check', 1)",
    "sonny": "SELECT COUNT(*) AS n FROM events_fts WHERE events_fts MATCH 'sonny'",
}


@pytest.fixture(scope="module")
def d1(exported, tmp_path_factory):
    """What a local D1 that executed the first export twice answers to QUERIES."""
    local = LocalD1(tmp_path_factory.mktemp("d1-state"))
    local.execute_file(exported[0])
    local.execute_file(exported[0])
    return dict(zip(QUERIES, local.query(*QUERIES.values()), strict=True))


def test_events_match_what_sqlite3_loads(d1, exported):
    expected = execute(exported[0].read_bytes().decode())
    assert [tuple(r.values()) for r in d1["events"]] == [
        tuple(r) for r in expected.execute(QUERIES["events"])]


def test_executing_twice_leaves_one_row_per_tier(d1):
    assert d1["tiers"] == [{"n": 4}]


def test_match_finds_the_hostile_performer(d1):
    assert d1["match"] == [{"performer": HOSTILE}]


def test_the_hostile_bio_round_trips(d1):
    assert d1["bio"] == [{"artist_bio": HOSTILE_BIO}]


def test_the_long_description_round_trips(d1):
    assert d1["long"] == [{"n": len(LONG_TEXT), "head": LONG_TEXT[:16], "tail": LONG_TEXT[-18:]}]


def test_the_index_passes_its_integrity_check(d1):
    assert d1["integrity"] == [] and d1["sonny"] == [{"n": 1}]


def test_the_second_export_gives_the_rows_sqlite3_gives(exported, tmp_path_factory):
    first, second, _ = exported
    local = LocalD1(tmp_path_factory.mktemp("d1-second"))
    local.execute_file(first)
    local.execute_file(second)
    expected = snapshot(execute(second.read_bytes().decode(),
                                execute(first.read_bytes().decode())))
    tables = ("events", "table_pricing_tiers", "images", "field_changes", "runs")
    found = local.query(*(f"SELECT * FROM {t} ORDER BY {KEYS[t]}" for t in tables))
    assert {t: [tuple(r.values()) for r in rows] for t, rows in zip(tables, found, strict=True)} \
        == {t: expected[t] for t in tables}
