"""A venue named on a page is found by its name or an alias, whatever the case, accents,
punctuation or a trailing "Las Vegas", within the family asked for; anything else is no venue."""

from __future__ import annotations

import pytest

from vinny.venues import registry


@pytest.mark.parametrize(("label", "family", "slug"), [
    ("Marquee Nightclub", "tao", "marquee-nightclub"),
    ("MARQUEE  nightclub, Las Vegas", "tao", "marquee-nightclub"),
    ("Marquee Day Club", "tao", "marquee-dayclub"),
    ("Hakkasan in Las Vegas", None, "hakkasan-nightclub"),
    ("EBC at Night", "wynnsocial", "encore-beach-club-at-night"),
    ("Zoúk", None, "zouk-nightclub"),
    ("LIV Beach at Night", "liv", "liv-beach"),
])
def test_a_label_finds_its_venue(label, family, slug):
    venue = registry().by_label(label, family=family)
    assert venue is not None and venue.slug == slug


@pytest.mark.parametrize(("label", "family"), [
    ("Marquee Nightclub", "liv"),  # another family's room
    ("Marquee New York", "tao"),
    ("", None),
    (None, "tao"),
])
def test_a_label_of_no_venue_of_the_family_is_none(label, family):
    assert registry().by_label(label, family=family) is None
