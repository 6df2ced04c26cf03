"""A filter's slices among the rows of filters that keep most of the frame, counted from the few rows they drop
(issue 9): a large country keeps 84 % of 10,000,000 applications, and each applicant's rows of the rest slice are
their rows in all, minus those the filters drop and those of the selected values (analytics/slice_coded.py asks it
for a filter's slices alone)."""

from __future__ import annotations

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes, Key, _sizes_frame
from analytics.row_picks import pick, rows_of


def complement_sizes(key: Key, people: ApplicantCodes, rows: np.ndarray, kept: object = None) -> pl.DataFrame | None:
    """`grouped_sizes([key], people, rows)` for a key whose last value is the rest of a filter's slices, counted
    without reading most of `rows` when they are most of the frame (a large country kept: 84 % of the rows): each
    applicant's rows of the last value are their rows in all (`rows_per_code`) minus those outside `rows` and those
    of the other values, which are few; an applicant counts where that is above zero. None when counting `rows`
    directly reads fewer rows. `kept`, when given, names the filters that keep `rows` (hashable): the rest's rows
    per applicant are then counted once for every key asked among the same rows (`ApplicantCodes.rows_outside`)."""
    width = key.values.len()
    outside = ~rows
    chosen = rows & (key.codes != width - 1)  # the rows of the selected values, a filter's few
    n_outside, n_chosen = int(np.count_nonzero(outside)), int(np.count_nonzero(chosen))
    if n_outside + n_chosen + people.count >= rows.size - n_outside:
        return None
    slots = people.count + 1  # a code per applicant, then the rows without an id
    index = rows_of(chosen)
    codes = pick(people.codes, index)
    if width == 2:  # one value selected (most filters): its rows per applicant, no (value, applicant) cells
        selected = np.bincount(codes, minlength=slots)[np.newaxis]
    else:
        cells = pick(key.codes, index).astype(np.int64)
        cells *= slots
        cells += codes
        selected = np.bincount(cells, minlength=(width - 1) * slots).reshape(width - 1, slots)
    rest = people.rows_per_code() - people.rows_outside(kept, outside)
    for row in selected:
        rest -= row
    per_value = [*selected, rest]
    applications = np.array([row.sum() for row in per_value], dtype=np.int64)
    applicants = np.array([np.count_nonzero(row[:-1]) for row in per_value], dtype=np.int64)
    return _sizes_frame([key], [width], applications, applicants)
