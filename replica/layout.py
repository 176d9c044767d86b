"""How a WordPress page is put together: its own head and content inside the site's chrome."""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime, timedelta

from .chrome import Chrome
from .reply import Reply

MIN_PAGE = 58_200
MAX_PAGE = 120_800
STYLE_OPEN = b"<style id='core-block-supports-inline-css'>\n"
STYLE_CLOSE = b"</style>\n"


def digest(text: str) -> int:
    """A stable number for a URL (Python's hash() changes between runs)."""
    return int.from_bytes(hashlib.blake2b(text.encode("utf-8"), digest_size=8).digest(), "big")


def target_size(url: str) -> int:
    """58-121 KB, median ~90 KB: the mean of two uniforms, so the middle sizes dominate."""
    h = digest(url)
    u = ((h & 0xFFFFFFFF) + (h >> 32)) / (2 * 0xFFFFFFFF)
    return MIN_PAGE + int(u * (MAX_PAGE - MIN_PAGE))


def post_id(url: str) -> int:
    return 10_000 + digest(url) % 90_000


def published_at(url: str) -> str:
    """When WordPress says the post was created: some weeks before the crawl."""
    h = digest("published:" + url)
    when = datetime(2026, 8, 1, tzinfo=UTC) + timedelta(seconds=h % (100 * 86_400))
    return when.isoformat(timespec="seconds")


def esc(text: str) -> str:
    """WordPress's esc_html / esc_attr."""
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;").replace("'", "&#039;"))


def json_script(data: object, *, pretty: bool = False, css_class: str = "") -> str:
    text = json.dumps(data, ensure_ascii=False, indent=4 if pretty else None,
                      separators=None if pretty else (",", ":"))
    return script_tag(text.replace("</", "<\\/"), css_class)


def script_tag(text: str, css_class: str = "") -> str:
    cls = f' class="{css_class}"' if css_class else ""
    return f'<script type="application/ld+json"{cls}>{text}</script>\n'


def yoast_graph(chrome: Chrome, *, url: str, title: str, description: str, image: str | None,
                crumbs: list[tuple[str, str | None]], published: str | None,
                modified: str | None, page_type: str = "WebPage",
                extra: list[dict] | None = None) -> dict:
    """Yoast SEO's @graph: WebPage, BreadcrumbList, WebSite, Organization (never an Event)."""
    theme = chrome.theme
    home = f"https://{theme.host}/"
    page: dict = {"@type": page_type, "@id": url, "url": url, "name": title,
                  "isPartOf": {"@id": f"{home}#website"}}
    if image:
        page["primaryImageOfPage"] = {"@id": f"{url}#primaryimage"}
        page["image"] = {"@id": f"{url}#primaryimage"}
        page["thumbnailUrl"] = image
    if published:
        page["datePublished"] = published
    if modified:
        page["dateModified"] = modified
    page.update({"description": description, "breadcrumb": {"@id": f"{url}#breadcrumb"},
                 "inLanguage": "en-US",
                 "potentialAction": [{"@type": "ReadAction", "target": [url]}]})
    graph: list[dict] = [page]
    if image:
        graph.append({"@type": "ImageObject", "inLanguage": "en-US", "@id": f"{url}#primaryimage",
                      "url": image, "contentUrl": image, "width": 1200, "height": 1500})
    items = []
    for i, (name, item) in enumerate(crumbs, start=1):
        node = {"@type": "ListItem", "position": i, "name": name}
        if item:
            node["item"] = item
        items.append(node)
    graph.append({"@type": "BreadcrumbList", "@id": f"{url}#breadcrumb", "itemListElement": items})
    graph.append({"@type": "WebSite", "@id": f"{home}#website", "url": home, "name": theme.title,
                  "description": theme.tagline, "publisher": {"@id": f"{home}#organization"},
                  "potentialAction": [{"@type": "SearchAction", "target": {
                      "@type": "EntryPoint", "urlTemplate": f"{home}?s={{search_term_string}}"},
                      "query-input": {"@type": "PropertyValueSpecification",
                                      "valueRequired": True, "valueName": "search_term_string"}}],
                  "inLanguage": "en-US"})
    graph.append({"@type": "Organization", "@id": f"{home}#organization", "name": theme.title,
                  "url": home, "logo": {"@type": "ImageObject", "inLanguage": "en-US",
                                        "@id": f"{home}#/schema/logo/image/",
                                        "url": f"{home}wp-content/uploads/2024/02/logo.png",
                                        "width": 600, "height": 200, "caption": theme.title},
                  "sameAs": [f"https://www.{s}.com/" for s in theme.socials]})
    graph.extend(extra or [])
    return {"@context": "https://schema.org", "@graph": graph}


