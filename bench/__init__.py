"""`make bench`: vinny's crawl against a bare Scrapy crawl of the same generated replica."""
