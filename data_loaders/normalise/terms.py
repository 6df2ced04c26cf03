"""Terms: "Summer 2027", "Spring/Summer 2026", " Sum 2025", "Summer '26" → canonical "Season Year" lists."""
from __future__ import annotations

import re

import polars as pl

__all__ = ["SEASONS", "normalise_terms", "parse_terms", "term_sort_key"]

# Calendar order within a year: Winter (Jan–Mar) < Spring < Summer < Fall.
SEASONS: tuple[str, ...] = ("Winter", "Spring", "Summer", "Fall")
_SEASON_WORDS = {
    "winter": "Winter", "win": "Winter", "wi": "Winter", "spring": "Spring", "spr": "Spring", "sp": "Spring",
    "summer": "Summer", "sum": "Summer", "su": "Summer", "fall": "Fall", "autumn": "Fall", "fa": "Fall",
}
_TOKEN = re.compile(r"[A-Za-z]+|'\d{2}\b|\b\d{4}\b|\b\d{2}\b")


def parse_terms(text: str | None) -> list[str]:
    """All terms named in `text`; a season without its own year takes the next year written."""
    if text is None:
        return []
    terms: list[str] = []
    pending: list[str] = []
    last_year: int | None = None
    for token in _TOKEN.findall(str(text)):
        season = _SEASON_WORDS.get(token.casefold())
        if season:
            pending.append(season)
            continue
        digits = token.lstrip("'")
        if not digits.isdigit():
            continue
        year = int(digits) + (2000 if len(digits) == 2 else 0)
        if not 1990 <= year <= 2100 or (len(digits) == 2 and not pending):
            continue  # a bare two-digit number is only a year right after a season
        last_year = year
        _add(terms, pending, year)
        pending = []
    if pending and last_year is not None:
        _add(terms, pending, last_year)  # "2026 Summer": the year came first
    return terms


def _add(terms: list[str], seasons: list[str], year: int) -> None:
    for name in seasons:
        term = f"{name} {year}"
        if term not in terms:
            terms.append(term)


def term_sort_key(term: str) -> tuple[int, int, str]:
    """Chronological key: (year, season index, text); unparseable terms sort last."""
    parsed = parse_terms(term)
    if not parsed:
        return (9999, 9, term)
    season, year = parsed[0].split(" ")
    return (int(year), SEASONS.index(season), term)


def normalise_terms(series: pl.Series) -> pl.Series:
    """Strings or lists of strings → lists of canonical terms (each distinct value parsed once)."""
    if series.dtype == pl.List(pl.String()):
        text = series.list.join("; ")
    else:
        text = series.cast(pl.String())
    mapping = {value: parse_terms(value) for value in text.drop_nulls().unique().to_list()}
    return text.replace_strict(mapping, default=[], return_dtype=pl.List(pl.String())).alias(series.name)
