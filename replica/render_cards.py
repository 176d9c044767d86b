"""What real UrVenue pages carry besides their own event: the inventory's client-side templates
and "More events" cards. Both use the event block's own class names; see docs/real-templates.md.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from .artists import ARTISTS
from .expect import slugify
from .layout import digest, esc
from .venues import HOSTS

# The plugin's templates/inventory/*.html, as the sites' themes embed them for their scripts
# (mustache braces); the plugin itself writes `{itemname}` and returns them in its ajax answer.
INVENTORY_TEMPLATES = """<script type="text/template" id="uws-tpl-inventory-list-item">
<div class="uwsinv-item uws-inventory-item uws-inv-item-{{mastercode}}"
 data-mastercode="{{mastercode}}">
<div class="uwsinfo"><div class="uwsbadge">{{itembadge}}</div>
<div class="uwsname">{{itemname}}</div>{{iteminfodiv}}</div>
<div class="uwspricecont">{{itempaynowdiv}}<div class="uwspriceitem">
<div class="uwspricing">{{pricingdisplay}}</div>
<div class="uwsprice {{pricetypeclass}}" data-symbol="{{currencysymbol}}">{{frontprice}}</div>
</div></div>
<div class="uwsactions">{{itemselectbtn}}</div></div>
</script>
<script type="text/template" id="uws-tpl-inventory-item-pop">
<div class="uwsinv-item uws-inventory-item-pop uws-inv-item-{{mastercode}} uwsviewscontainer"
 data-mastercode="{{mastercode}}">
<div class="uws-itempop-header"><div class="uwsname">{{itemname}}{{iteminfoicon}}</div>
<div class="uwsitemdetslist"><ul><li><span class="uwsddate">{{itemddate}}</span></li>
<li><span>{{itemcapacity}} {{itemcapacitylabel}}</span></li>
<li><span class="uwsdtime uwsdy-timerange">{{itemtimerange}}</span></li></ul></div></div>
<div class="uwsvenuename">{{venuename}}</div></div>
</script>
<script type="text/template" id="uws-tpl-inventory-itemslist-sel-item">
<a href="#uws-item-showitem-{{mastercode}}" class="uwsjs-inv-item-select"
 data-mastercode="{{mastercode}}">
<div class="uwsinvitemselitem"><div class="uwsname">{{itemname}}</div><div class="uwspricecont">
<div class="uwspriceitem"><div class="uwspricing">{{pricingdisplay}}</div>
<div class="uwsprice" data-symbol="{{currencysymbol}}">{{frontprice}}</div></div></div></div></a>
</script>
"""

_OFFSETS = (1, 2, 7)  # the cards show the next nights and the same night next week


def _others(entry: dict, start: datetime) -> list[tuple[str, datetime, str]]:
    """Three other nights: (act, start, event code) chosen from the URL, never this page's act."""
    seed = digest("cards:" + entry["url"])
    acts = [a for a in ARTISTS if a not in entry["performers"] and a != entry["name"]]
    out = []
    for i, days in enumerate(_OFFSETS):
        act = acts[(seed + 7 * i) % len(acts)]
        when = start + timedelta(days=days)
        code = f"EVE-{(seed >> (4 * i)) % 36**6:06X}"[:10]
        if entry["site"] != "liv" or i == 2:
            code = f"EVE{entry.get('venue_id') or '1115'}000{when:%Y%m%d}"
        out.append((act, when, code))
    return out


def _clock(when: datetime) -> str:
    return f"{when.hour % 12 or 12}:{when.minute:02d}{'am' if when.hour < 12 else 'pm'}"


def more_events(entry: dict, venue_label: str, start: datetime | None) -> str:
    """The "More events" block after the event block, in the site's card markup."""
    start = start or datetime(2026, 12, 1, 22, 0)
    cards = [_card(entry["site"], venue_label, *other) for other in _others(entry, start)]
    return ('<section class="uws-more-events"><h2 class="uws-more-title">More Events</h2>\n'
            + "\n".join(cards) + "\n</section>\n")


def _card(site: str, venue_label: str, act: str, when: datetime, code: str) -> str:
    name, venue = esc(act), esc(venue_label)
    if site == "liv":
        # LIV's 2026 cards: the data in `data-liv-*`, the text run together.
        url = f"https://www.livnightclub.com/las-vegas/event/{code}/{slugify(act)}/"
        return (f'<a class="lvw-card" href="{url}" data-liv-code="{code}" '
                f'data-liv-date="{when:%Y-%m-%d}" data-liv-time="{_clock(when)}" '
                f'data-liv-venue="{venue}" data-liv-name="{name}">'
                f'<span class="lvw-card-date">{when:%a} {when:%b} {when.day}</span> '
                f'<span class="lvw-card-name uwsname">{name}</span> '
                f'<span class="lvw-card-venue uwsvenuename">{venue}</span> | '
                f'<span class="uwsdtime">{_clock(when)}</span></a>')
    url = f"https://{HOSTS[site]}/event/{code}/{slugify(act)}/"
    # The plugin's events-list-item-default.html, as the other UrVenue calendars list it.
    return (f'<div class="uws-event-list-item eventitem {code}" aria-label="{name} - {venue}">'
            f'<a class="uv-boxitem noloader" href="{url}" aria-label="{name} Book Now">'
            '<div class="uws-list-item-default uws-event-item">'
            f'<div class="uwsdedate"><div class="uwsdsday">{when:%a}</div>'
            f'<div class="uwsdday">{when.day}</div><div class="uwsdsmonth">{when:%b}</div></div>'
            f'<div class="uwsinfo"><div class="uwsddate">{when:%a}, {when:%b} {when.day}</div>'
            f'<div class="uwsname uv-events-name">{name}</div>'
            f'<div class="uwsvenuename uv-events-venue">{venue}</div>'
            f'<div class="uwsdtime">{_clock(when)}</div></div>'
            '<div class="uwsactions"><span class="uws-btn uws-btn-s">Book<span> Now</span></span>'
            '</div></div></a></div>')
