"""Honest rates: Wilson intervals, funnel counts, rates by group with small-group suppression.

Every function here accepts either per-application outcomes (OUTCOMES_SCHEMA) or aggregated
outcome counts (OUTCOME_COUNTS_SCHEMA); per-application rows are turned into counts first.
"""
from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import polars as pl

from data_loaders.schema import STAGES

COUNT_COLUMNS: tuple[str, ...] = ("applications", "interviews", "offers", "accepted")
RATE_KINDS: dict[str, str] = {"offer": "offers", "interview": "interviews"}
# Bands chosen so each holds a meaningful share of typical student GPAs (4.0 scale).
GPA_BANDS: tuple[str, ...] = ("< 3.0", "3.0–3.49", "3.5–3.79", "3.8–4.0")
_STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}


@dataclass(frozen=True)
class RateTable:
    """Rates per group plus how many groups were hidden for being smaller than `min_group`."""

    frame: pl.DataFrame
    n_suppressed: int
    min_group: int


def wilson_interval(successes: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """The Wilson score interval (low, high) for `successes` out of `n`; (0, 1) when n is 0."""
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


GPA_BAND_DTYPE = pl.Enum(GPA_BANDS)


def gpa_band(gpa: str | pl.Expr = "gpa") -> pl.Expr:
    """An expression bucketing a 4.0-scale GPA into GPA_BANDS as an Enum (sorts in band order; null stays null)."""
    g = pl.col(gpa) if isinstance(gpa, str) else gpa

    def band(index: int) -> pl.Expr:
        # Enum literals keep the result an Enum: grouping 10M rows by it is ~4x cheaper than by strings.
        return pl.lit(GPA_BANDS[index], dtype=GPA_BAND_DTYPE)

    return (
        pl.when(g < 3.0).then(band(0))
        .when(g < 3.5).then(band(1))
        .when(g < 3.8).then(band(2))
        .when(g.is_not_null()).then(band(3))
        .otherwise(None)
        .alias("gpa_band")
    )


def is_counts(frame: pl.DataFrame) -> bool:
    """True when `frame` holds aggregated funnel counts rather than one row per application."""
    return "applications" in frame.columns and "stage" not in frame.columns


def _with_derived(frame: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Add derived group columns (gpa_band) the caller asked for but the frame lacks; reject unknown ones."""
    if "gpa_band" in by and "gpa_band" not in frame.columns and "gpa" in frame.columns:
        frame = frame.with_columns(gpa_band())
    missing = [column for column in by if column not in frame.columns]
    if missing:
        raise ValueError(f"cannot group outcomes by {', '.join(missing)}: no such column in these outcomes")
    return frame


def outcomes_to_counts(outcomes: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """Per-application rows -> cumulative funnel counts per group (one row when `by` is empty)."""
    by = list(by)
    stage = pl.col("stage")
    # Set membership on the stage strings is cheaper than mapping 10M strings to ranks first.
    aggs = [
        pl.len().cast(pl.Int64).alias("applications"),
        stage.is_in(list(STAGES[_STAGE_RANK["interview"]:])).sum().cast(pl.Int64).alias("interviews"),
        stage.is_in(list(STAGES[_STAGE_RANK["offer"]:])).sum().cast(pl.Int64).alias("offers"),
        (stage == "accepted").sum().cast(pl.Int64).alias("accepted"),
    ]
    frame = _with_derived(outcomes, by)
    if not by:
        return frame.select(aggs)
    return frame.group_by(by).agg(aggs).sort(by, nulls_last=True)


def as_counts(outcomes_or_counts: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """Funnel counts per group from either input kind; `accepted` stays null where a source omits it."""
    by = list(by)
    if not is_counts(outcomes_or_counts):
        return outcomes_to_counts(outcomes_or_counts, by)
    frame = _with_derived(outcomes_or_counts, by)
    accepted = pl.col("accepted") if "accepted" in frame.columns else pl.lit(None, dtype=pl.Int64)
    aggs = [pl.col(c).sum().cast(pl.Int64).alias(c) for c in COUNT_COLUMNS[:3]]
    # A sum of nulls is 0 in polars; keep "unknown" distinct from "none accepted".
    aggs.append(pl.when(accepted.is_null().all()).then(None).otherwise(accepted.sum()).cast(pl.Int64).alias("accepted"))
    if not by:
        return frame.select(aggs)
    return frame.group_by(by).agg(aggs).sort(by, nulls_last=True)


def funnel(outcomes_or_counts: pl.DataFrame) -> pl.DataFrame:
    """Applications -> interviews -> offers -> accepted, with rates of applications and of the previous stage."""
    totals = as_counts(outcomes_or_counts).row(0, named=True)
    stages = [s for s in COUNT_COLUMNS if totals[s] is not None]
    counts = [int(totals[s] or 0) for s in stages]
    frame = pl.DataFrame(
        {
            "stage": stages,
            "count": counts,
            "n_applications": [counts[0]] * len(stages),
            "n_previous": [counts[0]] + counts[:-1],
        },
        schema={"stage": pl.String, "count": pl.Int64, "n_applications": pl.Int64, "n_previous": pl.Int64},
    )
    low, high = wilson_expr("count", "n_applications")
    prev_low, prev_high = wilson_expr("count", "n_previous")
    return frame.with_columns(
        rate=pl.when(pl.col("n_applications") > 0).then(pl.col("count") / pl.col("n_applications")),
        low=low,
        high=high,
        rate_of_previous=pl.when(pl.col("n_previous") > 0).then(pl.col("count") / pl.col("n_previous")),
        low_of_previous=prev_low,
        high_of_previous=prev_high,
    )


def _rate_table(counts: pl.DataFrame, by: list[str], min_group: int, rate: str) -> tuple[pl.DataFrame, int]:
    """Shared body of acceptance_rates and selectivity_ranking: rates plus the suppressed count."""
    if rate not in RATE_KINDS:
        raise ValueError(f"rate must be one of {sorted(RATE_KINDS)}, got {rate!r}")
    # A group key that is null means the source did not say; it is not a group.
    counts = counts.drop_nulls(by) if by else counts
    shown = counts.filter(pl.col("applications") >= min_group)
    low, high = wilson_expr(RATE_KINDS[rate], "applications")
    frame = shown.select(
        *by,
        pl.col("applications").alias("n"),
        pl.col(RATE_KINDS[rate]).alias("successes"),
        (pl.col(RATE_KINDS[rate]) / pl.col("applications")).alias("rate"),
        low,
        high,
    )
    return frame, counts.height - shown.height


def acceptance_rates(
    outcomes_or_counts: pl.DataFrame, by: str | Sequence[str], min_group: int = 10, rate: str = "offer"
) -> RateTable:
    """Offer (or interview) rate per group with n and Wilson bounds; groups with n < min_group suppressed."""
    by = [by] if isinstance(by, str) else list(by)
    frame, n_suppressed = _rate_table(as_counts(outcomes_or_counts, by), by, min_group, rate)
    frame = frame.sort(["rate", "n", *by], descending=[True, True] + [False] * len(by))
    return RateTable(frame=frame, n_suppressed=n_suppressed, min_group=min_group)


def selectivity_ranking(
    outcomes_or_counts: pl.DataFrame,
    by: str | Sequence[str] = "company",
    min_group: int = 10,
    rate: str = "offer",
    k: int | None = None,
) -> RateTable:
    """Most selective groups first, ranked by the interval's upper bound (selective with confidence)."""
    by = [by] if isinstance(by, str) else list(by)
    frame, n_suppressed = _rate_table(as_counts(outcomes_or_counts, by), by, min_group, rate)
    frame = frame.sort(["high", "n", *by], descending=[False, True] + [False] * len(by))
    if k is not None:
        frame = frame.head(k)
    return RateTable(frame=frame, n_suppressed=n_suppressed, min_group=min_group)


# ---- The listing filters, applied to outcomes where an outcome row can answer them ----------
# FilterSpec attribute -> outcome columns it needs. Countries are answered by the region code's
# prefix ("US-CA" -> "US"); skills, pay, dates, work mode and sponsorship describe listings only.
OUTCOME_FILTER_COLUMNS: dict[str, tuple[str, ...]] = {
    "fields": ("field",),
    "companies": ("company",),
    "terms": ("term",),
    "countries": ("region",),
    "regions": ("region",),
    "search": ("title", "company"),
}
_FILTER_NAMES: dict[str, str] = {
    "fields": "field", "companies": "company", "terms": "term", "countries": "country",
    "regions": "region", "search": "search", "cities": "city", "work_modes": "work mode",
    "skills": "skills", "pay_min": "pay", "pay_max": "pay", "posted_within_days": "posting date",
    "sponsorship": "sponsorship",
}


def _spec_value(spec: object, attribute: str) -> object:
    """A filter's value, or None when the filter is not set."""
    value = getattr(spec, attribute, None)
    return value if value not in ((), "", None) else None


def outcome_filter_columns(spec: object, columns: Sequence[str]) -> list[str]:
    """The outcome columns the set filters of `spec` need and the data has, in a stable order."""
    needed: list[str] = []
    for attribute, wanted in OUTCOME_FILTER_COLUMNS.items():
        if _spec_value(spec, attribute) is None or not all(c in columns for c in wanted):
            continue
        needed.extend(c for c in wanted if c not in needed)
    return needed


def outcome_filters_applied(spec: object, columns: Sequence[str]) -> tuple[list[str], list[str]]:
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


def filter_outcomes(outcomes_or_counts: pl.DataFrame, spec: object) -> pl.DataFrame:
    """The outcome rows (or count groups) that pass the listing filters an outcome can answer."""
    columns = outcomes_or_counts.columns
    parts: list[pl.Expr] = []
    if _spec_value(spec, "fields") is not None and "field" in columns:
        parts.append(pl.col("field").is_in(list(spec.fields)))  # type: ignore[attr-defined]
    if _spec_value(spec, "companies") is not None and "company" in columns:
        parts.append(pl.col("company").is_in(list(spec.companies)))  # type: ignore[attr-defined]
    if _spec_value(spec, "terms") is not None and "term" in columns:
        parts.append(pl.col("term").is_in(list(spec.terms)))  # type: ignore[attr-defined]
    if "region" in columns:
        if _spec_value(spec, "countries") is not None:
            parts.append(pl.col("region").str.split("-").list.first().is_in(list(spec.countries)))  # type: ignore[attr-defined]
        if _spec_value(spec, "regions") is not None:
            parts.append(pl.col("region").is_in(list(spec.regions)))  # type: ignore[attr-defined]
    if _spec_value(spec, "search") is not None and "title" in columns and "company" in columns:
        needle = str(spec.search).strip().lower()  # type: ignore[attr-defined]
        # Case-insensitive literal match, on distinct values only: titles repeat across 10M rows.
        parts.append(_contains(pl.col("title"), needle) | _contains(pl.col("company"), needle))
    if not parts:
        return outcomes_or_counts
    # Unknown (null) never passes a filter the user set.
    return outcomes_or_counts.filter(pl.all_horizontal(parts).fill_null(False))


def _contains(column: pl.Expr, needle: str) -> pl.Expr:
    """True where the string column contains `needle` (lower case), evaluated once per distinct value."""
    matching = column.unique().implode().list.eval(pl.element().filter(pl.element().str.to_lowercase().str.contains(needle, literal=True)))
    return column.is_in(matching).fill_null(False)


# Group-by choices for the rates page: column -> label, in the order offered.
GROUP_LABELS: dict[str, str] = {
    "field": "Field", "company": "Company", "region": "Region", "term": "Term",
    "major": "Major", "class_year": "Class year", "gpa_band": "GPA band",
}


def group_columns(outcomes_or_counts: pl.DataFrame) -> list[str]:
    """The group-by columns this data can answer: present with at least one known value (gpa_band from gpa)."""
    frame = outcomes_or_counts
    known = {c for c in frame.columns if frame.get_column(c).null_count() < frame.height}
    if "gpa" in known:
        known.add("gpa_band")
    return [column for column in GROUP_LABELS if column in known]


def describe_outcome_scope(spec: object, columns: Sequence[str], n_shown: int, n_total: int) -> str:
    """The sentence under the listing-filter sentence: how many applications, and which filters reached them."""
    applied, not_applied = outcome_filters_applied(spec, columns)
    text = f"Outcomes: {n_shown:,} of {n_total:,} applications."
    if applied:
        text += f" Listing filters applied to outcomes: {', '.join(applied)}."
    if not_applied:
        text += f" Not applicable to outcomes (they describe listings only): {', '.join(not_applied)}."
    if not applied and not not_applied:
        text += " No listing filter is set, so every application counts."
    return text
