"""Each field of the data model is declared once, in vinny/models.py; the storage schema, the rows,
the API's event schema and the CSV columns follow it. Adding a field to a model without carrying
it everywhere fails here, naming the place it is missing."""

import pytest

from vinny.api.schemas import EventDetail, EventSummary
from vinny.database import rows
from vinny.database.db import connect
from vinny.models import (
    ArtistStats,
    EnrichmentStatus,
    ImageMetadata,
    ImageSize,
    SocialLinks,
    StreamingLinks,
    TablePricingTier,
    VegasEvent,
)
from vinny.publish.events_csv import CSV_COLUMNS

# Columns the store keeps for itself, beyond the model's fields.
BOOKKEEPING = {
    "events": {"artist_slug", "first_seen_run", "missed_runs", "content_hash", "updated_at"},
    "table_pricing": {"event_id", "tier_id", "fetched_at", "is_available"},
    "table_pricing_tiers": {"event_id", "tier_id"},
    "images": set(),
    "image_sizes": set(),
    # The artist's enrichment record (vinny.enrich.records.ArtistRecord) shares its row.
    "artist_stats": {"artist_bio", "enriched_at", "country", "images", "top_tracks", "tracklists",
                     "links", "enrichment"},
    "streaming_links": set(),
    "social_links": set(),
}
STORED_MODELS = {
    "events": (VegasEvent, rows.EVENT_FIELDS),
    "table_pricing_tiers": (TablePricingTier, rows.TIER_COLUMNS),
    "images": (ImageMetadata, rows.IMAGE_COLUMNS),
    "image_sizes": (ImageSize, rows.SIZE_COLUMNS),
    "artist_stats": (ArtistStats, rows.ARTIST_COLUMNS["artist_stats"]),
    "streaming_links": (StreamingLinks, rows.ARTIST_COLUMNS["streaming_links"]),
    "social_links": (SocialLinks, rows.ARTIST_COLUMNS["social_links"]),
}


def stored_fields(model):
    return {name for name, info in model.model_fields.items() if not info.exclude}


@pytest.fixture(scope="module")
def columns(tmp_path_factory):
    conn = connect(tmp_path_factory.mktemp("db") / "vinny.db")
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    found = {t: {r[1] for r in conn.execute(f"PRAGMA table_info({t})")} for t in tables}
    conn.close()
    return found


@pytest.mark.parametrize("table", sorted(STORED_MODELS))
def test_every_table_has_a_column_for_each_field_of_its_model(columns, table):
    model, row_columns = STORED_MODELS[table]
    assert row_columns, f"no row columns for {table}"
    assert set(row_columns) <= stored_fields(model)
    nested = {name for name in stored_fields(model) - set(row_columns)}
    # What a row leaves out is a child table's (VegasEvent's lists of models, ImageMetadata.sizes).
    assert all(name in (*rows.CHILD_FIELDS, *rows.ARTIST_FIELDS, "sizes", "tier_id")
               for name in nested), nested
    assert columns[table] == set(row_columns) | BOOKKEEPING[table], table


def test_enrichment_status_has_a_column_for_each_field(columns):
    assert columns["enrichment_status"] == stored_fields(EnrichmentStatus)


def test_the_api_event_detail_carries_every_stored_field_of_an_event():
    missing = stored_fields(VegasEvent) - set(EventDetail.model_fields)
    assert not missing


def test_the_api_event_summary_names_only_fields_of_the_model_or_derived_ones():
    derived = {"price_from", "image"}
    assert set(EventSummary.model_fields) - derived <= stored_fields(VegasEvent)


def test_the_csv_has_a_column_for_every_stored_field_of_an_event():
    assert not stored_fields(VegasEvent) - set(CSV_COLUMNS)
    assert len(CSV_COLUMNS) == len(set(CSV_COLUMNS))
