"""Visa sponsorship: source labels → one of schema.SPONSORSHIP (offers, none, citizens_only, unknown)."""

from __future__ import annotations

import re

import polars as pl

__all__ = ["normalise_sponsorship", "parse_sponsorship"]

# Order matters: "Does Not Offer Sponsorship" must be read as "none" before "offer" is seen.
_RULES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(r"citizen|clearance|\bu\.?s\.?\s*persons?\b|green card", re.I), "citizens_only"),
    (
        re.compile(
            r"\b(not|no|won'?t|will not|does not|doesn'?t|unable|without)\b.*sponsor|no[-_ ]sponsor|\bno\s+(h-?1b|visa)|^\s*(no|false|n|0)\s*$",
            re.I,
        ),
        "none",
    ),
    (re.compile(r"sponsor|^\s*(yes|true|y|1|offers?|h-?1b)\s*$", re.I), "offers"),
]


def parse_sponsorship(text: str | bool | None) -> str:
    """ "Offers Sponsorship" → offers, "Does Not Offer Sponsorship" → none, "Other" → unknown."""
    if text is None:
        return "unknown"
    if isinstance(text, bool):
        return "offers" if text else "none"
    value = str(text).strip()
    if value.casefold() in {"", "other", "unknown", "n/a", "na", "not stated", "unspecified"}:
        return "unknown"
    for pattern, label in _RULES:
        if pattern.search(value):
            return label
    return "unknown"


def normalise_sponsorship(series: pl.Series) -> pl.Series:
    """One of SPONSORSHIP per row (each distinct label parsed once)."""
    if series.dtype == pl.Boolean:
        return series.replace_strict({True: "offers", False: "none"}, default="unknown", return_dtype=pl.String())
    text = series.cast(pl.String())
    mapping = {value: parse_sponsorship(value) for value in text.drop_nulls().unique().to_list()}
    return text.replace_strict(mapping, default="unknown", return_dtype=pl.String()).alias(series.name)
