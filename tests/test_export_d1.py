"""`d1.sql` executed by Python's sqlite3: schema, rows, full-text search, idempotence, limits."""

import sqlite3

import pytest

from tests.exportdb import HOSTILE, HOSTILE_BIO, LONG_TEXT, TODAY, build, change_one
from vinny.database.schema import TABLES
from vinny.publish.d1 import FTS_TABLE
from vinny.publish.exports import export
from vinny.publish.sql import MAX_STATEMENT_BYTES

KEYS = {"events": "event_id", "table_pricing": "event_id, tier_id",
        "table_pricing_tiers": "event_id, tier_id", "images": "image_id",
        "image_sizes": "image_id, preset", "enrichment_status": "event_id",
        "artist_stats": "artist_slug", "streaming_links": "artist_slug",
        "social_links": "artist_slug", "field_changes": "change_id", "runs": "run_id"}


def d1_sql(db, out) -> str:
    export(db, out, ["d1"], TODAY)
    return (out / "d1.sql").read_bytes().decode()  # no newline translation


def statements(sql: str) -> list[str]:
    """The file's statements, split where SQLite itself sees a statement end."""
    found, pending = [], ""
    for line in sql.splitlines(keepends=True):
        pending += line
        if sqlite3.complete_statement(pending):
            found.append(pending.strip())
            pending = ""
    assert not pending.strip(), "the file ends inside a statement"
    return found


def execute(sql: str, conn: sqlite3.Connection | None = None) -> sqlite3.Connection:
    conn = conn or sqlite3.connect(":memory:")
    conn.execute("PRAGMA foreign_keys = ON")  # as D1 does
    conn.executescript(sql)
    return conn


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    return {table: conn.execute(f"SELECT * FROM {table} ORDER BY {key}").fetchall()
            for table, key in KEYS.items()}


def match(conn: sqlite3.Connection, query: str) -> list[str]:
    return [r[0] for r in conn.execute(
        f"SELECT e.event_id FROM {FTS_TABLE} f JOIN events e ON e.rowid = f.rowid "
        f"WHERE {FTS_TABLE} MATCH ? ORDER BY e.event_id", (query,))]


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("d1") / "vinny.db")


@pytest.fixture(scope="module")
def sql(db, tmp_path_factory):
    return d1_sql(db, tmp_path_factory.mktemp("exports"))


@pytest.fixture(scope="module")
def loaded(sql):
    return execute(sql)


def test_every_statement_is_under_d1s_size_limit(sql):
    assert max(len(s.encode()) for s in statements(sql)) < MAX_STATEMENT_BYTES


def test_the_long_description_is_split_over_several_statements(sql):
    appends = [s for s in statements(sql) if s.startswith("UPDATE events SET description")]
    assert len(appends) > 1


