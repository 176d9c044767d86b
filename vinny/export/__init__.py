"""Publishing the master database: `events.json`, `events.csv`, `events.jsonl`, `d1.sql`,
`venues/<venue-slug>.md` + `venues/index.md`, `ics/<venue-slug>.ics` + `ics/all.ics`.

Pure functions of one event document (`jsonld`, `tabular`, `d1`, `markdown`, `ics`) beside
thin writers (`writers`) fed in one streaming pass over `iter_documents` (`run`). Nothing
reads the clock: the same database gives byte-identical files.
"""
