"""Event pages of taogroup.com: one WordPress site for every city TAO Group operates in."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from . import eventld
from .chrome import chrome_for
from .layout import (
    assemble,
    digest,
    esc,
    head_meta,
    json_script,
    post_id,
    published_at,
    yoast_graph,
)
from .reply import Reply
from .venues import venue_for

_BLURBS = (
    "Reserve a table to guarantee entry. Dress code strictly enforced.",
    "Limited tickets at the door; advance purchase recommended.",
    "21+ with valid ID. Event lineup and times subject to change.",
)


def title_date(start: datetime) -> str:
    """`7/3/2026`, as in the page title; the URL writes it `7-3-2026`."""
    return f"{start.month}/{start.day}/{start.year}"


def time_text(start: datetime) -> str:
    return f"{start.hour % 12 or 12}:{start.minute:02d} {'AM' if start.hour < 12 else 'PM'}"


def render(entry: dict) -> Reply:
    chrome = chrome_for("tao")
    theme, venue = chrome.theme, venue_for(entry)
    variants = set(entry["variant"])
    start = datetime.fromisoformat(entry["start_local"]).replace(tzinfo=ZoneInfo(venue.tz))
    name, image, url = entry["name"], entry["image"], entry["url"]
    title = f"{title_date(start)} \u2013 {name} \u2013 {venue.label}"
    names = entry["performers"]
    lead = (f"{names[0]} live at {venue.label}, {venue.city}." if names
            else f"{name} at {venue.label}, {venue.city}.")
    if len(names) > 1:
        lead += f" Also appearing: {', '.join(names[1:])}."
    blurb = lead + "\n" + _BLURBS[digest(url) % len(_BLURBS)]
    og_description = blurb.split("\n", 1)[0]
    charset = "windows-1252" if "windows1252" in variants else "UTF-8"

    # A club night ends around 4 am, a day party around 6 pm.
    end = start + timedelta(hours=6 if venue.daytime else 5)
    node = eventld.event_node(entry, venue, start=start.isoformat(), end=end.isoformat(),
                              description=blurb, images=[image] if image else [],
                              organizer={"@type": "Organization", "name": theme.title,
                                         "url": "https://taogroup.com/"})
    script, graph_nodes = eventld.render(entry, node, pretty=False)
    date_only = "date_only" in variants
    if date_only:
        # Most real TAO pages: Yoast's @graph (WebPage, breadcrumbs...) and no Event, no time.
        script, graph_nodes = "", []
    modified = entry.get("modified") or published_at(url)
    graph = yoast_graph(chrome, url=url, title=title, description=og_description, image=image,
                        crumbs=[("Home", "https://taogroup.com/"),
                                ("Events", "https://taogroup.com/events/"), (title, None)],
                        published=published_at(url), modified=modified, extra=graph_nodes)
    head = (head_meta(chrome, url=url, title=title, description=og_description, image=image,
                      charset=charset, modified=modified)
            + json_script(graph, css_class="yoast-schema-graph") + "<!-- / Yoast SEO plugin. -->\n")
    city_slug = venue.city.lower().replace(" ", "-")
    pid = post_id(url)
    body_class = (f"events-template-default single single-events postid-{pid} "
                  f"event_city-{city_slug} elementor-default")
    return assemble(chrome, url=url, head=head, head_late=script, body_class=body_class,
                    main=_main(entry, venue, start, blurb, pid, city_slug, date_only),
                    charset=charset)


def _main(entry: dict, venue, start: datetime, blurb: str, pid: int, city_slug: str,
          date_only: bool = False) -> str:
    name, image = esc(entry["name"]), entry["image"]
    hero = ""
    if image:
        hero = (f'<div class="event-hero"><img width="1200" height="1500" src="{image}" '
                f'class="attachment-full size-full wp-post-image" alt="{name}" decoding="async" '
                'fetchpriority="high" /></div>')
    booking = ""
    if entry["code"]:
        # Table reservations go through booketing.com, UrVenue's hosted checkout.
        booking = ('<div class="tao-reservations" data-provider="booketing" '
                   f'data-microsite="house" data-manageentid="61" data-eventcode="{entry["code"]}" '
                   f'data-venueid="{venue.venue_id or ""}"></div>')
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in blurb.split("\n"))
    clock = "" if date_only else f'<div class="event-time">{time_text(start)}</div>'
    return f"""<main id="main" class="site-main">
<article id="post-{pid}"
 class="post-{pid} events type-events status-publish hentry event_city-{city_slug}">
{hero}
<div class="event-details container">
<h1 class="event-title entry-title">{name}</h1>
<div class="event-meta">
{clock}
<div class="event-venue"><a href="https://taogroup.com/venues/{venue.slug}/">{esc(venue.label)}</a></div>
<div class="event-city">{esc(venue.city)}</div>
</div>
<div class="event-actions">
<a class="btn btn-primary btn-tables" href="#reservations">Book Tables</a>
<a class="btn btn-secondary btn-tickets" href="https://taogroup.com/tickets/?event={pid}">Tickets</a>
</div>
{booking}
<div class="event-description entry-content">{paragraphs}</div>
</div>
</article>
</main>
"""
