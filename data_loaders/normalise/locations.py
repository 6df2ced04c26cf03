"""Locations: free-text place strings → display, city, ISO region, ISO country, remote/hybrid.

Each distinct string is parsed once in Python; `normalise_locations` joins the results back, so a
million rows with a few thousand distinct strings cost one small parse plus a join.
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

import polars as pl

from data_loaders.normalise.regions import (
    COUNTRY_ALIASES,
    COUNTRY_NAMES,
    REGION_ALIASES,
    REGION_CODES,
    REGION_NAMES,
    region_country,
)

__all__ = [
    "CITY_COORDINATES",
    "REGION_NAMES",
    "ParsedLocation",
    "normalise_locations",
    "parse_location",
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


def _load_cities() -> tuple[dict[tuple[str, str], tuple[float, float]], dict[str, list[tuple[str, str, str]]]]:
    coordinates: dict[tuple[str, str], tuple[float, float]] = {}
    by_key: dict[str, list[tuple[str, str, str]]] = {}
    with open(Path(__file__).with_name("cities.csv"), encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            coordinates[(row["city"], row["region"])] = (float(row["lat"]), float(row["lon"]))
            by_key.setdefault(_key(row["city"]), []).append((row["city"], row["region"], row["country"]))
    return coordinates, by_key


def _key(text: str) -> str:
    """Casefold, strip accents and dots: "Québec" → "quebec", "St. Louis" → "st louis"."""
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    key = re.sub(r"\s+", " ", re.sub(r"[.]", " ", text)).strip().casefold()
    return re.sub(r"^ft ", "fort ", re.sub(r"^mt ", "mount ", key))


# (city, region) → (lat, lon); region is "" for countries without subdivisions in our table.
CITY_COORDINATES: dict[tuple[str, str], tuple[float, float]]
CITY_COORDINATES, _CITIES = _load_cities()

# Nicknames and spellings that mean one gazetteer city.
_CITY_ALIASES: dict[str, str] = {
    "nyc": "New York", "new york city": "New York", "manhattan": "New York", "ny": "New York",
    "sf": "San Francisco", "san fran": "San Francisco", "sf bay area": "San Francisco",
    "bay area": "San Francisco", "la": "Los Angeles", "dc": "Washington",
    "washington dc": "Washington", "washington d c": "Washington", "bengaluru": "Bangalore",
    "gurugram": "Gurgaon", "saint louis": "St. Louis", "st louis": "St. Louis",
    "saint paul": "St. Paul", "montréal": "Montreal", "salt lake": "Salt Lake City",
    "new delhi": "Delhi", "bombay": "Mumbai", "madras": "Chennai", "philly": "Philadelphia",
}
_CITY_ALIAS_KEYS = {_key(alias): city for alias, city in _CITY_ALIASES.items()}

_REMOTE = re.compile(r"\b(remote(ly)?|work from home|wfh|virtual|anywhere|telecommute|distributed)\b", re.I)
_HYBRID = re.compile(r"\bhybrid\b", re.I)
# Words that say nothing about the place itself.
_NOISE = re.compile(
    r"\(?\b(on-?site|in[- ]office|in person|headquarters|hq|corporate|campus|office|more\.\.\.|more"
    r"|multiple|various|several|all|global|worldwide|nationwide|locations?|area|metro(politan)?|greater)\b\)?",
    re.I,
)
_BUILDING = re.compile(r"\b(bldg|building|tower|suite|floor|room)\b\.?", re.I)
_PARENS = re.compile(r"\(([^()]*)\)")
_ZIP = re.compile(r"\b\d{5}(-\d{4})?\b")


def split_locations(text: str | None) -> list[str]:
    """Split free text listing several places ("Austin, TX; Chicago; New York") into one per place."""
    if text is None:
        return []
    pieces = [p.strip() for p in re.split(r"\s*(?:;|\||\n|•|\s+or\s+|\s+and\s+)\s*", str(text)) if p.strip()]
    result: list[str] = []
    for piece in pieces:
        tokens = [t.strip() for t in piece.split(",") if t.strip()]
        # "New York, Chicago": every token is a known city and none after the first is a region
        # or country ("Seattle, Washington" and "Washington, DC" stay whole) → a list.
        if len(tokens) >= 2 and all(_lookup_city(t, None) for t in tokens) and not any(
            _region_of(t) or _country_of(t) for t in tokens[1:]
        ):
            result.extend(tokens)
        else:
            result.append(piece)
    return result


def _country_of(token: str) -> str | None:
    return COUNTRY_ALIASES.get(_key(token))


def _region_of(token: str) -> str | None:
    stripped = token.strip().strip(".")
    if re.fullmatch(r"[A-Za-z]{2}", stripped) and stripped.upper() in REGION_CODES:
        # Lower-case "la"/"in"/"or" are words or city nicknames, not state codes.
        if stripped.isupper():
            return REGION_CODES[stripped.upper()]
        return None
    return REGION_ALIASES.get(_key(token))


def _lookup_city(token: str, region: str | None, country: str | None = None) -> tuple[str, str, str] | None:
    key = _key(token)
    key = _key(_CITY_ALIAS_KEYS.get(key, token))
    candidates = _CITIES.get(key)
    if not candidates:
        return None
    for candidate in candidates:
        if (region is None or candidate[1] == region) and (country is None or candidate[2] == country):
            return candidate  # the gazetteer lists the best-known place of a name first
    return None


def _is_code(word: str) -> bool:
    """An upper-case country or state code written inside a phrase ("USA", "VA"), not "Idaho"."""
    return word.isupper() and (bool(_country_of(word)) or (len(word) == 2 and bool(_region_of(word))))


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
def parse_location(text: str | None) -> ParsedLocation:
    """Parse one place string: "Hybrid - Austin, TX" → Austin, US-TX, US, hybrid."""
    if text is None or not str(text).strip():
        return ParsedLocation(None, None, None, None, False, False)
    raw = re.sub(r"\s+", " ", str(text)).strip()
    remote = bool(_REMOTE.search(raw))
    hybrid = bool(_HYBRID.search(raw))
    cleaned = _REMOTE.sub(" ", _HYBRID.sub(" ", raw))
    # "Weave - Headquarters (Lehi, UT)": a bracketed place beats the words around it.
    inner = [m for m in _PARENS.findall(cleaned) if "," in m]
    if inner:
        cleaned = inner[0]
    cleaned = _PARENS.sub(" ", cleaned)
    # Lower-case connectors left over from "Remote in USA"; upper-case "IN" is Indiana.
    cleaned = re.sub(r"\b(in|of|from)\s*$|^\s*(in|In|of)\b", " ", cleaned.strip(" -,()"))
    cleaned = _ZIP.sub(" ", _NOISE.sub(" ", cleaned))
    cleaned = re.sub(r"\s+", " ", cleaned).strip(" -,;:/")
    city, region, country = _resolve(_tokens(cleaned)) if cleaned else (None, None, None)
    if remote:
        city = None  # a remote job is in no city; it still counts toward the place it names
    display = _display(raw, city, region, country, remote)
    return ParsedLocation(display, city, region, country, remote, hybrid)


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
    if found:
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


_PARSED_SCHEMA = {
    "_text": pl.String(),
    "_display": pl.String(),
    "_city": pl.String(),
    "_region": pl.String(),
    "_country": pl.String(),
    "_remote": pl.Boolean(),
    "_hybrid": pl.Boolean(),
}


def _parse_unique(texts: pl.Series) -> pl.DataFrame:
    rows = [(text, *parse_location(text)) for text in texts.drop_nulls().unique().to_list()]
    return pl.DataFrame(rows, schema=_PARSED_SCHEMA, orient="row")


def _as_flag(flag: pl.Series) -> pl.Series:
    """A remote flag as booleans; text such as "yes"/"true"/"1" counts as true (zshah writes "yes")."""
    if flag.dtype == pl.String:
        return flag.str.strip_chars().str.to_lowercase().is_in(["yes", "y", "true", "1", "remote"]).fill_null(False)
    return flag.cast(pl.Boolean).fill_null(False)


def _per_list(frame: pl.DataFrame) -> pl.DataFrame:
    """Parse each distinct list (`_key`, `_text`) once into the aggregated place columns."""
    exploded = frame.explode("_text", empty_as_null=True, keep_nulls=True).with_columns(pl.col("_text").str.strip_chars())
    # A list element can itself name several places ("Berwick, PA or Idaho Falls, ID").
    pieces = {t: split_locations(t) or [t] for t in exploded["_text"].drop_nulls().unique().to_list()}
    if any(len(v) > 1 for v in pieces.values()):
        exploded = exploded.with_columns(
            pl.col("_text").replace_strict(pieces, default=None, return_dtype=pl.List(pl.String()))
        ).explode("_text", empty_as_null=True, keep_nulls=True)
    parsed = exploded.join(_parse_unique(exploded["_text"]), on="_text", how="left", maintain_order="left")
    return parsed.group_by("_key", maintain_order=True).agg(
        pl.col("_display").drop_nulls().unique(maintain_order=True).alias("locations"),
        pl.col("_city").drop_nulls().unique(maintain_order=True).alias("cities"),
        pl.col("_region").drop_nulls().unique(maintain_order=True).alias("regions"),
        pl.col("_country").drop_nulls().unique(maintain_order=True).alias("countries"),
        pl.col("_remote").any().alias("_any_remote"),
        (pl.col("_display").is_not_null() & ~pl.col("_remote")).any().alias("_physical"),
        pl.col("_hybrid").any().alias("_hybrid"),
    )


_SEP = "\x1f"  # joins a list into one key string; never appears in place names


def normalise_locations(
    locations: pl.Series,
    remote_flag: pl.Series | None = None,
    titles: pl.Series | None = None,
) -> pl.DataFrame:
    """Lists (or free-text strings) of places → locations, cities, regions, countries, work_mode per row."""
    if locations.dtype == pl.String:
        unique_text = locations.drop_nulls().unique()
        split = {t: split_locations(t) for t in unique_text.to_list()}
        locations = locations.replace_strict(split, default=None, return_dtype=pl.List(pl.String()))
    lists = locations.cast(pl.List(pl.String())).fill_null([])
    # Listings repeat the same location lists; work on the distinct lists, then join back by key.
    keyed = pl.DataFrame({"_key": lists.list.join(_SEP), "_text": lists})
    distinct = keyed.filter(pl.col("_key").is_first_distinct())
    per_row = keyed.select("_key").join(_per_list(distinct), on="_key", how="left", maintain_order="left")
    row_count = len(locations)
    remote = _as_flag(remote_flag) if remote_flag is not None else pl.repeat(False, row_count, eager=True)
    title_hybrid = (
        titles.cast(pl.String).str.contains(r"(?i)\bhybrid\b").fill_null(False)
        if titles is not None
        else pl.repeat(False, row_count, eager=True)
    )
    per_row = per_row.with_columns(_flag=remote.alias("_flag"), _title_hybrid=title_hybrid.alias("_title_hybrid"))
    return per_row.select(
        "locations",
        "cities",
        "regions",
        "countries",
        work_mode=pl.when(pl.col("_hybrid") | pl.col("_title_hybrid"))
        .then(pl.lit("hybrid"))
        .when(pl.col("_flag") | (pl.col("_any_remote") & ~pl.col("_physical")))
        .then(pl.lit("remote"))
        .when(pl.col("_physical"))
        .then(pl.lit("onsite"))
        .otherwise(pl.lit("unknown")),
    )
