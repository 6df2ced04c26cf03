"""Company names: scraped cells → the name as a reader would write it.

Job boards paste more than the name into the company cell: a rating line ("Acme\\n4.1",
"Acme 4.1 ★"), a careers-page suffix ("Acme - Careers", "Careers at Acme"), doubled or
non-breaking spaces. Only those decorations go; legal suffixes ("Inc.", "GmbH") and the name's
own case stay as published.
"""

from __future__ import annotations

import re

import polars as pl

__all__ = ["clean_company", "normalise_companies"]

# A rating line on its own: "4.1", "4", "4.1 ★", "3.9 out of 5", "(1,234 reviews)".
_STARS = r"(?:[★☆⭐]+|\*+|/\s*5|out of 5|stars?)"
_REVIEWS = r"\(?\d[\d,.]*\s*k?\s*(?:reviews?|ratings?)\)?"
_RATING_LINE = re.compile(
    rf"(?:[1-5](?:[.,]\d)?\s*{_STARS}?|{_STARS}\s*[1-5](?:[.,]\d)?|{_REVIEWS})\s*(?:{_REVIEWS})?\s*[★☆⭐]*", re.I
)
# At the end of the name line a rating needs a decimal or a star ("Studio 4" keeps its 4).
_RATING_TAIL = re.compile(
    rf"[\s|·•,-]+(?:[1-5][.,]\d\s*{_STARS}?|[1-5]\s*{_STARS}|{_STARS}\s*[1-5](?:[.,]\d)?)\s*(?:{_REVIEWS})?\s*[★☆⭐]*\s*$"
    rf"|\s*{_REVIEWS}\s*$",
    re.I,
)
_CAREERS_SUFFIX = re.compile(
    r"\s*(?:[-–—|:·]\s*)?(?:careers?|jobs|job board|hiring|recruiting)(?: (?:page|site|portal))?\s*$", re.I
)
_CAREERS_PREFIX = re.compile(r"^\s*(?:careers|jobs)\s+(?:at|@)\s+", re.I)
# Ratings and careers suffixes are short: the end-anchored patterns only ever look at this many
# trailing characters, and only lines this short can be a rating line, so a hostile 4,000-character
# cell of spaces or separators costs linear time, not quadratic backtracking.
_TAIL_WINDOW = 120
_RATING_LINE_MAX = 40


def _sub_tail(pattern: re.Pattern[str], text: str) -> str:
    """`pattern` (anchored at the end) removed from the last _TAIL_WINDOW characters of `text`."""
    cut = max(len(text) - _TAIL_WINDOW, 0)
    return text[:cut] + pattern.sub("", text[cut:])


def clean_company(name: str | None) -> str | None:
    """ "Acme\\n4.1" → "Acme", "Acme 4.1 ★" → "Acme", "Acme - Careers" → "Acme"; None when nothing is left."""
    if name is None:
        return None
    text = str(name).replace("\u00a0", " ")
    # A rating or review count on its own line: keep the first line that is not one.
    lines = [line.strip() for line in re.split(r"[\r\n]+", text) if line.strip()]
    lines = [line for line in lines if not (len(line) <= _RATING_LINE_MAX and _RATING_LINE.fullmatch(line))] or lines
    text = re.sub(r"\s+", " ", lines[0] if lines else "").strip()
    for _ in range(2):  # "Acme 4.1 ★ - Careers" needs both passes
        before = text
        text = _sub_tail(_RATING_TAIL, text).strip() or text
        text = _sub_tail(_CAREERS_SUFFIX, text).strip(" -–|:·") or text
        text = _CAREERS_PREFIX.sub("", text).strip() or text
        if text == before:
            break
    return text or None


def normalise_companies(series: pl.Series) -> pl.Series:
    """Cleaned company names (each distinct value cleaned once)."""
    text = series.cast(pl.String())
    mapping = {value: clean_company(value) for value in text.drop_nulls().unique().to_list()}
    return text.replace_strict(mapping, default=None, return_dtype=pl.String()).alias(series.name)
