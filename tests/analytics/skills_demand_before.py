"""Reference: the string-exploding skills demand analytics as they were before the integer codes, kept verbatim
(tests/analytics/test_skill_code_paths.py compares the new paths with them).


Denominators count the listings that list at least one skill: a listing with no skills listed
says nothing about demand (its source may not record skills), so it is left out rather than
counted as "asks for nothing". The loaders give each listing's skills once (normalise_skill_lists
keeps distinct skills), so the lists are exploded as they are; de-duplicating again would double
the cost of every question here.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.formatting import share_label
from analytics.rates import wilson_expr

_HAS_SKILLS = pl.col("skills").list.len() > 0


def _with_labels(frame: pl.DataFrame, count: str, total: str) -> pl.DataFrame:
    """Add the label column; the frame is already small (one row per skill), so Python is fine here."""
    labels = [
        share_label(c, t)
        for c, t in zip(frame.get_column(count).to_list(), frame.get_column(total).to_list(), strict=False)
    ]
    return frame.with_columns(pl.Series("label", labels, dtype=pl.String))


def _exploded(listings: pl.DataFrame | pl.LazyFrame, *extra: str) -> pl.LazyFrame:
    """Lazily, one row per (listing, skill) for listings that list skills, keeping `extra` columns.

    Lazy so that only `skills` and `extra` are ever gathered, never the whole million-row frame.
    """
    return (
        listings.lazy()
        .filter(_HAS_SKILLS)
        .select(pl.col("skills").alias("skill"), *extra)
        .explode("skill")
        .drop_nulls("skill")
    )


def _n_with_skills(listings: pl.DataFrame | pl.LazyFrame, *by: str) -> pl.LazyFrame:
    """Lazily, how many listings list at least one skill (per `by` group when given)."""
    frame = listings.lazy().select(_HAS_SKILLS.alias("_has"), *by)
    if by:
        return frame.group_by(*by).agg(pl.col("_has").sum().cast(pl.Int64).alias("n"))
    return frame.select(pl.col("_has").sum().cast(pl.Int64).alias("n"))


def _ranked(counts: pl.DataFrame, k: int) -> list[str]:
    """The k skills with the highest summed count (ties alphabetical)."""
    totals = counts.group_by("skill").agg(pl.col("count").sum())
    return totals.sort(["count", "skill"], descending=[True, False]).head(k)["skill"].to_list()


def top_skills(listings: pl.DataFrame, k: int = 20) -> pl.DataFrame:
    """The k most requested skills: count, share of listings that list skills, n_total and the label."""
    counts_query = _exploded(listings).group_by("skill").agg(pl.len().cast(pl.Int64).alias("count"))
    counts, n_frame = pl.collect_all([counts_query, _n_with_skills(listings)])
    n_total = int(n_frame.item() or 0)
    frame = (
        counts.sort(["count", "skill"], descending=[True, False])
        .head(k)
        .with_columns(
            (pl.col("count") / n_total if n_total else pl.lit(None, dtype=pl.Float64)).alias("share"),
            pl.lit(n_total, dtype=pl.Int64).alias("n_total"),
        )
    )
    return _with_labels(frame, "count", "n_total")


def skill_field_matrix(listings: pl.DataFrame, top_k: int = 15) -> pl.DataFrame:
    """Long frame (field, skill, count, n_field, share, label): share of each field's openings asking for each top skill."""
    # One explode gives every (field, skill) count; the top skills are the largest column sums.
    counts, n_field = pl.collect_all(
        [
            _exploded(listings, "field").group_by("field", "skill").agg(pl.len().cast(pl.Int64).alias("count")),
            _n_with_skills(listings, "field").rename({"n": "n_field"}),
        ]
    )
    # Listings without a field are a named column (fixed in both paths: a null key matched nothing in the join).
    named = pl.col("field").fill_null("Field not given")
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


