"""The dashboard's pages: data in (from `vinny.dashboard.data`), HTML out, every value escaped."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from vinny.dashboard.data import instant
from vinny.dashboard.layout import (
    CHANGES,
    address,
    age,
    badge,
    chart,
    clock,
    event_href,
    link,
    money,
    page,
    shown,
    venue_href,
    when,
)
from vinny.dashboard.markup import Markup, external, image_src, join, path_part, render

RUN_SERIES = (("events", "events found"), ("inserted", "new"), ("updated", "changed"),
              ("removed", "removed"), ("rejected", "rejected"), ("errors", "failed pages"))


def _table(head: tuple[str, ...], rows: list[Markup], empty: str) -> Markup:
    if not rows:
        return render('<p class="empty">{empty}</p>', empty=empty)
    cells = join(render("<th>{h}</th>", h=h) for h in head)
    return render('<div class="scroll"><table><thead><tr>{cells}</tr></thead>'
                  '<tbody>{rows}</tbody></table></div>', cells=cells, rows=join(rows))


def _run_charts(spider: str, runs: list[dict[str, Any]]) -> Markup:
    labels = [when(r["started_at"]) for r in runs]
    counts = [{"label": name, "data": [r[key] for r in runs]} for key, name in RUN_SERIES]
    fields = sorted({f for r in runs for f in r["coverage"]})
    shares = [{"label": f, "data": [round(100 * r["coverage"][f]) if f in r["coverage"]
                                    else None for r in runs]} for f in fields]
    return join([chart(f"runs-{spider}", "runs", f"{spider}: recent runs", labels, counts),
                 chart(f"coverage-{spider}", "coverage", f"{spider}: field coverage (%)",
                       labels, shares)])


def health_page(statuses: list[dict[str, Any]], runs: dict[str, list[dict[str, Any]]],
                venues: list[dict[str, Any]], totals: dict[str, int], now: str) -> str:
    rows = []
    for s in statuses:
        last = s["last_run"] or {}
        rows.append(render(
            "<tr><td>{spider}</td><td>{state}</td><td>{age}</td><td>every {every}</td>"
            "<td>{outcome}</td><td class=\"text\">{reason}</td><td>{finished}</td></tr>",
            spider=link(f"#spider-{s['spider']}", s["spider"]), state=badge(s["state"]),
            age=age(s["age_seconds"]), every=age(s["schedule_seconds"]),
            outcome=badge(last["outcome"]) if last else "no run",
            reason=last.get("reason") or last.get("finish_reason") or "",
            finished=when(last.get("finished_at") or last.get("started_at"))))
    sections = []
    for s in statuses:
        spider_runs = runs[s["spider"]]
        n = len(spider_runs)
        feed = link(f"{CHANGES}?{urlencode({'spider': s['spider']})}",
                    f"Changes by {s['spider']}")
        body = (render("<p>Last {n} run{s}, oldest first. {feed}</p>{charts}", n=n,
                       s="" if n == 1 else "s", feed=feed,
                       charts=_run_charts(s["spider"], spider_runs)) if n
                else render('<p class="empty">No run yet.</p>'))
        sections.append(render('<section id="spider-{spider}"><h2>{spider} {state}</h2>'
                               '{body}</section>', spider=s["spider"],
                               state=badge(s["state"]), body=body))
    venue_rows = [render("<tr><td>{name}</td><td>{upcoming}</td><td>{total}</td></tr>",
                         name=link(venue_href(v["slug"]), v["name"]),
                         upcoming=v["upcoming_events"], total=v["events"]) for v in venues]
    body = render(
        "<h1>Catalogue health</h1><p>{events} events, {upcoming} upcoming; as of {now} "
        "(Las Vegas).</p>{spiders}{sections}<h2>Venues</h2>{venues}",
        events=totals["events"], upcoming=totals["upcoming"], now=when(now),
        spiders=_table(("spider", "state", "last complete run", "schedule", "last outcome",
                        "reason", "finished"), rows, "No spider."),
        sections=join(sections),
        venues=_table(("venue", "upcoming", "events"), venue_rows, "No venue."))
    return page("Health", body, charts=True)


def _filters(options: dict[str, list[str]], chosen: dict[str, str | None]) -> Markup:
    selects = []
    for name, values in options.items():
        opts = [render('<option value="">any {name}</option>', name=name)]
        opts += [render('<option value="{v}"{sel}>{v}</option>', v=v,
                        sel=Markup(" selected") if chosen.get(name) == v else "")
                 for v in values]
        selects.append(render('<label>{name} <select name="{name}">{opts}</select></label>',
                              name=name, opts=join(opts)))
    return render('<form class="filters" method="get" action="{action}">{selects}'
                  '<button type="submit">Filter</button></form>',
                  action=CHANGES, selects=join(selects))


def changes_page(changes: list[dict[str, Any]], options: dict[str, list[str]],
                 chosen: dict[str, str | None], more: bool) -> str:
    rows = [render(
        "<tr><td>{at}</td><td class=\"text\">{event}</td><td>{venue}</td><td>{spider}</td>"
        "<td class=\"text\">{field}</td><td class=\"text\">{old}</td>"
        "<td class=\"text\">{new}</td></tr>",
        at=when(c["changed_at"]),
        event=link(event_href(c["event_id"]),
                   f"{c['performer'] or c['event_id']} · {c['event_date'] or ''}"),
        venue=link(venue_href(c["venue_slug"]), c["venue"]) if c["venue_slug"] else "",
        spider=c["spider"] or "", field=c["field"], old=shown(c["old_value"]),
        new=shown(c["new_value"])) for c in changes]
    older = ""
    if more and changes:
        query = {k: v for k, v in chosen.items() if v}
        older = link(f"{CHANGES}?{urlencode({**query, 'before': changes[-1]['change_id']})}",
                     "Older changes")
    body = render("<h1>Changes</h1><p>Newest first.</p>{form}{table}<p>{older}</p>",
                  form=_filters(options, chosen),
                  table=_table(("when", "event", "venue", "spider", "field", "old", "new"),
                               rows, "No change matches."), older=older)
    return page("Changes", body)


def _image(url: str | None, alt: str) -> Markup:
    src = image_src(url)
    if not src:
        return Markup()
    return render('<img src="{src}" alt="{alt}" loading="lazy">', src=src, alt=alt)


def venue_page(venue: dict[str, Any]) -> str:
    rows = [render(
        "<tr><td>{date}</td><td>{start}</td><td class=\"text\">{performer}</td><td>{price}</td>"
        "<td>{image}</td></tr>",
        date=link(event_href(e["event_id"]), e["event_date"]), start=clock(e["start_at"]),
        performer=link(event_href(e["event_id"]),
                       ", ".join(e["performers"] or []) or e["performer"]),
        price=money(e["price_from"]), image=_image(e["image"], e["performer"]))
        for e in venue["upcoming"]]
    site = external(venue.get("url"))
    body = render(
        "<h1>{name}</h1><p>{address} {site} {feed}</p><h2>Upcoming nights</h2>{table}",
        name=venue["name"], address=address(venue.get("address")),
        site=link(site, "Venue site") if site else "",
        feed=link(f"{CHANGES}?{urlencode({'venue': venue['slug']})}", "Changes here"),
        table=_table(("night", "start", "performer", "from", "image"), rows,
                     "No upcoming night."))
    return page(venue["name"], body)


def _tier_charts(series: list[dict[str, Any]]) -> Markup:
    """One small chart per tier that ever had a price, each on its own scale: a raise of a
    cheap tier stays visible beside a $50,000 table."""
    drawn = [s for s in series if any(p["min_spend"] is not None for p in s["points"])]
    if not drawn:
        return render('<p class="empty">No table pricing.</p>')
    charts = [chart(f"tier-{n}", "tiers", f"{s['tier_name']}: minimum spend", [],
                    [{"label": s["tier_name"],
                      "data": [{"x": int(instant(p["at"]).timestamp() * 1000),
                                "y": p["min_spend"]} for p in s["points"]]}])
              for n, s in enumerate(drawn)]
    return render('<div class="charts">{charts}</div>', charts=join(charts))


def event_page(doc: dict[str, Any], history: list[dict[str, Any]], total: int,
               series: list[dict[str, Any]]) -> str:
    """`history`: the newest of the event's `total` changes, oldest first."""
    source = external(doc.get("url"))
    facts = [("performer", doc["performer"]), ("performers", ", ".join(doc["performers"])),
             ("night", doc["event_date"]), ("start", when(doc["start_at"])),
             ("venue", link(venue_href(doc["venue_slug"]), doc["venue"])),
             ("status", badge(doc["status"])), ("event name", doc.get("event_name") or ""),
             ("event code", doc.get("event_code") or ""), ("spider", doc["spider"]),
             ("source page", link(source, source) if source else doc.get("url") or ""),
             ("API", link(f"/events/{path_part(doc['event_id'])}", "JSON"))]
    dl = join(render("<dt>{k}</dt><dd>{v}</dd>", k=k, v=v) for k, v in facts)
    tiers = [render("<tr><td>{name}</td><td>{spend}</td><td>{now}</td><td>{guests}</td>"
                    "<td>{available}</td></tr>",
                    name=(p.get("tier") or {}).get("tier_name") or p["tier_id"],
                    spend=money((p.get("tier") or {}).get("min_spend")),
                    now=money((p.get("tier") or {}).get("pay_now")),
                    guests=(p.get("tier") or {}).get("guests") or "",
                    available="yes" if p["is_available"] else "no")
             for p in doc["table_pricing"]]
    changes = [render("<tr><td>{at}</td><td class=\"text\">{field}</td>"
                      "<td class=\"text\">{old}</td><td class=\"text\">{new}</td></tr>",
                      at=when(c["changed_at"]), field=c["field"], old=shown(c["old_value"]),
                      new=shown(c["new_value"])) for c in history]
    image = next((s["r2_url"] for i in doc["images"] for s in i.get("sizes") or []
                  if s["preset"] == "main"), None)
    body = render(
        "<h1>{performer}</h1><p>{date} at {venue}</p>{image}<dl>{facts}</dl>"
        "<h2>Table pricing</h2>{chart}{tiers}<h2>History</h2>{cut}{history}",
        performer=doc["performer"], date=doc["event_date"],
        venue=link(venue_href(doc["venue_slug"]), doc["venue"]),
        image=_image(image, doc["performer"]), facts=dl, chart=_tier_charts(series),
        tiers=_table(("tier", "min spend", "pay now", "guests", "available"), tiers,
                     "No tiers."),
        cut=render("<p>The newest {n} of {total} changes.</p>", n=len(history), total=total)
        if total > len(history) else "",
        history=_table(("when", "field", "old", "new"), changes, "No change recorded."))
    return page(doc["performer"], body, charts=bool(series))


def not_found(what: str) -> str:
    return page("Not found", render("<h1>Not found</h1><p>{what}</p>", what=what))
