"""Judging a run at spider close: complete, partial or failed (the checks spidermon would run,
written plainly). Only a complete run may remove events; a failed run stores no event.

Checks, each a stated reason when it fails:
- the close reason: `finished` passes; Scrapy's deliberate early stops make a partial run;
  anything else (an error, a cancel) fails it;
- at least one event, and not far fewer than the last complete run of the spider
  (`VINNY_MIN_EVENTS_RATIO` of it);
- field coverage among the run's events (`VINNY_MIN_COVERAGE`: start time, performer, image,
  pricing), for which a broken selector is the usual cause;
- failed pages (HTTP errors, broken sitemaps) and rejected events as shares of the pages seen
  (`VINNY_MAX_ERROR_RATE`, `VINNY_MAX_REJECT_RATE`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

COMPLETE, PARTIAL, FAILED = "complete", "partial", "failed"
# Reasons Scrapy closes a spider early on purpose: what was crawled is good, but not all.
_EARLY = ("shutdown", "closespider_timeout", "closespider_itemcount", "closespider_pagecount")

DEFAULT_THRESHOLDS: dict[str, Any] = {
    "min_events_ratio": 0.7,
    "min_coverage": {"start_at": 0.8, "performers": 0.25, "image_urls": 0.25},
    "max_error_rate": 0.2,
    "max_reject_rate": 0.2,
}


@dataclass
class Verdict:
    outcome: str = COMPLETE
    reasons: list[str] = field(default_factory=list)

    def worsen(self, outcome: str, reason: str) -> None:
        rank = {COMPLETE: 0, PARTIAL: 1, FAILED: 2}
        if rank[outcome] > rank[self.outcome]:
            self.outcome = outcome
        self.reasons.append(reason)

    @property
    def why(self) -> str:
        return "; ".join(self.reasons) or "all checks passed"


def coverage(events: Iterable[Mapping[str, Any]], fields: Iterable[str]) -> dict[str, float]:
    """The share of events with a non-empty value, per field."""
    events = list(events)
    fields = list(fields)
    if not events:
        return dict.fromkeys(fields, 0.0)
    return {f: sum(1 for e in events if e.get(f)) / len(events) for f in fields}


def judge_run(reason: str | None, stats: Mapping[str, Any], previous_events: int | None,
              covered: Mapping[str, float] | None = None,
              thresholds: Mapping[str, Any] | None = None) -> Verdict:
    limits = {**DEFAULT_THRESHOLDS, **(thresholds or {})}
    verdict = Verdict()
    if reason != "finished":
        verdict.worsen(PARTIAL if reason in _EARLY else FAILED, f"closed: {reason}")
    events = stats.get("item_scraped_count", 0)
    pages = stats.get("vinny/pages/seen", 0)
    if not events:
        verdict.worsen(FAILED, "no events")
    elif previous_events and events < limits["min_events_ratio"] * previous_events:
        verdict.worsen(FAILED, f"{events} events, far fewer than the last complete run's "
                               f"{previous_events}")
    if events:
        for name, minimum in limits["min_coverage"].items():
            share = (covered or {}).get(name)
            if share is not None and share < minimum:
                verdict.worsen(FAILED, f"{name} on {share:.0%} of events (minimum {minimum:.0%})")
    failed = sum(v for k, v in stats.items() if k.startswith("vinny/failed/"))
    if pages and failed / pages > limits["max_error_rate"]:
        verdict.worsen(FAILED, f"{failed} failed pages of {pages} seen")
    elif not pages and failed:
        verdict.worsen(FAILED, f"{failed} failures and no event page fetched")
    rejected = sum(v for k, v in stats.items() if k.startswith("vinny/rejected/"))
    if pages and rejected / pages > limits["max_reject_rate"]:
        verdict.worsen(FAILED, f"{rejected} events rejected of {pages} pages")
    return verdict
