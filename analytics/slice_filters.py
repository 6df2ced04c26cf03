"""The outcome filters a view's disclosure checks slice by (analytics/differencing.py): which filters of a FilterSpec
narrow the outcomes, each filter's slices of a frame, and a view's slices per group with whether its total may show."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from analytics.disclosure import FilterSlices
from analytics.disclosure_linked import HiddenWithout
from analytics.filter_keys import OUTCOME_FILTERS
from analytics.filters import FilterSpec
from analytics.outcome_filters import Columns, in_country, is_coded

# FilterSpec attribute -> (plain name, outcome column), from analytics/filter_keys.py, in the order the checks run.
# The column is also what the view without the filter is grouped by when checking that the filter does not split
# its hidden groups (country filters: by region).
SLICED_FILTERS: dict[str, tuple[str, str]] = {
    item.attribute: (item.name, str(item.outcome_column)) for item in OUTCOME_FILTERS
}
SLICE = "_slice"
Memo = Callable[..., Any]  # `memo(function, *args)`: the caller's memo of a module-level function's result


@dataclass(frozen=True)
class ActiveFilter:
    """One set filter that narrows outcomes: its attribute, name, column and selected values."""

    attribute: str
    name: str
    column: str
    values: tuple[str, ...]

    def slice_expr(self, columns: Columns = ()) -> pl.Expr:
        """The slice of each row: the index of its selected value, or len(values) for the rest (null included).
        `columns`: the frame's schema (a Categorical region's country is read from its categories)."""
        source = pl.col(self.column)
        rest = len(self.values)
        if self.attribute == "countries":  # a region's country: its code before the first "-" ("US-CA" -> "US")
            coded = is_coded(columns, self.column)
            slices = pl.lit(rest, dtype=pl.Int32)
            for index, country in reversed(list(enumerate(self.values))):
                picked = in_country(source, country, coded=coded).fill_null(False)
                slices = pl.when(picked).then(pl.lit(index, dtype=pl.Int32)).otherwise(slices)
            return slices.alias(SLICE)
        return (
            source.replace_strict(list(self.values), list(range(rest)), default=rest, return_dtype=pl.Int32)
            .fill_null(rest)
            .alias(SLICE)
        )

    def selects(self, column_values: pl.Series) -> np.ndarray:
        """True where a value of `self.column` passes this filter (null never does)."""
        source = column_values
        if self.attribute == "countries":  # a few values (groups, a key's values): Categorical ones read as text
            text = source if source.dtype == pl.String else source.cast(pl.String)
            source = text.str.split("-").list.first()
        return source.is_in(list(self.values)).fill_null(False).to_numpy()


@dataclass(frozen=True)
class ViewGuard:
    """What a view needs from the data around it: its groups' filter slices and whether its total may show."""

    by: str | None
    slices: tuple[tuple[str, int, pl.DataFrame], ...]  # (filter name, slice count, [by, _slice, sizes...])
    total_ok: bool
    reasons: tuple[str, ...]  # why the total is withheld, as plain clauses
    without: tuple[HiddenWithout, ...] = ()  # the views without one filter, grouped by `by`, that hide groups

    def group_slices(self, groups: pl.DataFrame) -> list[FilterSlices]:
        """The slices aligned to the rows of `groups` (one row per value of `by`, null for no value)."""
        index = groups.select(self.by).with_row_index("_row")
        result = []
        for name, width, frame in self.slices:
            joined = index.join(frame, on=self.by, how="inner", nulls_equal=True)
            rows, cols = joined["_row"].to_numpy(), joined[SLICE].to_numpy()
            applications = np.zeros((groups.height, width), dtype=np.int64)
            applications[rows, cols] = joined["applications"].to_numpy()
            applicants = None
            if "applicants" in joined.columns:
                applicants = np.zeros((groups.height, width), dtype=np.int64)
                applicants[rows, cols] = joined["applicants"].to_numpy()
            result.append(FilterSlices(name, applications, applicants))
        return result


Others = dict[str, list[ActiveFilter]]  # per filter attribute, the other active filters


def active_filters(spec: FilterSpec, columns: Sequence[str]) -> list[ActiveFilter]:
    """The set filters of `spec` that narrow outcomes with these columns, in a stable order."""
    found = []
    for attribute, (name, column) in SLICED_FILTERS.items():
        values = getattr(spec, attribute, ()) or ()
        if values and column in columns:
            found.append(ActiveFilter(attribute, name, column, tuple(values)))
    return found


def without_filters(spec: FilterSpec, *filters: ActiveFilter) -> FilterSpec:
    """`spec` with these filters cleared."""
    cleared: dict[str, Any] = {item.attribute: () for item in filters}
    return dataclasses.replace(spec, **cleared)
