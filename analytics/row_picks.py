"""Picking a frame's rows out of numpy arrays kept per row (issue 9): by their numbers, or by a Boolean mask through
polars' filter, whichever is faster for how many rows are kept (analytics/applicant_sizes.py and the views' rows)."""

from __future__ import annotations

import numpy as np
import polars as pl

_FEW_KEPT = 64  # rows kept by fewer than 1 in this many are picked by their numbers, others by a mask (`rows_of`)

Rows = np.ndarray | pl.Series  # rows of a frame: their numbers (ascending), or a Boolean polars Series per row


def pick(values: np.ndarray, rows: Rows) -> np.ndarray:
    """`values` at `rows`: row numbers through `take`, a Boolean mask (a polars Series) through polars' filter. The
    result may be read-only (it can share polars' memory)."""
    if isinstance(rows, pl.Series):
        picked: np.ndarray = pl.Series(values).filter(rows).to_numpy()
        return picked
    return values.take(rows)


def rows_of(passes: np.ndarray) -> Rows:
    """The rows a numpy Boolean array per row keeps, as `pick` reads them fastest: their numbers when they are very
    few (under `_FEW_KEPT` of the frame), else the mask as a polars Series, which numbers no row. At 10,000,000
    outcome rows, picking three columns: a country's 1.5-5 % of the rows 5-8 ms against 8-16 ms for `np.flatnonzero`
    then `take`, a large country's 84 % 7-8 against 40-51 ms, a field and a small country's 0.1-0.9 % 4-8 against
    2-6 ms (numpy's own boolean indexing is slower than either)."""
    if _FEW_KEPT * np.count_nonzero(passes) < passes.size:
        return np.flatnonzero(passes)
    return pl.Series(passes, dtype=pl.Boolean)


def frame_rows(frame: pl.DataFrame, rows: Rows) -> pl.DataFrame:
    """The rows of `frame` that `rows` (`rows_of`) keeps."""
    return frame.filter(rows) if isinstance(rows, pl.Series) else frame[rows]


def sorted_copy(values: np.ndarray) -> np.ndarray:
    """`values` sorted (a new array, maybe read-only): by polars, which sorts integers ~2x faster than numpy's
    quicksort here (2.4 million 32-bit keys: ~44 against ~95 ms) and lets go of the interpreter while it sorts, so
    a view's other threads run beside it."""
    ordered: np.ndarray = pl.Series(values).sort().to_numpy()
    return ordered
