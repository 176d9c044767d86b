"""What each site's WordPress theme puts around the content: titles, menus, plugins, footers."""

from __future__ import annotations

from dataclasses import dataclass

from .venues import HOSTS, SITE_TITLES

Link = tuple[str, str]
Menu = tuple[str, str, tuple[Link, ...]]


@dataclass(frozen=True)
class Theme:
    site: str
    host: str
    title: str
    tagline: str
    theme_slug: str
    accent: str
    menus: tuple[Menu, ...]
    footer_columns: tuple[tuple[str, tuple[Link, ...]], ...]
    plugins: tuple[str, ...]
    socials: tuple[str, ...]


def _links(*pairs: str) -> tuple[Link, ...]:
    return tuple(zip(pairs[::2], pairs[1::2], strict=True))


_COMMON_PLUGINS = (
    "contact-form-7/includes/css/styles", "elementor/assets/css/frontend.min",
    "elementor/assets/lib/swiper/v8/css/swiper.min", "elementor-pro/assets/css/frontend.min",
    "wordpress-seo/css/dist/adminbar-1701",
    "cookie-law-info/legacy/public/css/cookie-law-info-public",
    "cookie-law-info/legacy/public/css/cookie-law-info-gdpr",
    "gravityforms/assets/css/dist/theme.min", "gravityforms/assets/css/dist/basic.min",
    "wp-rocket/assets/css/lazyload", "instagram-feed/css/sbi-styles.min",
    "the-events-calendar/common/src/resources/css/common-skeleton",
    "popup-maker/assets/css/pum-site.min", "slick-slider/slick/slick",
    "font-awesome-4-menus/css/font-awesome.min", "megamenu/css/style",
)

_LIV = Theme(
    site="liv", host=HOSTS["liv"], title=SITE_TITLES["liv"],
    tagline="The world-famous LIV nightclub, now at Fontainebleau Las Vegas",
    theme_slug="liv-fontainebleau", accent="#c9a45c",
    menus=(
        ("Events", "/las-vegas/events/", _links(
            "LIV Las Vegas", "/las-vegas/events/?venue=liv-las-vegas", "LIV Beach",
            "/las-vegas/events/?venue=liv-beach", "Calendar", "/las-vegas/calendar/",
            "Residents", "/las-vegas/residents/", "Special Events", "/las-vegas/special-events/",
            "New Year's Eve", "/las-vegas/events/new-years-eve/")),
        ("VIP", "/las-vegas/vip/", _links(
            "Table Reservations", "/las-vegas/vip/tables/", "Bottle Service",
            "/las-vegas/vip/bottle-service/", "Birthdays", "/las-vegas/vip/birthdays/",
            "Bachelor &amp; Bachelorette", "/las-vegas/vip/bachelor-bachelorette/",
            "Cabanas", "/las-vegas/vip/cabanas/", "Daybeds", "/las-vegas/vip/daybeds/")),
        ("LIV Beach", "/las-vegas/liv-beach/", _links(
            "About LIV Beach", "/las-vegas/liv-beach/about/", "LIV Beach at Night",
            "/las-vegas/liv-beach/at-night/", "Cabanas", "/las-vegas/liv-beach/cabanas/",
            "Season Calendar", "/las-vegas/liv-beach/calendar/")),
        ("Gallery", "/las-vegas/gallery/", _links(
            "Photos", "/las-vegas/gallery/photos/", "Videos", "/las-vegas/gallery/videos/",
            "Press", "/press/")),
        ("Private Events", "/las-vegas/private-events/", _links(
            "Corporate", "/las-vegas/private-events/corporate/", "Buyouts",
            "/las-vegas/private-events/buyouts/", "Inquire", "/las-vegas/private-events/inquire/")),
        ("Fontainebleau", "https://www.fontainebleaulasvegas.com/", _links(
            "Hotel", "https://www.fontainebleaulasvegas.com/hotel/", "Dining",
            "https://www.fontainebleaulasvegas.com/dining/", "Spa",
            "https://www.fontainebleaulasvegas.com/spa/", "Pools",
            "https://www.fontainebleaulasvegas.com/pools/")),
        ("Contact", "/contact/", ()),
    ),
    footer_columns=(
        ("Nightlife", _links("Events", "/las-vegas/events/", "VIP Tables", "/las-vegas/vip/tables/",
                             "LIV Beach", "/las-vegas/liv-beach/", "Gallery", "/las-vegas/gallery/",
                             "FAQ", "/las-vegas/faq/", "Dress Code", "/las-vegas/faq/#dress-code")),
        ("LIV Worldwide", _links("LIV Miami", "https://www.livnightclub.com/miami/",
                                 "LIV Beach", "/las-vegas/liv-beach/", "Story", "https://www.storymiami.com/",
                                 "Club Space", "https://www.clubspace.com/")),
        ("About", _links("About Us", "/about/", "Careers", "/careers/", "Press", "/press/",
                         "Contact", "/contact/", "Accessibility", "/accessibility/")),
        ("Legal", _links("Privacy Policy", "/privacy-policy/", "Terms of Use", "/terms-of-use/",
                         "Cookie Policy", "/cookie-policy/", "Do Not Sell My Information",
                         "/privacy-policy/#ccpa", "Responsible Gaming", "/responsible-gaming/")),
    ),
    plugins=(*_COMMON_PLUGINS, "urvenue-ws/css/uws-main", "urvenue-ws/css/uws-inventory",
             "urvenue-ws/css/uws-calendar"),
    socials=("instagram", "facebook", "x-twitter", "tiktok", "youtube", "spotify"),
)