def co_occurring_skills(listings: pl.DataFrame, skill: str, k: int = 10, min_count: int = 2) -> pl.DataFrame:
    """Skills asked for together with `skill`: count with it, share of its listings, lift = P(both)/(P(a)P(b))."""
    with_skill = listings.lazy().filter(pl.col("skills").list.contains(skill))
    overall, together, n_frame, n_skill_frame = pl.collect_all(
        [
            _exploded(listings).group_by("skill").agg(pl.len().cast(pl.Int64).alias("n_other")),
            _exploded(with_skill)
            .filter(pl.col("skill") != skill)
            .group_by("skill")
            .agg(pl.len().cast(pl.Int64).alias("count")),
            _n_with_skills(listings),
            with_skill.select(pl.len().cast(pl.Int64).alias("n")),
        ]
    )
    n_total, n_skill = int(n_frame.item() or 0), int(n_skill_frame.item() or 0)
    frame = (
        together.filter(pl.col("count") >= min_count)
        .join(overall, on="skill", how="left")
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


def skill_trends(listings: pl.DataFrame, freq: str = "1w", skills: list[str] | None = None, k: int = 8) -> pl.DataFrame:
    """Long frame (period, skill, count, n_period, share): each skill's share of each period's listings, zero-filled."""
    if freq not in ("1w", "1mo"):
        raise ValueError(f"freq must be '1w' or '1mo', got {freq!r}")
    dated = (
        listings.lazy()
        .filter(pl.col("posted_date").is_not_null())
        .select("skills", pl.col("posted_date").dt.truncate(freq).alias("period"))
    )
    counts, n_period = pl.collect_all(
        [
            _exploded(dated, "period").group_by("period", "skill").agg(pl.len().cast(pl.Int64).alias("count")),
            _n_with_skills(dated, "period").rename({"n": "n_period"}),
        ]
    )
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


def trend_summary(
    listings: pl.DataFrame, freq: str = "1w", skills: list[str] | None = None, k: int = 8
) -> pl.DataFrame:
    """Per skill: share in the first vs second half of the periods (with counts and Wilson bounds), the
    slope of share per period, and a direction that says "rising"/"falling" only when the halves' intervals part."""
    trends = skill_trends(listings, freq, skills, k)
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
        .select(
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


def _dense_codes(skills: pl.Series) -> tuple[pl.Series, np.ndarray]:
    """(distinct skills, each row's index into them): the strings are hashed once, as a categorical."""
    categorical = skills.cast(pl.Categorical)
    distinct = categorical.unique()
    physical = distinct.to_physical().to_numpy().astype(np.int64)
    dense = np.zeros(int(physical.max()) + 1 if physical.size else 0, dtype=np.int64)
    dense[physical] = np.arange(physical.size)
    return distinct.cast(pl.String), dense[categorical.to_physical().to_numpy().astype(np.int64)]


def pay_premium(listings: pl.DataFrame, min_n: int = 10, max_skills: int = 30) -> pl.DataFrame:
    """Median hourly pay with vs without each skill among paid listings that list skills; skills with
    fewer than min_n listings on either side are left out; at most the max_skills most common are compared."""
    # Paid listings with skills, in pay order: the rows are found and sorted on the pay column, then the skills are
    # gathered once (filtering and sorting the list column itself cost ~2x more).
    keep = listings.select(pl.col("pay_hourly_usd").is_not_null() & _HAS_SKILLS).to_series().arg_true()
    order = keep.gather(listings.get_column("pay_hourly_usd").gather(keep).arg_sort())
    paid = listings.select(pl.col("skills").gather(order), pl.col("pay_hourly_usd").gather(order))
    n_paid = paid.height
    # One row per (paid listing, skill), in pay order; skills as integer codes, so grouping never hashes text again.
    flat = paid.get_column("skills").explode(empty_as_null=False, keep_nulls=False)
    rank = np.repeat(np.arange(n_paid, dtype=np.int64), paid.get_column("skills").list.len().to_numpy())
    if flat.null_count():  # a null inside a list is no skill
        rank = rank[flat.is_not_null().to_numpy()]
        flat = flat.drop_nulls()
    names, code = _dense_codes(flat)
    pay = paid.get_column("pay_hourly_usd").to_numpy()
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
