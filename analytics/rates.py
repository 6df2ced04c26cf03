"""Honest rates: Wilson intervals, funnel counts, rates by group with small-group suppression.

Every function here accepts either per-application outcomes (OUTCOMES_SCHEMA) or aggregated
outcome counts (OUTCOME_COUNTS_SCHEMA); per-application rows are turned into counts first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes
from analytics.differencing import ViewGuard
from analytics.disclosure import describe_suppression, suppress_groups
from analytics.disclosure_linked import hide_more as linked_rule
from analytics.funnel_totals import funnel_from_totals as funnel_from_totals
from analytics.intervals import (
    METHOD_CLUSTERED,
    METHOD_PLAIN,
    SUCCESS_COLUMNS,
    clustered_counts,
    design_effect_expr,
    has_applicant_ids,
    view_design_effect,
)
from analytics.intervals import wilson_interval as wilson_interval
from analytics.outcome_counts import COUNT_COLUMNS as COUNT_COLUMNS
from analytics.outcome_counts import GPA_BAND_DTYPE as GPA_BAND_DTYPE
from analytics.outcome_counts import GPA_BANDS as GPA_BANDS
from analytics.outcome_counts import as_counts as as_counts
from analytics.outcome_counts import gpa_band as gpa_band
from analytics.outcome_counts import is_counts as is_counts
from analytics.outcome_counts import outcomes_to_counts as outcomes_to_counts
from analytics.outcome_counts import with_derived
from analytics.scalars import as_float

RATE_KINDS: dict[str, str] = {"offer": "offers", "interview": "interviews"}
Guard = ViewGuard | Callable[[], ViewGuard] | None  # the checks, or what gives them when the counts are in


@dataclass(frozen=True)
class RateTable:
    """Rates per group plus how many groups were hidden, and why (see analytics/disclosure.py)."""

    frame: pl.DataFrame
    n_suppressed: int  # every hidden group: under the minimum plus complementary
    min_group: int
    n_complementary: int = 0  # hidden only so that the others cannot be worked out
    n_no_group: int | None = 0  # applications with no group value (e.g. no region); None when stating it would reveal
    total_withheld: bool = False  # the view's total would reveal a hidden group
    applicant_aware: bool = False  # sizes counted in applicants too, intervals clustered by applicant
    method: str = METHOD_PLAIN
    view_totals: pl.DataFrame | None = None  # clustered whole-view counts (one row), so a funnel needs no second pass
    n_differencing: int = 0  # hidden because a filter change would differ from them by a small group
    filters: tuple[str, ...] = ()  # the filters behind n_differencing
    withheld_reasons: tuple[str, ...] = ()  # why the total is withheld beyond its size (filter checks)

    @property
    def n_primary(self) -> int:
        """Groups hidden for holding fewer than `min_group` applicants or applications."""
        return self.n_suppressed - self.n_complementary - self.n_differencing

    def suppression_note(self, group_word: str) -> str:
        """The page's sentence on hidden groups ('' when none is hidden)."""
        return describe_suppression(
            self.n_primary,
            self.n_complementary,
            self.min_group,
            group_word,
            applicant_aware=self.applicant_aware,
            total_withheld=self.total_withheld,
            n_differencing=self.n_differencing,
            filters=self.filters,
        )


def wilson_expr(succ_col: str | pl.Expr, n_col: str | pl.Expr, z: float = 1.96) -> tuple[pl.Expr, pl.Expr]:
    """Polars expressions (low, high) of the Wilson interval; null where n is 0 or null."""
    s = (pl.col(succ_col) if isinstance(succ_col, str) else succ_col).cast(pl.Float64)
    n = (pl.col(n_col) if isinstance(n_col, str) else n_col).cast(pl.Float64)
    z2 = z * z
    p = s / n
    denominator = 1 + z2 / n
    centre = (p + z2 / (2 * n)) / denominator
    half = z * (p * (1 - p) / n + z2 / (4 * n * n)).sqrt() / denominator
    valid = n > 0
    low = pl.when(valid).then(pl.max_horizontal(centre - half, pl.lit(0.0))).otherwise(None)
    high = pl.when(valid).then(pl.min_horizontal(centre + half, pl.lit(1.0))).otherwise(None)
    return low.alias("low"), high.alias("high")


def funnel(outcomes_or_counts: pl.DataFrame) -> pl.DataFrame:
    """Applications -> interviews -> offers -> accepted, with rates of applications and of the previous stage.

    With applicant ids, the of-applications intervals are clustered by applicant (see analytics/intervals.py)
    and `applicants` / `applicants_reaching` say how many people reached each stage.
    """
    clustered = not is_counts(outcomes_or_counts) and has_applicant_ids(outcomes_or_counts)
    totals = clustered_counts(outcomes_or_counts, [])[1] if clustered else as_counts(outcomes_or_counts)
    return funnel_from_totals(totals, clustered=clustered)


