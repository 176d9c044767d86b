"""Base classes for vinny's spiders, as `scrapy.spiders` holds Scrapy's.

The concrete spiders live in the top-level `spiders/` (Scrapy's `SPIDER_MODULES`); their
bases live here, inside `vinny/`, because `spiders -> vinny` is the only direction allowed:
tests and tools import the base's helpers, and nothing may import from `spiders/`.
"""
