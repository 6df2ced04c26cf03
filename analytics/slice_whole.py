"""Filter-check sizes read from sizes already counted over every application (issue 9).

The checks of a view with two filters (analytics/differencing.py `coded_parts`) ask, for each filter F, the sizes of
the view without F: the rows passing the other filter K, per value of F's column (or per slice of F), and in total.
When K selects one value (one field, one country), those rows are exactly K's first slice, so these sizes are rows of
the sizes over every application per (column, K's slice), which the view of K alone (any grouping), its headline
check and the background warm-up (`prepare_slices`) count anyway: the answer is read from them instead of counting
the rows passing K again. The same rows give the same applications and the same distinct applicants, so every
number, and every decision made from it, is the one counted directly.

Only filters on `WHOLE_FILTERS` (the ones the warm-up prepares one value at a time) are read this way: for another
filter the sizes over every application are seldom counted, and counting them would cost more than the rows asked.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import polars as pl

from analytics.slice_filters import SLICE, ActiveFilter

WHOLE_FILTERS = frozenset({"fields", "countries"})


Pick = Callable[[pl.DataFrame], pl.DataFrame]


def whole_source(
    parts: Sequence[str | ActiveFilter], kept: Sequence[ActiveFilter]
) -> tuple[tuple[str | ActiveFilter, ...], Pick] | None:
    """(the parts to count over every application, how to read the asked sizes from them) for the sizes of `parts`
    among the rows passing `kept`; None when they are not read this way (more than one part or kept filter, a kept
    filter with several values or not in `WHOLE_FILTERS`, or a country kept with a filter's slices asked)."""
    if len(kept) != 1 or len(parts) > 1:
        return None
    keep = kept[0]
    if keep.attribute not in WHOLE_FILTERS or len(keep.values) != 1:
        return None
    if not parts:
        return (keep,), _total
    part = parts[0]
    if isinstance(part, str):
        return (part, keep), _first_slice
    if keep.attribute == "countries":  # a country is several regions: no one value of the region column
        return None

    def kept_value(whole: pl.DataFrame) -> pl.DataFrame:
        return whole.filter(pl.Series(keep.selects(whole.get_column(keep.column)))).drop(keep.column)

    return (keep.column, part), kept_value


def _first_slice(whole: pl.DataFrame) -> pl.DataFrame:
    """The rows of the kept filter's one value (its slice 0), without the slice column."""
    return whole.filter(pl.col(SLICE) == 0).drop(SLICE)


def _total(whole: pl.DataFrame) -> pl.DataFrame:
    """The kept value's sizes as one row, zeros when no application has it (as a count with no key gives it)."""
    found = _first_slice(whole)
    if found.height:
        return found
    return pl.DataFrame(
        {"applications": [0], "applicants": [0]}, schema={"applications": pl.Int64, "applicants": pl.Int64}
    )