_WYNN = Theme(
    site="wynnsocial", host=HOSTS["wynnsocial"], title=SITE_TITLES["wynnsocial"],
    tagline="XS Nightclub and Encore Beach Club at Wynn Las Vegas",
    theme_slug="wynnsocial", accent="#b6995b",
    menus=(
        ("Venues", "/venues/", _links(
            "XS Nightclub", "/venue/xs-nightclub/",
            "Encore Beach Club", "/venue/encore-beach-club/",
            "Encore Beach Club at Night", "/venue/encore-beach-club-at-night/",
            "Wynn Field Club", "/venue/wynn-field-club/", "Overlook Lounge", "/venue/overlook/")),
        ("Events", "/events/", _links(
            "All Events", "/events/", "XS Events", "/events/?venue=1115", "EBC Events",
            "/events/?venue=1103", "EBC at Night", "/events/?venue=1163", "Festivals",
            "/events/festivals/")),
        ("VIP", "/vip/", _links(
            "Tables", "/vip/tables/", "Cabanas", "/vip/cabanas/", "Bungalows", "/vip/bungalows/",
            "Daybeds", "/vip/daybeds/", "Celebrations", "/vip/celebrations/")),
        ("Artists", "/artists/", _links(
            "Residents", "/artists/residents/", "Lineup", "/artists/lineup/")),
        ("Wynn Las Vegas", "https://www.wynnlasvegas.com/", _links(
            "Rooms", "https://www.wynnlasvegas.com/rooms/", "Dining",
            "https://www.wynnlasvegas.com/dining/", "Casino", "https://www.wynnlasvegas.com/casino/",
            "Entertainment", "https://www.wynnlasvegas.com/entertainment/")),
        ("Contact", "/contact/", ()),
    ),
    footer_columns=(
        ("Nightlife", _links("XS Nightclub", "/venue/xs-nightclub/", "Encore Beach Club",
                             "/venue/encore-beach-club/", "EBC at Night",
                             "/venue/encore-beach-club-at-night/", "Events", "/events/")),
        ("Plan", _links("VIP Tables", "/vip/tables/", "FAQ", "/faq/", "Dress Code", "/faq/#dress",
                        "Group Events", "/group-events/", "Gift Cards", "/gift-cards/")),
        ("Wynn", _links("Wynn Las Vegas", "https://www.wynnlasvegas.com/", "Wynn Rewards",
                        "https://www.wynnlasvegas.com/rewards/", "Careers",
                        "https://www.wynnresortscareers.com/", "Press", "/press/")),
        ("Legal", _links("Privacy Policy", "/privacy-policy/", "Terms of Use", "/terms-of-use/",
                         "Accessibility", "/accessibility/", "Cookie Preferences", "/cookies/")),
    ),
    plugins=(*_COMMON_PLUGINS, "urvenue-ws/css/uws-main", "urvenue-ws/css/uws-inventory",
             "urvenue-ws/css/uws-listing"),
    socials=("instagram", "facebook", "x-twitter", "tiktok", "youtube"),
)