class _Hidden(NamedTuple):
    """The outcome of disclosure control for one table: shown rows and the RateTable's bookkeeping."""

    shown: pl.DataFrame
    n_suppressed: int
    n_complementary: int
    n_differencing: int
    n_no_group: int | None
    total_withheld: bool
    filters: tuple[str, ...]
    reasons: tuple[str, ...]


def _hide(
    groups: pl.DataFrame,
    by: list[str],
    min_group: int,
    total: int,
    total_applicants: int | None,
    guard: Guard,
) -> _Hidden:
    """Apply analytics/disclosure.py to `groups`; rows with no group value form one more (never drawn) group."""
    guard = guard() if callable(guard) else guard  # the checks, counted meanwhile (`rate_view`), are needed now
    known = groups.drop_nulls(by) if by else groups
    people = "applicants" in groups.columns
    sizes = known.select(*by, "applications", *(["applicants"] if people else []))
    missing = groups.filter(pl.any_horizontal(pl.col(by).is_null())) if by else groups.clear()
    n_missing = int(missing.get_column("applications").sum() or 0)
    if n_missing:
        # Several rows only with several group columns; their distinct applicants are at least the largest count.
        pseudo = {column: None for column in by} | {"applications": n_missing}
        if people:
            pseudo["applicants"] = int(as_float(missing.get_column("applicants").max()) or 0)
        sizes = pl.concat([sizes, pl.DataFrame([pseudo], schema=sizes.schema)])
    slices = guard.group_slices(sizes) if guard is not None and len(by) == 1 else []
    hide_more = linked_rule(guard.without, sizes, slices, min_group) if guard is not None and len(by) == 1 else None
    result = suppress_groups(
        sizes.get_column("applications").to_numpy(),
        sizes.get_column("applicants").to_numpy() if people else None,
        min_group,
        total_applications=total,
        total_applicants=total_applicants,
        slices=slices,
        total_ok=guard.total_ok if guard is not None else True,
        hide_more=hide_more,
    )
    count = known.height
    hidden = result.hidden[:count]
    primary = result.primary[:count] if result.primary is not None else np.zeros(count, dtype=bool)
    sliced = (result.sliced[:count] & ~primary) if result.sliced is not None else np.zeros(count, dtype=bool)
    n_no_group = None if n_missing and result.hidden[count] else n_missing
    return _Hidden(
        known.filter(pl.Series(~hidden)),
        int(hidden.sum()),
        int((hidden & ~primary & ~sliced).sum()),
        int(sliced.sum()),
        n_no_group,
        result.total_withheld,
        result.filters,
        guard.reasons if guard is not None and result.total_withheld else (),
    )


def _plain_table(
    outcomes_or_counts: pl.DataFrame, by: list[str], min_group: int, rate: str, guard: Guard = None
) -> RateTable:
    """Rates from funnel counts (no applicant ids): sizes in applications, plain Wilson intervals."""
    counts = as_counts(outcomes_or_counts, by)
    total = int(counts.get_column("applications").sum() or 0)
    # A group key that is null means the source did not say; it is not a group, but its size is stated.
    hidden = _hide(counts, by, min_group, total, None, guard)
    low, high = wilson_expr(RATE_KINDS[rate], "applications")
    frame = hidden.shown.select(
        *by,
        pl.col("applications").alias("n"),
        pl.col(RATE_KINDS[rate]).alias("successes"),
        (pl.col(RATE_KINDS[rate]) / pl.col("applications")).alias("rate"),
        low,
        high,
    )
    return RateTable(
        frame,
        hidden.n_suppressed,
        min_group,
        hidden.n_complementary,
        hidden.n_no_group,
        hidden.total_withheld,
        False,
        METHOD_PLAIN,
        None,
        hidden.n_differencing,
        hidden.filters,
        hidden.reasons,
    )


