"""The pages around the events: landing and plain pages, WordPress's 404 and 500, robots.txt."""

from __future__ import annotations

from .chrome import chrome_for
from .layout import assemble, esc, head_meta, json_script, post_id, published_at, yoast_graph
from .reply import HTML, TEXT, Reply
from .venues import HOSTS

# Pages the non-event sitemaps list; the spiders must never fetch them.
PAGES = {
    "liv": ("/", "/las-vegas/events/", "/las-vegas/vip/tables/", "/las-vegas/gallery/", "/contact/",
            "/privacy-policy/"),
    "wynnsocial": ("/", "/events/", "/venue/xs-nightclub/", "/venue/encore-beach-club/", "/faq/",
                   "/contact/"),
    "tao": ("/", "/events/", "/location/las-vegas/", "/venues/omnia-nightclub/", "/careers/",
            "/privacy-policy/"),
    "zouk": ("/", "/events/", "/zouk-nightclub/", "/ayu-dayclub/", "/vip/", "/contact/"),
}
POSTS = {
    "liv": ("/blog/liv-beach-2027-season-dates-announced/", "/blog/new-years-eve-2026-lineup/"),
    "wynnsocial": ("/news/xs-2027-residents-announced/", "/news/encore-beach-club-opening-day/"),
    "tao": ("/news/tao-group-opens-new-venue/", "/news/marquee-25-years/",
            "/news/omnia-nightclub-renovation/"),
    "zouk": ("/news/ayu-dayclub-2027-season/", "/news/zouk-new-years-eve-2026/"),
}


def title_of(path: str) -> str:
    words = path.strip("/").rsplit("/", 1)[-1].replace("-", " ")
    return words.title() if words else "Home"


def plain_page(site: str, path: str, *, heading: str | None = None, text: str = "",
               status: int = 200, body_class: str = "page-template-default page") -> Reply:
    chrome = chrome_for(site)
    theme = chrome.theme
    url = f"https://{theme.host}{path}"
    heading = heading or title_of(path)
    title = f"{heading} - {theme.title}" if path != "/" else theme.title
    description = text or theme.tagline
    graph = yoast_graph(chrome, url=url, title=title, description=description, image=None,
                        crumbs=[("Home", f"https://{theme.host}/"), (heading, None)],
                        published=published_at(url), modified=published_at(url),
                        page_type="CollectionPage" if "events" in path else "WebPage")
    head = (head_meta(chrome, url=url, title=title, description=description, image=None,
                      charset="UTF-8", modified=None, og_type="website")
            + json_script(graph, css_class="yoast-schema-graph") + "<!-- / Yoast SEO plugin. -->\n")
    paragraphs = "".join(f"<p>{esc(p)}</p>" for p in (text or theme.tagline).split("\n"))
    main = (f'<main id="primary" class="site-main"><article id="post-{post_id(url)}" class="page">'
            f'<header class="entry-header"><h1 class="entry-title">{esc(heading)}</h1></header>'
            f'<div class="entry-content">{paragraphs}</div></article></main>\n')
    return assemble(chrome, url=url, head=head, head_late="", body_class=body_class, main=main,
                    status=status)


def landing_page(entry: dict) -> Reply:
    """A page listed in an events sitemap that is not an event (a campaign landing page)."""
    path = entry["url"].split(HOSTS[entry["site"]], 1)[1]
    text = (f"{entry['name']}: the biggest nights of the season in one place.\n"
            "Browse the calendar, then reserve tables and packages before they sell out.")
    return plain_page(entry["site"], path, heading=entry["name"], text=text,
                      body_class="page-template-landing page")


def not_found(site: str, path: str) -> Reply:
    return plain_page(site, path, heading="Page not found", status=404,
                      text="It looks like nothing was found at this location. Maybe try a search?",
                      body_class="error404")


def server_error() -> Reply:
    """WordPress's fatal-error screen (wp_die), served when PHP crashes."""
    body = """<!DOCTYPE html>
<html lang="en-US">
<head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8" />
<meta name="viewport" content="width=device-width">
<meta name='robots' content='max-image-preview:large, noindex, follow' />
<title>WordPress &rsaquo; Error</title>
<style type="text/css">
html{background:#f1f1f1}
body{background:#fff;border:1px solid #ccd0d4;color:#444;margin:2em auto;padding:1em 2em;
font-family:-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,sans-serif;max-width:700px}
</style>
</head>
<body id="error-page">
<div class="wp-die-message"><p>There has been a critical error on this website.</p>
<p><a href="https://wordpress.org/documentation/article/faq-troubleshooting/">
Learn more about troubleshooting WordPress.</a></p></div></body>
</html>
"""
    return Reply.of(500, HTML, body)


def unknown_host() -> Reply:
    return Reply.of(404, "text/html", "<html>\r\n<head><title>404 Not Found</title></head>\r\n"
                    "<body>\r\n<center><h1>404 Not Found</h1></center>\r\n"
                    "<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n")


def robots(host: str) -> Reply:
    return Reply.of(200, TEXT, "# START YOAST BLOCK\n# ---------------------------\n"
                    "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
                    f"Sitemap: https://{host}/sitemap_index.xml\n"
                    "# ---------------------------\n# END YOAST BLOCK\n")
