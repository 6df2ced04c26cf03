"""Gazetteer look-ups shared by the place parser and the place-list splitter.

Cities come from the committed `cities.csv`; regions and countries from `regions.py`. Every look-up
works on a key that ignores case, accents and dots ("Québec" = "quebec", "St. Louis" = "st louis").
"""

from __future__ import annotations

import csv
import re
import unicodedata
from pathlib import Path

from data_loaders.normalise.regions import COUNTRY_ALIASES, REGION_ALIASES, REGION_CODES

__all__ = [
    "CITY_ALIAS_KEYS",
    "CITY_COORDINATES",
    "country_of",
    "is_code",
    "key",
    "lookup_city",
    "place_kinds",
    "region_of",
]


def _kept(char: str) -> bool:
    """ASCII, or a letter of a non-Latin script ("北京", "서울", "東京"); accents and other marks go."""
    return char.isascii() or (
        unicodedata.category(char).startswith("L") and not unicodedata.name(char, "").startswith("LATIN")
    )


def key(text: str) -> str:
    """Casefold, strip accents and dots: "Québec" → "quebec", "St. Louis" → "st louis"; "北京" stays "北京"."""
    text = unicodedata.normalize("NFKD", text)
    text = text if text.isascii() else "".join(c for c in text if _kept(c))
    folded = re.sub(r"\s+", " ", re.sub(r"[.]", " ", text)).strip().casefold()
    return re.sub(r"^ft ", "fort ", re.sub(r"^mt ", "mount ", folded))


def _load_cities() -> tuple[dict[tuple[str, str], tuple[float, float]], dict[str, list[tuple[str, str, str]]]]:
    coordinates: dict[tuple[str, str], tuple[float, float]] = {}
    by_key: dict[str, list[tuple[str, str, str]]] = {}
    with open(Path(__file__).with_name("cities.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            coordinates[(row["city"], row["region"])] = (float(row["lat"]), float(row["lon"]))
            by_key.setdefault(key(row["city"]), []).append((row["city"], row["region"], row["country"]))
    return coordinates, by_key


# (city, region) → (lat, lon); region is "" for countries without subdivisions in our table.
CITY_COORDINATES: dict[tuple[str, str], tuple[float, float]]
CITY_COORDINATES, _CITIES = _load_cities()

# Nicknames and spellings that mean one gazetteer city.
_CITY_ALIASES: dict[str, str] = {
    "nyc": "New York",
    "new york city": "New York",
    "manhattan": "New York",
    "ny": "New York",
    "sf": "San Francisco",
    "san fran": "San Francisco",
    "sf bay area": "San Francisco",
    "bay area": "San Francisco",
    "la": "Los Angeles",
    "dc": "Washington",
    "washington dc": "Washington",
    "washington d c": "Washington",
    "bengaluru": "Bangalore",
    "gurugram": "Gurgaon",
    "saint louis": "St. Louis",
    "st louis": "St. Louis",
    "saint paul": "St. Paul",
    "montréal": "Montreal",
    "salt lake": "Salt Lake City",
    "new delhi": "Delhi",
    "bombay": "Mumbai",
    "madras": "Chennai",
    "philly": "Philadelphia",
}
CITY_ALIAS_KEYS = {key(alias): city for alias, city in _CITY_ALIASES.items()}


def _add_native_names(path: Path) -> None:
    """Cities under their native-script names and old romanisations (cities_native.csv): rows and alias keys.

    A name that is itself a gazetteer city or alias elsewhere ("Canton", Ohio) is never re-pointed.
    """
    with open(path, encoding="utf-8") as handle:
        for row in csv.DictReader(line for line in handle if not line.startswith("#")):
            place = (row["city"], row["region"], row["country"])
            if (row["city"], row["region"]) not in CITY_COORDINATES:
                CITY_COORDINATES[(row["city"], row["region"])] = (float(row["lat"]), float(row["lon"]))
                _CITIES.setdefault(key(row["city"]), []).append(place)
            for name in row["names"].split(";"):
                folded = key(name)
                if folded and folded not in _CITIES and folded not in CITY_ALIAS_KEYS:
                    CITY_ALIAS_KEYS[folded] = row["city"]


_add_native_names(Path(__file__).with_name("cities_native.csv"))

# Older (AP / Government Printing Office) state abbreviations still written in listings: "Calif.", "Mass.",
# "Neb.". "NB" (Nebraska before 1969) clashes with New Brunswick and is decided by context in the parser.
_OLD_US_ABBREVIATIONS: dict[str, str] = {
    "ala": "US-AL",
    "ariz": "US-AZ",
    "ark": "US-AR",
    "calif": "US-CA",
    "cal": "US-CA",
    "colo": "US-CO",
    "conn": "US-CT",
    "del": "US-DE",
    "fla": "US-FL",
    "ill": "US-IL",
    "kan": "US-KS",
    "kans": "US-KS",
    "mass": "US-MA",
    "mich": "US-MI",
    "minn": "US-MN",
    "mont": "US-MT",
    "neb": "US-NE",
    "nebr": "US-NE",
    "nev": "US-NV",
    "okla": "US-OK",
    "ore": "US-OR",
    "oreg": "US-OR",
    "penn": "US-PA",
    "penna": "US-PA",
    "tenn": "US-TN",
    "tex": "US-TX",
    "wash": "US-WA",
    "wis": "US-WI",
    "wisc": "US-WI",
    "wyo": "US-WY",
    "w va": "US-WV",
    "n mex": "US-NM",
    "n dak": "US-ND",
    "s dak": "US-SD",
}


def country_of(token: str) -> str | None:
    """ISO alpha-2 of a country name or code ("USA", "United Kingdom"), else None."""
    return COUNTRY_ALIASES.get(key(token))


def region_of(token: str) -> str | None:
    """ISO 3166-2 of a state/province name or upper-case US/CA code ("TX", "Ontario", "Calif."), else None."""
    stripped = token.strip().strip(".")
    if re.fullmatch(r"[A-Za-z]{2}", stripped) and stripped.upper() in REGION_CODES:
        # Lower-case "la"/"in"/"or" are words or city nicknames, not state codes.
        if stripped.isupper():
            return REGION_CODES[stripped.upper()]
        return None
    folded = key(token)
    return REGION_ALIASES.get(folded) or _OLD_US_ABBREVIATIONS.get(folded)


def lookup_city(token: str, region: str | None, country: str | None = None) -> tuple[str, str, str] | None:
    """(city, region, country) of a gazetteer city in `region`/`country` when given; the best-known first."""
    folded = key(CITY_ALIAS_KEYS.get(key(token), token))
    for candidate in _CITIES.get(folded, ()):
        if (region is None or candidate[1] == region) and (country is None or candidate[2] == country):
            return candidate
    return None


def is_code(word: str) -> bool:
    """An upper-case country or state code written inside a phrase ("USA", "VA"), not "Idaho"."""
    return word.isupper() and (bool(country_of(word)) or (len(word) == 2 and bool(region_of(word))))


def place_kinds(token: str) -> set[str]:
    """What a token can be: "city", "region", "country" (empty when it is none of them)."""
    kinds = set()
    if lookup_city(token, None):
        kinds.add("city")
    if region_of(token):
        kinds.add("region")
    if country_of(token):
        kinds.add("country")
    return kinds
