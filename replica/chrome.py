"""The bytes every page of a site shares (head assets, menus, footer, scripts), built once per site.

All of it is ASCII, so a page encoded as windows-1252 can share the same bytes as a UTF-8 one.
"""

from __future__ import annotations

import json
import random
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache

from .themes import THEMES, Theme

WP_VERSION = "6.8.3"


@dataclass(frozen=True)
class Chrome:
    theme: Theme
    head_assets: bytes
    head_scripts: bytes
    header: bytes
    footer: bytes
    filler: bytes
    # Offsets just past each CSS rule of `filler`, so a cut never splits a rule.
    cuts: tuple[int, ...]

    def filler_upto(self, room: int) -> memoryview:
        """The longest run of whole CSS rules that fits in `room` bytes (shared, not copied)."""
        i = bisect_right(self.cuts, room)
        return memoryview(self.filler)[: self.cuts[i - 1] if i else 0]


def _abs(theme: Theme, href: str) -> str:
    return href if href.startswith("http") else f"https://{theme.host}{href}"


def _head_assets(theme: Theme) -> str:
    base = f"https://{theme.host}"
    out = [
        "<link rel='dns-prefetch' href='//www.googletagmanager.com' />",
        "<link rel='dns-prefetch' href='//fonts.googleapis.com' />",
        "<link rel='dns-prefetch' href='//connect.facebook.net' />",
        "<link rel='preconnect' href='https://fonts.gstatic.com' crossorigin />",
        f'<link rel="alternate" type="application/rss+xml" title="{theme.title} &raquo; Feed" '
        f'href="{base}/feed/" />',
        f'<link rel="alternate" type="application/rss+xml" title="{theme.title} &raquo; Comments '
        f'Feed" href="{base}/comments/feed/" />',
    ]
    for font in ("Montserrat-Regular", "Montserrat-Bold", "PlayfairDisplay-Italic", "icons"):
        out.append(f'<link rel="preload" href="{base}/wp-content/themes/{theme.theme_slug}/assets/'
                   f'fonts/{font}.woff2" as="font" type="font/woff2" crossorigin>')
    sheets = ("wp-includes/css/dist/block-library/style.min", "wp-includes/css/classic-themes.min",
              "wp-includes/css/dashicons.min")
    for path in sheets:
        handle = path.rsplit("/", 1)[-1].replace(".min", "").replace("style", "wp-block-library")
        out.append(f"<link rel='stylesheet' id='{handle}-css' href='{base}/{path}.css?ver="
                   f"{WP_VERSION}' media='all' />")
    for i, plugin in enumerate(theme.plugins):
        handle = plugin.split("/", 1)[0]
        out.append(f"<link rel='stylesheet' id='{handle}-{i}-css' href='{base}/wp-content/plugins/"
                   f"{plugin}.css?ver={3 + i % 5}.{i % 9}.{(i * 7) % 11}' media='all' />")
    for name in ("style", "assets/css/main", "assets/css/responsive", "assets/css/animations"):
        out.append(f"<link rel='stylesheet' id='{theme.theme_slug}-{name.rsplit('/', 1)[-1]}-css' "
                   f"href='{base}/wp-content/themes/{theme.theme_slug}/{name}.css?ver=2.4.1' "
                   "media='all' />")
    out.append("<link rel='stylesheet' id='google-fonts-css' href='https://fonts.googleapis.com/"
               "css2?family=Montserrat:wght@300;400;600;700&#038;family=Playfair+Display:ital@1"
               "&#038;display=swap' media='all' />")
    colors = ("black", "cyan-bluish-gray", "white", "pale-pink", "vivid-red",
              "luminous-vivid-orange", "luminous-vivid-amber", "light-green-cyan",
              "vivid-green-cyan", "pale-cyan-blue",
              "vivid-cyan-blue", "vivid-purple", "accent", "gold", "charcoal")
    rng = random.Random(f"globals-{theme.site}")
    props = [f"--wp--preset--color--{c}: #{rng.randrange(0xFFFFFF):06x};" for c in colors]
    props += [f"--wp--preset--font-size--{s}: {n}px;"
              for s, n in (("small", 13), ("medium", 20), ("large", 36), ("x-large", 42))]
    props += [f"--wp--preset--spacing--{n}: {n / 20:.2f}rem;" for n in range(20, 90, 10)]
    rules = [f".has-{c}-color{{color: var(--wp--preset--color--{c}) !important;}}" for c in colors]
    rules += [f".has-{c}-background-color{{background-color: var(--wp--preset--color--{c}) "
              "!important;}" for c in colors]
    rules += [f".has-{c}-border-color{{border-color: var(--wp--preset--color--{c}) !important;}}"
              for c in colors]
    out.append("<style id='global-styles-inline-css'>\n:root{" + "".join(props) + "}"
               + "".join(rules) + f":root{{--uv-accent:{theme.accent};}}\n</style>")
    return "\n".join(out) + "\n"


