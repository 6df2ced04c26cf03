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
_PAIR_ROWS = "__rows"  # applications per (group, stage) pair, inside outcomes_to_counts only


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


def _derived(columns: Sequence[str], by: Sequence[str]) -> list[pl.Expr]:
    """The derived group columns (gpa_band) `by` asks for and `columns` lack; an unknown group column is an error."""
    derived = [gpa_band()] if "gpa_band" in by and "gpa_band" not in columns and "gpa" in columns else []
    missing = [column for column in by if column not in columns and not (column == "gpa_band" and derived)]
    if missing:
        raise ValueError(f"cannot group outcomes by {', '.join(missing)}: no such column in these outcomes")
    return derived


def with_derived(frame: pl.DataFrame, by: Sequence[str]) -> pl.DataFrame:
    """Add derived group columns (gpa_band) the caller asked for but the frame lacks; reject unknown ones."""
    derived = _derived(frame.columns, by)
    return frame.with_columns(derived) if derived else frame


def _stage_flags() -> dict[str, pl.Expr]:
    """Per count column past `applications`, whether a row's stage reached it (Enum or String stages alike)."""
    stage = pl.col("stage")
    # Set membership on the stage strings is cheaper than mapping 10M strings to ranks first.
    return {
        "interviews": stage.is_in(list(STAGES[_STAGE_RANK["interview"] :])),
        "offers": stage.is_in(list(STAGES[_STAGE_RANK["offer"] :])),
        "accepted": stage == "accepted",
    }


def outcomes_to_counts(outcomes: pl.DataFrame, by: Sequence[str] = ()) -> pl.DataFrame:
    """Per-application rows -> cumulative funnel counts per group (one row when `by` is empty)."""
    by = list(by)
    # Only the group and stage columns: grouping the wide frame (16 columns, a list among them) costs ~3x more.
    frame = outcomes.select([c for c in dict.fromkeys([*by, "stage", "gpa"]) if c in outcomes.columns])
    derived = _derived(frame.columns, by)
    if not by:  # conditional sums in one pass, no group-by (~10 ms at 10 M rows)
        flags = [flag.sum().cast(pl.Int64).alias(name) for name, flag in _stage_flags().items()]
        return frame.select(pl.len().cast(pl.Int64).alias("applications"), *flags)
    # Rows per (group, stage) pair on the streaming engine (the GPA band derived in the same pass), then the funnel
    # summed over that small frame: at 10 M rows 3-6x faster than conditional sums per group in memory (issue 9).
    # A null or unknown stage counts as an application only, as the sums counted it (a null flag adds nothing).
    pairs = (
        frame.lazy()
        .with_columns(derived)
        .group_by(list(dict.fromkeys([*by, "stage"])))
        .agg(pl.len().alias(_PAIR_ROWS))
        .collect(engine="streaming")
    )
    rows = pl.col(_PAIR_ROWS)
    counts = pairs.group_by(by).agg(
        rows.sum().cast(pl.Int64).alias("applications"),
        *(rows.filter(flag).sum().cast(pl.Int64).alias(name) for name, flag in _stage_flags().items()),
    )
    # Compact group keys (data_loaders/compact.py) leave as strings, so a result reads and sorts as it always did.
    return restore_text(counts, by).sort(by, nulls_last=True)


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
