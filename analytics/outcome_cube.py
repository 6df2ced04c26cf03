"""The outcome cube: per-application outcomes reduced once to the few narrow columns every rate needs.

Rates group millions of applications by a column or two. Asking the raw rows each time pays, on every
question, for wide rows (16 columns, one of them a list of skills), string group keys and the stage
flags. The cube pays that once per outcomes frame, lazily (each part is built on its first use) and with
projection (only the dimension, applicant, gpa and stage columns are read; `applicant_skills` never):

- `counts`: cumulative funnel counts (applications, interviews, offers, accepted) per listing and
  dimension combination (`CUBE_DIMENSIONS`); a valid "outcome_counts" frame, so every rate function accepts it.
- `applicants`: per dimension combination and applicant, the applications m and successes y per stage,
  exactly the rows `analytics/intervals.py` groups for applicant-clustered intervals and distinct-applicant
  sizes. Dimensions are categorical (integer group keys); the country filters read the region's prefix from its
  categories (analytics/outcome_filters.py).

`counts_by(by)` equals `rates.outcomes_to_counts(outcomes, by)` and `clustered_by(by)` equals
`intervals.clustered_counts(outcomes, by)`, value for value (tests/analytics/test_outcome_cube.py).
The cube itself is a pure value: the dashboard builds one per dataset through its memo.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Sequence
from typing import TypeVar

import polars as pl

from analytics.intervals import _COLUMN_ORDER, _ID_BIT, _KINDS, _Y, _cluster_aggs, _reached, _with_terms
from analytics.rates import COUNT_COLUMNS, gpa_band
from data_loaders.compact import restore_text, restore_text_exprs

T = TypeVar("T")
# Columns a rate can group or filter by; gpa_band is derived from gpa. listing_id only in `counts`.
CUBE_DIMENSIONS: tuple[str, ...] = ("company", "field", "region", "term", "major", "class_year", "gpa_band")


class OutcomeCube:
    """The outcome cube of one per-application outcomes frame; each part is built once, on first use, thread-safely."""

    def __init__(self, outcomes: pl.DataFrame) -> None:
        if "stage" not in outcomes.columns:
            raise ValueError("an outcome cube needs per-application outcomes (a stage column)")
        self.outcomes = outcomes
        self.height = outcomes.height
        self.dimensions: tuple[str, ...] = tuple(
            d for d in CUBE_DIMENSIONS if d in outcomes.columns or (d == "gpa_band" and "gpa" in outcomes.columns)
        )
        self._parts: dict[str, pl.DataFrame] = {}
        self._lock = threading.Lock()

    def covers(self, by: Sequence[str]) -> bool:
        """True when every column of `by` is a dimension of this cube."""
        return all(column in self.dimensions for column in by)

    def _part(self, name: str, build: Callable[[], pl.DataFrame]) -> pl.DataFrame:
        with self._lock:  # one build even when two sessions ask at once
            if name not in self._parts:
                self._parts[name] = build()
            return self._parts[name]

    def _projected(self) -> pl.LazyFrame:
        """The outcomes reduced to the dimensions (gpa as its band) plus what `extra` asks for: nothing else is read."""
        frame = self.outcomes.lazy()
        columns = [d for d in self.dimensions if d != "gpa_band"]
        band = [gpa_band("gpa")] if "gpa_band" in self.dimensions else []
        return frame.select(
            *columns,
            *band,
            *(["listing_id"] if "listing_id" in self.outcomes.columns else []),
            "stage",
            *(["applicant_id"] if "applicant_id" in self.outcomes.columns else []),
        )

    @property
    def counts(self) -> pl.DataFrame:
        """Funnel counts per listing and dimension combination (an "outcome_counts" frame)."""

        def build() -> pl.DataFrame:
            keys = [*(["listing_id"] if "listing_id" in self.outcomes.columns else []), *self.dimensions]
            return self._projected().group_by(keys).agg(*_count_aggs()).collect(engine="streaming")

        return self._part("counts", build)

    @property
    def applicants(self) -> pl.DataFrame:
        """Per dimension combination and applicant (`_cluster`): applications m and successes y_<kind>."""

        def build() -> pl.DataFrame:
            if "applicant_id" not in self.outcomes.columns:
                raise ValueError("these outcomes carry no applicant ids: no per-applicant cube")
            has_id = pl.col("applicant_id").is_not_null()
            # The same cluster key as analytics/intervals.py: the id's 64-bit hash with its top bit set, or, for a row
            # without an id, its row number (its own cluster).
            cluster = (
                pl.when(has_id)
                .then(pl.col("applicant_id").hash() | pl.lit(_ID_BIT, dtype=pl.UInt64))
                .otherwise(pl.int_range(pl.len(), dtype=pl.UInt64))
            )
            reached = {
                "interview": _reached("interview"),
                "offer": _reached("offer"),
                "accepted": pl.col("stage") == "accepted",
            }
            typed = [pl.col(d).cast(pl.Categorical) if self._categorical(d) else pl.col(d) for d in self.dimensions]
            rows = self._projected().select(
                *typed,
                cluster.alias("_cluster"),
                *[reached[kind].cast(pl.UInt32).alias(f"y_{kind}") for kind in _KINDS],
            )
            return (
                rows.group_by([*self.dimensions, "_cluster"])
                .agg(pl.len().cast(pl.Int64).alias("m"), *[pl.col(name).sum().cast(pl.Int64) for name in _Y])
                .collect(engine="streaming")
            )

        return self._part("applicants", build)

    def _categorical(self, dimension: str) -> bool:
        return self.outcomes.schema.get(dimension) == pl.String

    def counts_by(self, by: Sequence[str] = (), counts: pl.DataFrame | None = None) -> pl.DataFrame:
        """`rates.outcomes_to_counts(outcomes, by)` from the cube (`counts`: a filtered `self.counts`, by default all)."""
        by = _checked(self, by)
        frame = self.counts if counts is None else counts
        aggs = [pl.col(column).sum().cast(pl.Int64) for column in COUNT_COLUMNS]
        if not by:
            return frame.select(aggs)
        return restore_text(frame.group_by(by).agg(aggs), by).sort(by, nulls_last=True)

    def clustered_by(
        self, by: Sequence[str] = (), applicants: pl.DataFrame | None = None
    ) -> tuple[pl.DataFrame, pl.DataFrame]:
        """`intervals.clustered_counts(outcomes, by)` from the cube (`applicants`: a filtered `self.applicants`)."""
        by = _checked(self, by)
        frame = self.applicants if applicants is None else applicants
        per_applicant = (
            frame.lazy().group_by([*by, "_cluster"]).agg(pl.col("m").sum(), *[pl.col(name).sum() for name in _Y])
        )
        if not by:
            view = _with_terms(per_applicant).select(_cluster_aggs()).select(_COLUMN_ORDER).collect(engine="streaming")
            return view, view
        restored = [pl.col(c).cast(self.outcomes.schema[c]) for c in by if self._categorical(c)]
        restored += restore_text_exprs(self.outcomes.schema, by)  # compact outcomes (data_loaders/compact.py)
        groups = (
            _with_terms(per_applicant)
            .group_by(by)
            .agg(_cluster_aggs())
            .with_columns(restored)
            .select(*by, *_COLUMN_ORDER)
            .sort(by, nulls_last=True)
        )
        whole = per_applicant.group_by("_cluster").agg(pl.col("m", *_Y).sum())
        totals = _with_terms(whole).select(_cluster_aggs()).select(_COLUMN_ORDER)
        group_frame, total_frame = pl.collect_all([groups, totals], engine="streaming")
        return group_frame, total_frame


def _count_aggs() -> list[pl.Expr]:
    """Cumulative funnel counts of per-application rows, as rates.outcomes_to_counts counts them."""
    return [
        pl.len().cast(pl.Int64).alias("applications"),
        _reached("interview").sum().cast(pl.Int64).alias("interviews"),
        _reached("offer").sum().cast(pl.Int64).alias("offers"),
        (pl.col("stage") == "accepted").sum().cast(pl.Int64).alias("accepted"),
    ]


def _checked(cube: OutcomeCube, by: Sequence[str]) -> list[str]:
    """`by` as a list; a column the cube does not hold is an error naming it (as the row functions raise)."""
    by = list(by)
    missing = [column for column in by if column not in cube.dimensions]
    if missing:
        raise ValueError(f"cannot group outcomes by {', '.join(missing)}: no such column in these outcomes")
    return by


def outcome_cube(outcomes: pl.DataFrame) -> OutcomeCube:
    """The (lazily built) outcome cube of per-application `outcomes`."""
    return OutcomeCube(outcomes)