_COOKIE_BAR = {
    "animate_speed_hide": "500", "animate_speed_show": "500", "background": "#FFF",
    "border": "#b1a6a6c2", "border_on": "", "button_1_button_colour": "#61a229",
    "button_1_button_hover": "#4e8221", "button_1_link_colour": "#fff", "button_1_as_button": "1",
    "button_1_new_win": "", "button_2_button_colour": "#333", "button_2_button_hover": "#292929",
    "button_2_link_colour": "#444", "button_2_as_button": "", "button_2_hidebar": "",
    "font_family": "inherit", "header_fix": "", "notify_animate_hide": "1",
    "notify_animate_show": "", "notify_div_id": "#cookie-law-info-bar",
    "notify_position_horizontal": "right", "notify_position_vertical": "bottom",
    "scroll_close": "", "scroll_close_reload": "", "accept_close_reload": "",
    "reject_close_reload": "", "showagain_tab": "", "showagain_background": "#fff",
    "showagain_border": "#000", "showagain_div_id": "#cookie-law-info-again",
    "showagain_x_position": "100px", "text": "#333333", "show_once_yn": "", "show_once": "10000",
    "logging_on": "", "as_popup": "", "popup_overlay": "1", "bar_heading_text": "",
    "cookie_bar_as": "banner", "popup_showagain_position": "bottom-right",
    "widget_position": "left",
}
_CLI_DATA = {
    "nn_cookie_ids": [], "cookielist": [], "non_necessary_cookies": [], "ccpaEnabled": "1",
    "ccpaRegionBased": "", "ccpaBarEnabled": "", "strictlyEnabled": ["necessary", "obligatoire"],
    "ccpaType": "ccpa_gdpr", "js_blocking": "1", "custom_integration": "",
    "triggerDomRefresh": "", "secure_cookies": "",
}


def _wp_json(data: object) -> str:
    """wp_localize_script's encoding: compact, slashes escaped."""
    return json.dumps(data, separators=(",", ":")).replace("/", "\\/")


