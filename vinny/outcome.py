"""Judging a run at spider close against the spider's own recent runs (the checks spidermon
would run, written plainly): complete, degraded, partial or failed.

- complete: every check passed; the only outcome whose absences count towards removal.
- degraded: a field's coverage fell well below its recent level (a renamed selector), or many
  events were rejected. The events are stored (field by field, never less), nothing is removed.
- partial: Scrapy stopped the crawl early on purpose; stored like degraded, removes nothing.
- failed: a broken run, which stores no event: closed on an error, no events, far fewer events
  than usual, or most pages failing (also: the run could not be stored at all).

"Usual" is the median over the spider's last `HISTORY_RUNS` complete or degraded runs. A
spider without history is held only to catastrophic floors (`VINNY_MIN_COVERAGE`): a site
whose ordinary pages lack a field (TAO's date-only pages) is not a broken site.
Settings: `VINNY_MIN_EVENTS_RATIO` (of the usual events), `VINNY_MIN_COVERAGE_RATIO` (of a
field's usual coverage), `VINNY_MIN_COVERAGE` (floors without history),
`VINNY_MAX_ERROR_RATE` (failed pages per page seen), `VINNY_MAX_REJECT_RATE`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from statistics import median
from typing import Any

from scrapy.settings import BaseSettings, Settings

COMPLETE, DEGRADED, PARTIAL, FAILED = "complete", "degraded", "partial", "failed"
# Outcomes whose events are stored; only COMPLETE also counts misses.
STORED = (COMPLETE, DEGRADED, PARTIAL)
# Outcomes that make the spider's history ("usual" events and coverage).
HISTORY = (COMPLETE, DEGRADED)
HISTORY_RUNS = 5
# Fields the extractors read from the page, whose coverage a redesign of the site can collapse.
COVERAGE_FIELDS = ("start_at", "performers", "image_urls", "event_code")
# Recorded per run for the dashboard, not judged: pricing comes from a second request, which a
# run may switch off (VINNY_PRICING_ENABLED), and past nights have none to fetch.
RECORDED_FIELDS = (*COVERAGE_FIELDS, "table_pricing")
# Below these, coverage is noise: too few events, or a field the site rarely gives anyway.
MIN_EVENTS_FOR_COVERAGE = 5
MIN_USUAL_COVERAGE = 0.2
# Reasons Scrapy closes a spider early on purpose: what was crawled is good, but not all.
_EARLY = ("shutdown", "closespider_timeout", "closespider_itemcount", "closespider_pagecount")
_RANK = {COMPLETE: 0, PARTIAL: 1, DEGRADED: 2, FAILED: 3}

SETTING_OF_THRESHOLD = {  # the one place each threshold is set is settings.py
    "min_events_ratio": "VINNY_MIN_EVENTS_RATIO",
    "min_coverage_ratio": "VINNY_MIN_COVERAGE_RATIO",
    "min_coverage": "VINNY_MIN_COVERAGE",
    "max_error_rate": "VINNY_MAX_ERROR_RATE",
    "max_reject_rate": "VINNY_MAX_REJECT_RATE",
}


def thresholds_from(settings: BaseSettings) -> dict[str, Any]:
    """The run-check thresholds a crawl was configured with."""
    return {name: settings.getdict(key) if name == "min_coverage" else settings.getfloat(key)
            for name, key in SETTING_OF_THRESHOLD.items()}


@lru_cache(maxsize=1)
def project_thresholds() -> dict[str, Any]:
    """The thresholds of settings.py, for judging outside a crawl."""
    settings = Settings()
    settings.setmodule("vinny.settings")
    return thresholds_from(settings)


@dataclass
class Verdict:
    outcome: str = COMPLETE
    reasons: list[str] = field(default_factory=list)

    def worsen(self, outcome: str, reason: str) -> None:
        if _RANK[outcome] > _RANK[self.outcome]:
            self.outcome = outcome
        self.reasons.append(reason)

    @property
    def why(self) -> str:
        return "; ".join(self.reasons) or "all checks passed"


@dataclass(frozen=True)
class History:
    """The spider's recent complete or degraded runs, newest first: events and coverage."""

    events: Sequence[int] = ()
    coverage: Sequence[Mapping[str, float]] = ()

    @property
    def usual_events(self) -> float | None:
        return median(self.events) if self.events else None

    def usual_coverage(self, name: str) -> float | None:
        shares = [c[name] for c in self.coverage if name in c]
        return median(shares) if shares else None


def coverage(events: Iterable[Mapping[str, Any]],
             fields: Iterable[str] = COVERAGE_FIELDS) -> dict[str, float]:
    """The share of events with a non-empty value, per field."""
    events = list(events)
    fields = list(fields)
    if not events:
        return dict.fromkeys(fields, 0.0)
    return {f: sum(1 for e in events if e.get(f)) / len(events) for f in fields}


def judge_run(reason: str | None, stats: Mapping[str, Any], history: History | None = None,
              covered: Mapping[str, float] | None = None,
              thresholds: Mapping[str, Any] | None = None) -> Verdict:
    limits = {**project_thresholds(), **(thresholds or {})}
    history = history or History()
    verdict = Verdict()
    if reason != "finished":
        verdict.worsen(PARTIAL if reason in _EARLY else FAILED, f"closed: {reason}")
    events = stats.get("item_scraped_count", 0)
    usual = history.usual_events
    if not events:
        verdict.worsen(FAILED, "no events")
    elif usual and events < limits["min_events_ratio"] * usual:
        verdict.worsen(FAILED, f"{events} events, far fewer than usual ({usual:g}, the median "
                               f"of the last {len(history.events)} runs)")
    if events >= MIN_EVENTS_FOR_COVERAGE:
        _judge_coverage(verdict, covered or {}, history, limits)
    pages = stats.get("vinny/pages/seen", 0)
    failed = sum(v for k, v in stats.items() if k.startswith("vinny/failed/"))
    if pages and failed / pages > limits["max_error_rate"]:
        verdict.worsen(FAILED, f"{failed} failed pages of {pages} seen")
    elif not pages and failed:
        verdict.worsen(FAILED, f"{failed} failures and no event page fetched")
    rejected = sum(v for k, v in stats.items() if k.startswith("vinny/rejected/"))
    if pages and rejected / pages > limits["max_reject_rate"]:
        verdict.worsen(DEGRADED, f"{rejected} events rejected of {pages} pages")
    return verdict


def _judge_coverage(verdict: Verdict, covered: Mapping[str, float], history: History,
                    limits: Mapping[str, Any]) -> None:
    """Degraded when a field falls well below its usual level; without history, below a floor."""
    for name, share in covered.items():
        if name not in COVERAGE_FIELDS:
            continue
        usual = history.usual_coverage(name)
        if usual is None:
            floor = limits["min_coverage"].get(name)
            if floor is not None and share < floor:
                verdict.worsen(DEGRADED, f"{name} on {share:.0%} of events "
                                         f"(no history; floor {floor:.0%})")
        elif usual >= MIN_USUAL_COVERAGE and share < limits["min_coverage_ratio"] * usual:
            verdict.worsen(DEGRADED, f"{name} on {share:.0%} of events, usually {usual:.0%} "
                                     f"(a renamed selector?)")
