"""The listing filters applied to outcomes, where an outcome row can answer them, and the scope sentence."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from analytics.filter_keys import OUTCOME_FILTERS
from analytics.filters import FilterSpec

# ---- The listing filters, applied to outcomes where an outcome row can answer them ----------
# FilterSpec attribute -> outcome columns it needs. Countries are answered by the region code's
# prefix ("US-CA" -> "US"); skills, pay, dates, work mode and sponsorship describe listings only.
# Free-text search never narrows outcomes: a search with one more letter can single out any few
# applications, and comparing the two views would reveal them (analytics/differencing.py).
OUTCOME_FILTER_COLUMNS: dict[str, tuple[str, ...]] = {
    item.attribute: (str(item.outcome_column),)
    for item in OUTCOME_FILTERS  # from analytics/filter_keys.py
}
_FILTER_NAMES: dict[str, str] = {
    "fields": "field",
    "companies": "company",
    "terms": "term",
    "countries": "country",
    "regions": "region",
    "search": "search",
    "cities": "city",
    "work_modes": "work mode",
    "skills": "skills",
    "pay_min": "pay",
    "pay_max": "pay",
    "posted_within_days": "posting date",
    "sponsorship": "sponsorship",
}


def _spec_value(spec: FilterSpec, attribute: str) -> object:
    """A filter's value, or None when the filter is not set."""
    value = getattr(spec, attribute, None)
    return value if value not in ((), "", None) else None


def outcome_filter_columns(spec: FilterSpec, columns: Sequence[str]) -> list[str]:
    """The outcome columns the set filters of `spec` need and the data has, in a stable order."""
    needed: list[str] = []
    for attribute, wanted in OUTCOME_FILTER_COLUMNS.items():
        if _spec_value(spec, attribute) is None or not all(c in columns for c in wanted):
            continue
        needed.extend(c for c in wanted if c not in needed)
    return needed


def outcome_filters_applied(spec: FilterSpec, columns: Sequence[str]) -> tuple[list[str], list[str]]:
    """(filters that narrow these outcomes, set filters that cannot), as plain names."""
    applied: list[str] = []
    not_applied: list[str] = []
    for attribute, name in _FILTER_NAMES.items():
        if _spec_value(spec, attribute) is None:
            continue
        wanted = OUTCOME_FILTER_COLUMNS.get(attribute)
        target = applied if wanted and all(c in columns for c in wanted) else not_applied
        if name not in target:
            target.append(name)
    return applied, not_applied


Columns = Sequence[str] | Mapping[str, pl.DataType]  # a frame's column names, or its schema (names and types)


def is_coded(columns: Columns, name: str) -> bool:
    """True when `columns` is a schema whose column `name` holds Enum / Categorical codes (data_loaders/compact.py:
    the shared outcomes' region); string functions do not apply to those. A plain list of names: False."""
    return isinstance(columns, Mapping) and isinstance(columns.get(name), pl.Enum | pl.Categorical)


def in_country(region: pl.Expr, country: str, *, coded: bool) -> pl.Expr:
    """True where the region code's prefix (before the first "-": "US-CA" -> "US") is `country`, null for no region:
    the code itself or a code starting with "<country>-" (a Categorical's categories are tested, not its rows). A
    country with a "-" never equals a prefix, so it matches nothing."""
    if "-" in country:
        return pl.when(region.is_not_null()).then(pl.lit(False))
    return (region == country) | _starts_with(region, f"{country}-", coded=coded)


def _starts_with(text: pl.Expr, prefix: str, *, coded: bool) -> pl.Expr:
    return text.cat.starts_with(prefix) if coded else text.str.starts_with(prefix)