_ZOUK = Theme(
    site="zouk", host=HOSTS["zouk"], title=SITE_TITLES["zouk"],
    tagline="Zouk Nightclub and AYU Dayclub at Resorts World Las Vegas",
    theme_slug="zoukgroup", accent="#e4007c",
    menus=(
        ("Venues", "/", _links(
            "Zouk Nightclub", "/zouk-nightclub/", "AYU Dayclub", "/ayu-dayclub/",
            "Empire Ballroom", "/empire-ballroom/")),
        ("Events", "/events/", _links(
            "All Events", "/events/", "Zouk Events", "/events/?venue=505115",
            "AYU Events", "/events/?venue=603745", "Residents", "/residents/")),
        ("VIP", "/vip/", _links(
            "Tables", "/vip/tables/", "Cabanas", "/vip/cabanas/", "Daybeds", "/vip/daybeds/",
            "Celebrations", "/vip/celebrations/")),
        ("Resorts World", "https://www.rwlasvegas.com/", _links(
            "Hotels", "https://www.rwlasvegas.com/hotels/", "Dining",
            "https://www.rwlasvegas.com/dining/", "Casino", "https://www.rwlasvegas.com/casino/")),
        ("Contact", "/contact/", ()),
    ),
    footer_columns=(
        ("Nightlife", _links("Zouk Nightclub", "/zouk-nightclub/", "AYU Dayclub", "/ayu-dayclub/",
                             "Events", "/events/", "VIP Tables", "/vip/tables/")),
        ("Plan", _links("FAQ", "/faq/", "Dress Code", "/faq/#dress-code", "Group Events",
                        "/group-events/", "Contact", "/contact/")),
        ("Zouk Group", _links("Zouk Singapore", "https://zoukclub.com/", "Careers", "/careers/",
                              "Press", "/press/")),
        ("Legal", _links("Privacy Policy", "/privacy-policy/", "Terms of Use", "/terms-of-use/",
                         "Accessibility", "/accessibility/")),
    ),
    plugins=(*_COMMON_PLUGINS, "urvenue-ws/css/uws-main", "urvenue-ws/css/uws-inventory",
             "urvenue-ws/css/uws-listing"),
    socials=("instagram", "facebook", "x-twitter", "tiktok", "youtube"),
)

_TAO_CITIES = (
    ("Las Vegas", ("OMNIA", "Hakkasan", "Marquee", "TAO", "TAO Beach", "JEWEL", "LAVO",
                   "Palm Tree Beach Club", "Beauty &amp; Essex", "Moneyball")),
    ("New York", ("Marquee New York", "TAO Downtown", "TAO Uptown", "LAVO New York",
                  "Beauty &amp; Essex", "The Highlight Room", "Vandal", "Fig &amp; Olive")),
    ("Los Angeles", ("TAO Hollywood", "Beauty &amp; Essex", "Luchini", "The Highlight Room")),
    ("Chicago", ("TAO Chicago", "Beauty &amp; Essex", "Aba Chicago")),
    ("Miami", ("Hakkasan Miami", "Casa Neos", "Kissa Kissa")),
    ("International", ("Hakkasan London", "Hakkasan Dubai", "TAO Dubai", "Sake No Hana")),
)


def _tao_menus() -> tuple[Menu, ...]:
    menus: list[Menu] = []
    for city, venues in _TAO_CITIES:
        city_slug = city.lower().replace(" ", "-")
        links = tuple((v, f"/venues/{_crude_slug(v)}-{city_slug}/") for v in venues)
        menus.append((city, f"/location/{city_slug}/", links))
    menus.append(("Events", "/events/", _links("All Events", "/events/", "Las Vegas",
                                                  "/events/?city=las-vegas", "New York",
                                                  "/events/?city=new-york")))
    menus.append(("Reservations", "/reservations/", ()))
    return tuple(menus)


def _crude_slug(label: str) -> str:
    return label.lower().replace("&amp;", "and").replace(" ", "-")


_TAO = Theme(
    site="tao", host=HOSTS["tao"], title=SITE_TITLES["tao"],
    tagline="Restaurants, nightlife and daylife around the world",
    theme_slug="taogroup", accent="#111111",
    menus=_tao_menus(),
    footer_columns=(
        ("Company", _links("About", "/about/", "Careers", "/careers/", "Press", "/press/",
                           "Partnerships", "/partnerships/", "Investor Relations", "/investors/")),
        ("Guests", _links("Gift Cards", "/gift-cards/", "Private Events", "/private-events/",
                          "Reservations", "/reservations/", "Contact", "/contact/",
                          "FAQ", "/faq/")),
        ("Brands", _links("TAO", "/brand/tao/", "Hakkasan", "/brand/hakkasan/", "Marquee",
                          "/brand/marquee/", "OMNIA", "/brand/omnia/", "LAVO", "/brand/lavo/",
                          "Beauty &amp; Essex", "/brand/beauty-essex/")),
        ("Legal", _links("Privacy Policy", "/privacy-policy/", "Terms", "/terms/",
                         "Accessibility", "/accessibility/", "CA Privacy Notice", "/ca-privacy/")),
    ),
    plugins=(*_COMMON_PLUGINS, "tao-events/assets/css/events", "tao-venues/assets/css/venues",
             "sevenrooms/assets/css/widget"),
    socials=("instagram", "facebook", "x-twitter", "tiktok", "linkedin"),
)

THEMES: dict[str, Theme] = {"liv": _LIV, "wynnsocial": _WYNN, "tao": _TAO, "zouk": _ZOUK}
