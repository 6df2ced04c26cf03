"""A funnel computed on Python floats (analytics/funnel_totals.py) is exactly the one polars' expressions give
(`wilson_expr`, `design_effect_expr`, as the rate tables use them): every count, rate, interval and design effect,
to the last bit, for clustered and plain totals, empty stages and empty views included."""

from __future__ import annotations

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.funnel_totals import funnel_from_totals, wilson_bounds
from analytics.intervals import design_effect, design_effect_expr, view_design_effects
from analytics.outcome_counts import COUNT_COLUMNS
from analytics.rates import wilson_expr

_KINDS = {"interviews": "interview", "offers": "offer", "accepted": "accepted"}


def _reference(totals_frame: pl.DataFrame, *, clustered: bool) -> pl.DataFrame:
    """The funnel as polars' expressions computed it before (the rate tables still use these expressions)."""
    totals = totals_frame.row(0, named=True)
    stages = [s for s in COUNT_COLUMNS if totals[s] is not None]
    counts = [int(totals[s] or 0) for s in stages]
    kinds = [_KINDS[s] for s in stages[1:]]
    deffs = [1.0] * len(stages)
    if clustered and totals["applications"]:
        values = totals_frame.select(design_effect_expr(kind, 1.0).alias(f"_{i}") for i, kind in enumerate(kinds))
        deffs = [1.0] + [float(value) if value is not None else 1.0 for value in values.row(0)]
    frame = pl.DataFrame(
        {
            "stage": stages,
            "count": counts,
            "n_applications": [counts[0]] * len(stages),
            "n_previous": [counts[0]] + counts[:-1],
            "design_effect": deffs,
        },
        schema={"stage": pl.String, "count": pl.Int64, "n_applications": pl.Int64, "n_previous": pl.Int64,
                "design_effect": pl.Float64},
    )  # fmt: skip
    low, high = wilson_expr(
        pl.col("count") / pl.col("design_effect"), pl.col("n_applications") / pl.col("design_effect")
    )
    prev_low, prev_high = wilson_expr("count", "n_previous")
    frame = frame.with_columns(
        rate=pl.when(pl.col("n_applications") > 0).then(pl.col("count") / pl.col("n_applications")),
        low=low,
        high=high,
        rate_of_previous=pl.when(pl.col("n_previous") > 0).then(pl.col("count") / pl.col("n_previous")),
        low_of_previous=prev_low,
        high_of_previous=prev_high,
    )
    if not clustered:
        return frame.drop("design_effect")
    reaching = ["applicants", "applicants_interviewed", "applicants_with_offer", "applicants_accepted"]
    return frame.with_columns(
        pl.lit(int(totals["applicants"]), dtype=pl.Int64).alias("applicants"),
        pl.Series("applicants_reaching", [int(totals[name]) for name in reaching[: len(stages)]], dtype=pl.Int64),
    )


@st.composite
def totals_rows(draw: st.DrawFn) -> pl.DataFrame:
    """One row of whole-view clustered counts, consistent enough to be a view's (counts nested, sums of squares at
    least the counts), with now and then a stage missing."""
    applications = draw(st.integers(0, 10**7))
    k = draw(st.integers(min(1, applications), max(min(1, applications), applications)))
    row: dict[str, object] = {"applications": applications, "k": k, "applicants": k}
    previous = applications
    for stage, kind, people in [
        ("interviews", "interview", "applicants_interviewed"),
        ("offers", "offer", "applicants_with_offer"),
        ("accepted", "accepted", "applicants_accepted"),
    ]:
        count = draw(st.integers(0, previous))
        row[stage], row[people] = count, min(count, k)
        row[f"sum_y2_{kind}"] = float(count + draw(st.integers(0, 3 * count)))
        row[f"sum_ym_{kind}"] = float(count + draw(st.integers(0, 5 * count)))
        previous = count
    row["sum_m2"] = float(applications + draw(st.integers(0, 4 * applications)))
    if draw(st.booleans()):
        row["accepted"] = None  # counts without the last stage
    return pl.DataFrame([row], schema_overrides={"accepted": pl.Int64})


@settings(max_examples=300, deadline=None)
@given(totals=totals_rows(), clustered=st.booleans())
def test_the_funnel_is_the_expressions_funnel_to_the_bit(totals: pl.DataFrame, clustered: bool) -> None:
    assert_frame_equal(
        funnel_from_totals(totals, clustered=clustered), _reference(totals, clustered=clustered), check_exact=True
    )


@settings(max_examples=300, deadline=None)
@given(totals=totals_rows(), fallback=st.sampled_from([1.0, 1.7]))
def test_a_design_effect_is_the_expressions(totals: pl.DataFrame, fallback: float) -> None:
    for kind in ("offer", "interview"):
        expected = totals.select(design_effect_expr(kind, fallback)).item()
        got = design_effect(totals.row(0, named=True), kind, fallback)
        assert got == expected or (got is None and not totals["applications"][0]), (kind, got, expected)
    assert view_design_effects(totals, ["offer", "interview"]) == [
        totals.select(design_effect_expr(kind, 1.0)).item() if totals["applications"][0] else 1.0
        for kind in ("offer", "interview")
    ]


@settings(max_examples=300, deadline=None)
@given(successes=st.integers(0, 10**8), extra=st.integers(0, 10**8), scale=st.floats(1.0, 40.0))
def test_wilson_bounds_are_the_expressions(successes: int, extra: int, scale: float) -> None:
    frame = pl.DataFrame({"s": [successes / scale], "n": [(successes + extra) / scale]})
    low, high = frame.select(wilson_expr("s", "n")).row(0)
    assert wilson_bounds(successes / scale, (successes + extra) / scale) == (low, high)
