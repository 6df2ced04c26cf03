"""A filter's slices per group among the rows of one kept value, split from that value's group sizes (issue 9).

A view with two filters (a field, then a country) checks, for each filter F, its slices per group among the rows
the other filter K keeps (analytics/slice_coded.py `coded_parts`: `sizes((by, F), F)`). Counting them directly
reads every row K keeps: a field keeps 1.2 million of 10,000,000 rows and a large country 8 million, and the distinct
(group, applicant) pairs among them are sorted. The same view also asks the sizes per group of K's rows alone (the
view without F grouped so, rule 3b), which are read from the sizes over every application (analytics/slice_whole.py)
and so cost nothing here. From those, F's slices need only the rows F selects among K's (a country within a field):

- the selected slices are counted on those rows;
- the rest's applications are the group's minus the selected ones;
- the rest's applicants are the group's minus the (group, applicant) pairs whose every row K keeps is selected: a
  row alone in its pair in the whole frame (`ApplicantCodes.alone`) is such a pair; the other selected pairs are
  looked up among K's unselected rows that are not alone, and only those of the same applicants.

Every number is the one counted directly (tests/analytics/test_slice_split_sizes.py compares them).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes, Key, _sizes_frame, _sizes_with_alone
from analytics.row_picks import Rows, pick, rows_of
from analytics.slice_filters import ActiveFilter
from analytics.slice_whole import WHOLE_FILTERS
from data_loaders.compact import restore_text

_SPLIT_SHARE = 16  # K keeping at least 1 row in this many: fewer rows are counted directly faster
# F selecting at most 1 of K's rows in this many: more are counted directly faster. Only columns with `alone` marks
# split, whose direct count sorts (group, applicant) pairs: a field within a large country (11 % of its rows) splits
# in ~60 % of the time of the sort (the Rates view of a field and the United States by company: 367 -> 203 ms of
# checks at 10,000,000 rows, medians over 9 fields); at 1 in 16 it did not split.
_SELECTED_SHARE = 4


def split_source(parts: Sequence[str | ActiveFilter], kept: Sequence[ActiveFilter]) -> tuple[str, ActiveFilter] | None:
    """(group column, sliced filter) when the sizes of `parts` among the rows passing `kept` may be split from the
    kept value's group sizes: a column then a filter, one kept filter of one value on `WHOLE_FILTERS`."""
    if len(parts) != 2 or len(kept) != 1:
        return None
    column, part = parts
    keep = kept[0]
    if not isinstance(column, str) or not isinstance(part, ActiveFilter):
        return None
    if keep.attribute not in WHOLE_FILTERS or len(keep.values) != 1:
        return None
    return column, part


def can_split(people: ApplicantCodes, column: str, rows: int, kept: int, selected: int) -> bool:
    """True when `split_sizes` gains over counting directly the sizes of `column`'s slices among `kept` of `rows`
    rows, `selected` of them selected: the column has `alone` marks, the kept rows are many and the selected few."""
    return column in people.alone and _SPLIT_SHARE * kept >= rows and _SELECTED_SHARE * selected <= kept


def split_sizes(
    people: ApplicantCodes,
    group: Key,
    sliced: Key,
    selected: np.ndarray,
    index: Rows,
    kept: np.ndarray,
    union: pl.DataFrame,
) -> pl.DataFrame:
    """`slice_sizes(frame, people, (column, F), (K,))` from `union` (`slice_sizes` of (column,) among the rows K keeps):
    `group` is the column's key kept with `people`, `selected` per row of the frame whether K keeps it and F selects
    it, `index` those rows as `rows_of(selected)` gives them, `sliced` F's slices key at those rows, `kept` per row
    whether K keeps it (`can_split` said yes).

    The selected rows are picked by mask where they are not very few (`rows_of`): numbering a field's 743,000 rows
    within the United States (7 % of 10,000,000) cost ~10 ms; only the pairs looked up below are numbered. Each
    pass over every row counts (~1-2 ms at 10,000,000): the rows are numbered once, and the rest's rows not alone are
    found in two passes."""
    alone = people.alone[group.name]
    widths = [group.values.len(), sliced.values.len()]
    here = people.subset(index, [group.name])
    lone = here.alone[group.name]
    applications, applicants = _sizes_with_alone([here.keys[group.name], sliced], widths, here, None, lone)
    applications, applicants = applications.reshape(widths), applicants.reshape(widths)
    totals = _union_sizes(group, union)
    applications[:, -1] = totals[0] - applications[:, :-1].sum(axis=1)
    within = np.bincount(pick(here.keys[group.name].codes, rows_of(lone)), minlength=widths[0])
    # The selected rows not alone: from their numbers when they are few (a country within a field), else one pass.
    mine = index[~lone] if isinstance(index, np.ndarray) else np.flatnonzero(selected & ~alone)
    others = np.bitwise_or(selected, alone)
    np.greater(kept, others, out=others)  # K's rows neither selected nor alone
    within += _pairs_within(people, group, mine, others)
    applicants[:, -1] = totals[1] - within
    return restore_text(_sizes_frame([group, sliced], widths, applications.ravel(), applicants.ravel()))


def _union_sizes(group: Key, union: pl.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """(applications, applicants) per code of `group` from `union`'s rows (a value missing there: none)."""
    names = restore_text(group.values.to_frame(), [group.name]).with_row_index("_code")
    joined = names.join(union, on=group.name, how="inner", nulls_equal=True)
    codes = joined["_code"].to_numpy().astype(np.int64)
    width = group.values.len()
    applications, applicants = np.zeros(width, dtype=np.int64), np.zeros(width, dtype=np.int64)
    applications[codes] = joined["applications"].to_numpy()
    applicants[codes] = joined["applicants"].to_numpy()
    return applications, applicants


def _pairs_within(people: ApplicantCodes, group: Key, mine: np.ndarray, others: np.ndarray) -> np.ndarray:
    """Per code of `group`, the distinct (value, applicant) pairs of the rows `mine` (row numbers, those with an id)
    that no row `others` marks has: a pair of several rows either has one there or has all its kept rows here."""
    width = group.values.len()
    mine = mine[people.codes.take(mine) < people.count]
    if mine.size == 0:
        return np.zeros(width, dtype=np.int64)
    count = np.int64(people.count)
    # Distinct pairs and the membership test hashed by polars (in any order: only their counts per group are read),
    # not sorted by numpy's `unique` and `isin` (a field within the United States: ~40 % of the checks' time).
    pairs = pl.Series(group.codes.take(mine).astype(np.int64) * count + people.codes.take(mine)).unique()
    applicants = np.zeros(people.count + 1, dtype=bool)
    applicants[pairs.to_numpy() % count] = True
    # Only the rows `others` marks (a field's rest within the United States, not alone: ~15 % of the frame) are read,
    # then those of the same applicants kept: a lookup of every row's applicant read 10,000,000 (~30 -> ~12 ms).
    rows = rows_of(others)
    codes = pick(people.codes, rows)
    same = np.flatnonzero(applicants.take(codes))
    theirs = pick(group.codes, rows).take(same).astype(np.int64) * count + codes.take(same)
    lone = pairs.filter(~pairs.is_in(pl.Series(theirs).implode())).to_numpy()
    counted: np.ndarray = np.bincount(lone // count, minlength=width)
    return counted
