"""Intervals that respect applicants: Wilson score intervals widened by a cluster design effect.

One applicant sends many applications, and their outcomes move together (a strong résumé gets
several offers), so applications are not independent draws. Where outcomes carry applicant ids,
each rate's 95 % interval is the Wilson interval at the *effective* sample size n / deff, with the
design effect estimated per group from the ratio-estimator (linearisation) variance of a clustered
proportion (Kish 1965, §6.4):

    p = Σy / Σm,    var(p) = k / (k − 1) · Σ (y_i − p·m_i)² / (Σm)²,    deff = var(p) / (p(1 − p) / n)

where applicant i sent m_i applications in the group and y_i of them succeeded, k applicants, n = Σm.
deff is kept within [1, n / k]: below 1 would claim that clustering adds information, and n / k
(every application of an applicant alike, ICC = 1) is the most clustering can cost. Where deff is
undefined (a rate of 0 or 1, or a single applicant), the design effect of the whole view is used.
Rows without an applicant id count as applicants of one application each.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from analytics.applicant_sizes import ApplicantCodes
from analytics.coded_clusters import coded_clustered_counts
from data_loaders.compact import restore_text_exprs
from data_loaders.schema import STAGES

_STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}
# Rate kind -> (successes column, applicants-with-a-success column).
SUCCESS_COLUMNS: dict[str, tuple[str, str]] = {
    "offer": ("offers", "applicants_with_offer"),
    "interview": ("interviews", "applicants_interviewed"),
    "accepted": ("accepted", "applicants_accepted"),
}
METHOD_CLUSTERED = "Wilson score interval at the effective sample size n / deff (applicant-clustered design effect)"
METHOD_PLAIN = "Wilson score interval (applications treated as independent: no applicant ids)"


def has_applicant_ids(outcomes: pl.DataFrame) -> bool:
    """True when per-application outcomes name at least one applicant, so applicant-aware rules apply."""
    return (
        "stage" in outcomes.columns
        and "applicant_id" in outcomes.columns
        and outcomes.height > 0
        and outcomes.get_column("applicant_id").null_count() < outcomes.height
    )


def _reached(stage: str) -> pl.Expr:
    """True where the application reached `stage` or a later one."""
    return pl.col("stage").is_in(list(STAGES[_STAGE_RANK[stage] :]))


_KINDS = tuple(SUCCESS_COLUMNS)
_Y = [f"y_{kind}" for kind in _KINDS]


_ID_BIT = 1 << 63  # set in the cluster key of every row with an applicant id


def _per_applicant(outcomes: pl.DataFrame | pl.LazyFrame, by: list[str]) -> pl.LazyFrame:
    """One row per (group, applicant): applications m and successes y per stage; rows without an id stand alone."""
    has_id = pl.col("applicant_id").is_not_null()
    # One integer key per applicant: the 64-bit hash of the id with its top bit set (an integer group-by is
    # several times cheaper than a string one; a collision among a million applicants has odds near 1 in 15
    # million). A row without an id is its own cluster: its row number, whose top bit is clear.
    id_key = pl.col("applicant_id").hash() | pl.lit(_ID_BIT, dtype=pl.UInt64)
    cluster = pl.when(has_id).then(id_key).otherwise(pl.int_range(pl.len(), dtype=pl.UInt64))
    reached = {
        "interview": _reached("interview"),
        "offer": _reached("offer"),
        "accepted": pl.col("stage") == "accepted",
    }
    # Success flags as small integers before grouping: the group-by then only sums columns (its fast path).
    frame = outcomes.lazy().select(
        *by, cluster.alias("_cluster"), *[reached[kind].cast(pl.UInt32).alias(f"y_{kind}") for kind in _KINDS]
    )
    return frame.group_by([*by, "_cluster"]).agg(
        pl.len().cast(pl.Int64).alias("m"),
        *[pl.col(name).sum().cast(pl.Int64) for name in _Y],
    )


def _with_terms(per_applicant: pl.LazyFrame) -> pl.LazyFrame:
    """Per-applicant rows plus the terms the cluster sums add up (squares, products, reached flags), computed row-wise."""
    m, has_id = pl.col("m"), pl.col("_cluster") >= pl.lit(_ID_BIT, dtype=pl.UInt64)
    terms = [(m * m).cast(pl.Float64).alias("sum_m2"), has_id.cast(pl.Int64).alias("applicants")]
    for kind, applicant_column in ((kind, SUCCESS_COLUMNS[kind][1]) for kind in _KINDS):
        y = pl.col(f"y_{kind}")
        terms += [
            (y * y).cast(pl.Float64).alias(f"sum_y2_{kind}"),
            (y * m).cast(pl.Float64).alias(f"sum_ym_{kind}"),
            (has_id & (y > 0)).cast(pl.Int64).alias(applicant_column),
        ]
    return per_applicant.with_columns(terms)


def _cluster_aggs() -> list[pl.Expr]:
    """Aggregations of `_with_terms` rows into a group's counts and cluster sums: plain sums, so grouping stays cheap."""
    renamed = {"m": "applications", **{f"y_{kind}": SUCCESS_COLUMNS[kind][0] for kind in _KINDS}}
    summed = ["applicants", *[SUCCESS_COLUMNS[kind][1] for kind in _KINDS]]
    floats = ["sum_m2", *[f"sum_{term}_{kind}" for kind in _KINDS for term in ("y2", "ym")]]
    return [
        *[pl.col(column).sum().cast(pl.Int64).alias(name) for column, name in renamed.items()],
        *[pl.col(column).sum().cast(pl.Int64) for column in summed],
        pl.len().cast(pl.Int64).alias("k"),
        *[pl.col(column).sum().cast(pl.Float64) for column in floats],
    ]


