"""events.json, events.jsonl, events.csv and the run of an export: determinism, structure,
JSON-LD, the hostile performer round-tripping, formula cells made text in the CSV only, the
CSV's flat columns and its BOM option, and one file mode for every published file."""

import csv
import io
import json

import pytest
from scrapy.settings import Settings

from tests.exportdb import HOSTILE, HOSTILE_BIO, TODAY, at, build, change_one, event
from vinny.publish.events_csv import CSV_COLUMNS, CsvExporter, csv_header, csv_row
from vinny.publish.events_jsonl import json_line
from vinny.publish.exporter import ExportOptions
from vinny.publish.exports import export
from vinny.publish.registry import FORMATS

DOM = "2026-12-04-dom-dolla-liv-las-vegas"
REMOVED = "2026-12-12-vanishing-act-liv-las-vegas"


def tree(root) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*"))
            if p.is_file()}


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    return build(tmp_path_factory.mktemp("db") / "vinny.db")


@pytest.fixture(scope="module")
def out(db, tmp_path_factory):
    out = tmp_path_factory.mktemp("exports")
    export(db, out, None, TODAY)
    return out


@pytest.fixture(scope="module")
def events(out) -> dict[str, dict]:
    return {e["event_id"]: e for e in json.loads((out / "events.json").read_bytes())}


@pytest.fixture(scope="module")
def csv_rows(out) -> list[dict]:
    csv.field_size_limit(1 << 24)  # the long description is ~200 KB; the default limit is 128 KB
    return list(csv.DictReader(io.StringIO((out / "events.csv").read_bytes().decode(),
                                           newline="")))


def test_the_same_database_gives_byte_identical_files(db, out, tmp_path):
    export(db, tmp_path, None, TODAY)
    assert tree(tmp_path) == tree(out)


def test_without_a_date_upcoming_counts_from_the_newest_run(db, out, tmp_path):
    export(db, tmp_path, ["markdown"], None)  # runs finished on 2026-11-22 in Las Vegas
    assert tree(tmp_path) == {k: v for k, v in tree(out).items() if k.startswith("venues/")}


def test_every_format_is_written(out):
    assert {name.split("/")[0] for name in tree(out)} == {
        "events.json", "events.jsonl", "events.csv", "d1.sql", "d1-changes.sql", "venues", "ics"}


def test_an_export_reports_events_per_format(db, tmp_path):
    counts = export(db, tmp_path, None, TODAY)
    assert counts == {**dict.fromkeys(FORMATS, 8), "markdown": 6}


def test_an_unknown_format_is_refused(db, tmp_path):
    with pytest.raises(ValueError, match="unknown format"):
        export(db, tmp_path, ["pdf"], TODAY)


def test_a_failed_export_leaves_the_previous_files(db, tmp_path, monkeypatch):
    export(db, tmp_path / "out", None, TODAY)
    before = tree(tmp_path / "out")
    change_one(db_copy := _copy(db, tmp_path / "copy.db"))

    def broken(doc):
        raise RuntimeError("disk full")

    monkeypatch.setattr("vinny.publish.events_csv.csv_row", broken)
    with pytest.raises(RuntimeError):
        export(db_copy, tmp_path / "out", None, TODAY)
    assert tree(tmp_path / "out") == before


def _copy(db, target):
    import sqlite3

    source = sqlite3.connect(db)
    copy = sqlite3.connect(target)
    source.backup(copy)
    source.close()
    copy.close()
    return target


def test_events_json_is_sorted_by_event_id(events):
    assert list(events) == sorted(events)


def test_events_json_has_no_history(events):
    assert not any("history" in e for e in events.values())


def test_events_jsonl_has_the_same_events(out, events):
    lines = (out / "events.jsonl").read_bytes().decode().splitlines()
    assert [json.loads(line) for line in lines] == list(events.values())


def test_price_from_is_the_cheapest_available_tier(events):
    assert events[DOM]["price_from"] == 6000  # MAS2 (3,000) is sold out; MAS3 has no price


def test_jsonld_is_a_schema_org_event(events):
    ld = events[DOM]["jsonld"]
    assert (ld["@context"], ld["@type"], ld["startDate"]) == (
        "https://schema.org", "Event", "2026-12-04T23:00:00-08:00")


def test_jsonld_location_has_the_registry_address(events):
    address = events[DOM]["jsonld"]["location"]["address"]
    assert (address["streetAddress"], address["postalCode"]) == ("2777 Las Vegas Blvd S", "89109")


def test_jsonld_performers_are_every_performer(events):
    assert [p["name"] for p in events[DOM]["jsonld"]["performer"]] == ["Dom Dolla",
                                                                       "Sonny Fodera"]


def test_jsonld_images_are_the_stored_renditions(events):
    assert events[DOM]["jsonld"]["image"] == [
        "https://img.vinny.vegas/artists/dom-dolla/liv-hd.jpg",
        "https://img.vinny.vegas/artists/dom-dolla/liv-main.jpg"]


