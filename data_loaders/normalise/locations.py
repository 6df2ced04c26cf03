"""Locations: free-text place strings → display, city, ISO region, ISO country, remote/hybrid.

Each distinct string is parsed once in Python; `normalise_locations` joins the results back, so a
million rows with a few thousand distinct strings cost one small parse plus a join.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

import polars as pl

from data_loaders.normalise.gazetteer import CITY_ALIAS_KEYS as _CITY_ALIAS_KEYS
from data_loaders.normalise.gazetteer import CITY_COORDINATES
from data_loaders.normalise.gazetteer import country_of as _country_of
from data_loaders.normalise.gazetteer import is_code as _is_code
from data_loaders.normalise.gazetteer import key as _key
from data_loaders.normalise.gazetteer import lookup_city as _lookup_city
from data_loaders.normalise.gazetteer import region_of as _region_of
from data_loaders.normalise.place_lists import split_locations
from data_loaders.normalise.regions import COUNTRY_NAMES, REGION_NAMES, region_country

__all__ = [
    "CITY_COORDINATES",
    "REGION_NAMES",
    "ParsedLocation",
    "normalise_locations",
    "parse_location",
    "split_location_texts",
    "split_locations",
]


class ParsedLocation(NamedTuple):
    """One place string, understood."""

    display: str | None
    city: str | None
    region: str | None
    country: str | None
    remote: bool
    hybrid: bool
    onsite: bool = False  # the text itself says on-site / in office / in person


_REMOTE = re.compile(r"\b(remote(ly)?|work from home|wfh|virtual|anywhere|telecommute|distributed)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
_ONSITE = re.compile(r"\b(on-?site|in[- ]office|in[- ]person|office[- ]based)\b", re.I)
# Words that say nothing about the place itself.
_NOISE = re.compile(
    r"\(?\b(on-?site|in[- ]office|in person|headquarters|hq|corporate|campus|office|more\.\.\.|more"
    r"|multiple|various|several|all|global|worldwide|nationwide|locations?|area|metro(politan)?|greater)\b\)?",
    re.I,
)
_BUILDING = re.compile(r"\b(bldg|building|tower|suite|floor|room)\b\.?", re.I)
_PARENS = re.compile(r"\(([^()]*)\)")
_ZIP = re.compile(r"\b\d{5}(-\d{4})?\b")


def _tokens(text: str) -> list[str]:
    """Cut a cleaned place string into parts: commas, " - ", ATS dashes ("US-IA-CEDAR RAPIDS")."""
    text = text.split("~")[0]
    if re.match(r"^(US|USA|United States)\s*-", text, re.I):
        parts = re.split(r"[-,]", text)
    else:
        parts = re.split(r",|\s+-\s+|\s+–\s+", text)
    tokens: list[str] = []
    for part in parts:
        # "CA Burbank Bldg. 700": keep the words before the first number (building numbers,
        # street addresses and site codes carry no place), then drop building words.
        part = re.split(r"\s*\S*\d", part, maxsplit=1)[0]
        part = _BUILDING.sub(" ", part).strip(" .-/")
        if not part:
            continue
        words = part.split()
        # "USA VA Falls Church", "Austin TX USA", "Sunnyvale CA": peel codes off either end.
        head: list[str] = []
        tail: list[str] = []
        while len(words) > 1 and _is_code(words[0]):
            head.append(words.pop(0))
        while len(words) > 1 and _is_code(words[-1]):
            tail.insert(0, words.pop())
        tokens.extend(head + [" ".join(words)] + tail)
    return [t for t in tokens if t]


def _tidy_city(token: str) -> str:
    canonical = _CITY_ALIAS_KEYS.get(_key(token))
    if canonical:
        return canonical
    if token.isupper() or token.islower():
        return " ".join(w.capitalize() for w in token.split())
    return token


@lru_cache(maxsize=65536)
def parse_location(text: str | None, context: str | None = None) -> ParsedLocation:
    """Parse one place string: "Hybrid - Austin, TX" → Austin, US-TX, US, hybrid.

    `context` is the country the listing's other places are in: it reads an old abbreviation that is
    also a Canadian code ("Lincoln, NB" among US places is Nebraska).
    """
    if text is None or not str(text).strip():
        return ParsedLocation(None, None, None, None, False, False)
    raw = re.sub(r"\s+", " ", str(text)).strip()
    remote = bool(_REMOTE.search(raw))
    hybrid = bool(_HYBRID.search(raw))
    onsite = bool(_ONSITE.search(raw))
    cleaned = _REMOTE.sub(" ", _HYBRID.sub(" ", raw))
    # "Weave - Headquarters (Lehi, UT)": a bracketed place beats the words around it.
    inner = [m for m in _PARENS.findall(cleaned) if "," in m]
    if inner:
        cleaned = inner[0]
    cleaned = _PARENS.sub(" ", cleaned)
    # Lower-case connectors left over from "Remote in USA"; upper-case "IN" is Indiana.
    cleaned = re.sub(r"\b(in|of|from)\s*$|^\s*(in|In|of)\b", " ", cleaned.strip(" -,()"))
    if _key(cleaned) not in _CITY_ALIAS_KEYS:  # "Bay Area" is a place, not "Bay" plus a noise word
        cleaned = _NOISE.sub(" ", cleaned)
    cleaned = _ZIP.sub(" ", cleaned)
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" -,;:/")
    city, region, country = _resolve(_tokens(cleaned)) if cleaned else (None, None, None)
    if region == "CA-NB":
        city, region, country = _nebraska_or_new_brunswick(cleaned, city, context)
    if remote:
        city = None  # a remote job is in no city; it still counts toward the place it names
    display = _display(raw, city, region, country, remote)
    return ParsedLocation(display, city, region, country, remote, hybrid, onsite)


def _nebraska_or_new_brunswick(cleaned: str, city: str | None, context: str | None) -> tuple[str | None, str, str]:
    """ "NB" was Nebraska's code until 1969: a city only Nebraska has, or US context, makes it US-NE."""
    if re.search(r"canada|new brunswick|\bcan\b", cleaned, re.I) or not re.search(r"\bNB\b", cleaned):
        return city, "CA-NB", "CA"
    in_canada = city is not None and _lookup_city(city, "CA-NB") is not None
    in_nebraska = city is not None and _lookup_city(city, "US-NE") is not None
    if (in_nebraska and not in_canada) or (context == "US" and not in_canada):
        return city, "US-NE", "US"
    return city, "CA-NB", "CA"


