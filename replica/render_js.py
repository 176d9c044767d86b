"""Front-end variations of an event page: client-rendered (the event block arrives only when a
script runs, and no Event JSON-LD: only a browser sees it), or a CSS class renamed."""

from __future__ import annotations

import json
import re

from .reply import Reply

_EVENT_LD = re.compile(r'<script type="application/ld\+json">(?:(?!</script>).)*"@type":\s*'
                       r'"Event"(?:(?!</script>).)*</script>\s*', re.S)
_SECTION = re.compile(r'<section class="uwsevent-detail.*?</section>', re.S)


def client_rendered(page: Reply, charset: str = "utf-8", *, renders: bool = True) -> Reply:
    """The page as an app shell; with `renders=False` its script never fills it (a broken
    front end), so a browser waits in vain."""
    html = page.body().decode(charset)
    html = _EVENT_LD.sub("", html)
    section = _SECTION.search(html)
    if section is None:
        return page
    # The markup ships as data and is inserted after load, like a single-page app's view.
    script = ('<div id="uws-event-app" data-render="client"></div>\n<script>\n'
              'window.addEventListener("DOMContentLoaded", function () {\n'
              f'  var view = {json.dumps(section.group(0))};\n'
              '  setTimeout(function () {\n'
              '    document.getElementById("uws-event-app").innerHTML = view;\n'
              '  }, 50);\n});\n</script>')
    if not renders:
        script = '<div id="uws-event-app" data-render="client"></div>'
    html = html[: section.start()] + script + html[section.end():]
    return Reply.of(page.status, page.content_type, html.encode(charset), page.headers)


def renamed_class(page: Reply, old: str, new: str, charset: str = "utf-8") -> Reply:
    """The page after a front-end redesign renamed one CSS class."""
    html = page.body().decode(charset).replace(f'class="{old}"', f'class="{new}"')
    return Reply.of(page.status, page.content_type, html.encode(charset), page.headers)