def test_no_transaction_statements(sql):
    verbs = {s.split()[0].upper() for s in statements(sql)}
    assert not verbs & {"BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "END"}


def test_never_insert_or_replace(sql):
    assert not any(s.upper().startswith(("INSERT OR REPLACE", "REPLACE")) for s in statements(sql))


def test_no_nul_byte_in_the_file(sql):
    assert "\x00" not in sql


def test_every_table_of_the_schema_and_the_index_exist(loaded):
    names = {r[0] for r in loaded.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    assert set(TABLES) | {FTS_TABLE} <= names


def test_every_event_of_the_database_is_loaded(db, loaded):
    source = sqlite3.connect(db)
    expected = source.execute("SELECT event_id, status FROM events ORDER BY event_id").fetchall()
    assert loaded.execute("SELECT event_id, status FROM events ORDER BY event_id").fetchall() \
        == expected


def test_pricing_images_and_artists_are_loaded(loaded):
    counts = [loaded.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
              for t in ("table_pricing_tiers", "image_sizes", "streaming_links", "artist_stats")]
    assert counts == [4, 2, 1, 1]


def test_history_and_runs_keep_their_ids(db, loaded):
    source = sqlite3.connect(db)
    query = "SELECT change_id, event_id, field FROM field_changes ORDER BY change_id"
    assert loaded.execute(query).fetchall() == source.execute(query).fetchall()


def test_the_hostile_performer_round_trips(loaded):
    assert loaded.execute("SELECT performer FROM events WHERE performer = ?",
                          (HOSTILE,)).fetchone() == (HOSTILE,)


def test_the_hostile_bio_round_trips(loaded):
    assert loaded.execute("SELECT artist_bio FROM events WHERE performer = ?",
                          (HOSTILE,)).fetchone() == (HOSTILE_BIO,)


def test_the_long_description_round_trips(loaded):
    assert loaded.execute("SELECT description FROM events WHERE performer = 'Long Story'"
                          ).fetchone() == (LONG_TEXT,)


def test_a_nul_character_round_trips(loaded):
    assert loaded.execute("SELECT artist_bio FROM events WHERE performer = 'Long Story'"
                          ).fetchone() == ("nul \x00 inside Ünïcödé",)


def test_match_finds_the_hostile_performer(loaded):
    assert match(loaded, '"drop table"') == ["2026-12-05-x-drop-table-events-liv-las-vegas"]


def test_match_finds_a_supporting_act(loaded):
    assert match(loaded, "sonny") == ["2026-12-04-dom-dolla-liv-las-vegas"]


def test_match_finds_a_word_of_the_bio(loaded):
    assert match(loaded, "melbourne") == ["2026-12-04-dom-dolla-liv-las-vegas"]


def test_match_ignores_accents(loaded):
    assert match(loaded, "unicode") == ["2026-12-18-long-story-tao-nightclub"]


def test_foreign_keys_hold(loaded):
    assert loaded.execute("PRAGMA foreign_key_check").fetchall() == []


def test_executing_twice_leaves_the_same_rows(sql):
    once = snapshot(execute(sql))
    assert snapshot(execute(sql, execute(sql))) == once


def test_the_index_agrees_with_the_rows_after_executing_twice(sql):
    conn = execute(sql, execute(sql))
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    assert len(match(conn, "melbourne")) == 1


@pytest.fixture(scope="module")
def second(tmp_path_factory, sql):
    """D1 after the first export, then after the export following one changed event."""
    db = build(tmp_path_factory.mktemp("d1-second") / "vinny.db")
    conn = execute(sql)
    before = snapshot(conn)
    changed = change_one(db)
    execute(d1_sql(db, tmp_path_factory.mktemp("exports-second")), conn)
    return before, snapshot(conn), changed, conn


def _event_of(table: str, row: tuple, conn) -> str:
    if table in ("images", "image_sizes"):
        return conn.execute("SELECT event_id FROM images WHERE image_id = ?", (row[0],)
                            ).fetchone()[0]
    return row[0] if table != "field_changes" else row[1]


def test_a_second_export_changes_only_the_changed_events_rows(second):
    before, after, changed, conn = second
    per_event = [t for t in KEYS if t not in ("runs",) and not t.endswith(("stats", "links"))]
    touched = {_event_of(t, row, conn) for t in per_event
               for row in set(after[t]) ^ set(before[t])}
    assert touched == {changed}


def test_a_second_export_adds_the_new_run(second):
    before, after, _, _ = second
    assert [r[0] for r in after["runs"]] == [r[0] for r in before["runs"]] + ["r4"]


def test_a_tier_gone_from_the_master_is_deleted(second):
    _, after, changed, _ = second
    assert [r[1] for r in after["table_pricing_tiers"] if r[0] == changed] == ["MAS1", "MAS2"]


def test_the_index_agrees_with_the_rows_after_the_second_export(second):
    conn = second[3]
    conn.execute(f"INSERT INTO {FTS_TABLE} ({FTS_TABLE}, rank) VALUES ('integrity-check', 1)")
    assert match(conn, "sonny") == [second[2]]
