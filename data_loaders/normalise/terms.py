"""Terms: "Summer 2027", "Spring/Summer 2026", " Sum 2025", "Summer '26", "fall_2026" → canonical "Season Year" lists.

A season written without a year ("Summer", "Winter/Spring", "Co-op Jan–Apr") is never dropped: with a
posting date it takes the year of the next such season starting in or after the posting month (a
"Summer" posted in March 2026 is Summer 2026, one posted in July 2026 is Summer 2027); without a date it
is kept as the bare season name ("Summer"), which sorts after every dated term.
"""

from __future__ import annotations

import datetime as dt
import re

import polars as pl

__all__ = ["SEASONS", "normalise_terms", "parse_terms", "season_without_year", "term_sort_key"]

# Calendar order within a year: Winter (Jan–Mar) < Spring < Summer < Fall.
SEASONS: tuple[str, ...] = ("Winter", "Spring", "Summer", "Fall")
_SEASON_WORDS = {
    "winter": "Winter",
    "win": "Winter",
    "wi": "Winter",
    "spring": "Spring",
    "spr": "Spring",
    "sp": "Spring",
    "summer": "Summer",
    "sum": "Summer",
    "su": "Summer",
    "fall": "Fall",
    "autumn": "Fall",
    "fa": "Fall",
    # French, German, Spanish (Canadian and European lists)
    "hiver": "Winter",
    "printemps": "Spring",
    "ete": "Summer",
    "été": "Summer",
    "automne": "Fall",
    "sommer": "Summer",
    "herbst": "Fall",
    "fruhling": "Spring",
    "frühling": "Spring",
    "verano": "Summer",
    "invierno": "Winter",
    "primavera": "Spring",
    "otono": "Fall",
    "otoño": "Fall",
}
# First month of a range ("Jan–Apr", "May-August") → what a co-op term starting then is called.
_MONTH_SEASON = {
    1: "Winter",
    2: "Winter",
    3: "Spring",
    4: "Spring",
    5: "Summer",
    6: "Summer",
    7: "Summer",
    8: "Fall",
    9: "Fall",
    10: "Fall",
    11: "Fall",
    12: "Winter",
}
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_WORD = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?"
    r"|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# A month range, or one month followed by a year: a lone month ("apply by March 1") is no term.
_MONTH_RANGE = re.compile(
    rf"\b({_MONTH_WORD})\b\.?(?:\s*(?:-|–|—|to|through)\s*{_MONTH_WORD}\b\.?|(?=\s*,?\s*(?:19|20)\d\d\b))", re.I
)
# Month a season's internships start: a bare season posted after that month is next year's.
_SEASON_START_MONTH = {"Winter": 1, "Spring": 3, "Summer": 5, "Fall": 8}
_TOKEN = re.compile(r"[^\W\d_]+|'\d{2}\b|\b\d{4}\b|\b\d{2}\b")


def parse_terms(text: str | None, posted: dt.date | None = None) -> list[str]:
    """All terms named in `text`; a season without its own year takes the next year written, else the
    year inferred from `posted`, else stays a bare season name."""
    if text is None:
        return []
    terms: list[str] = []
    pending: list[str] = []
    last_year: int | None = None
    # "fall_2026" → "fall 2026"; "Co-op Jan–Apr 2027" → "Co-op Winter 2027".
    cleaned = _MONTH_RANGE.sub(
        lambda m: f" {_MONTH_SEASON[_MONTHS[m.group(1).casefold()]]} ", str(text).replace("_", " ")
    )
    for token in _TOKEN.findall(cleaned):
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
    elif pending:
        for season in pending:
            term = f"{season} {_next_year(season, posted)}" if posted is not None else season
            if term not in terms:
                terms.append(term)
    return terms


def _add(terms: list[str], seasons: list[str], year: int) -> None:
    for name in seasons:
        term = f"{name} {year}"
        if term not in terms:
            terms.append(term)


def _next_year(season: str, posted: dt.date) -> int:
    """The year of the next `season` starting in or after the posting month."""
    return posted.year if posted.month <= _SEASON_START_MONTH[season] else posted.year + 1


def season_without_year(text: str | None) -> bool:
    """True when `text` names a season but no year (its year is inferred from a date, or it stays bare)."""
    return any(term in SEASONS for term in parse_terms(text))


def term_sort_key(term: str) -> tuple[int, int, str]:
    """Chronological key: (year, season index, text); bare seasons after dated terms; unparseable last."""
    if term in SEASONS:
        return (9998, SEASONS.index(term), term)
    parsed = parse_terms(term)
    if not parsed or parsed[0] in SEASONS:
        return (9999, 9, term)
    season, year = parsed[0].split(" ")
    return (int(year), SEASONS.index(season), term)


def normalise_terms(series: pl.Series, posted: pl.Series | None = None) -> pl.Series:
    """Strings or lists of strings → lists of canonical terms (each distinct value, with its date, parsed once).

    `posted` (a Date per row) lets a season without a year take the year of its next occurrence.
    """
    if series.dtype == pl.List(pl.String()):
        text = series.list.join("; ")
    else:
        text = series.cast(pl.String())
    unique = text.drop_nulls().unique().to_list()
    if posted is None:
        mapping = {value: parse_terms(value) for value in unique}
        return text.replace_strict(mapping, default=[], return_dtype=pl.List(pl.String())).alias(series.name)
    # Only texts without a year depend on the date: the others are keyed with a null date.
    undated = {value: season_without_year(value) for value in unique}
    keys = pl.DataFrame({"_text": text, "_posted": posted.cast(pl.Date())}).with_columns(
        pl.when(pl.col("_text").replace_strict(undated, default=False, return_dtype=pl.Boolean()))
        .then(pl.col("_posted"))
        .otherwise(None)
        .alias("_posted")
    )
    distinct = keys.unique(maintain_order=True).filter(pl.col("_text").is_not_null())
    parsed = pl.Series("_terms", [parse_terms(t, d) for t, d in distinct.iter_rows()], dtype=pl.List(pl.String()))
    joined = keys.join(
        distinct.with_columns(parsed), on=["_text", "_posted"], how="left", nulls_equal=True, maintain_order="left"
    )
    return joined["_terms"].fill_null([]).alias(series.name)