def _resolve(tokens: list[str]) -> tuple[str | None, str | None, str | None]:
    country: str | None = None
    rest: list[str] = []
    for token in tokens:
        code = _country_of(token)
        # "New York" or "Georgia" as a region beats a country of the same name only when written
        # next to a city; a country token is kept as the country.
        if code and not (len(tokens) > 1 and token == tokens[0] and _lookup_city(token, None)):
            country = country or code
            if _key(token) in {"england", "scotland", "wales", "northern ireland"}:
                rest.append(token)
        else:
            rest.append(token)
    if not rest:
        return None, None, country
    if len(rest) == 1:
        token = rest[0]
        city_alias = _CITY_ALIAS_KEYS.get(_key(token))
        region = _region_of(token) if not city_alias else None
        if region and not (country is None and _lookup_city(token, None) and not token.isupper()):
            return None, region, country or region_country(region)
        found = _lookup_city(token, None, country)
        if found:
            return found[0], found[1] or None, found[2]
        return _tidy_city(token), None, country
    # Several tokens: the last region-like token (index 0 only as a last resort) is the region.
    region_index = next((i for i in range(len(rest) - 1, 0, -1) if _region_of(rest[i])), None)
    if region_index is None and _region_of(rest[0]) and not _lookup_city(rest[0], None):
        region_index = 0
    region = _region_of(rest[region_index]) if region_index is not None else None
    others = [t for i, t in enumerate(rest) if i != region_index]
    found = next((c for c in (_lookup_city(t, region) for t in others) if c), None) if region else None
    if found and region:
        return found[0], region, region_country(region)
    if region is None:
        found = _lookup_city(others[0], None, country)
        if found:
            return found[0], found[1] or None, found[2]
        return _tidy_city(others[0]), None, country
    return _tidy_city(others[0]), region, region_country(region)


def _display(raw: str, city: str | None, region: str | None, country: str | None, remote: bool) -> str:
    if remote:
        where = REGION_NAMES.get(region or "") or COUNTRY_NAMES.get(country or "")
        return f"Remote ({where})" if where else "Remote"
    if city and region and country in {"US", "CA"}:
        return f"{city}, {region.split('-', 1)[1]}"
    if city and country:
        return f"{city}, {'UK' if country == 'GB' else COUNTRY_NAMES.get(country, country)}"
    if city:
        return city
    if region:
        return REGION_NAMES[region]
    if country:
        return COUNTRY_NAMES.get(country, country)
    return raw


def split_location_texts(texts: pl.Series) -> pl.Series:
    """`split_locations` of every string (a List(String) per row); a null stays null.

    Each distinct cell is cut at the separators in polars and each distinct piece is split once
    (data_loaders.normalise.place_columns): equal to `texts.map_elements(split_locations)`, much faster.
    """
    from data_loaders.normalise.place_columns import split_location_texts as split_column

    return split_column(texts)


def normalise_locations(
    locations: pl.Series,
    remote_flag: pl.Series | None = None,
    titles: pl.Series | None = None,
) -> pl.DataFrame:
    """Lists (or free-text strings) of places → locations, cities, regions, countries, work_mode per row.

    Work mode needs evidence: hybrid or remote markers anywhere in the list, the title or the flag column
    win in that order; on-site markers or a false flag mean onsite. A place with no marker counts as onsite
    only when the source marks remote places at all (some row has a remote/hybrid marker, or the source
    has a remote/work-mode column); otherwise it is "unknown", never a guessed onsite. Each distinct cell,
    list and place is read once (data_loaders.normalise.place_columns).
    """
    from data_loaders.normalise.place_columns import normalise_location_column

    return normalise_location_column(locations, remote_flag, titles)
