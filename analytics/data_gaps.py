"""Why a chart is empty: the filters left nothing, or the data never had this kind of value at all.

An empty chart on data that simply has no skills (a community list) must not tell the user to remove
filters; it must say what the data lacks and how to get it. `data_gap` answers over the *whole* dataset.
"""

from __future__ import annotations

import polars as pl

# What a chart needs -> the expression that is true for a listing that has it.
_HAS: dict[str, pl.Expr] = {
    "skills": pl.col("skills").list.len().fill_null(0) > 0,
    "posted_date": pl.col("posted_date").is_not_null(),
    "pay": pl.col("pay_hourly_usd").is_not_null(),
    "us_state": pl.col("regions").list.eval(pl.element().str.starts_with("US-")).list.any().fill_null(False),
    "country": pl.col("countries").list.len().fill_null(0) > 0,
    "city": pl.col("cities").list.len().fill_null(0) > 0,
}
# What a chart needs -> (what this data lacks, how to get it). Markdown; no user text in here.
_GAPS: dict[str, tuple[str, str]] = {
    "skills": (
        "No opening in this data lists its skills",
        "skills come from a skills column or are read from a job-description column: map one on the "
        "**Sources** page, or collect openings with their descriptions from job boards (docs/collect.md)",
    ),
    "posted_date": (
        "No opening in this data has a posting date",
        "map the column that holds posting dates on the **Sources** page",
    ),
    "pay": (
        "No opening in this data states its pay",
        "map the pay column (or a description that states pay) on the **Sources** page",
    ),
    "us_state": (
        "No opening in this data is in a US state",
        "this map shows US states only; the World and Cities maps on the **Openings** page show the openings by "
        "country and city",
    ),
    "country": ("No opening in this data names a country", "map the locations column on the **Sources** page"),
    "city": ("No opening in this data names a city", "map the locations column on the **Sources** page"),
}
NEEDS: tuple[str, ...] = tuple(_HAS)


def has_any(listings: pl.DataFrame, need: str) -> bool:
    """Whether at least one listing has what `need` names (one of NEEDS)."""
    if listings.height == 0:
        return False
    return bool(listings.select(_HAS[need].any()).item())


def data_gap(listings: pl.DataFrame, need: str) -> str | None:
    """The sentence for a chart that is empty because the whole dataset lacks `need`, or None when it has some."""
    if has_any(listings, need):
        return None
    what, how = _GAPS[need]
    return f"{what}, so there is nothing to chart here. To get it: {how}."
