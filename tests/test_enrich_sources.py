"""Resident Advisor and 1001tracklists plugins against the replica (its faults included)."""

from __future__ import annotations

import asyncio

import pytest

from replica import ReplicaServer
from replica.personas import Persona
from vinny.enrich.http import Transport
from vinny.enrich.matching import identities
from vinny.enrich.registry import Registry
from vinny.enrich.resident_advisor import ResidentAdvisorPlugin
from vinny.enrich.spotify import make_session
from vinny.enrich.tracklists import TracklistsPlugin
from vinny.enrich.types import (
    BLOCKED,
    DEFERRED,
    DOUBTFUL,
    FAILED,
    MATCHED,
    NOT_FOUND,
    ArtistQuery,
    HttpResponse,
)
from vinny.slugs import slugify

ARTISTS = {
    "Kaskade": {"faults": {"resident_advisor": "403"}},
    "Zedd": {"faults": {"resident_advisor": "malformed", "tracklists": "captcha"}},
    "Diplo": {"faults": {"resident_advisor": "429_once", "tracklists": "429_once"}},
    "Alesso": {"faults": {"resident_advisor": "429_long"}},
    "Chris Lake": {"faults": {"resident_advisor": "challenge"}},
    "Meduza": {"homonyms": ["resident_advisor"], "unknown": ["tracklists"]},
    "Illenium": {"homonyms": ["tracklists"]},
}


@pytest.fixture(scope="module")
def replica():
    with ReplicaServer({"events": [], "enrichment": {"artists": ARTISTS}}) as server:
        yield server


class Harness:
    """The plugins with a plain `requests` sender to the replica; sleeps are recorded."""

    def __init__(self, replica):
        self.replica = replica
        self.session = make_session(replica.url)
        self.sleeps: list[float] = []

    async def send(self, request):
        def call():
            r = self.session.request(request.method, request.url, headers=request.headers,
                                     data=request.body or None, timeout=10)
            return HttpResponse(r.status_code, {k.lower(): v for k, v in r.headers.items()},
                                r.content, request.url)
        return await asyncio.to_thread(call)

    async def sleep(self, seconds):
        self.sleeps.append(seconds)

    def transport(self, max_wait=5.0):
        return Transport(self.send, max_wait=max_wait, sleep=self.sleep)

    def registry(self, *, max_wait=5.0):
        return Registry([TracklistsPlugin(self.transport(max_wait)),
                         ResidentAdvisorPlugin(self.transport(max_wait))])

    def enrich(self, registry, name, sources=("tracklists", "resident_advisor")):
        query = ArtistQuery(name=name, slug=slugify(name))
        return asyncio.run(registry.enrich(query, sources))

    def requests_to(self, host):
        return [r for r in self.replica.requests if r["host"] == host]


@pytest.fixture
def harness(replica):
    replica.reset()
    return Harness(replica)


def test_ra_match_brings_bio_country_and_links(harness):
    finding = harness.enrich(harness.registry(), "Dom Dolla", ["resident_advisor"])[
        "resident_advisor"]
    persona = Persona("Dom Dolla")
    assert (finding.outcome, finding.data.bio, finding.data.country) == (
        MATCHED, persona.bio, persona.country)
    assert finding.data.links["soundcloud"] == "https://soundcloud.com/domdolla"


def test_ra_match_costs_one_request(harness):
    harness.enrich(harness.registry(), "Dom Dolla", ["resident_advisor"])
    assert len(harness.requests_to("ra.co")) == 1


def test_ra_unknown_artist_is_not_found(harness):
    finding = harness.enrich(harness.registry(), "LIV Sundays")["resident_advisor"]
    assert (finding.outcome, finding.data) == (NOT_FOUND, None)


def test_ra_homonyms_without_corroboration_are_doubtful(harness):
    finding = harness.enrich(harness.registry(), "Meduza")["resident_advisor"]
    assert (finding.outcome, finding.data) == (DOUBTFUL, None)


def test_ra_homonyms_are_told_apart_by_the_tracklists_links(harness):
    findings = harness.enrich(harness.registry(), "Gordo")
    ra = findings["resident_advisor"]
    assert (ra.outcome, ra.data.url) == (MATCHED, "https://ra.co/dj/gordo")


