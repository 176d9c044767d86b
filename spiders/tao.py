from vinny.extract import extract_tao_event
from vinny.spiders.base import SitemapEventSpider


class TaoSpider(SitemapEventSpider):
    """TAO Group Hospitality's Las Vegas venues (the site covers every city; we keep Las Vegas)."""

    name = "tao"
    allowed_domains = ("taogroup.com",)
    sitemap_urls = ("https://taogroup.com/sitemap_index.xml",)
    extract = staticmethod(extract_tao_event)
    lastmod_is_reliable = True
