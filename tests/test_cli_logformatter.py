"""vinny's LOG_FORMATTER: a dropped item is logged by its event id (or URL) and the reason."""

from scrapy.exceptions import DropItem

from spiders.liv import LivSpider
from tests.crawlers import project_crawler
from tests.test_database import event
from vinny.logformatter import LogFormatter


def dropped_line(item) -> str:
    crawler = project_crawler(LivSpider, {"LOG_FORMATTER": "vinny.logformatter.LogFormatter"})
    spider = LivSpider.from_crawler(crawler)
    entry = LogFormatter().dropped(item, DropItem("duplicate of\nan earlier night"), None, spider)
    return entry["msg"] % entry["args"]


def test_a_dropped_event_is_logged_by_its_id_and_reason():
    assert dropped_line(event()) == (
        "Dropped 2026-12-04-dom-dolla-liv-las-vegas: duplicate of an earlier night")


def test_a_dropped_dict_without_an_id_is_logged_by_its_url():
    assert dropped_line({"url": "https://x/e/1", "description": "x" * 5000}) == (
        "Dropped https://x/e/1: duplicate of an earlier night")


def test_the_settings_use_it():
    from scrapy.utils.project import get_project_settings

    assert get_project_settings()["LOG_FORMATTER"] == "vinny.logformatter.LogFormatter"
