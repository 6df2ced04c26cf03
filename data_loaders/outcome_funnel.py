"""Funnel counts: the count roles and the checks that drop impossible funnel rows (loader and canonical validation)."""

from __future__ import annotations

import polars as pl

from data_loaders.limits import MAX_COUNT

__all__ = ["COUNT_ROLES", "funnel_checks"]

COUNT_ROLES: tuple[str, ...] = ("applications", "interviews", "offers", "accepted")


def funnel_checks() -> list[tuple[pl.Expr, str, str]]:
    """(mask, reason, column) of every impossible funnel row, over Float64/Int64 count columns; such rows are dropped."""
    return [
        (pl.col("applications").is_null(), "applications count missing or not a number (row dropped)", "applications"),
        (
            pl.any_horizontal(
                [(~pl.col(r).cast(pl.Float64).is_finite()) | (pl.col(r).abs() > MAX_COUNT) for r in COUNT_ROLES]
            ).fill_null(False),
            f"count infinite, not a number or above {MAX_COUNT:,} (row dropped)",
            "applications",
        ),
        (
            pl.any_horizontal([(pl.col(r) < 0) | (pl.col(r) != pl.col(r).round(0)) for r in COUNT_ROLES]).fill_null(
                False
            ),
            "negative or fractional count (row dropped)",
            "applications",
        ),
        (
            (pl.col("interviews") > pl.col("applications")).fill_null(False),
            "interviews > applications (row dropped)",
            "interviews",
        ),
        (
            (pl.col("offers") > pl.coalesce(pl.col("interviews"), pl.col("applications"))).fill_null(False),
            "offers > interviews or applications (row dropped)",
            "offers",
        ),
        ((pl.col("accepted") > pl.col("offers")).fill_null(False), "accepted > offers (row dropped)", "accepted"),
    ]
