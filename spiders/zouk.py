from functools import partial

from vinny.extract.urvenue import extract_urvenue_event
from vinny.spiders.base import SitemapEventSpider


class ZoukSpider(SitemapEventSpider):
    """Zouk Nightclub and AYU Dayclub at Resorts World (Zouk Group's UrVenue site)."""

    name = "zouk"
    allowed_domains = ("zoukgrouplv.com",)
    sitemap_urls = ("https://zoukgrouplv.com/sitemap_index.xml",)
    extract = staticmethod(partial(extract_urvenue_event, family="zouk"))
