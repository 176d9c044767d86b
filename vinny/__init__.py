"""vinny: a Scrapy project cataloguing Las Vegas nightlife events."""
