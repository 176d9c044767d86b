"""The page frame (navigation, stylesheet, scripts) and how values read on a page."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import orjson

from vinny.dashboard.markup import Markup, json_block, path_part, render
from vinny.timeutil import VEGAS

STATIC = "/dashboard/static"
CHANGES = "/dashboard/changes"
# Only what the dashboard serves itself: the charts' scripts cannot reach another origin.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' https: data:; "
       "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
LONG_VALUE = 160

_FRAME = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title} · vinny</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="{static}/dashboard.css">
</head>
<body>
<header><a class="brand" href="/">vinny</a>
<nav><a href="/">Health</a><a href="{changes}">Changes</a><a href="/docs">API</a></nav>
</header>
<main>
{body}
</main>
{scripts}
</body>
</html>
"""


def page(title: str, body: Markup, charts: bool = False) -> str:
    scripts = Markup(f'<script src="{STATIC}/chart.umd.min.js"></script>\n'
                     f'<script src="{STATIC}/dashboard.js"></script>') if charts else ""
    return render(_FRAME, title=title, static=STATIC, changes=CHANGES, body=body,
                  scripts=scripts)


def chart(chart_id: str, kind: str, title: str, labels: list[Any],
          datasets: list[dict[str, Any]]) -> Markup:
    """A canvas the page script draws (`kind`: runs, coverage or tiers) from a JSON block."""
    spec = {"kind": kind, "title": title, "labels": labels, "datasets": datasets}
    return render('<figure class="chart"><div class="canvas"><canvas id="{id}" '
                  'data-chart="{id}-data" aria-label="{title}" role="img"></canvas></div>'
                  '{data}</figure>', id=chart_id, title=title,
                  data=json_block(f"{chart_id}-data", spec))


def event_href(event_id: str) -> str:
    return f"/dashboard/events/{path_part(event_id)}"


def venue_href(slug: str) -> str:
    return f"/dashboard/venues/{path_part(slug)}"


def link(href: str, text: Any) -> Markup:
    return render('<a href="{href}">{text}</a>', href=href, text=text)


def when(text: str | None) -> str:
    """A stored instant as Las Vegas wall time, to the minute."""
    if not text:
        return ""
    try:
        return datetime.fromisoformat(text).astimezone(VEGAS).strftime("%Y-%m-%d %H:%M")
    except ValueError:
        return text


def clock(text: str | None) -> str:
    """A start time as the Las Vegas clock (`22:30`)."""
    if not text:
        return ""
    try:
        return datetime.fromisoformat(text).astimezone(VEGAS).strftime("%H:%M")
    except ValueError:
        return text


def age(seconds: int | None) -> str:
    if seconds is None:
        return "never"
    minutes = max(seconds, 0) // 60
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h" + (f" {minutes % 60} min" if minutes % 60 else "")
    return f"{minutes // (24 * 60)} days"


def money(amount: int | None) -> str:
    return "" if amount is None else f"${amount:,}"


def shown(value: Any) -> str:
    """A changed value as text: scalars as they are, records as JSON, long ones cut."""
    if value is None:
        return "—"
    text = value if isinstance(value, str) else orjson.dumps(value).decode()
    return text if len(text) <= LONG_VALUE else text[:LONG_VALUE] + "…"


def address(value: Any) -> str:
    """A venue's address as one line (the registry keeps it as parts)."""
    if isinstance(value, dict):
        parts = [value.get("street"), value.get("city"),
                 " ".join(p for p in (value.get("region"), value.get("postal_code")) if p)]
        return ", ".join(p for p in parts if p)
    return str(value or "")


def badge(state: str) -> Markup:
    return render('<span class="badge {state}">{state}</span>', state=state)
