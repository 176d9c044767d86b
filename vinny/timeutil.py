"""Las Vegas time: parsing start times and the night-of date rule."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from email.utils import parsedate_to_datetime
from typing import TYPE_CHECKING
from zoneinfo import ZoneInfo

if TYPE_CHECKING:
    from scrapy.settings import BaseSettings

VEGAS = ZoneInfo("America/Los_Angeles")
# A set starting before 06:00 belongs to the previous night.
NIGHT_ROLLOVER_HOUR = 6

_CLOCK = re.compile(r"(?<!\d)(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?\s*m\b", re.IGNORECASE)
_CLOCK_24 = re.compile(r"(?<!\d)([01]?\d|2[0-3]):([0-5]\d)(?!\d)")


def parse_clock(text: str | None) -> time | None:
    """Read a wall-clock time such as `10:30pm`, `10 PM`, `1:00 a.m.` or `22:30`."""
    if not text:
        return None
    match = _CLOCK.search(text)
    if match:
        hour, minute = int(match[1]) % 12, int(match[2] or 0)
        if match[3].lower() == "p":
            hour += 12
        return time(hour, minute) if hour < 24 and minute < 60 else None
    match = _CLOCK_24.search(text)
    return time(int(match[1]), int(match[2])) if match else None


def localize(day: date, clock: time) -> datetime:
    """The timezone-aware instant of a Las Vegas wall time (DST resolved by zoneinfo)."""
    return datetime.combine(day, clock, tzinfo=VEGAS)


def night_of(start: datetime) -> date:
    """The date a club night belongs to: 00:00-05:59 counts as the night before."""
    local = start.astimezone(VEGAS)
    if local.hour < NIGHT_ROLLOVER_HOUR:
        return local.date() - timedelta(days=1)
    return local.date()


def now_vegas() -> datetime:
    return datetime.now(VEGAS)


def today_vegas(settings: BaseSettings | None = None) -> date:
    """Today in Las Vegas, or the `VINNY_TODAY` setting (ISO date) for replays and tests."""
    fixed = settings.get("VINNY_TODAY") if settings is not None else None
    return date.fromisoformat(fixed) if fixed else now_vegas().date()


def retry_after_seconds(value: str | bytes | None, now: datetime | None = None) -> float | None:
    """`Retry-After` as seconds: a number, or an HTTP date (RFC 9110); None if unreadable.
    The one parser for every retry: the downloader's backoff and the enrichment sources."""
    if isinstance(value, bytes):
        value = value.decode("latin-1")
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(0.0, (when - (now or datetime.now(UTC))).total_seconds())
