"""Event pages of UrVenue's WordPress plugin ("uws"): LIV, LIV Beach, XS, Encore Beach Club,
Zouk, AYU."""

from __future__ import annotations

from datetime import datetime, timedelta

from . import eventld, render_cards
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

# The original system read Encore Beach Club pages as HTML: they carry no Event JSON-LD.
HTML_ONLY_VENUE_IDS = {"1103", "1163"}
FLYER_SIZE = "/1200SC0/"

_BLURBS = (
    "Tables and bottle service are available; reserve early, this night sells out.",
    "Doors open at the time shown. Guests must be 21 or older with a valid photo ID.",
    "Upscale nightlife attire required. Management reserves the right to refuse entry.",
    "Expect a full production: lights, CO2 cannons and the best sound system on the Strip.",
)


def date_text(start: datetime) -> str:
    return f"{start:%A}, {start:%B} {start.day}, {start.year}"


def time_text(start: datetime) -> str:
    """UrVenue's `.uwsdtime`: `10:30pm`."""
    suffix = "am" if start.hour < 12 else "pm"
    return f"{start.hour % 12 or 12}:{start.minute:02d}{suffix}"


def description(entry: dict, venue_label: str, when: str | None) -> str:
    names = entry["performers"]
    on = f" on {when}" if when else ""
    if names:
        lead = f"{names[0]} takes over {venue_label}{on}."
        if len(names) > 1:
            lead += f" With {', '.join(names[1:])}."
    else:
        lead = f"{entry['name']} at {venue_label}{on}."
    return lead + "\n" + _BLURBS[digest(entry["url"]) % len(_BLURBS)]


def flyer_sizes(image: str) -> list[str]:
    return [image] + [image.replace(FLYER_SIZE, f"/{s}/") for s in ("800SC0", "600SC0")]


def render(entry: dict) -> Reply:
    chrome = chrome_for(entry["site"])
    theme, venue = chrome.theme, venue_for(entry)
    variants = set(entry["variant"])
    start = None
    if entry["start_local"] and "no_date" not in variants:
        start = datetime.fromisoformat(entry["start_local"])
    when = date_text(start) if start else None
    name, image, url, code = entry["name"], entry["image"], entry["url"], entry["code"] or ""
    title = f"{name} | {theme.title}"
    if "uv_events_name" in variants:
        when = None  # Wynn's older theme writes the date nowhere but in the event code
    og_description = f"{name} at {venue.label}, {when}" if when else f"{name} at {venue.label}"
    blurb = description(entry, venue.label, when)
    charset = "windows-1252" if "windows1252" in variants else "UTF-8"

    script, graph_nodes, footer_ld = "", [], ""
    plugin = "plugin_markup" in variants
    if plugin and venue.venue_id not in HTML_ONLY_VENUE_IDS and "no_jsonld" not in variants:
        # The plugin prints its own Event node in wp_footer, after the page's content.
        footer_ld = eventld.json_script(eventld.plugin_node(entry, venue, blurb, start))
    elif venue.venue_id not in HTML_ONLY_VENUE_IDS:
        end = None
        if start:
            # A night runs past midnight: the plugin's endDate is the next day.
            end = (start + timedelta(days=1) if start.hour >= 18 else start).date().isoformat()
        node = eventld.event_node(
            entry, venue, start=start.date().isoformat() if start else None, end=end,
            description=blurb, images=flyer_sizes(image) if image else [],
            organizer={"@type": "Organization", "name": theme.title,
                       "url": f"https://{theme.host}/"})
        script, graph_nodes = eventld.render(entry, node, pretty=True)

    published = published_at(url) if start else None
    events_page = f"https://{theme.host}/las-vegas/events/" if entry["site"] == "liv" else \
        f"https://{theme.host}/events/"
    graph = yoast_graph(chrome, url=url, title=title, description=og_description, image=image,
                        crumbs=[("Home", f"https://{theme.host}/"), ("Events", events_page),
                                (name, None)],
                        published=published, modified=published, extra=graph_nodes)
    head = (head_meta(chrome, url=url, title=title, description=og_description, image=image,
                      charset=charset, modified=published)
            + json_script(graph, css_class="yoast-schema-graph") + "<!-- / Yoast SEO plugin. -->\n")
    nonce = f"{digest('nonce:' + url):016x}"[:10]
    ajax = f"https:\\/\\/{theme.host}\\/wp-admin\\/admin-ajax.php"
    head_late = (
        '<script id="urvenue-ws-inventory-js-extra">\nvar urvenue_ws_inventory_vars = '
        f'{{"ajaxurl":"{ajax}","targetNonce":"{nonce}","eventcode":"{code}",'
        f'"venueid":"{venue.venue_id or ""}","cartcode":"","currency":"USD"}};\n</script>\n'
        + script)
    pid = post_id(url)
    body_class = (f"uws_event-template-default single single-uws_event postid-{pid} "
                  f"uws-event-page uws-venue-{venue.venue_id or 'none'} elementor-default")
    if plugin:
        main = _plugin_main(entry, venue, start, blurb)
    elif "uv_events_name" in variants:
        main = _wynn_legacy_main(entry, venue.label, start, blurb)
    else:
        main = _main(entry, venue.label, venue.daytime, start, blurb, events_page)
    main = _with_extras(main, entry, venue.label, start) + footer_ld
    return assemble(chrome, url=url, head=head, head_late=head_late, body_class=body_class,
                    main=main, charset=charset)


