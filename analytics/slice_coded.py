"""The sizes `view_guard` reads, counted on integer codes of each column and applicant (analytics/applicant_sizes.py)
rather than by polars group-bys (`differencing.polars_parts`, the reference): the same frames, each through the
caller's memo, and the warm-up's preparation of the ones the views one choice away read."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes, grouped_sizes
from analytics.filters import FilterSpec
from analytics.row_picks import rows_of
from analytics.slice_bounded import bounded_sizes, bounded_source
from analytics.slice_complement import complement_sizes
from analytics.slice_filters import ActiveFilter, Memo, active_filters
from analytics.slice_keys import FilterRows, part_key, part_key_at, passing_rows
from analytics.slice_split import can_split, split_sizes, split_source
from analytics.slice_whole import whole_source
from data_loaders.compact import restore_text

_FEW_ROWS = 4  # rows kept by fewer than 1 in this many: keys gathered to them first (as `_sizes_with_alone` does)


def _direct(function: Callable[..., pl.DataFrame], /, *args: Any) -> pl.DataFrame:
    """`function(*args)`, unmemoised (no memo given)."""
    return function(*args)


def slice_sizes(
    frame: pl.DataFrame, people: ApplicantCodes, parts: tuple[str | ActiveFilter, ...], kept: tuple[ActiveFilter, ...]
) -> pl.DataFrame:
    """[a column per part (a filter's: `_slice`)..., applications, applicants] per combination of `parts` among the
    rows passing every filter in `kept`: one of the sizes `view_guard` reads, as `polars_parts` gives it.

    A function of its arguments only, so a memo serves it to every view that reads it: the views of one filter
    set grouped otherwise, the Overview's headline check of the same filters, the warm-up's."""
    rows = passing_rows(frame, people, kept)
    if rows is not None and _FEW_ROWS * np.count_nonzero(rows) < rows.size:
        # Few rows kept (a country, or a field with a second filter): their keys, a filter's slices among them, are
        # read at those rows only, not over every row (a slice key of 10,000,000 rows: ~10 ms).
        index = rows_of(rows)  # their numbers, or a mask when they are not very few
        columns = [part for part in parts if isinstance(part, str)]
        for column in columns:
            people.key(frame, column)
        kept_rows = people.subset(index, columns)
        keys = [
            kept_rows.keys[part] if isinstance(part, str) else part_key_at(frame, people, part, index) for part in parts
        ]
        return restore_text(grouped_sizes(keys, kept_rows, None))
    keys = [part_key(frame, people, part) for part in parts]
    if rows is not None and len(parts) == 1 and isinstance(parts[0], ActiveFilter):  # a filter's slices alone
        counted = complement_sizes(keys[0], people, rows, kept)
        if counted is not None:
            return restore_text(counted)
    return restore_text(grouped_sizes(keys, people, rows))


def _split(
    frame: pl.DataFrame,
    people: ApplicantCodes,
    column: str,
    part: ActiveFilter,
    keep: ActiveFilter,
    union: Callable[[], pl.DataFrame],
    view: FilterRows | None = None,
) -> pl.DataFrame | None:
    """`slice_sizes(frame, people, (column, part), (keep,))` split from `union()` (the sizes per value of `column` among
    the rows `keep` keeps: analytics/slice_split.py); None when it would not gain (then counted directly). `view`: the
    rows of the view's filter sets (found here when not given)."""
    if column not in people.alone:
        return None
    people.key(frame, column)
    view = view or FilterRows(frame, people)
    kept = view.passing((keep,))
    count = int(np.count_nonzero(kept))
    if not can_split(people, column, kept.size, count, 0):
        return None
    both = view.passing((keep, part))
    # Counted before the rows are numbered: a filter selecting most of K's rows (the United States within a field)
    # is counted directly, and numbering its rows first cost ~5 ms for nothing.
    if not can_split(people, column, kept.size, count, int(np.count_nonzero(both))):
        return None
    index = view.rows((keep, part))
    sliced = part_key_at(frame, people, part, index)
    return split_sizes(people, people.keys[column], sliced, both, index, kept, union())


def coded_parts(
    frame: pl.DataFrame,
    by: str | None,
    filters: list[ActiveFilter],
    others: dict[str, list[ActiveFilter]],
    people: ApplicantCodes,
    memo: Memo | None = None,
    floor: int | None = None,
    view: FilterRows | None = None,
) -> list[pl.DataFrame]:
    """What `polars_parts` gives for rows with applicant ids (the same frames, rows in another order), counted on
    integer codes of each column and applicant (analytics/applicant_sizes.py) instead of hashed per group; each
    part through `memo` (`slice_sizes`), when given. With `floor` (the minimum group size the checks compare with), a
    filter's slices among other filters' rows count their applicants exactly only where that comparison is in doubt
    (analytics/slice_bounded.py): every decision is the same, and those numbers are never shown. `view`: the rows of the
    view's filter sets (the caller's, or found here once each)."""
    ask = memo or _direct
    view = view or FilterRows(frame, people)

    def sizes(parts: tuple[str | ActiveFilter, ...], *cleared: ActiveFilter) -> pl.DataFrame:
        kept = tuple(item for item in filters if item not in cleared)
        whole = whole_source(parts, kept)  # rows of sizes over every application (analytics/slice_whole.py)
        if whole is not None:
            return whole[1](ask(slice_sizes, frame, people, whole[0], ()))
        if floor is not None and bounded_source(parts, kept):  # the group's sizes, then its slices' applications
            bounded = bounded_sizes(frame, people, parts, kept, floor, sizes(parts[:-1], *cleared), view)
            if bounded is not None:
                return bounded
        split = split_source(parts, kept)  # split from the kept value's group sizes (analytics/slice_split.py)
        if split is not None:
            found = _split(frame, people, *split, kept[0], lambda: sizes((split[0],), *cleared), view)
            if found is not None:
                return found
        result: pl.DataFrame = ask(slice_sizes, frame, people, parts, kept)
        return result

    found = []
    for item in filters:
        found.append(sizes((item,), item))
        if by:
            found.append(sizes((by, item), item))
    for column in [None, by] if by else [None]:
        for item in filters:
            grouped = column or item.column
            found += [sizes((grouped,), item), sizes((), item)]
            for other in others[item.attribute]:
                found.append(sizes((grouped, other), item, other))
    return found


def prepare_slices(
    frame: pl.DataFrame, spec: FilterSpec, columns: Sequence[str], people: ApplicantCodes, memo: Memo
) -> int:
    """Ask `memo` for the sizes, per value of each of `columns` and slice of each filter of `spec`, that the views one
    choice away read and that count the most rows (with one filter: all of them, ~0.1-0.3 s each at 10,000,000):
    `spec` grouped by any of `columns` (`coded_parts`' `sizes((by, item), item)`), and `spec` with a second filter on
    any of them (its `sizes((other.column, item), other, item)`), `spec`'s own total checks (with one value, a second
    filter's checks read their sizes from these: analytics/slice_whole.py), and the view without each filter grouped
    by any of them (`sizes((by,), item)`, rule 3b). The same calls as `coded_parts`, so a view asks the memo for
    exactly these; returns how many were asked."""
    filters = active_filters(spec, frame.columns)
    asked = 0
    for item in filters:
        kept = tuple(other for other in filters if other is not item)
        # Its slices of the total and the view without it (by its column, in total: shared by its every value), which
        # this view's own checks read (a country alone on the Overview) and a second filter's read from them; then
        # per column its slices, and the view without it grouped so (rule 3b).
        grouped = [(column, item) for column in columns] + [(column,) for column in columns]
        for parts in dict.fromkeys([(item,), (item.column,), (), *grouped]):
            memo(slice_sizes, frame, people, parts, kept)
            asked += 1
    return asked
