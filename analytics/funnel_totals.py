"""A view's funnel from its one row of whole-view counts, computed on Python floats (issue 9).

A funnel is four rows: polars' expressions cost more to build than to run on them (~3.7 ms a funnel, on the path
of every rate view and of the Overview's offer tile). The same operations in the same order as
`rates.wilson_expr` (and `intervals.design_effect`, as `design_effect_expr`), which the rate tables' many rows use,
give the same floats (tests/analytics/test_funnel_totals.py compares them).
"""

from __future__ import annotations

from typing import Any

import polars as pl

from analytics.intervals import SUCCESS_COLUMNS, view_design_effects, wilson_interval
from analytics.outcome_counts import COUNT_COLUMNS

_FUNNEL_KINDS = {successes: kind for kind, (successes, _) in SUCCESS_COLUMNS.items()}  # a stage -> its rate kind
_REACHING = {"applications": "applicants"} | {successes: reached for successes, reached in SUCCESS_COLUMNS.values()}
_SCHEMA = {
    "stage": pl.String,
    "count": pl.Int64,
    "n_applications": pl.Int64,
    "n_previous": pl.Int64,
    "design_effect": pl.Float64,
    "rate": pl.Float64,
    "low": pl.Float64,
    "high": pl.Float64,
    "rate_of_previous": pl.Float64,
    "low_of_previous": pl.Float64,
    "high_of_previous": pl.Float64,
}


def wilson_bounds(successes: float, n: float) -> tuple[float | None, float | None]:
    """`rates.wilson_expr`'s (low, high) for one pair of numbers (`wilson_interval`: the same operations, so the
    same floats): None where `n` is not above 0, as the expression's null."""
    return wilson_interval(float(successes), float(n)) if n > 0 else (None, None)


def funnel_from_totals(totals_frame: pl.DataFrame, *, clustered: bool) -> pl.DataFrame:
    """The funnel from one row of whole-view counts (`as_counts`, or `clustered_counts(...)[1]` when clustered):
    per stage its count, the rate of applications (its interval at the effective size n / deff when clustered) and
    of the previous stage; with `clustered`, the applicants and how many reached each stage."""
    totals = totals_frame.row(0, named=True)
    stages = [stage for stage in COUNT_COLUMNS if totals[stage] is not None]
    counts = [int(totals[stage] or 0) for stage in stages]
    kinds = [_FUNNEL_KINDS[stage] for stage in stages[1:]]
    effects = [1.0] + (view_design_effects(totals_frame, kinds) if clustered else [1.0] * len(kinds))
    total = counts[0] if counts else 0
    previous = [total, *counts[:-1]]
    columns: dict[str, list[Any]] = {name: [] for name in _SCHEMA}
    for stage, count, before, effect in zip(stages, counts, previous, effects, strict=True):
        low, high = wilson_bounds(count / effect, total / effect)
        low_before, high_before = wilson_bounds(count, before)
        of_all = count / total if total > 0 else None
        of_previous = count / before if before > 0 else None
        row = (stage, count, total, before, effect, of_all, low, high, of_previous, low_before, high_before)
        for name, value in zip(_SCHEMA, row, strict=True):
            columns[name].append(value)
    frame = pl.DataFrame(columns, schema=_SCHEMA)
    if not clustered:
        return frame.drop("design_effect")
    return frame.with_columns(
        pl.lit(int(totals["applicants"]), dtype=pl.Int64).alias("applicants"),
        pl.Series("applicants_reaching", [int(totals[_REACHING[stage]]) for stage in stages], dtype=pl.Int64),
    )