def _with_extras(main: str, entry: dict, venue_label: str, start: datetime | None) -> str:
    """Inventory templates before the event block, "More events" cards after it."""
    variants = set(entry["variant"])
    if "inventory_templates" in variants:
        main = render_cards.INVENTORY_TEMPLATES + main
    if "more_events" in variants:
        cut = main.rindex("</main>")
        main = main[:cut] + render_cards.more_events(entry, venue_label, start) + main[cut:]
    return main


def plugin_date(start: datetime) -> str:
    """The plugin's default `global-dateformat` "D, M j": `Fri, Dec 4`, no year."""
    return f"{start:%a}, {start:%b} {start.day}"


def plugin_time(start: datetime) -> str:
    """The plugin's `dstarttime`: `10:30 PM`."""
    return f"{start.hour % 12 or 12}:{start.minute:02d} {'AM' if start.hour < 12 else 'PM'}"


def _plugin_main(entry: dict, venue, start: datetime | None, blurb: str) -> str:
    """templates/event/event-container.html inside urvenue_ws_event()'s wrapper."""
    name, image, code = esc(entry["name"]), entry["image"], entry["code"] or ""
    ddate = plugin_date(start) if start else ""
    dtime = f"<div class='uwsdtime'>{plugin_time(start)}</div>" if start else ""
    flyer = ""
    if image:
        flyer = (f'<div class="uws-event-flyer"><a href="{image}" class="uwsjs-show-image" '
                 f'data-pop-title="{name}" target="_blank"><img class="uwsimgloading" '
                 f'src="{image.replace(FLYER_SIZE, "/800SC0/")}" alt="{name} - Flyer" '
                 "onload=\"this.classList.add('uwsloaded')\"><span class=\"uwsviewfullbtn\">"
                 '<i class="uwsicon-resize-full-alt"></i></span></a></div>')
    classes = "" if image else " uwsnoflyer"
    paragraphs = "<br>".join(esc(p) for p in blurb.split("\n"))
    descr = ("<div class='uwseventdescr'><div class='uwstitle'>Event Info</div>"
             f"<div class='uwsdescr'>{paragraphs}</div></div>")
    a = venue.address
    inventory = ("<div class='uwsjs-loadeventinventory uws-event-inventory' "
                 f"data-eventcode='{code}'><div class='uws-integration uws-inventory-stage "
                 "uwsdy-cartactive-class uws-inventory-stage-1 uwsloading' data-instance='1'>"
                 "<div class='uws-inventoryloader'>"
                 "<div class='uwsloadingmsg'><div class='uws-loader-uvicon'></div>"
                 "<div class='uwsloadingtxt'>Loading Experiences...</div></div></div>"
                 "<div class='uws-inventory-load'></div></div></div>")
    return f"""<main id="primary" class="site-main uv-main">
<div class='uws-integration uws-event uws-event-{code} uws-event-layout-container
 uws-event-columns-inventory-flyer'>
<div class="uws-event-cont{classes} uws-integration uws-theme-dark">
<div class="uws-event-title"><h1 class="uwsname">{name}</h1>
<div class="uwsddate uwsjs-trigger-evtdp"><span>{ddate}</span> {dtime}</div></div>
<div class="uws-event-columns"><div class="uws-event-maincol">{inventory}{descr}</div>
<div class="uws-event-info">{flyer}
<div class="uwsinfobox"><div class="uwsddate">{ddate}{dtime}<div class="uwsactions">
<a href="https://www.google.com/calendar/event?action=TEMPLATE" target="_blank"
 aria-label="Add Event to Your Calendar">Add to your calendar</a></div></div>
<div class="uwsvenueinfo"><div class='uwsvenuename uws-venkey-{venue.slug}'>{esc(venue.label)}</div>
<div class="uwsaddress">{esc(a.street)}, {esc(a.locality)}, {esc(a.region)} {esc(a.postal)}
</div></div>
</div></div></div></div>
</div>
</main>
"""