_COLUMN_ORDER = [
    "applications",
    "interviews",
    "offers",
    "accepted",
    "applicants",
    "applicants_interviewed",
    "applicants_with_offer",
    "applicants_accepted",
    "k",
    "sum_m2",
    *[f"sum_{term}_{kind}" for kind in _KINDS for term in ("y2", "ym")],
]


def clustered_counts(
    outcomes: pl.DataFrame, by: Sequence[str], *, people: ApplicantCodes | None = None
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(per group, whole view): funnel counts, distinct applicants, applicants reaching a stage, cluster sums.

    The cluster sums (`k`, `sum_m2`, `sum_y2_<kind>`, `sum_ym_<kind>`) are what `design_effect_expr`
    needs; they are exact per group and are not additive across groups (one applicant spans several),
    which is why the whole view's row is computed from the applicants, not from the groups.
    With `people` (the applicant codes of `outcomes`' rows, analytics/applicant_sizes.py) the same frames are
    counted on integer codes instead of hashed per (group, applicant).

    Without them, more than `PART_ROWS` rows are counted one share of the applicants at a time (by the hash of the
    id): every count and cluster sum is a sum over applicants, so the shares' sums are the same frames (the float
    sums add whole numbers, exactly), while the (group, applicant) table is never built for all rows at once.
    """
    by = list(by)
    if people is not None:
        return coded_clustered_counts(outcomes, by, people)
    parts = max(1, -(-outcomes.height // PART_ROWS))
    share = pl.col("applicant_id").hash() % parts  # a row without an id: the share of the null hash
    frames = outcomes.lazy()
    results = [
        pl.collect_all(_share_plans(frames if parts == 1 else frames.filter(share == part), by), engine="streaming")
        for part in range(parts)
    ]
    totals = results[0][-1] if parts == 1 else pl.concat([result[-1] for result in results]).select(pl.all().sum())
    if not by:
        return totals, totals
    groups = results[0][0] if parts == 1 else pl.concat([result[0] for result in results])
    if parts > 1:
        groups = groups.group_by(by).agg(pl.col(_COLUMN_ORDER).sum())
    # Compact keys leave as String (data_loaders/compact.py).
    groups = groups.select(*by, *_COLUMN_ORDER).with_columns(restore_text_exprs(outcomes.schema, by))
    return groups.sort(by, nulls_last=True), totals


# Rows counted at once by `clustered_counts` (issue 9): at 10,000,000 applications the (group, applicant) table of
# every row raised the resident memory by ~1 GB while a grouped rate view was counted; in shares of this many rows,
# by ~0.2 GB.
PART_ROWS = 1_250_000


def _share_plans(outcomes: pl.LazyFrame, by: list[str]) -> list[pl.LazyFrame]:
    """The plans of `clustered_counts`' frames over `outcomes` (one share of the applicants): [per group, whole
    view], or [whole view] without `by`; collected together, the per-applicant step is computed once."""
    per_applicant = _per_applicant(outcomes, by)
    # An applicant's whole-view counts are the sums of their per-group counts.
    applicants = per_applicant.group_by("_cluster").agg(pl.col("m", *_Y).sum()) if by else per_applicant
    totals = _with_terms(applicants).select(_cluster_aggs()).select(_COLUMN_ORDER)
    if not by:
        return [totals]
    return [_with_terms(per_applicant).group_by(by).agg(_cluster_aggs()), totals]


def design_effect_expr(kind: str, fallback: float | pl.Expr = 1.0) -> pl.Expr:
    """The design effect of the `kind` rate ("offer" / "interview") per row of `clustered_counts`, clamped to [1, n/k]."""
    successes = SUCCESS_COLUMNS[kind][0]
    n = pl.col("applications").cast(pl.Float64)
    k = pl.col("k").cast(pl.Float64)
    p = pl.col(successes) / n
    residual = pl.col(f"sum_y2_{kind}") - 2 * p * pl.col(f"sum_ym_{kind}") + p * p * pl.col("sum_m2")
    var_cluster = k / (k - 1) * residual / (n * n)
    var_simple = p * (1 - p) / n
    fallback_expr = fallback if isinstance(fallback, pl.Expr) else pl.lit(float(fallback))
    raw = pl.when((k > 1) & (var_simple > 0)).then(var_cluster / var_simple).otherwise(fallback_expr)
    # clip(1, n/k): bounds per row; n/k >= 1 always since every cluster holds one application at least.
    upper = pl.max_horizontal(n / k, pl.lit(1.0))
    return pl.min_horizontal(pl.max_horizontal(raw, pl.lit(1.0)), upper).alias("design_effect")


def wilson_interval(successes: float, n: float, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (low, high) for `successes` out of `n` (whole counts, or effective sizes n / deff);
    (0, 1) when n is 0."""
    if n < 0 or successes < 0 or successes > n:
        raise ValueError(f"need 0 <= successes <= n, got successes={successes}, n={n}")
    if n == 0:
        # Nothing observed: every rate is equally plausible.
        return (0.0, 1.0)
    p = successes / n
    z2 = z * z
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * math.sqrt(p * (1 - p) / n + z2 / (4 * n * n)) / denominator
    return (max(0.0, centre - half), min(1.0, centre + half))


