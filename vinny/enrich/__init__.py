"""Artist enrichment: a registry of source plugins (1001tracklists -> Resident Advisor ->
Spotify) behind small interfaces that know nothing of Scrapy items.

`types` holds the plain data that goes in and out, `matching` picks the right artist,
`http` waits out rate limits, `registry` runs the plugins in order with a circuit breaker per
source, `store` keeps each artist's result in the master database, `runner` ties them to a
Scrapy crawler (the pipeline and `vinny enrich artists` both use it).
"""
