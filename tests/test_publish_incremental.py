"""Publishing only what changed (`vinny.publish.incremental`): a warm re-run rewrites no file, a
changed event rewrites its venue's page and calendar and no other venue's, `d1-changes.sql`
holds the upserts of the changed rows beside the whole `d1.sql`, and a run that changed no event
builds no document: `d1.sql` keeps its events' bytes and gets the new runs."""

import os
import sqlite3

import orjson
import pytest
import time_machine

from tests.exportdb import TODAY, apply, at, build, change_one, dom_dolla, first_run
from vinny.database.master import MasterStore
from vinny.publish import exports
from vinny.publish.exports import export


def stamps(out) -> dict[str, tuple[int, int]]:
    """(inode, mtime) of every exported file: a rewrite changes both (atomic rename)."""
    return {str(p.relative_to(out)): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in sorted(out.rglob("*")) if p.is_file()}


@pytest.fixture
def exported(tmp_path):
    db, out = build(tmp_path / "vinny.db"), tmp_path / "exports"
    export(db, out, None, TODAY)
    return db, out


def test_a_warm_rerun_rewrites_no_file(exported):
    db, out = exported
    before = stamps(out)
    export(db, out, None, TODAY)
    assert stamps(out) == before


def test_a_warm_rerun_reports_the_same_counts(exported):
    db, out = exported
    assert export(db, out, None, TODAY) == export(db, out, None, TODAY)


def test_a_changed_event_rewrites_its_venues_page_and_calendar_only(exported):
    db, out = exported
    before = stamps(out)
    change_one(db)
    export(db, out, None, TODAY)
    after = stamps(out)
    rewritten = sorted(f for f in after if before.get(f) != after[f])
    # The index lists counts only: a changed price leaves its bytes, so it is kept.
    assert [f for f in rewritten if f.startswith(("venues/", "ics/"))] == [
        "ics/all.ics", "ics/liv-las-vegas.ics", "venues/liv-las-vegas.md"]


def test_another_venues_page_and_calendar_are_untouched(exported):
    db, out = exported
    before = stamps(out)
    change_one(db)
    export(db, out, None, TODAY)
    after = stamps(out)
    assert [after[f] == before[f] for f in ("ics/xs-nightclub.ics", "venues/xs-nightclub.md",
                                            "venues/tao-nightclub.md")] == [True] * 3


def test_an_edited_file_is_regenerated(exported):
    db, out = exported
    page = out / "venues" / "xs-nightclub.md"
    expected = page.read_bytes()
    page.write_bytes(b"vandalised")
    export(db, out, None, TODAY)
    assert page.read_bytes() == expected


def test_a_deleted_file_is_regenerated(exported):
    db, out = exported
    calendar = out / "ics" / "xs-nightclub.ics"
    expected = calendar.read_bytes()
    calendar.unlink()
    export(db, out, None, TODAY)
    assert calendar.read_bytes() == expected


def test_the_d1_changes_hold_only_the_changed_event(exported):
    db, out = exported
    event_id = change_one(db)
    export(db, out, None, TODAY)
    changes = (out / "d1-changes.sql").read_text()
    upserted = {line.split("VALUES ('", 1)[1].split("'", 1)[0] for line in changes.splitlines()
                if line.startswith("INSERT INTO events ")}
    assert upserted == {event_id}


def test_the_d1_changes_bring_a_database_of_the_previous_dump_up_to_date(exported, tmp_path):
    db, out = exported
    d1 = sqlite3.connect(tmp_path / "d1.db")
    d1.executescript((out / "d1.sql").read_text())
    change_one(db)
    export(db, out, None, TODAY)
    d1.executescript((out / "d1-changes.sql").read_text())
    fresh = sqlite3.connect(tmp_path / "fresh.db")
    fresh.executescript((out / "d1.sql").read_text())
    query = "SELECT * FROM events ORDER BY event_id"
    assert d1.execute(query).fetchall() == fresh.execute(query).fetchall()


def test_an_export_of_one_format_keeps_the_d1_changes_pending(exported):
    db, out = exported
    event_id = change_one(db)
    export(db, out, ["csv"], TODAY)
    export(db, out, ["d1"], TODAY)
    assert f"'{event_id}'" in (out / "d1-changes.sql").read_text()


def test_files_with_the_same_bytes_are_kept_without_a_manifest(exported):
    db, out = exported
    before = stamps(out)
    os.unlink(out.parent / "exports.manifest.json")  # an export of an older vinny, say
    export(db, out, None, TODAY)
    assert stamps(out) == before



def crawl_unchanged(db, run_id: str = "r4") -> None:
    """A later run that finds every event as the last one did: only a `runs` row is added."""
    with time_machine.travel("2026-11-23T12:00:00-08:00", tick=False):
        store = MasterStore(db)
        later = [d for d in first_run() if not d["performer"].startswith("Van")]
        apply(store, run_id, [dom_dolla(at(4, 23, 0)), *later[1:]])
        store.close()


