"""Outbound requests go only where vinny means them to: never to an internal address, and a
request that names its allowed hosts (an image URL a page listed) reaches only those.

A downloader middleware, ordered before robots.txt (a refused host costs no robots.txt
fetch); Scrapy's redirect middlewares send every redirect through the whole chain again, so
each hop is checked as the first was. Checked, in order: the scheme (http or https); the host
against `meta["vinny_allowed_hosts"]` when the request carries it (a name or a subdomain of
one); a host written as an IP address against loopback, private, link-local (the cloud
metadata service), shared, multicast and reserved ranges; outside replica mode, a host name's
address through Scrapy's own resolver, whose cache the connection then uses. In replica mode
the real URL is checked and the socket goes to `VINNY_REPLICA_URL`, which the operator chose.
A name that does not resolve is left to fail as a download does.
Stats: `vinny/outbound/refused/<reason>` (`scheme`, `host_not_allowed`, `internal_address`).
Raises `RefusedFetch`, an `IgnoreRequest` whose message names the URL and the reason only.
"""

from __future__ import annotations

import ipaddress
import logging
from typing import Self
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import IgnoreRequest
from scrapy.utils.defer import maybe_deferred_to_future

from vinny.venues import host_matches

logger = logging.getLogger(__name__)

ALLOWED_HOSTS = "vinny_allowed_hosts"


class RefusedFetch(IgnoreRequest):
    """A request vinny will not send; `reason` is a stats key fragment."""

    def __init__(self, reason: str, url: str, detail: str):
        super().__init__(f"refused {url}: {detail}")
        self.reason = reason


def internal_address(text: str) -> bool:
    """Whether an IP address is one no public site has (loopback, private, metadata, ...)."""
    try:
        ip = ipaddress.ip_address(text)
    except ValueError:
        return False
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped is not None:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


def refusal(request: Request) -> tuple[str, str] | None:
    """(reason, detail) when the URL itself may not be fetched, else None."""
    parts = urlsplit(request.url)
    if parts.scheme not in ("http", "https"):
        return "scheme", f"scheme {parts.scheme!r} is not http(s)"
    host = parts.hostname or ""
    allowed = request.meta.get(ALLOWED_HOSTS)
    if allowed is not None and not host_matches(host, tuple(allowed)):
        return "host_not_allowed", f"host {host!r} is not one this site's images come from"
    if internal_address(host):
        return "internal_address", f"{host} is an internal address"
    return None


class OutboundGuardMiddleware:
    def __init__(self, crawler: Crawler):
        self.crawler = crawler
        self.replica = bool(crawler.settings.get("VINNY_REPLICA_URL"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Self:
        return cls(crawler)

    async def process_request(self, request: Request) -> None:
        found = refusal(request)
        if found is None and not self.replica:
            found = await self._resolved_refusal(urlsplit(request.url).hostname or "")
        if found is not None:
            reason, detail = found
            self.crawler.stats.inc_value(f"vinny/outbound/refused/{reason}")
            logger.warning("refused %s: %s", request.url, detail)
            raise RefusedFetch(reason, request.url, detail)

    async def _resolved_refusal(self, host: str) -> tuple[str, str] | None:
        if not host or internal_address(host):
            return None  # nothing to resolve, or refused already
        from twisted.internet import reactor

        try:
            # Twisted's interfaces need the mypy-zope plugin: without it `host` binds as `self`.
            resolving = reactor.resolve(host)  # type: ignore[arg-type]
            address = await maybe_deferred_to_future(resolving)
        except Exception:  # DNSLookupError, a timeout: the download fails the same way
            return None
        if internal_address(address):
            return "internal_address", f"{host} resolves to an internal address"
        return None
