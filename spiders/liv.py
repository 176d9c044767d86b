from vinny.extract import extract_liv_event
from vinny.spiders.base import SitemapEventSpider


class LivSpider(SitemapEventSpider):
    """LIV Las Vegas and LIV Beach (one UrVenue site, one listing)."""

    name = "liv"
    allowed_domains = ("www.livnightclub.com",)
    sitemap_urls = ("https://www.livnightclub.com/sitemap_index.xml",)
    extract = staticmethod(extract_liv_event)