def _wynn_legacy_main(entry: dict, venue_label: str, start: datetime | None, blurb: str) -> str:
    """Wynn's older theme: the name in `h1 span.uv-events-name`, the date only in the code."""
    name, image, code = esc(entry["name"]), entry["image"], entry["code"] or ""
    flyer = (f'<div class="uv-eventpage-flyer"><img src="{image}" alt="{name}"></div>'
             if image else "")
    dtime = f'<div class="uv-eventpage-time uwsdtime">{time_text(start)}</div>' if start else ""
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in blurb.split("\n"))
    return f"""<main id="primary" class="site-main uv-main">
<section class="uv-eventpage uv-eventpage-legacy container" data-eventcode="{code}">
{flyer}
<div class="uv-eventpage-info">
<h1 class="uv-eventpage-title"><span class="uv-events-name">{name}</span></h1>
<div class="uv-events-venue">{esc(venue_label)}</div>
{dtime}
<div class="uv-eventpage-description">{paragraphs}</div>
</div>
<div id="uwsinventory" class="uwsinventory-container" data-eventcode="{code}"></div>
</section>
</main>
"""


def _main(entry: dict, venue_label: str, daytime: bool, start: datetime | None, blurb: str,
          events_page: str) -> str:
    home = "/".join(events_page.split("/", 3)[:3]) + "/"
    name, image, code = esc(entry["name"]), entry["image"], entry["code"] or ""
    flyer = ""
    if image:
        small = image.replace(FLYER_SIZE, "/800SC0/")
        flyer = (f'<div class="uv-event-flyer"><img class="uwsflyer" src="{small}" srcset="'
                 f'{image.replace(FLYER_SIZE, "/600SC0/")} 600w, {small} 800w, {image} 1200w" '
                 f'sizes="(max-width: 800px) 100vw, 800px" alt="{name}" width="800" height="1000" '
                 'decoding="async" fetchpriority="high"></div>')
    datetime_html = ""
    if start:
        datetime_html = ('<div class="uwsdatetime">'
                         f'<span class="uwsddate">{date_text(start)}</span>'
                         '<span class="uwsdsep"> | </span>'
                         f'<span class="uwsdtime">{time_text(start)}</span></div>')
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in blurb.split("\n"))
    category = "Daylife" if daytime else "Nightlife"
    return f"""<main id="primary" class="site-main uv-main">
<div class="uv-breadcrumbs container"><a href="{home}">Home</a> <span class="sep">/</span>
<a href="{events_page}">Events</a> <span class="sep">/</span>
<span class="current">{name}</span></div>
<section class="uwsevent-detail uv-eventpage container" data-eventcode="{code}">
<div class="uv-event-header">
{flyer}
<div class="uv-event-details">
<div class="uwsvenuename">{esc(venue_label)}</div>
<h1 class="uv-event-name-title">{name}</h1>
{datetime_html}
<div class="uv-event-category"><span class="uv-cat">{category}</span></div>
<div class="uv-event-buttons">
<a class="uv-btn uv-btn-tables" href="#uwsinventory">Book a Table</a>
<a class="uv-btn uv-btn-tickets" href="#uwsinventory">Tickets</a>
<a class="uv-btn uv-btn-guestlist" href="#uwsguestlist">Guest List</a>
</div>
<div class="uv-event-description">{paragraphs}</div>
<div class="uv-share"><span>Share</span>
<a class="uv-share-fb" href="https://www.facebook.com/sharer/sharer.php?u={entry['url']}"
 target="_blank" rel="noopener">Facebook</a>
<a class="uv-share-x" href="https://twitter.com/intent/tweet?url={entry['url']}"
 target="_blank" rel="noopener">X</a></div>
</div>
</div>
<div id="uwsinventory" class="uwsinventory-container" data-eventcode="{code}">
<div class="uwsloading"><span class="uwsspinner"></span> Loading availability&hellip;</div></div>
<div class="uv-event-policies"><h2>Good to know</h2><ul>
<li>All guests must be 21+ with a valid government-issued photo ID.</li>
<li>Dress code: upscale nightlife attire. No athletic wear, hats or flip-flops.</li>
<li>Table minimums do not include tax and gratuity.</li>
<li>Lineups are subject to change without notice.</li>
</ul></div>
</section>
</main>
"""
