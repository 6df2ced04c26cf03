"""The openings table, one opening's details, similar openings, and safe downloads."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypeVar

import polars as pl

# The export helpers live in analytics.exports (one neutraliser, one link rule); re-exported here for callers.
from analytics.exports import csv_safe, safe_url, to_csv_bytes, to_parquet_bytes
from analytics.rates import COUNT_COLUMNS, as_counts, wilson_interval

TABLE_COLUMNS: tuple[str, ...] = (
    "listing_id",
    "company",
    "title",
    "field",
    "locations",
    "work_mode",
    "pay_hourly_usd",
    "skills",
    "posted_date",
    "url",
)
SORTABLE: tuple[str, ...] = ("posted_date", "pay_hourly_usd", "company", "title", "field", "work_mode", "listing_id")


Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def _table_select(frame: Frame) -> Frame:
    """The table's display columns: lists joined, url made safe."""
    return frame.select(
        "listing_id",
        "company",
        "title",
        "field",
        pl.col("locations").list.join("; ").alias("locations"),
        "work_mode",
        "pay_hourly_usd",
        pl.col("skills").list.join(", ").alias("skills"),
        "posted_date",
        safe_url(),
    )


def openings_table(
    listings: pl.DataFrame,
    sort_by: str = "posted_date",
    descending: bool = True,
    limit: int = 100,
    offset: int = 0,
) -> pl.DataFrame:
    """One page of the openings table, sorted (nulls last, listing_id breaks ties)."""
    if sort_by not in SORTABLE:
        raise ValueError(f"sort_by must be one of {', '.join(SORTABLE)}, got {sort_by!r}")
    if limit < 0 or offset < 0:
        raise ValueError(f"limit and offset must be >= 0, got limit={limit}, offset={offset}")
    by = [sort_by] if sort_by == "listing_id" else [sort_by, "listing_id"]
    # Lazy sort + slice lets polars keep only the top offset+limit rows instead of sorting all.
    page = listings.lazy().sort(by, descending=[descending, False][: len(by)], nulls_last=True).slice(offset, limit)
    return _table_select(page).collect()


def opening_details(listings: pl.DataFrame, listing_id: str) -> dict[str, Any] | None:
    """Every canonical field of one opening (lists kept as lists, url made safe), or None when absent."""
    match = listings.filter(pl.col("listing_id") == listing_id).head(1)
    if match.height == 0:
        return None
    return match.with_columns(safe_url()).row(0, named=True)


def similar_openings(listings: pl.DataFrame, listing_id: str, k: int = 5) -> pl.DataFrame:
    """Openings in the same field ranked by Jaccard similarity of skills (shared / either), ties by newest."""
    target = opening_details(listings, listing_id)
    empty = _table_select(listings.head(0)).with_columns(
        similarity=pl.lit(None, dtype=pl.Float64), shared_skills=pl.lit(None, dtype=pl.List(pl.String))
    )
    if target is None or not target["skills"]:
        return empty
    skills = list(dict.fromkeys(target["skills"]))
    # Count shared skills element-wise (cheap on a million lists); build the shared lists for the top k only.
    n_shared = pl.col("skills").list.eval(pl.element().is_in(skills)).list.sum()
    top = (
        listings.lazy()
        .filter((pl.col("field") == target["field"]) & (pl.col("listing_id") != listing_id))
        .with_columns(_shared=n_shared)
        .with_columns(similarity=pl.col("_shared") / (pl.col("skills").list.len() + len(skills) - pl.col("_shared")))
        .filter(pl.col("similarity") > 0)
        .sort(["similarity", "posted_date", "listing_id"], descending=[True, True, False], nulls_last=True)
        .head(k)
        .with_columns(shared_skills=pl.col("skills").list.set_intersection(skills))
        .collect()
    )
    return _table_select(top).hstack(top.select("similarity", "shared_skills"))


def comparable_acceptance(
    outcomes: pl.DataFrame, listing_row: Mapping[str, Any], min_group: int = 10, rate: str = "offer"
) -> dict[str, Any]:
    """The offer rate of comparable openings: same company and field, else same field; n and Wilson bounds."""
    column = {"offer": "offers", "interview": "interviews"}[rate]
    company, field = listing_row.get("company"), listing_row.get("field")
    tried: list[tuple[str, pl.Expr]] = []
    if company is not None and field is not None:
        tried.append(("same company and field", (pl.col("company") == company) & (pl.col("field") == field)))
    if field is not None:
        tried.append(("same field", pl.col("field") == field))
    largest_n = 0
    # Gather only the columns the counts need: copying all of 10M outcome rows would dominate.
    needed = ["stage"] if "stage" in outcomes.columns else [c for c in COUNT_COLUMNS if c in outcomes.columns]
    for basis, condition in tried:
        subset = outcomes.lazy().filter(condition).select(needed).collect()
        totals = as_counts(subset).row(0, named=True)
        n, successes = int(totals["applications"] or 0), int(totals[column] or 0)
        largest_n = max(largest_n, n)
        if n >= min_group:
            low, high = wilson_interval(successes, n)
            return {"basis": basis, "n": n, "successes": successes, "rate": successes / n, "low": low, "high": high}
    # Too few comparable applications to show a rate honestly.
    return {"basis": None, "n": largest_n, "successes": None, "rate": None, "low": None, "high": None}


__all__ = [
    "comparable_acceptance",
    "csv_safe",
    "opening_details",
    "openings_table",
    "safe_url",
    "similar_openings",
    "to_csv_bytes",
    "to_parquet_bytes",
]