def _head_scripts(theme: Theme) -> str:
    base = f"https://{theme.host}"
    uploads = f"{base}/wp-content/uploads/2024/02"
    rng = random.Random(f"scripts-{theme.site}")
    gtm = "GTM-" + "".join(rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ23456789") for _ in range(7))
    pixel = str(rng.randrange(10**14, 10**15))
    ajax = _wp_json({"ajax_url": f"{base}/wp-admin/admin-ajax.php"})
    elementor = ("Elementor 3.25.4; features: e_font_icon_svg, additional_custom_breakpoints; "
                 "settings: css_print_method-external, google_font-enabled, font_display-swap")
    return f"""<script src="{base}/wp-includes/js/jquery/jquery.min.js?ver=3.7.1"
 id="jquery-core-js"></script>
<script src="{base}/wp-includes/js/jquery/jquery-migrate.min.js?ver=3.4.1"
 id="jquery-migrate-js"></script>
<script id="cookie-law-info-js-extra">
var Cli_Data = {_wp_json(_CLI_DATA)};
var cli_cookiebar_settings = {_wp_json(_COOKIE_BAR)};
var log_object = {ajax};
</script>
<script src="{base}/wp-content/plugins/cookie-law-info/legacy/public/js/cookie-law-info-public.js\
?ver=3.2.8" id="cookie-law-info-js"></script>
<link rel="https://api.w.org/" href="{base}/wp-json/" />
<link rel="alternate" title="JSON" type="application/json" href="{base}/wp-json/wp/v2/pages/2" />
<link rel="EditURI" type="application/rsd+xml" title="RSD" href="{base}/xmlrpc.php?rsd" />
<meta name="generator" content="WordPress {WP_VERSION}" />
<meta name="generator" content="{elementor}">
<!-- Google Tag Manager -->
<script>(function(w,d,s,l,i){{w[l]=w[l]||[];w[l].push({{'gtm.start':
new Date().getTime(),event:'gtm.js'}});var f=d.getElementsByTagName(s)[0],
j=d.createElement(s),dl=l!='dataLayer'?'&l='+l:'';j.async=true;j.src=
'https://www.googletagmanager.com/gtm.js?id='+i+dl;f.parentNode.insertBefore(j,f);
}})(window,document,'script','dataLayer','{gtm}');</script>
<!-- End Google Tag Manager -->
<!-- Meta Pixel Code -->
<script>!function(f,b,e,v,n,t,s){{if(f.fbq)return;n=f.fbq=function(){{n.callMethod?
n.callMethod.apply(n,arguments):n.queue.push(arguments)}};if(!f._fbq)f._fbq=n;n.push=n;
n.loaded=!0;n.version='2.0';n.queue=[];t=b.createElement(e);t.async=!0;t.src=v;
s=b.getElementsByTagName(e)[0];s.parentNode.insertBefore(t,s)}}(window,document,'script',
'https://connect.facebook.net/en_US/fbevents.js');
fbq('init', '{pixel}');fbq('track', 'PageView');</script>
<noscript><img height="1" width="1" style="display:none" alt=""
 src="https://www.facebook.com/tr?id={pixel}&amp;ev=PageView&amp;noscript=1" /></noscript>
<!-- End Meta Pixel Code -->
<link rel="icon" href="{uploads}/favicon-32x32.png" sizes="32x32" />
<link rel="icon" href="{uploads}/favicon-192x192.png" sizes="192x192" />
<link rel="apple-touch-icon" href="{uploads}/favicon-180x180.png" />
<meta name="msapplication-TileImage" content="{uploads}/favicon-270x270.png" />
"""


def _menu(theme: Theme, menu_id: str, rng: random.Random) -> str:
    items = []
    for label, href, children in theme.menus:
        n = rng.randrange(100, 9999)
        sub = ""
        if children:
            sub = "<ul class=\"sub-menu\">" + "".join(
                f'<li id="menu-item-{n + j + 1}" class="menu-item menu-item-type-custom '
                f'menu-item-object-custom menu-item-{n + j + 1}"><a href="{_abs(theme, h)}">'
                f"{c}</a></li>" for j, (c, h) in enumerate(children)) + "</ul>"
        parent = " menu-item-has-children" if children else ""
        items.append(f'<li id="menu-item-{n}" class="menu-item menu-item-type-post_type '
                     f'menu-item-object-page{parent} menu-item-{n}"><a href="{_abs(theme, href)}">'
                     f"{label}</a>{sub}</li>")
    return f'<ul id="{menu_id}" class="menu">' + "".join(items) + "</ul>"


def _icon(name: str, rng: random.Random) -> str:
    points = " ".join(f"{rng.uniform(0, 24):.3f} {rng.uniform(0, 24):.3f}" for _ in range(36))
    return (f'<svg class="e-font-icon-svg e-fab-{name}" viewBox="0 0 448 512" '
            f'xmlns="http://www.w3.org/2000/svg"><path d="M{points}z"></path></svg>')


def _sprite(rng: random.Random) -> str:
    """The theme's inline SVG icon sprite: many tiny elements, as real themes ship."""
    symbols = []
    for i in range(90):
        x, y = rng.randrange(2, 22), rng.randrange(2, 22)
        symbols.append(f'<symbol id="icon-{i}" viewBox="0 0 24 24"><path d="M{x} {y}h{24 - x}'
                       f'v{rng.randrange(1, 9)}z"/></symbol>')
    return ('<svg xmlns="http://www.w3.org/2000/svg" style="display:none" aria-hidden="true">'
            + "".join(symbols) + "</svg>")


def _header(theme: Theme) -> str:
    rng = random.Random(f"header-{theme.site}")
    base = f"https://{theme.host}"
    socials = "".join(f'<li><a href="https://www.{s}.com/" aria-label="{s}" target="_blank" '
                      f'rel="noopener">{_icon(s, rng)}</a></li>' for s in theme.socials)
    return f"""{_sprite(rng)}
<!-- Google Tag Manager (noscript) -->
<noscript><iframe src="https://www.googletagmanager.com/ns.html?id=GTM-NOSCRIPT" height="0"
 width="0" style="display:none;visibility:hidden"></iframe></noscript>
<div id="page" class="site">
<a class="skip-link screen-reader-text" href="#content">Skip to content</a>
<header id="masthead" class="site-header elementor-location-header" role="banner">
<div class="header-inner container">
<div class="site-branding"><a href="{base}/" class="custom-logo-link" rel="home">
<img width="240" height="80" src="{base}/wp-content/uploads/2024/02/logo.svg" class="custom-logo"
 alt="{theme.title}" decoding="async" /></a></div>
<nav id="site-navigation" class="main-navigation" aria-label="Primary">
<button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">
<span class="screen-reader-text">Menu</span>
<span class="hamburger"><span></span><span></span><span></span></span></button>
{_menu(theme, "primary-menu", rng)}
</nav>
<div class="header-actions">
<a class="btn btn-outline header-book" href="{base}/reservations/">Book a Table</a>
<a class="btn header-tickets" href="{base}/events/">Tickets</a></div>
</div>
<div id="mobile-menu" class="mobile-navigation" aria-hidden="true">
{_menu(theme, "mobile-primary-menu", rng)}
<ul class="mobile-socials">{socials}</ul>
</div>
</header>
<div id="content" class="site-content">
"""


def _footer(theme: Theme) -> str:
    rng = random.Random(f"footer-{theme.site}")
    base = f"https://{theme.host}"
    cols = "".join(
        f'<div class="footer-col"><h4 class="footer-title">{title}</h4><ul class="footer-menu">'
        + "".join(f'<li class="menu-item"><a href="{_abs(theme, h)}">{label}</a></li>'
                  for label, h in links) + "</ul></div>" for title, links in theme.footer_columns)
    socials = "".join(f'<li class="social-{s}"><a href="https://www.{s}.com/" target="_blank" '
                      f'rel="noopener" aria-label="{s}">{_icon(s, rng)}</a></li>'
                      for s in theme.socials)
    scripts = "\n".join(
        f'<script src="{base}/wp-content/plugins/{p.rsplit("/css/", 1)[0]}/js/'
        f'{p.rsplit("/", 1)[-1].replace(".min", "")}.min.js?ver=1.{i}.0" id="script-{i}-js">'
        "</script>" for i, p in enumerate(theme.plugins))
    emoji = json.dumps({
        "baseUrl": "https://s.w.org/images/core/emoji/15.0.3/72x72/", "ext": ".png",
        "svgUrl": "https://s.w.org/images/core/emoji/15.0.3/svg/", "svgExt": ".svg",
        "source": {"concatemoji": f"{base}/wp-includes/js/wp-emoji-release.min.js"
                                  f"?ver={WP_VERSION}"},
    }, separators=(",", ":"))
    return f"""</div><!-- #content -->
<footer id="colophon" class="site-footer elementor-location-footer" role="contentinfo">
<div class="footer-top container">
<div class="footer-brand"><img src="{base}/wp-content/uploads/2024/02/logo-footer.svg"
 alt="{theme.title}" width="200" height="60" loading="lazy" />
<p class="footer-tagline">{theme.tagline}</p></div>
<div class="footer-newsletter"><h4>Join the list</h4>
<form class="gform_wrapper" method="post" action="{base}/newsletter/">
<label for="input_1_1" class="screen-reader-text">Email</label>
<input type="email" id="input_1_1" name="input_1" placeholder="Email address" required />
<button type="submit" class="btn">Sign Up</button></form></div>
<div class="footer-columns">{cols}</div>
<ul class="footer-socials">{socials}</ul>
</div>
<div class="footer-bottom container"><p class="copyright">&copy; 2026 {theme.title}.
All rights reserved. Must be 21+ to enter. Please drink responsibly.</p></div>
</footer>
</div><!-- #page -->
<div id="cookie-law-info-bar" data-nosnippet="true"><span>This website uses cookies to improve
 your experience. <a role="button" class="cli_settings_button">Cookie settings</a>
<a role="button" id="cookie_action_close_header" class="medium cli-plugin-button
 cli-plugin-main-button cookie_action_close_header cli_action_button">ACCEPT</a></span></div>
<script id="wp-emoji-settings" type="application/json">{emoji}</script>
{scripts}
<script src="{base}/wp-content/themes/{theme.theme_slug}/assets/js/main.min.js?ver=2.4.1"
 id="theme-main-js"></script>
</body>
</html>
"""


def _filler(theme: Theme) -> tuple[bytes, tuple[int, ...]]:
    rng = random.Random(f"filler-{theme.site}")
    kinds = ("flex", "grid", "flow", "constrained")
    props = ("flex-wrap:nowrap;", "justify-content:space-between;", "align-items:center;",
             "gap:var(--wp--preset--spacing--40);",
             "grid-template-columns:repeat(3,minmax(0,1fr));",
             "max-width:1200px;", "margin-left:auto !important;", "flex-direction:column;",
             "padding-top:var(--wp--preset--spacing--50);", "border-radius:4px;")
    cuts, parts, size = [], [], 0
    while size < 100_000:
        n, kind = rng.randrange(1, 99999), rng.choice(kinds)
        body = "".join(rng.sample(props, rng.randrange(2, 6)))
        rule = f".wp-container-core-group-is-layout-{n}.is-layout-{kind}{{{body}}}"
        if rng.random() < 0.3:
            rule = f"@media (max-width:{rng.choice((600, 782, 1024))}px){{{rule}}}"
        parts.append(rule + "\n")
        size += len(rule) + 1
        cuts.append(size)
    return "".join(parts).encode("ascii"), tuple(cuts)


@cache
def chrome_for(site: str) -> Chrome:
    theme = THEMES[site]
    filler, cuts = _filler(theme)
    return Chrome(theme, _head_assets(theme).encode("ascii"), _head_scripts(theme).encode("ascii"),
                  _header(theme).encode("ascii"), _footer(theme).encode("ascii"), filler, cuts)
