from vinny.extract import extract_wynn_event
from vinny.spiders.base import SitemapEventSpider


class WynnsocialSpider(SitemapEventSpider):
    """XS and Encore Beach Club (day and night) on WynnSocial's UrVenue site."""

    name = "wynnsocial"
    allowed_domains = ("www.wynnsocial.com",)
    sitemap_urls = ("https://www.wynnsocial.com/sitemap_index.xml",)
    extract = staticmethod(extract_wynn_event)