def view_design_effect(totals: pl.DataFrame, kind: str) -> float:
    """The design effect of the `kind` rate over a whole view (the one-row `clustered_counts(...)[1]`), 1 when empty."""
    return view_design_effects(totals, [kind])[0]


def view_design_effects(totals: pl.DataFrame, kinds: Sequence[str]) -> list[float]:
    """`view_design_effect` of each of `kinds`, read from the row on Python floats (`design_effect`: a select of
    their expressions built and run for one row cost ~1 ms, a funnel's three ~3 ms before they shared one)."""
    if not kinds or totals.height == 0 or not totals["applications"][0]:
        return [1.0] * len(kinds)
    row = totals.row(0, named=True)
    found = [design_effect(row, kind) for kind in kinds]
    return [float(value) if value is not None else 1.0 for value in found]


def design_effect(totals: Mapping[str, Any], kind: str, fallback: float = 1.0) -> float | None:
    """`design_effect_expr(kind, fallback)` for one row of clustered counts (a mapping of its columns), the same
    operations in the same order on Python floats (so the same float); None where a count it reads is missing (the
    expression's null) or the row holds no application."""
    names = [SUCCESS_COLUMNS[kind][0], "applications", "k", f"sum_y2_{kind}", f"sum_ym_{kind}", "sum_m2"]
    found = [totals.get(name) for name in names]
    if any(value is None for value in found) or not found[1]:
        return None
    values: list[Any] = found
    successes, applications, clusters, sum_y2, sum_ym, sum_m2 = values
    n, k = float(applications), float(clusters)
    p = successes / n
    var_simple = p * (1 - p) / n
    raw = fallback
    if k > 1 and var_simple > 0:
        residual = sum_y2 - 2 * p * sum_ym + p * p * sum_m2
        var_cluster = k / (k - 1) * residual / (n * n)
        raw = var_cluster / var_simple
    upper = max(n / k if k else math.inf, 1.0)
    return min(max(raw, 1.0), upper)