def _clustered_table(
    outcomes: pl.DataFrame,
    by: list[str],
    min_group: int,
    rate: str,
    guard: Guard = None,
    people: ApplicantCodes | None = None,
) -> RateTable:
    """Rates from applications with applicant ids: sizes in applicants too, design-effect Wilson intervals."""
    groups, totals = clustered_counts(with_derived(outcomes, by), by, people=people)
    total = int(totals.get_column("applications")[0] or 0)
    hidden = _hide(groups, by, min_group, total, int(totals.get_column("applicants")[0] or 0), guard)
    successes, applicant_successes = SUCCESS_COLUMNS[rate]
    shown = hidden.shown.with_columns(design_effect_expr(rate, view_design_effect(totals, rate)))
    n_effective = pl.col("applications") / pl.col("design_effect")
    share = pl.col(successes) / pl.col("applications")
    low, high = wilson_expr(share * n_effective, n_effective)
    applicant_low, applicant_high = wilson_expr(applicant_successes, "applicants")
    frame = shown.select(
        *by,
        pl.col("applications").alias("n"),
        pl.col(successes).alias("successes"),
        share.alias("rate"),
        low,
        high,
        "applicants",
        pl.col(applicant_successes).alias("applicants_with_success"),
        (pl.col(applicant_successes) / pl.col("applicants")).alias("applicant_rate"),
        applicant_low.alias("applicant_low"),
        applicant_high.alias("applicant_high"),
        "design_effect",
    )
    return RateTable(
        frame,
        hidden.n_suppressed,
        min_group,
        hidden.n_complementary,
        hidden.n_no_group,
        hidden.total_withheld,
        True,
        METHOD_CLUSTERED,
        totals,
        hidden.n_differencing,
        hidden.filters,
        hidden.reasons,
    )


def rate_table(
    outcomes_or_counts: pl.DataFrame,
    by: str | Sequence[str],
    min_group: int = 10,
    rate: str = "offer",
    *,
    guard: Guard = None,
    people: ApplicantCodes | None = None,
) -> RateTable:
    """Rates per group, unsorted, with disclosure control; applicant-aware where the rows carry applicant ids.

    `guard` (analytics/differencing.py) adds the checks against views a filter change away; `people`, the
    applicant codes of the rows (analytics/applicant_sizes.py, some of them known), lets the clustered counts skip
    hashing: given, the rows need no `applicant_id` column.
    """
    if rate not in RATE_KINDS:
        raise ValueError(f"rate must be one of {sorted(RATE_KINDS)}, got {rate!r}")
    by = [by] if isinstance(by, str) else list(by)
    if not is_counts(outcomes_or_counts) and (people is not None or has_applicant_ids(outcomes_or_counts)):
        return _clustered_table(outcomes_or_counts, by, min_group, rate, guard, people)
    return _plain_table(outcomes_or_counts, by, min_group, rate, guard)


def _sorted(table: RateTable, frame: pl.DataFrame) -> RateTable:
    """`table` with its frame replaced by `frame` (a sorted or shortened copy)."""
    return dataclasses.replace(table, frame=frame)


def acceptance_rates(
    outcomes_or_counts: pl.DataFrame,
    by: str | Sequence[str],
    min_group: int = 10,
    rate: str = "offer",
    *,
    guard: Guard = None,
    people: ApplicantCodes | None = None,
) -> RateTable:
    """Offer (or interview) rate per group with n and 95 % bounds, highest first; small groups suppressed."""
    by = [by] if isinstance(by, str) else list(by)
    table = rate_table(outcomes_or_counts, by, min_group, rate, guard=guard, people=people)
    return _sorted(table, table.frame.sort(["rate", "n", *by], descending=[True, True] + [False] * len(by)))


def selectivity_ranking(
    outcomes_or_counts: pl.DataFrame,
    by: str | Sequence[str] = "company",
    min_group: int = 10,
    rate: str = "offer",
    k: int | None = None,
) -> RateTable:
    """Most selective groups first, ranked by the interval's upper bound (selective with confidence)."""
    by = [by] if isinstance(by, str) else list(by)
    return ranked(rate_table(outcomes_or_counts, by, min_group, rate), by, k)


def ranked(table: RateTable, by: str | Sequence[str], k: int | None = None) -> RateTable:
    """A rate table re-sorted as a selectivity ranking (lowest upper bound first), the first `k` rows."""
    by = [by] if isinstance(by, str) else list(by)
    frame = table.frame.sort(["high", "n", *by], descending=[False, True] + [False] * len(by))
    return _sorted(table, frame.head(k) if k is not None else frame)


# Group-by choices for the rates page: column -> label, in the order offered.
GROUP_LABELS: dict[str, str] = {
    "field": "Field",
    "company": "Company",
    "region": "Region",
    "term": "Term",
    "major": "Major",
    "class_year": "Class year",
    "gpa_band": "GPA band",
}


def group_columns(outcomes_or_counts: pl.DataFrame) -> list[str]:
    """The group-by columns this data can answer: present with at least one known value (gpa_band from gpa)."""
    frame = outcomes_or_counts
    known = {c for c in frame.columns if frame.get_column(c).null_count() < frame.height}
    if "gpa" in known:
        known.add("gpa_band")
    return [column for column in GROUP_LABELS if column in known]