def test_jsonld_offers_are_the_priced_tiers_with_availability(events):
    offers = events[DOM]["jsonld"]["offers"]
    assert [(o["price"], o["priceCurrency"], o["availability"]) for o in offers] == [
        (6000, "USD", "https://schema.org/InStock"), (3000, "USD", "https://schema.org/SoldOut")]


def test_jsonld_of_a_removed_event_is_cancelled(events):
    assert events[REMOVED]["jsonld"]["eventStatus"] == "https://schema.org/EventCancelled"


def test_jsonld_of_an_active_event_is_scheduled(events):
    assert events[DOM]["jsonld"]["eventStatus"] == "https://schema.org/EventScheduled"


def test_the_hostile_performer_round_trips_through_json(events):
    hostile = events["2026-12-05-x-drop-table-events-liv-las-vegas"]
    assert (hostile["performer"], hostile["artist_bio"], hostile["jsonld"]["performer"][0]
            ["name"]) == (HOSTILE, HOSTILE_BIO, HOSTILE)


def test_csv_columns_are_the_fixed_list(out):
    header = (out / "events.csv").read_bytes().decode().split("\r\n", 1)[0]
    assert header == ",".join(CSV_COLUMNS)


def test_csv_has_one_row_per_event(csv_rows, events):
    assert [r["event_id"] for r in csv_rows] == list(events)


def test_csv_nested_values_are_json_text(csv_rows):
    dom = next(r for r in csv_rows if r["event_id"] == DOM)
    assert [t["tier_id"] for t in json.loads(dom["table_pricing"])] == ["MAS1", "MAS2", "MAS3"]


def test_the_hostile_performer_round_trips_through_csv(csv_rows):
    hostile = next(r for r in csv_rows if r["performer"] == HOSTILE)
    assert hostile["artist_bio"] == HOSTILE_BIO


FORMULAS = ['=HYPERLINK("https://evil.example","Tickets")', "+1+2", "-2+3", "@SUM(A1:A9)",
            "\t=1+1", "\r=1+1"]


def _csv_record(doc: dict) -> dict:
    return next(csv.DictReader(io.StringIO(csv_header() + csv_row(doc), newline="")))


@pytest.mark.parametrize("formula", FORMULAS)
def test_a_formula_cell_is_text_in_the_csv(formula):
    doc = {**event("Dom Dolla", at(4, 22, 30)), "performer": formula, "description": formula}
    record = _csv_record(doc)
    assert (record["performer"], record["description"]) == ("'" + formula, "'" + formula)


def test_a_formula_performer_stays_exact_in_json():
    formula = FORMULAS[0]
    doc = event(formula, at(4, 22, 30))
    assert json.loads(json_line(doc))["performer"] == formula


def test_a_cell_with_a_formula_sign_inside_is_unchanged():
    record = _csv_record(event("Above = Beyond - Live", at(4, 22, 30)))
    assert record["performer"] == "Above = Beyond - Live"


def _dom_row(csv_rows) -> dict:
    return next(r for r in csv_rows if r["event_id"] == DOM)


def test_csv_flat_columns_follow_the_json_columns():
    assert CSV_COLUMNS[-4:] == ("scraped_at", "tier_count", "tiers_available", "spotify_url")


def test_csv_lowest_minimum_spend_is_a_number_cell(csv_rows):
    assert _dom_row(csv_rows)["price_from"] == "6000"


def test_csv_counts_the_tiers_and_those_on_sale(csv_rows):
    assert (_dom_row(csv_rows)["tier_count"], _dom_row(csv_rows)["tiers_available"]) == ("3", "2")


def test_csv_has_the_spotify_url(csv_rows):
    assert _dom_row(csv_rows)["spotify_url"] == "https://open.spotify.com/artist/dom"


def test_csv_flat_cells_of_an_event_without_tables_or_links(csv_rows):
    fisher = next(r for r in csv_rows if r["performer"] == "Fisher")
    assert [fisher[c] for c in ("price_from", "tier_count", "tiers_available",
                                "spotify_url")] == ["", "0", "0", ""]


def test_csv_has_no_bom_by_default(out):
    assert (out / "events.csv").read_bytes().startswith(b"event_id,")


def test_csv_bom_option_starts_the_file_with_a_utf8_bom(db, out, tmp_path):
    export(db, tmp_path, ["csv"], TODAY, ExportOptions(csv_bom=True))
    assert (tmp_path / "events.csv").read_bytes() == b"\xef\xbb\xbf" + (
        out / "events.csv").read_bytes()


def test_csv_bom_on_an_empty_catalogue_precedes_the_header(tmp_path):
    exporter = CsvExporter(tmp_path, TODAY, ExportOptions(csv_bom=True))
    exporter.finish(None)
    exporter.commit()
    assert (tmp_path / "events.csv").read_bytes() == ("\ufeff" + csv_header()).encode()


def test_csv_bom_setting_reads_the_scrapy_setting():
    assert ExportOptions.from_settings(Settings({"VINNY_CSV_BOM": "1"})).csv_bom