def head_meta(chrome: Chrome, *, url: str, title: str, description: str, image: str | None,
              charset: str, modified: str | None, og_type: str = "article") -> str:
    """The <head> up to the stylesheets: charset, title, robots, canonical, Open Graph, Twitter."""
    theme = chrome.theme
    # WordPress texturizes titles: the en dash is written as an entity.
    t, d = (esc(x).replace("\u2013", "&#8211;") for x in (title, description))
    out = [
        "<!DOCTYPE html>", '<html lang="en-US">', "<head>", f'<meta charset="{charset}">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        '<link rel="profile" href="https://gmpg.org/xfn/11">',
        "<!-- This site is optimized with the Yoast SEO plugin v23.8 - https://yoast.com/wordpress/"
        "plugins/seo/ -->",
        f"<title>{t}</title>", f'<meta name="description" content="{d}" />',
        '<meta name="robots" content="index, follow, max-snippet:-1, max-image-preview:large, '
        'max-video-preview:-1" />',
        f'<link rel="canonical" href="{url}" />', '<meta property="og:locale" content="en_US" />',
        f'<meta property="og:type" content="{og_type}" />',
        f'<meta property="og:title" content="{t}" />',
        f'<meta property="og:description" content="{d}" />',
        f'<meta property="og:url" content="{url}" />',
        f'<meta property="og:site_name" content="{esc(theme.title)}" />',
    ]
    if modified:
        out.append(f'<meta property="article:modified_time" content="{modified}" />')
    if image:
        out += [f'<meta property="og:image" content="{image}" />',
                '<meta property="og:image:width" content="1200" />',
                '<meta property="og:image:height" content="1500" />',
                '<meta property="og:image:type" content="image/jpeg" />']
    out += ['<meta name="twitter:card" content="summary_large_image" />',
            f'<meta name="twitter:title" content="{t}" />',
            f'<meta name="twitter:description" content="{d}" />']
    if image:
        out.append(f'<meta name="twitter:image" content="{image}" />')
    out.append(f'<meta name="twitter:site" content="@{theme.site}" />')
    return "\n".join(out) + "\n"


def assemble(chrome: Chrome, *, url: str, head: str, head_late: str, body_class: str, main: str,
             charset: str = "UTF-8", status: int = 200, size: int | None = None) -> Reply:
    """A page of about `size` bytes (default: a size chosen from the URL); filler CSS pads it."""
    encoding = "cp1252" if charset.lower() == "windows-1252" else "utf-8"

    def enc(text: str) -> bytes:
        return text.encode(encoding, "xmlcharrefreplace")

    top = enc(head)
    middle = enc(head_late + "</head>\n" + f'<body class="{body_class}">\n')
    content = enc(main)
    shared = (chrome.head_assets, chrome.head_scripts, chrome.header, chrome.footer)
    fixed = (len(top) + len(middle) + len(content) + sum(len(c) for c in shared)
             + len(STYLE_OPEN) + len(STYLE_CLOSE))
    filler = chrome.filler_upto((size or target_size(url)) - fixed)
    chunks = (top, chrome.head_assets, STYLE_OPEN, filler, STYLE_CLOSE, chrome.head_scripts,
              middle, chrome.header, content, chrome.footer)
    return Reply(status, f"text/html; charset={charset}", chunks,
                 (("Link", f'<https://{chrome.theme.host}/wp-json/>; rel="https://api.w.org/"'),))
