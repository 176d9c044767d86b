"""Publishing the master database: every file format, the feed exporters, one registry.

One module per output, named after it: `events_json`, `events_jsonl`, `events_csv`, `d1`
(`d1.sql`, with `sql` for its literals and upserts), `markdown` (`venues/*.md`), `ics`
(`ics/*.ics`), `master_json` (`master_events.json`). Each holds pure functions of one event
document beside a thin exporter class (`exporter.Exporter`); `values` and `jsonld` are what
several of them show. `documents` streams the event documents out of the database, `exports`
writes the chosen formats of `registry` from one snapshot (for `vinny export` and
`vinny.extensions.export_on_close`), `feeds` holds the Scrapy feed exporters. Files appear
whole or not at all (`vinny.files`). Nothing reads the clock: the same database gives
byte-identical files.
"""