def _in_countries(countries: Sequence[str], *, coded: bool = False) -> pl.Expr:
    """True where the region code's prefix (before the first "-": "US-CA" -> "US") is one of `countries`, null for no
    region: `region.str.split("-").list.first().is_in(countries)` as prefix tests (no list per row: ~7x faster at
    10,000,000 rows). A country with a "-" never equals a prefix, so it matches nothing. `coded`: region is
    Categorical."""
    plain = [country for country in countries if "-" not in country]
    region = pl.col("region")
    if not plain:
        return pl.when(region.is_not_null()).then(pl.lit(False))
    prefixed = [_starts_with(region, f"{country}-", coded=coded) for country in plain]
    return pl.any_horizontal([region.is_in(plain), *prefixed])


def outcome_filter_expr(spec: FilterSpec, columns: Columns) -> pl.Expr | None:
    """The expression keeping the outcome rows (or count groups) that pass the filters an outcome can answer; None
    when no such filter is set. Unknown (null) never passes a filter the user set. `columns`: the frame's schema
    (its names alone do for outcomes whose region is text)."""
    parts: list[pl.Expr] = []
    if _spec_value(spec, "fields") is not None and "field" in columns:
        parts.append(pl.col("field").is_in(list(spec.fields)))
    if _spec_value(spec, "companies") is not None and "company" in columns:
        parts.append(pl.col("company").is_in(list(spec.companies)))
    if _spec_value(spec, "terms") is not None and "term" in columns:
        parts.append(pl.col("term").is_in(list(spec.terms)))
    if "region" in columns:
        if _spec_value(spec, "countries") is not None:
            parts.append(_in_countries(spec.countries, coded=is_coded(columns, "region")))
        if _spec_value(spec, "regions") is not None:
            parts.append(pl.col("region").is_in(list(spec.regions)))
    return pl.all_horizontal(parts).fill_null(False) if parts else None


def filter_outcomes(outcomes_or_counts: pl.DataFrame, spec: FilterSpec) -> pl.DataFrame:
    """The outcome rows (or count groups) that pass the listing filters an outcome can answer."""
    keep = outcome_filter_expr(spec, outcomes_or_counts.schema)
    return outcomes_or_counts if keep is None else outcomes_or_counts.filter(keep)


def describe_outcome_scope(spec: FilterSpec, columns: Sequence[str], n_shown: int, n_total: int) -> str:
    """The sentence under the listing-filter sentence: how many applications, and which filters reached them."""
    applied, not_applied = outcome_filters_applied(spec, columns)
    text = f"Outcomes: {n_shown:,} of {n_total:,} applications."
    if applied:
        text += f" Listing filters applied to outcomes: {', '.join(applied)}."
    listing_only = [name for name in not_applied if name != "search"]
    if listing_only:
        text += f" Not applicable to outcomes (they describe listings only): {', '.join(listing_only)}."
    if "search" in not_applied:
        text += " Search narrows listings only, never outcomes: a free text could single out a few applications."
    if not applied and not not_applied:
        text += " No listing filter is set, so every application counts."
    return text


# A listing-only filter as an outcome view sees it: set, its value unknown to outcomes (see `outcome_spec`).
_SET_WITHOUT_VALUE: dict[str, object] = {"pay_min": 0.0, "pay_max": 0.0, "posted_within_days": 0, "search": "set"}
_LISTING_ONLY_SWITCHES: dict[str, object] = {"skills_mode": "any", "active_only": True, "include_remote": True}


def outcome_spec(spec: FilterSpec) -> FilterSpec:
    """`spec` as an outcome view sees it: the filters that narrow outcomes as they are, each listing-only filter only
    as set or not (its name reaches the scope sentence, its value nothing), the listing-only switches at default.

    Two specs that differ only in a listing-only value give equal outcome specs, so a memo keyed by the outcome
    spec (e.g. `state.cached(dataset, rate_view, outcomes, outcome_spec(spec), ...)`) serves both.
    """
    changes: dict[str, Any] = dict(_LISTING_ONLY_SWITCHES)
    for attribute in _FILTER_NAMES:
        if attribute not in OUTCOME_FILTER_COLUMNS and _spec_value(spec, attribute) is not None:
            changes[attribute] = _SET_WITHOUT_VALUE.get(attribute, ("set",))
    return dataclasses.replace(spec, **changes)
