"""Matching picks the right artist, not the first hit; doubt leaves the match empty."""

from vinny.enrich.matching import Candidate, choose, identities, variant_key
from vinny.enrich.types import DOUBTFUL, MATCHED, NOT_FOUND, ArtistQuery
from vinny.slugs import slugify


def query(name, aliases=()):
    return ArtistQuery(name=name, slug=slugify(name), aliases=tuple(aliases))


def test_the_exact_name_wins_over_a_first_hit_that_differs():
    hits = [Candidate("Meduza Tribute"), Candidate("Meduza")]
    assert choose(query("Meduza"), hits, set()).candidate.name == "Meduza"


def test_names_compare_with_accents_case_and_ampersand_folded():
    choice = choose(query("Tiësto"), [Candidate("TIESTO")], set())
    assert choice.outcome == MATCHED


def test_ampersand_and_and_are_the_same_name():
    choice = choose(query("Above & Beyond"), [Candidate("Above and Beyond")], set())
    assert choice.outcome == MATCHED


def test_two_exact_homonyms_are_doubtful():
    choice = choose(query("Fisher"), [Candidate("Fisher"), Candidate("FISHER")], set())
    assert (choice.outcome, choice.candidate) == (DOUBTFUL, None)


def test_a_corroborated_homonym_wins():
    known = {("soundcloud", "gordo")}
    hits = [Candidate("Gordo", "a", identities={("soundcloud", "gordo2")}),
            Candidate("Gordo", "b", identities={("soundcloud", "gordo")})]
    assert choose(query("Gordo"), hits, known).candidate.ref == "b"


def test_a_candidate_contradicting_an_earlier_source_is_not_taken():
    known = {("spotify", "AAAAAAAAAAAAAAAAAAAAAA")}
    hits = [Candidate("Fisher", identities={("spotify", "BBBBBBBBBBBBBBBBBBBBBB")})]
    assert choose(query("Fisher"), hits, known).outcome == DOUBTFUL


def test_only_a_loose_variant_of_the_name_is_doubtful():
    choice = choose(query("DJ Snake"), [Candidate("Snake")], set())
    assert choice.outcome == DOUBTFUL


def test_a_known_alias_counts_as_the_name():
    choice = choose(query("DJ Pauly D", aliases=["Pauly D"]), [Candidate("Pauly D")], set())
    assert choice.outcome == MATCHED


def test_no_candidate_of_that_name_is_not_found():
    assert choose(query("LIV Sundays"), [Candidate("Sundays")], set()).outcome == NOT_FOUND


def test_variant_key_drops_dj_the_and():
    assert variant_key("The DJ Shift & Co") == "shift-co"


def test_identities_read_spotify_ids_and_handles():
    links = {"spotify": "https://open.spotify.com/artist/4AbCdEfGhIjKlMnOpQrStU?si=x",
             "soundcloud": "https://soundcloud.com/DomDolla/tracks",
             "instagram": "https://www.instagram.com/domdolla/",
             "resident_advisor": "https://ra.co/dj/domdolla"}
    assert identities(links) == {("spotify", "4AbCdEfGhIjKlMnOpQrStU"),
                                 ("soundcloud", "domdolla"), ("instagram", "domdolla"),
                                 ("resident_advisor", "domdolla")}
