"""The artists the replica's enrichment sources know: deterministic per name.

Every name of `artists.ARTISTS` has a persona (country, genres, bio, a Spotify id, links), on
1001tracklists, Resident Advisor and Spotify unless listed otherwise below. A catalog may add
`"enrichment": {"spotify_access": "development" | "extended", "artists": {NAME: {...}}}`
where an artist's options are `unknown` (sources it is absent from, or true for all),
`homonyms` (sources where a second artist of the same name exists) and `faults`
({source: "403" | "captcha" | "challenge" | "malformed" | "429_once" | "429_long" | "quota"}).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import date, timedelta

from .artists import ARTISTS
from .expect import slugify

TRACKLISTS, RA, SPOTIFY = "tracklists", "resident_advisor", "spotify"
ALL = (TRACKLISTS, RA, SPOTIFY)
# Rappers and open-format DJs: on Spotify, not on RA; rappers not on 1001tracklists either.
RAPPERS = {"Tyga", "Post Malone", "Travis Scott", "Swae Lee", "Saweetie", "A$AP Ferg",
           "French Montana", "Fat Joe", "Nelly", "T-Pain"}
OPEN_FORMAT = {"DJ Pauly D", "Lil Jon", "DJ Irie", "Mustard", "DJ Five", "Eric DLux", "DJ Ikon",
               "Konflikt", "DJ Shift", "Jasmine Solano", "DJ Crooked"}
DEFAULT_HOMONYMS = {"Fisher": (SPOTIFY,), "Gordo": (SPOTIFY, RA)}
SPOTIFY_NAMES = {"DJ Pauly D": "Pauly D"}  # Spotify drops the prefix; 1001tracklists knows both
COUNTRIES = ("Australia", "United States", "United Kingdom", "Netherlands", "Germany",
             "Brazil", "Italy", "Belgium", "Canada", "France", "Sweden", "South Africa")
GENRES = ("tech house", "house", "progressive house", "melodic techno", "techno",
          "big room", "edm", "dubstep", "bass house", "afro house", "deep house", "trance")
VENUES = ("XS Nightclub, Las Vegas", "Hï Ibiza", "Ushuaïa Ibiza", "Printworks, London",
          "Brooklyn Mirage, New York", "Coachella Festival, Indio", "LIV Beach, Las Vegas",
          "Tomorrowland, Boom", "Amnesia Ibiza", "Echostage, Washington DC")
LAST_SET = date(2026, 11, 15)


def _hash(text: str) -> int:
    return int.from_bytes(hashlib.sha256(text.encode()).digest()[:8], "big")


def _base62(number: int, length: int = 22) -> str:
    alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
    digits = []
    for _ in range(length):
        number, rest = divmod(number * 7919 + 17, 62)
        digits.append(alphabet[rest])
    return "".join(digits)


@dataclass(frozen=True)
class Persona:
    name: str
    twin: int = 0  # 0: the artist venues book; 1: a homonym

    @property
    def seed(self) -> int:
        return _hash(f"{self.name}|{self.twin}")

    @property
    def key(self) -> str:
        """The compact slug RA and 1001tracklists use; a homonym's has a suffix."""
        base = slugify(self.name).replace("-", "")
        return base if not self.twin else f"{base}{self.twin + 1}"

    @property
    def spotify_id(self) -> str:
        return _base62(self.seed)

    @property
    def spotify_name(self) -> str:
        return SPOTIFY_NAMES.get(self.name, self.name)

    @property
    def country(self) -> str:
        return COUNTRIES[self.seed % len(COUNTRIES)]

    @property
    def genres(self) -> list[str]:
        first = self.seed % len(GENRES)
        return [GENRES[first], GENRES[(first + 1 + self.seed // 7 % 3) % len(GENRES)]]

    @property
    def bio(self) -> str:
        return (f"{self.name} is a DJ and producer from {self.country}, known for "
                f"{self.genres[0]} sets and residencies in Las Vegas.")

    def links(self) -> dict[str, str]:
        key, number = self.key, self.seed % 900000 + 100000
        return {"spotify": f"https://open.spotify.com/artist/{self.spotify_id}",
                "soundcloud": f"https://soundcloud.com/{key}",
                "instagram": f"https://www.instagram.com/{key}/",
                "beatport": f"https://www.beatport.com/artist/{key}/{number}",
                "apple_music": f"https://music.apple.com/us/artist/{key}/{number * 7}",
                "youtube": f"https://www.youtube.com/@{key}",
                "tiktok": f"https://www.tiktok.com/@{key}"}

    def tracklists(self) -> list[dict]:
        sets, day = [], LAST_SET - timedelta(days=self.seed % 9)
        for i in range(6):
            venue = VENUES[(self.seed // (i + 3)) % len(VENUES)]
            sets.append({"id": f"{(self.seed >> (i * 5)) % 10**7:x}", "venue": venue,
                         "date": day.isoformat(), "genres": self.genres[: 1 + i % 2]})
            day -= timedelta(days=7 + (self.seed >> i) % 14)
        return sets


@dataclass
class Universe:
    access: str = "development"
    options: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def of(cls, catalog: dict) -> Universe:
        config = catalog.get("enrichment") or {}
        return cls(config.get("spotify_access", "development"), config.get("artists") or {})

    def names(self) -> list[str]:
        return list(dict.fromkeys((*ARTISTS, *self.options)))

    def _option(self, name: str, key: str):
        return (self.options.get(name) or {}).get(key)

    def present(self, name: str, source: str) -> bool:
        unknown = self._option(name, "unknown")
        if unknown is True or (unknown and source in unknown):
            return False
        if source == RA and (name in RAPPERS or name in OPEN_FORMAT):
            return False
        return not (source == TRACKLISTS and name in RAPPERS)

    def personas(self, name: str, source: str) -> list[Persona]:
        if not self.present(name, source):
            return []
        homonyms = self._option(name, "homonyms")
        homonyms = DEFAULT_HOMONYMS.get(name, ()) if homonyms is None else homonyms
        return [Persona(name)] + ([Persona(name, 1)] if source in homonyms else [])

    def fault(self, name: str, source: str) -> str | None:
        return (self._option(name, "faults") or {}).get(source)

    def by_key(self, source: str) -> dict[str, Persona]:
        """{compact slug: persona} of every artist on a source, homonyms included."""
        return {p.key: p for name in self.names() for p in self.personas(name, source)}

    def named(self, text: str, source: str) -> list[Persona]:
        """The personas a search for `text` finds on a source (same slug)."""
        wanted = slugify(text)
        return [p for name in self.names() if slugify(name) == wanted
                or slugify(SPOTIFY_NAMES.get(name, name)) == wanted
                for p in self.personas(name, source)]