def test_ra_403_stops_ra_for_the_rest_of_the_run(harness):
    registry = harness.registry()
    first = harness.enrich(registry, "Kaskade", ["resident_advisor"])["resident_advisor"]
    second = harness.enrich(registry, "Dom Dolla", ["resident_advisor"])["resident_advisor"]
    assert (first.outcome, second.outcome, len(harness.requests_to("ra.co"))) == (
        BLOCKED, BLOCKED, 1)


def test_ra_403_is_recorded_as_the_breakers_reason(harness):
    registry = harness.registry()
    harness.enrich(registry, "Kaskade", ["resident_advisor"])
    assert registry.breakers.open == {"resident_advisor": "http_403 from ra.co"}


def test_ra_cloudflare_challenge_stops_ra(harness):
    registry = harness.registry()
    finding = harness.enrich(registry, "Chris Lake", ["resident_advisor"])["resident_advisor"]
    assert (finding.outcome, list(registry.breakers.open)) == (BLOCKED, ["resident_advisor"])


def test_ra_malformed_json_fails_this_artist_only(harness):
    registry = harness.registry()
    first = harness.enrich(registry, "Zedd", ["resident_advisor"])["resident_advisor"]
    second = harness.enrich(registry, "Dom Dolla", ["resident_advisor"])["resident_advisor"]
    assert (first.outcome, second.outcome) == (FAILED, MATCHED)
    assert "malformed_json" in first.detail


def test_ra_429_is_waited_out_then_succeeds(harness):
    finding = harness.enrich(harness.registry(), "Diplo", ["resident_advisor"])[
        "resident_advisor"]
    assert (finding.outcome, harness.sleeps) == (MATCHED, [1.0])


def test_ra_429_beyond_the_bound_defers_the_artist_without_waiting(harness):
    finding = harness.enrich(harness.registry(max_wait=60), "Alesso", ["resident_advisor"])[
        "resident_advisor"]
    assert (finding.outcome, harness.sleeps) == (DEFERRED, [])


def test_tracklists_match_brings_recent_sets_with_date_venue_and_genres(harness):
    finding = harness.enrich(harness.registry(), "Dom Dolla", ["tracklists"])["tracklists"]
    first = finding.data.tracklists[0]
    expected = Persona("Dom Dolla").tracklists()[0]
    assert (first.date, first.venue, first.genres) == (
        expected["date"], expected["venue"], expected["genres"])


def test_tracklists_match_keeps_six_sets_and_the_dj_page_links(harness):
    data = harness.enrich(harness.registry(), "Gordo", ["tracklists"])["tracklists"].data
    assert len(data.tracklists) == 6
    assert ("spotify", Persona("Gordo").spotify_id) in identities(data.links)


def test_tracklists_unknown_artist_is_not_found(harness):
    finding = harness.enrich(harness.registry(), "LIV Sundays", ["tracklists"])["tracklists"]
    assert finding.outcome == NOT_FOUND


def test_tracklists_page_naming_someone_else_is_doubtful(harness):
    finding = harness.enrich(harness.registry(), "Illenium", ["tracklists"])["tracklists"]
    assert (finding.outcome, finding.data) == (DOUBTFUL, None)


def test_tracklists_captcha_stops_tracklists_for_the_rest_of_the_run(harness):
    registry = harness.registry()
    first = harness.enrich(registry, "Zedd", ["tracklists"])["tracklists"]
    second = harness.enrich(registry, "Dom Dolla", ["tracklists"])["tracklists"]
    assert (first.outcome, second.outcome) == (BLOCKED, BLOCKED)
    assert len(harness.requests_to("www.1001tracklists.com")) == 1


def test_tracklists_429_is_waited_out_then_succeeds(harness):
    finding = harness.enrich(harness.registry(), "Diplo", ["tracklists"])["tracklists"]
    assert (finding.outcome, harness.sleeps) == (MATCHED, [1.0])


def test_a_blocked_source_does_not_stop_the_next_source(harness):
    findings = harness.enrich(harness.registry(), "Zedd")
    assert (findings["tracklists"].outcome, findings["resident_advisor"].outcome) == (
        BLOCKED, FAILED)
