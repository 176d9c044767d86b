"""Everything a catalog makes the replica serve, rendered once: {(host, path): reply or handler}."""

from __future__ import annotations

from . import (
    render_artists,
    render_images,
    render_inventory,
    render_js,
    render_misc,
    render_sitemaps,
    render_tao,
    render_urvenue,
)
from .reply import Reply
from .venues import HOSTS

Route = render_sitemaps.Route


def render_entry(entry: dict) -> Reply:
    if "not_event" in entry["variant"]:
        return render_misc.landing_page(entry)
    if entry["site"] == "tao":
        return render_tao.render(entry)
    page = render_inventory.decorate(entry, render_urvenue.render(entry))
    if "renamed_time" in entry["variant"]:
        page = render_js.renamed_class(page, "uwsdtime", "uws-event-time")
    if "needs_js" in entry["variant"]:
        return render_js.client_rendered(page, renders="js_broken" not in entry["variant"])
    return page


def path_of(url: str) -> tuple[str, str]:
    """`https://HOST/PATH` -> (HOST, /PATH)."""
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return host, "/" + path


def build(catalog: dict) -> tuple[dict[tuple[str, str], Route], dict[tuple[str, str], str]]:
    """The route table, and the faults to inject: {(host, path): "500_once"}."""
    routes: dict[tuple[str, str], Route] = {}
    faults: dict[tuple[str, str], str] = {}
    for site, host in HOSTS.items():
        entries = [e for e in catalog["events"] if e["site"] == site]
        extras = catalog["sites"][site]["extra_sitemaps"]
        pages, posts = render_misc.PAGES[site], render_misc.POSTS[site]
        for path, route in render_sitemaps.build(site, entries, extras, pages, posts).items():
            routes[host, path] = route
        routes[host, "/robots.txt"] = render_misc.robots(host)
        for path in (*pages, *posts):
            routes[host, path] = render_misc.plain_page(site, path)
        for entry in entries:
            key = path_of(entry["url"])
            if entry["fault"] == "404":
                # Listed in the sitemap, gone from the site.
                routes.pop(key, None)
                continue
            routes[key] = render_entry(entry)
            if entry["fault"]:
                faults[key] = entry["fault"]
    routes.update(render_images.build(catalog["events"]))
    routes.update(render_inventory.build(catalog["events"]))
    routes.update(render_artists.build(catalog))
    return routes, faults


def not_found_pages() -> dict[str, Reply]:
    """Each site's themed 404 page, rendered once."""
    return {host: render_misc.not_found(site, "/404/") for site, host in HOSTS.items()}
