"""vinny's own Scrapy signals."""

# Sent with (url, reason, stage) when a page could not be fetched or extracted.
page_failed = object()
