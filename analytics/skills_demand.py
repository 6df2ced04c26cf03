"""Which skills the market asks for: top skills, by field, together, over time, and their pay premium.

Denominators count the listings that list at least one skill: a listing with no skills listed
says nothing about demand (its source may not record skills), so it is left out rather than
counted as "asks for nothing". The loaders give each listing's skills once (normalise_skill_lists
keeps distinct skills), so the lists are exploded as they are; de-duplicating again would double
the cost of every question here.

Every question counts integer skill codes (analytics/skill_code_table.py): the dashboard passes a `code_skills` hook
that takes a filter's rows from codes built once per listings frame, and a `memo` hook (`state.memo(dataset)`) that
keeps the per-skill counts of a frame, so a new "number of skills" only slices them. Without hooks each function
codes the frame it is given, with the same results.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import numpy as np
import polars as pl

from analytics.formatting import share_label
from analytics.rates import wilson_expr
from analytics.skill_code_table import SkillCoder, codes_of, grouped_counts, ranked_counts, skill_frame, take

Memo = Callable[..., Any]  # `memo(function, *args)`: the dashboard's memo, or None to compute directly
T = TypeVar("T")


def _call(memo: Memo | None, function: Callable[..., T], *args: Any) -> T:
    """`function(*args)`, through `memo` when given."""
    return function(*args) if memo is None else memo(function, *args)


def _with_labels(frame: pl.DataFrame, count: str, total: str) -> pl.DataFrame:
    """Add the label column; the frame is already small (one row per skill), so Python is fine here."""
    labels = [
        share_label(c, t)
        for c, t in zip(frame.get_column(count).to_list(), frame.get_column(total).to_list(), strict=False)
    ]
    return frame.with_columns(pl.Series("label", labels, dtype=pl.String))


def _by_count(counts: pl.DataFrame) -> pl.DataFrame:
    """(skill, count) largest first, ties alphabetical."""
    return counts.sort(["count", "skill"], descending=[True, False])


def skill_counts(listings: pl.DataFrame, code_skills: SkillCoder | None = None) -> tuple[pl.DataFrame, int]:
    """Every skill's count of listings asking for it, largest first (ties alphabetical), and how many listings list
    skills: what `top_skills` slices for any k."""
    codes = codes_of(listings, code_skills)
    return ranked_counts(codes), int(codes.listed.sum())


def _ranked(counts: pl.DataFrame, k: int) -> list[str]:
    """The k skills with the highest summed count (ties alphabetical)."""
    totals = counts.group_by("skill").agg(pl.col("count").sum())
    return _by_count(totals).head(k)["skill"].to_list()


def top_skills(
    listings: pl.DataFrame, k: int = 20, *, memo: Memo | None = None, code_skills: SkillCoder | None = None
) -> pl.DataFrame:
    """The k most requested skills: count, share of listings that list skills, n_total and the label."""
    counts, n_total = _call(memo, skill_counts, listings, code_skills)
    frame = counts.head(k).with_columns(
        (pl.col("count") / n_total if n_total else pl.lit(None, dtype=pl.Float64)).alias("share"),
        pl.lit(n_total, dtype=pl.Int64).alias("n_total"),
    )
    return _with_labels(frame, "count", "n_total")


def field_skill_counts(
    listings: pl.DataFrame, code_skills: SkillCoder | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(field, skill, count) for every pair asked for, and (field, n_field): each field's listings that list skills."""
    counts, totals = grouped_counts(codes_of(listings, code_skills), listings.get_column("field"))
    return counts, totals.rename({"n": "n_field"})


# The heat map's column for openings whose field is not known (a database or canonical file can leave it empty).
UNKNOWN_FIELD = "Field not given"


def skill_field_matrix(
    listings: pl.DataFrame, top_k: int = 15, *, memo: Memo | None = None, code_skills: SkillCoder | None = None
) -> pl.DataFrame:
    """Long frame (field, skill, count, n_field, share, label): share of each field's openings asking for each top skill."""
    # One count gives every (field, skill) cell; the top skills are the largest column sums.
    counts, n_field = _call(memo, field_skill_counts, listings, code_skills)
    named = pl.col("field").fill_null(UNKNOWN_FIELD)  # before the join: a null key matches nothing
    counts, n_field = counts.with_columns(named), n_field.with_columns(named)
    skills = pl.DataFrame({"skill": _ranked(counts, top_k)}, schema={"skill": pl.String}).with_row_index("_rank")
    frame = (
        n_field.filter(pl.col("n_field") > 0)
        .join(skills, how="cross")
        .join(counts, on=["field", "skill"], how="left")
        .with_columns(pl.col("count").fill_null(0))
        .with_columns((pl.col("count") / pl.col("n_field")).alias("share"))
        .sort(["field", "_rank"], nulls_last=True)
        .select("field", "skill", "count", "n_field", "share")
    )
    return _with_labels(frame, "count", "n_field")