@pytest.fixture
def document_passes(monkeypatch) -> list[int]:
    """How many times an export built the event documents (one entry a pass)."""
    passes: list[int] = []

    def counted(conn):
        passes.append(1)
        return iter_documents(conn)

    iter_documents = exports.iter_documents
    monkeypatch.setattr(exports, "iter_documents", counted)
    return passes


def regenerated(db, tmp_path) -> bytes:
    """`d1.sql` as an export into an empty directory writes it."""
    fresh = tmp_path / "fresh"
    export(db, fresh, ["d1"], TODAY)
    return (fresh / "d1.sql").read_bytes()


def test_a_run_that_changed_no_event_builds_no_document(exported, document_passes):
    db, out = exported
    crawl_unchanged(db)
    export(db, out, None, TODAY)
    assert document_passes == []


def test_a_run_that_changed_no_event_gives_the_d1_sql_of_a_full_export(exported, tmp_path):
    db, out = exported
    crawl_unchanged(db)
    counts = export(db, out, None, TODAY)
    sql = (out / "d1.sql").read_bytes()
    assert b"'r4'" in sql
    assert sql == regenerated(db, tmp_path)
    assert counts == export(db, tmp_path / "all-fresh", None, TODAY)


def test_runs_that_changed_no_event_keep_giving_the_d1_sql_of_a_full_export(exported, tmp_path,
                                                                             document_passes):
    db, out = exported
    for run_id in ("r4", "r5", "r6"):
        crawl_unchanged(db, run_id)
        export(db, out, None, TODAY)
    assert document_passes == []
    assert (out / "d1.sql").read_bytes() == regenerated(db, tmp_path)


def test_the_d1_changes_of_a_run_that_changed_no_event_hold_the_run_alone(exported):
    db, out = exported
    crawl_unchanged(db)
    export(db, out, None, TODAY)
    changes = (out / "d1-changes.sql").read_text()
    assert "INSERT INTO runs " in changes and "'r4'" in changes
    assert "INSERT INTO events " not in changes


def test_a_changed_event_regenerates_the_d1_sql(exported, tmp_path, document_passes):
    db, out = exported
    change_one(db)
    export(db, out, None, TODAY)
    assert len(document_passes) == 1
    sql = (out / "d1.sql").read_bytes()
    assert b"7500" in sql
    assert sql == regenerated(db, tmp_path)


def test_a_d1_sql_edited_by_hand_is_regenerated_whole(exported, tmp_path, document_passes):
    db, out = exported
    edited = out / "d1.sql"
    edited.write_bytes(edited.read_bytes().replace(b"Dom Dolla", b"Dom Dolla (edited)"))
    crawl_unchanged(db)
    export(db, out, None, TODAY)
    assert len(document_passes) == 1
    assert edited.read_bytes() == regenerated(db, tmp_path)


def test_a_manifest_of_an_older_vinny_regenerates_the_d1_sql_whole(exported, tmp_path,
                                                                  document_passes):
    db, out = exported
    manifest = out.parent / "exports.manifest.json"
    state = orjson.loads(manifest.read_bytes())
    for record in state["files"].values():
        record.pop("head", None)
    manifest.write_bytes(orjson.dumps(state))
    crawl_unchanged(db)
    export(db, out, None, TODAY)
    assert len(document_passes) == 1
    assert (out / "d1.sql").read_bytes() == regenerated(db, tmp_path)


# master_events.json from the same snapshot and fingerprints as the exports (`export_all`).

@pytest.fixture
def published(tmp_path):
    db, out, master = build(tmp_path / "vinny.db"), tmp_path / "exports", tmp_path / "master.json"
    exports.export_all(db, out, master, None, TODAY)
    return db, out, master


def test_an_unchanged_catalogue_keeps_master_events_json_without_building_a_document(
        published, monkeypatch):
    db, out, master = published
    before, expected_total = stamps(master.parent)["master.json"], len(orjson.loads(
        master.read_bytes()))

    def no_documents(conn):
        raise AssertionError("documents built for an unchanged catalogue")

    monkeypatch.setattr("vinny.publish.master_json.iter_documents", no_documents)
    total, _ = exports.export_all(db, out, master, None, TODAY)
    assert (total, stamps(master.parent)["master.json"]) == (expected_total, before)


def test_a_changed_event_reaches_master_events_json(published):
    db, out, master = published
    event_id = change_one(db)
    exports.export_all(db, out, master, None, TODAY)
    doc = next(d for d in orjson.loads(master.read_bytes()) if d["event_id"] == event_id)
    assert [t["tier"]["min_spend"] for t in doc["table_pricing"]] == [7500, 3000]


def test_an_edited_master_events_json_is_regenerated(published):
    db, out, master = published
    expected = master.read_bytes()
    master.write_bytes(b"[]\n")
    exports.export_all(db, out, master, None, TODAY)
    assert master.read_bytes() == expected
