"""LogFormatter: a dropped or failed item is logged by its event id (or URL) and the reason,
never dumped whole (Scrapy's default prints the item: lines of over 1,000 characters).

Set as `LOG_FORMATTER` in `vinny/settings.py`; the level of a drop stays Scrapy's
(`DropItem.log_level`, else `DEFAULT_DROPITEM_LOG_LEVEL`).
"""

from __future__ import annotations

from typing import Any

from itemadapter import ItemAdapter, is_item
from scrapy import Spider, logformatter
from scrapy.http import Response
from scrapy.logformatter import LogFormatterResult
from twisted.python.failure import Failure


def item_label(item: Any) -> str:
    """The event id of an item, else its URL, else its type: a short name for a log line."""
    if is_item(item):
        adapter = ItemAdapter(item)
        for key in ("event_id", "url"):
            try:
                if value := adapter.get(key):
                    return str(value)
            except KeyError:
                continue
    return type(item).__name__


class LogFormatter(logformatter.LogFormatter):
    def dropped(self, item: Any, exception: BaseException, response: Response | Failure | None,
                spider: Spider) -> LogFormatterResult:
        entry = super().dropped(item, exception, response, spider)
        return {**entry, "msg": "Dropped %(item)s: %(reason)s",
                "args": {"item": item_label(item), "reason": _one_line(exception)}}

    def item_error(self, item: Any, exception: BaseException,
                   response: Response | Failure | None, spider: Spider) -> LogFormatterResult:
        entry = super().item_error(item, exception, response, spider)
        return {**entry, "msg": "Error processing %(item)s",
                "args": {"item": item_label(item)}}


def _one_line(exception: BaseException) -> str:
    text = " ".join(str(exception).split())
    return text if len(text) <= 300 else text[:299] + "…"
