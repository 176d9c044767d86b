"""The `d1` and `markdown` feed exporters (Scrapy item exporters) on items."""

import io

import pytest
from scrapy.utils.misc import load_object
from scrapy.utils.project import get_project_settings

from tests.exportdb import HOSTILE, TODAY, build, dom_dolla, event, first_run
from tests.test_export_d1 import d1_sql, execute
from vinny.models import VegasEvent
from vinny.publish.feeds import D1ItemExporter, MarkdownItemExporter


def exported(exporter_class, items) -> bytes:
    buffer = io.BytesIO()
    exporter = exporter_class(buffer)
    exporter.start_exporting()
    for item in items:
        exporter.export_item(item)
    exporter.finish_exporting()
    return buffer.getvalue()


def items(docs):
    return [VegasEvent.model_validate(doc) for doc in docs]


@pytest.mark.parametrize("name, path", [("d1", "vinny.publish.feeds.D1ItemExporter"),
                                        ("markdown", "vinny.publish.feeds.MarkdownItemExporter")])
def test_feed_format_is_registered(name, path):
    assert load_object(get_project_settings()["FEED_EXPORTERS"][name]) is load_object(path)


def test_d1_feed_loads_every_item_into_sqlite():
    conn = execute(exported(D1ItemExporter, items(first_run())).decode())
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == len(first_run())


def test_d1_feed_keeps_the_index_searchable():
    conn = execute(exported(D1ItemExporter, items(first_run())).decode())
    assert conn.execute("SELECT performer FROM events WHERE rowid IN (SELECT rowid FROM "
                        "events_fts WHERE events_fts MATCH '\"drop table\"')").fetchall() == [
        (HOSTILE,)]


def test_d1_feed_never_erases_what_the_database_holds(tmp_path):
    conn = execute(d1_sql(build(tmp_path / "vinny.db"), tmp_path / "out"))
    poorer = dom_dolla(artist_bio=None, table_pricing=[], images=[], performers=[])
    execute(exported(D1ItemExporter, items([poorer])).decode(), conn)
    kept = conn.execute("SELECT artist_bio, performers, (SELECT COUNT(*) FROM "
                        "table_pricing_tiers t WHERE t.event_id = e.event_id) FROM events e "
                        "WHERE performer = 'Dom Dolla'").fetchone()
    assert kept == ("From Melbourne.", '["Dom Dolla","Sonny Fodera"]', 3)


def test_d1_feed_writes_an_artist_once():
    sql = exported(D1ItemExporter, items([dom_dolla(), dom_dolla(event_date="2026-12-20",
                                                                 start_at=None)])).decode()
    assert sql.count("INSERT INTO streaming_links") == 1


def test_d1_feed_skips_items_that_are_not_events():
    sql = exported(D1ItemExporter, [{"url": "https://x.example/"}]).decode()
    assert "INSERT INTO events " not in sql


def test_d1_feed_of_nothing_is_the_schema():
    conn = execute(exported(D1ItemExporter, []).decode())
    assert conn.execute("SELECT COUNT(*) FROM events").fetchone()[0] == 0


def test_markdown_feed_has_a_row_per_event():
    page = exported(MarkdownItemExporter, items(first_run())).decode()
    assert page.count("\n| ") == 2 + len(first_run())  # the header's two lines, then events


def test_markdown_feed_of_nothing_says_so():
    assert exported(MarkdownItemExporter, []).decode() == "# Events\n\nNo events.\n"


def test_markdown_feed_takes_plain_dicts():
    page = exported(MarkdownItemExporter, [event("Fisher", TODAY)]).decode()
    assert "| Sun Nov 22, 2026 | TBA | Fisher |" in page


def test_d1_feed_executed_twice_leaves_one_row_per_tier():
    sql = exported(D1ItemExporter, items(first_run())).decode()
    conn = execute(sql, execute(sql))
    assert conn.execute("SELECT COUNT(*) FROM table_pricing").fetchone()[0] == 4
