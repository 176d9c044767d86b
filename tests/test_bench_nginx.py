"""The bench's nginx copy of the replica answers the page path as the replica server does."""

from __future__ import annotations

import shutil
import urllib.error
import urllib.request

import pytest

from bench.nginx import NGINX, Nginx, write_site
from replica import ReplicaServer, generate
from replica.routes import path_of

pytestmark = pytest.mark.skipif(shutil.which(NGINX) is None and shutil.which("nginx") is None,
                                reason="nginx is not installed (`make bench` installs it)")


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    catalog = generate(12, 3)
    work = tmp_path_factory.mktemp("nginx")
    write_site(catalog, work / "site")
    with ReplicaServer(catalog) as replica, Nginx(work / "site", work / "run") as nginx:
        yield catalog, replica.url, nginx.url


def fetch(url: str) -> tuple[int, str, bytes]:
    try:
        with urllib.request.urlopen(url, timeout=10) as reply:
            return reply.status, reply.headers["Content-Type"], reply.read()
    except urllib.error.HTTPError as err:
        return err.code, err.headers["Content-Type"], err.read()


def page_path(catalog: dict) -> list[str]:
    """`HOST/PATH` of every event page, and each site's robots.txt and sitemap index."""
    hosts = {path_of(e["url"])[0] for e in catalog["events"]}
    return ([e["url"].split("://", 1)[1] for e in catalog["events"]]
            + [f"{h}/robots.txt" for h in hosts] + [f"{h}/sitemap_index.xml" for h in hosts])


def test_event_pages_and_robots_are_the_replicas_bytes(served):
    catalog, replica, nginx = served
    for target in page_path(catalog):
        if target.endswith("sitemap_index.xml"):
            continue  # LIV's and Wynn's lastmods read the time they are served
        assert fetch(f"{nginx}/{target}")[2] == fetch(f"{replica}/{target}")[2], target


def test_content_types_are_the_replicas_up_to_charset_case(served):
    catalog, replica, nginx = served
    for target in page_path(catalog):
        ours, theirs = fetch(f"{nginx}/{target}")[1], fetch(f"{replica}/{target}")[1]
        assert ours.lower() == theirs.lower(), target


def test_a_missing_page_is_the_sites_own_404(served):
    catalog, replica, nginx = served
    host = path_of(catalog["events"][0]["url"])[0]
    status, _, body = fetch(f"{nginx}/{host}/no-such-page/")
    assert (status, body) == fetch(f"{replica}/{host}/no-such-page/")[::2]
