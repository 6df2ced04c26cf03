"""A filter's slices whose applicants only need comparing with the minimum group size, counted exactly only where the
comparison is in doubt (issue 9).

The checks of a view with two or more filters (analytics/differencing.py `coded_parts`) ask each filter F's slices,
in total and per group, among the rows the other filters K keep: `sizes((F,), F)` and `sizes((by, F), F)` with K
kept. Those sizes serve one test only: whether a slice holds no application, fewer than the minimum, or at least the
minimum (analytics/disclosure.py `small_slices`; `hide_linked` and `small_part` compare a largest part with it too).
Counting their distinct applicants exactly reads every row K keeps: a large country keeps 8.4 million of
10,000,000, and the (group, applicant) pairs among them are sorted or looked up (50-90 ms a view).

No applicant has more than `most` of a group's rows (`ApplicantCodes.most_rows`: per value of a column with `alone`
marks, counted once by the warm-up, e.g. 2-9 per company at 10,000,000 applications; else the most rows of any
applicant), so a slice of n applications of that group holds at least ceil(n / most) distinct applicants: from
n >= most x minimum on it is not small, whatever its exact count. So:

- the applications of every slice are counted: the selected values' on the rows F selects among K's, the rest's as
  the group's applications among K's rows (`union`, counted for the view without F anyway) minus those;
- the distinct applicants are counted, on their own rows, only for the slices that bound leaves in doubt (some
  applications, fewer than most x minimum): a company's few rows of a field outside the United States, say;
- every other slice's applicants is that bound: a number at least the minimum, and never above the exact count.

Where the slices in doubt hold many rows (an applicant with thousands of applications makes every bound weak), the
sizes are counted by the exact paths instead (`_DOUBT_ROWS`).

So every decision made from these sizes is the one made from exact counts (tests/analytics/test_slice_bounded.py
compares both, and the views' hidden groups). The numbers are never shown: a view's own groups and totals, and the
groups of the views without a filter (whose applicants order the complementary suppression), are always counted
exactly. Rows without an applicant id would weaken the bound (their applications are no one's); such frames are
counted exactly.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes, Key, _combined, _sizes, _sizes_frame
from analytics.row_picks import Rows, pick, rows_of
from analytics.slice_filters import ActiveFilter
from analytics.slice_keys import FilterRows, part_key_at
from analytics.slice_split import _union_sizes
from data_loaders.compact import restore_text

_MARKED_REST = 8  # a rest of more than 1 in this many rows is narrowed to its groups in doubt before it is picked
# Rows in doubt beyond this many (an applicant with thousands of applications makes every bound weak): counted exactly
# by the other paths instead (a sort of this many pairs already costs what a split of the whole view does, ~50 ms).
_DOUBT_ROWS = 500_000


def bounded_source(parts: Sequence[str | ActiveFilter], kept: Sequence[ActiveFilter]) -> bool:
    """True when `bounded_sizes` counts the sizes of `parts` among the rows passing `kept`: a filter's slices, in total
    or per value of one column, among the rows of one or more other filters (with none kept, the sizes are over every
    application: the warm-up counts those exactly, once)."""
    if not kept or not parts or len(parts) > 2 or not isinstance(parts[-1], ActiveFilter):
        return False
    return all(isinstance(part, str) for part in parts[:-1])


def bounded_sizes(
    frame: pl.DataFrame,
    people: ApplicantCodes,
    parts: tuple[str | ActiveFilter, ...],
    kept: tuple[ActiveFilter, ...],
    floor: int,
    union: pl.DataFrame,
    view: FilterRows | None = None,
) -> pl.DataFrame | None:
    """`slice_sizes(frame, people, parts, kept)` with each slice's applicants exact where they are under `floor` (the
    minimum group size) or where the bound leaves that in doubt, else a lower bound that is at least `floor`.

    `parts` is (F,) or (column, F) (`bounded_source`); `union` is `slice_sizes(frame, people, parts[:-1], kept)`, the
    sizes of the rows K keeps per value of the column (or in total). None when `frame` has rows without an applicant id
    (then counted exactly), or when the slices in doubt hold more than `_DOUBT_ROWS` rows. `view`: the rows of the
    view's filter sets, when the caller has them (each set is then found once per view)."""
    if people.count == 0 or people.rows_per_code()[-1]:
        return None
    *columns, part = parts
    assert isinstance(part, ActiveFilter)
    group = people.key(frame, str(columns[0])) if columns else None
    view = view or FilterRows(frame, people)
    index = view.rows((*kept, part))
    keys = [*([group.gathered(index)] if group else []), _chosen_slices(frame, people, part, index)]
    widths = [key.values.len() for key in keys]
    combined = _combined(keys, widths, None, keys[-1].codes.size)
    applications = np.bincount(combined, minlength=int(np.prod(widths))).reshape(-1, widths[-1])
    whole = _union_sizes(group, union)[0] if group else np.array([_total(union)], dtype=np.int64)
    applications[:, -1] = whole - applications[:, :-1].sum(axis=1)
    most = people.most_rows(group.name if group else None)
    applicants = -(-applications // np.maximum(most, 1)[:, np.newaxis])  # at least this many distinct applicants
    doubt = (applications > 0) & (applicants < floor)
    if int(applications[doubt].sum()) > _DOUBT_ROWS:
        return None
    if doubt[:, :-1].any():  # selected slices in doubt: counted on their rows among the chosen ones
        rows = np.flatnonzero(doubt.ravel().take(combined))
        codes = (
            people.codes.take(index.take(rows)) if isinstance(index, np.ndarray) else pick(people.codes, index)[rows]
        )
        counted = _sizes(combined.take(rows), doubt.size, codes, people.count)[1].reshape(doubt.shape)
        np.copyto(applicants, counted, where=doubt & (np.arange(doubt.shape[1]) < doubt.shape[1] - 1))
    if doubt[:, -1].any():  # rests in doubt: counted on K's unselected rows of their groups
        counted = _rest_applicants(people, group, doubt[:, -1], view.without(kept, part))
        np.copyto(applicants[:, -1], counted, where=doubt[:, -1])
    return restore_text(_sizes_frame(keys, widths, applications.ravel(), applicants.ravel()))


def _chosen_slices(frame: pl.DataFrame, people: ApplicantCodes, part: ActiveFilter, index: Rows) -> Key:
    """`part_key_at(frame, people, part, index)` for rows `part` selects: with one value, every one is its first slice,
    and no row's value is read."""
    if len(part.values) > 1:
        return part_key_at(frame, people, part, index)
    empty = part_key_at(frame, people, part, np.zeros(0, dtype=np.int64))
    size = index.size if isinstance(index, np.ndarray) else int(index.sum())
    return Key(empty.name, np.zeros(size, dtype=empty.codes.dtype), empty.values)


def _rest_applicants(people: ApplicantCodes, group: Key | None, doubt: np.ndarray, rest: np.ndarray) -> np.ndarray:
    """Per group (one with no column), the distinct applicants of the rows `rest` holds (`FilterRows.without`: their
    numbers, or a Boolean mask per row), counted on the rows of the groups `doubt` marks only. A mask is picked first
    where it keeps a small part of the frame (a country's rows outside it within a field), else marked by its groups
    first (the rest of a field within a large country); numbers are narrowed to those groups before any code is read."""
    rows: Rows = rest
    if rest.dtype == np.bool_:
        if group is not None and _MARKED_REST * np.count_nonzero(rest) > rest.size:
            rest &= group.selects(doubt)
        rows = rows_of(rest)
    if group is None:
        codes = pick(people.codes, rows)
        return _sizes(np.zeros(codes.size, dtype=np.int64), 1, codes, people.count)[1]
    values = pick(group.codes, rows)
    inside = np.flatnonzero(doubt.take(values))
    codes = people.codes.take(rows.take(inside)) if isinstance(rows, np.ndarray) else pick(people.codes, rows)[inside]
    counted: np.ndarray = _sizes(values.take(inside).astype(np.int64), doubt.size, codes, people.count)[1]
    return counted


def _total(union: pl.DataFrame) -> int:
    """The applications of a one-row sizes frame with no key (none when it has no row)."""
    return int(union["applications"].sum() or 0)
