"""Artist images: which source to fetch (`source`), the presets (`resize`), where they go (`store`).

The Scrapy side is `vinny.pipelines.artist_images`; these modules know nothing of Scrapy items.
"""
