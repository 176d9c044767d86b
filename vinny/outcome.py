"""Judging a run: complete, partial or failed. Only a complete run may remove events."""

from __future__ import annotations

from typing import Any

COMPLETE, PARTIAL, FAILED = "complete", "partial", "failed"
# Reasons Scrapy closes a spider early on purpose: what was crawled is good, but not all.
_EARLY = ("shutdown", "closespider_timeout", "closespider_itemcount", "closespider_pagecount")


def judge_run(reason: str | None, stats: dict[str, Any], previous_events: int | None,
              min_ratio: float) -> tuple[str, str]:
    """(outcome, why) of a run from its close reason, its stats and the last complete run."""
    events = stats.get("item_scraped_count", 0)
    if reason != "finished":
        return (PARTIAL if reason in _EARLY else FAILED), f"closed: {reason}"
    if not events:
        return FAILED, "no events"
    if previous_events and events < min_ratio * previous_events:
        return PARTIAL, f"{events} events, far fewer than the last complete run's {previous_events}"
    return COMPLETE, f"{events} events"