def co_occurring_skills(
    listings: pl.DataFrame,
    skill: str,
    k: int = 10,
    min_count: int = 2,
    *,
    memo: Memo | None = None,
    code_skills: SkillCoder | None = None,
) -> pl.DataFrame:
    """Skills asked for together with `skill`: count with it, share of its listings, lift = P(both)/(P(a)P(b))."""
    overall, n_total = _call(memo, skill_counts, listings, code_skills)
    codes = codes_of(listings, code_skills)
    chosen = np.flatnonzero((codes.names == skill).to_numpy()) if skill is not None else np.zeros(0, dtype=np.int64)
    rows = codes.rows()
    with_skill = np.zeros(codes.height, dtype=bool)
    with_skill[rows[np.isin(codes.codes, chosen)]] = True
    # A null entry is no skill, so `list.contains` never finds it: listings with the skill are those holding its code.
    n_skill = int(with_skill.sum())
    others = with_skill[rows] & ~np.isin(codes.codes, chosen)
    together = skill_frame(codes.names, np.bincount(codes.codes[others], minlength=codes.names.len()))
    frame = (
        together.filter(pl.col("count") >= min_count)
        .join(overall.rename({"count": "n_other"}), on="skill", how="left")
        .with_columns(
            pl.lit(n_skill, dtype=pl.Int64).alias("n_skill"),
            (pl.col("count") / n_skill).alias("share"),
            (pl.col("count") * n_total / (n_skill * pl.col("n_other"))).alias("lift"),
        )
        .sort(["count", "lift", "skill"], descending=[True, True, False])
        .head(k)
        .select("skill", "count", "n_skill", "share", "lift", "n_other")
    )
    return _with_labels(frame, "count", "n_skill")


