"""Funnel counts from either outcome kind: per-application rows (OUTCOMES_SCHEMA) or aggregated counts
(OUTCOME_COUNTS_SCHEMA), per group; the GPA band as a derived group column. analytics/rates.py re-exports them.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from data_loaders.compact import restore_text
from data_loaders.schema import STAGES

COUNT_COLUMNS: tuple[str, ...] = ("applications", "interviews", "offers", "accepted")
# Bands chosen so each holds a meaningful share of typical student GPAs (4.0 scale).
GPA_BANDS: tuple[str, ...] = ("< 3.0", "3.0–3.49", "3.5–3.79", "3.8–4.0")
_STAGE_RANK = {stage: rank for rank, stage in enumerate(STAGES)}


GPA_BAND_DTYPE = pl.Enum(GPA_BANDS)


def gpa_band(gpa: str | pl.Expr = "gpa") -> pl.Expr:
    """An expression bucketing a 4.0-scale GPA into GPA_BANDS as an Enum (sorts in band order; null stays null)."""
    g = pl.col(gpa) if isinstance(gpa, str) else gpa

    def band(index: int) -> pl.Expr:
        # Enum literals keep the result an Enum: grouping 10M rows by it is ~4x cheaper than by strings.
        return pl.lit(GPA_BANDS[index], dtype=GPA_BAND_DTYPE)

    return (
        pl.when(g < 3.0)
        .then(band(0))
        .when(g < 3.5)
        .then(band(1))
        .when(g < 3.8)
        .then(band(2))
        .when(g.is_not_null())
        .then(band(3))
        .otherwise(None)
        .alias("gpa_band")
    )


def is_counts(frame: pl.DataFrame) -> bool:
    """True when `frame` holds aggregated funnel counts rather than one row per application."""
    return "applications" in frame.columns and "stage" not in frame.columns


def with_derived(frame: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
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
        stage.is_in(list(STAGES[_STAGE_RANK["interview"] :])).sum().cast(pl.Int64).alias("interviews"),
        stage.is_in(list(STAGES[_STAGE_RANK["offer"] :])).sum().cast(pl.Int64).alias("offers"),
        (stage == "accepted").sum().cast(pl.Int64).alias("accepted"),
    ]
    # Only the group and stage columns: grouping the wide frame (16 columns, a list among them) costs ~3x more.
    frame = with_derived(
        outcomes.select([c for c in dict.fromkeys([*by, "stage", "gpa"]) if c in outcomes.columns]), by
    )
    if not by:
        return frame.select(aggs)
    # Compact group keys (data_loaders/compact.py) leave as strings, so a result reads and sorts as it always did.
    return restore_text(frame.group_by(by).agg(aggs), by).sort(by, nulls_last=True)


def as_counts(outcomes_or_counts: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """Funnel counts per group from either input kind; `accepted` stays null where a source omits it."""
    by = list(by)
    if not is_counts(outcomes_or_counts):
        return outcomes_to_counts(outcomes_or_counts, by)
    frame = with_derived(outcomes_or_counts, by)
    accepted = pl.col("accepted") if "accepted" in frame.columns else pl.lit(None, dtype=pl.Int64)
    aggs = [pl.col(c).sum().cast(pl.Int64).alias(c) for c in COUNT_COLUMNS[:3]]
    # A sum of nulls is 0 in polars; keep "unknown" distinct from "none accepted".
    aggs.append(pl.when(accepted.is_null().all()).then(None).otherwise(accepted.sum()).cast(pl.Int64).alias("accepted"))
    if not by:
        return frame.select(aggs)
    # Compact group keys (data_loaders/compact.py) leave as strings, so a result reads and sorts as it always did.
    return restore_text(frame.group_by(by).agg(aggs), by).sort(by, nulls_last=True)