def period_skill_counts(
    listings: pl.DataFrame, freq: str, code_skills: SkillCoder | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(period, skill, count) for every pair asked for in a period, and (period, n_period): each period's listings
    that list skills; listings without a posting date are in no period."""
    if freq not in ("1w", "1mo"):
        raise ValueError(f"freq must be '1w' or '1mo', got {freq!r}")
    periods = listings.get_column("posted_date").dt.truncate(freq).alias("period")
    counts, totals = grouped_counts(codes_of(listings, code_skills), periods, drop_null_key=True)
    return counts, totals.rename({"n": "n_period"})


def skill_trends(
    listings: pl.DataFrame,
    freq: str = "1w",
    skills: list[str] | None = None,
    k: int = 8,
    *,
    memo: Memo | None = None,
    code_skills: SkillCoder | None = None,
) -> pl.DataFrame:
    """Long frame (period, skill, count, n_period, share): each skill's share of each period's listings, zero-filled."""
    if freq not in ("1w", "1mo"):
        raise ValueError(f"freq must be '1w' or '1mo', got {freq!r}")
    counts, n_period = _call(memo, period_skill_counts, listings, freq, code_skills)
    chosen = skills if skills is not None else _ranked(counts, k)
    grid = n_period.filter(pl.col("n_period") > 0).join(
        pl.DataFrame({"skill": chosen}, schema={"skill": pl.String}), how="cross"
    )
    return (
        grid.join(counts, on=["period", "skill"], how="left")
        .with_columns(pl.col("count").fill_null(0))
        .with_columns((pl.col("count") / pl.col("n_period")).alias("share"))
        .select("period", "skill", "count", "n_period", "share")
        .sort(["period", "skill"])
    )


def _halves(trends: pl.DataFrame) -> tuple[pl.DataFrame, int]:
    """Each period's index and half ("first", "second"; the middle one of an odd number in neither), and the
    number of periods in a half."""
    periods = trends.select("period").unique().sort("period").with_row_index("_index")
    half = periods.height // 2
    halves = periods.with_columns(
        pl.when(pl.col("_index") < half)
        .then(pl.lit("first"))
        .when(pl.col("_index") >= periods.height - half)
        .then(pl.lit("second"))
        .otherwise(None)
        .alias("_half")
    )
    return halves, half


_SUMMARY_COLUMNS = (
    "skill",
    "direction",
    "change",
    "share_first",
    "count_first",
    "n_first",
    "low_first",
    "high_first",
    "share_second",
    "count_second",
    "n_second",
    "low_second",
    "high_second",
    "slope_per_period",
)


def trend_summary(
    listings: pl.DataFrame,
    freq: str = "1w",
    skills: list[str] | None = None,
    k: int = 8,
    *,
    memo: Memo | None = None,
    code_skills: SkillCoder | None = None,
) -> pl.DataFrame:
    """Per skill: share in the first vs second half of the periods (with counts and Wilson bounds), the
    slope of share per period, and a direction that says "rising"/"falling" only when the halves' intervals part."""
    trends = skill_trends(listings, freq, skills, k, memo=memo, code_skills=code_skills)
    halves, half = _halves(trends)
    joined = trends.join(halves, on="period", how="left").with_columns(pl.col("_index").cast(pl.Float64))
    first, second = pl.col("_half") == "first", pl.col("_half") == "second"
    summary = joined.group_by("skill").agg(
        pl.col("count").filter(first).sum().cast(pl.Int64).alias("count_first"),
        pl.col("n_period").filter(first).sum().cast(pl.Int64).alias("n_first"),
        pl.col("count").filter(second).sum().cast(pl.Int64).alias("count_second"),
        pl.col("n_period").filter(second).sum().cast(pl.Int64).alias("n_second"),
        (pl.cov("_index", "share") / pl.col("_index").var()).alias("slope_per_period"),
    )
    low_first, high_first = wilson_expr("count_first", "n_first")
    low_second, high_second = wilson_expr("count_second", "n_second")
    return (
        summary.with_columns(
            (pl.col("count_first") / pl.col("n_first")).alias("share_first"),
            (pl.col("count_second") / pl.col("n_second")).alias("share_second"),
            low_first.alias("low_first"),
            high_first.alias("high_first"),
            low_second.alias("low_second"),
            high_second.alias("high_second"),
        )
        .with_columns(
            (pl.col("share_second") - pl.col("share_first")).alias("change"),
            pl.when(pl.lit(half) == 0)
            .then(pl.lit("too little data"))
            .when(pl.col("low_second") > pl.col("high_first"))
            .then(pl.lit("rising"))
            .when(pl.col("high_second") < pl.col("low_first"))
            .then(pl.lit("falling"))
            .otherwise(pl.lit("steady"))
            .alias("direction"),
        )
        .select(_SUMMARY_COLUMNS)
        .sort(["change", "skill"], descending=[True, False], nulls_last=True)
    )


def _complement_medians(sorted_pay: np.ndarray, ranks_with: list[np.ndarray]) -> list[float]:
    """Median of the pays NOT at the given ranks of `sorted_pay`, for each rank array, without copying.

    Before the i-th "with" rank w_i lie w_i - i complement values, so the j-th complement value
    sits at overall rank j + (number of i with w_i - i <= j): one searchsorted per skill.
    """
    medians = []
    n = len(sorted_pay)
    for ranks in ranks_with:
        size = n - len(ranks)
        gaps = ranks - np.arange(len(ranks))
        middle = np.array([(size - 1) // 2, size // 2])
        positions = middle + np.searchsorted(gaps, middle, side="right")
        medians.append(float(sorted_pay[positions].mean()))
    return medians


def pay_premium(
    listings: pl.DataFrame, min_n: int = 10, max_skills: int = 30, *, code_skills: SkillCoder | None = None
) -> pl.DataFrame:
    """Median hourly pay with vs without each skill among paid listings that list skills; skills with
    fewer than min_n listings on either side are left out; at most the max_skills most common are compared."""
    # Paid listings with skills, in pay order; their skills' codes gathered in that order, so each (paid listing,
    # skill) pair knows its listing's rank in the sorted pay and grouping never hashes text again.
    codes = codes_of(listings, code_skills)
    pay_column = listings.get_column("pay_hourly_usd")
    keep = np.flatnonzero(pay_column.is_not_null().to_numpy() & codes.listed)
    pay_all = pay_column.to_numpy()
    order = keep[np.argsort(pay_all[keep], kind="stable")]
    paid = take(codes, order)
    n_paid, rank, code, names = len(order), paid.rows(), paid.codes, codes.names
    pay = pay_all[order]
    with_skill = (
        pl.DataFrame({"_code": code, "pay_hourly_usd": pay[rank]})
        .group_by("_code")
        .agg(pl.len().cast(pl.Int64).alias("n_with"), pl.col("pay_hourly_usd").median().alias("median_with"))
        .join(pl.DataFrame({"_code": np.arange(len(names)), "skill": names}), on="_code")
        .with_columns((n_paid - pl.col("n_with")).alias("n_without"))
        .filter((pl.col("n_with") >= min_n) & (pl.col("n_without") >= min_n))
        .sort(["n_with", "skill"], descending=[True, False])
        .head(max_skills)
    )
    schema = {
        "skill": pl.String,
        "n_with": pl.Int64,
        "n_without": pl.Int64,
        "median_with": pl.Float64,
        "median_without": pl.Float64,
        "premium": pl.Float64,
    }
    if with_skill.height == 0:
        return pl.DataFrame(schema=schema)
    # The median of the complement cannot come from a group_by; ranks in the sorted pay give it exactly. A stable
    # sort by code keeps each skill's ranks in pay order (the rows are in pay order).
    # Small integer codes sort by radix (numpy's stable sort of 16-bit integers): ~8x faster than int64.
    by_code = np.argsort(code.astype(np.uint16) if len(names) <= 2**16 else code, kind="stable")
    starts = np.r_[0, np.cumsum(np.bincount(code, minlength=len(names)))]
    ranks = rank[by_code]
    without = _complement_medians(pay, [ranks[starts[c] : starts[c + 1]] for c in with_skill.get_column("_code")])
    return (
        with_skill.with_columns(pl.Series("median_without", without, dtype=pl.Float64))
        .with_columns((pl.col("median_with") - pl.col("median_without")).alias("premium"))
        .select(list(schema))
        .sort(["premium", "skill"], descending=[True, False])
    )
