"""A view's outcome filters as integer keys of the rows (issue 9): which rows pass them, and a filter's slices (its
selected values one by one, then the rest) as a key, read from the keys kept with the applicant codes
(analytics/applicant_sizes.py). The checks' sizes (analytics/slice_coded.py, slice_bounded.py) and the Overview's
offer rate pick their rows with these."""

from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.applicant_sizes import COUNTRY_KEY, ApplicantCodes, Key
from analytics.row_picks import Rows, rows_of
from analytics.slice_filters import SLICE, ActiveFilter


def passing_rows(frame: pl.DataFrame, people: ApplicantCodes, filters: Sequence[ActiveFilter]) -> np.ndarray | None:
    """Per row of `frame`, whether it passes every filter in `filters` (null never passes), read from the integer
    keys kept with `people` (its codes of `frame`'s rows); None with no filter. `outcome_filter_expr`'s rows (read-only:
    `FilterRows.passing` of a view that asks once)."""
    return FilterRows(frame, people).passing(filters) if filters else None


def passes(frame: pl.DataFrame, people: ApplicantCodes, item: ActiveFilter) -> np.ndarray:
    """Per row, whether it passes `item` (a new array: the key's codes are never changed)."""
    key = filter_key(frame, people, item)
    return key.selects(item.selects(key.values))


def passes_at(frame: pl.DataFrame, people: ApplicantCodes, item: ActiveFilter, rows: np.ndarray) -> np.ndarray:
    """`passes` at the rows numbered `rows` only: per one of them, whether it passes `item`."""
    key = filter_key(frame, people, item)
    return key.gathered(rows).selects(item.selects(key.values))


def filter_key(frame: pl.DataFrame, people: ApplicantCodes, item: ActiveFilter) -> Key:
    """The key `item` selects on: its column's, or for a country filter the region's country prefix (a few values:
    one comparison per row picks a country, where a lookup of every region's would gather a byte per row)."""
    return people.key(frame, COUNTRY_KEY if item.attribute == "countries" else item.column)


def part_key(frame: pl.DataFrame, people: ApplicantCodes, part: str | ActiveFilter) -> Key:
    """A column's key, or a filter's slices (its selected values one by one, then the rest) as a key."""
    if isinstance(part, str):
        return people.key(frame, part)
    return slice_key(filter_key(frame, people, part), part)


def part_key_at(frame: pl.DataFrame, people: ApplicantCodes, part: ActiveFilter, index: Rows) -> Key:
    """`part_key` of a filter at the rows `index` names only (row numbers or a mask: `pick`)."""
    return slice_key(filter_key(frame, people, part).gathered(index), part)


def slice_key(column: Key, part: ActiveFilter) -> Key:
    """A filter's slices (its selected values one by one, then the rest) as a key, from the key it selects on."""
    values = column.values.alias(part.column).to_frame()  # the slice expression reads the filter's column
    return column.mapped(SLICE, values.select(part.slice_expr()).to_series(), len(part.values) + 1)


class FilterRows:
    """The rows passing filters of one frame, each set computed once for the life of this object: a view's rows and
    its checks' slices (analytics/rate_view.py, slice_bounded.py) ask the same few sets (a field, a country, both)
    several times; each is a pass over every row (~2 ms at 10,000,000) and a numbering or mask of its rows. Kept only
    while one view is computed (never shared: 10 MB a set at 10,000,000 rows). The arrays are read-only."""

    def __init__(self, frame: pl.DataFrame, people: ApplicantCodes) -> None:
        self.frame, self.people = frame, people
        self._passing: dict[frozenset[ActiveFilter], np.ndarray] = {}
        self._rows: dict[frozenset[ActiveFilter], Rows] = {}

    def passing(self, filters: Sequence[ActiveFilter]) -> np.ndarray:
        """`passing_rows(frame, people, filters)` for one or more filters."""
        key = frozenset(filters)
        found = self._passing.get(key)
        if found is None:
            items = sorted(key, key=lambda item: item.attribute)
            found = passes(self.frame, self.people, items[0]) if len(items) == 1 else None
            if found is None:
                found = np.logical_and(self.passing(items[:1]), self.passing(items[1:]))
            found.flags.writeable = False
            self._passing[key] = found
        return found

    def rows(self, filters: Sequence[ActiveFilter]) -> Rows:
        """`rows_of(self.passing(filters))`: the same rows, found from a field's rows where a field filter keeps few
        (`_indexed`)."""
        key = frozenset(filters)
        found = self._rows.get(key)
        if found is None:
            indexed = self._indexed(filters)
            found = self._rows[key] = rows_of(self.passing(filters)) if indexed is None else indexed
        return found

    def without(self, kept: Sequence[ActiveFilter], part: ActiveFilter) -> np.ndarray:
        """The rows passing every filter in `kept` but not `part` (a null of `part`'s column never passes it): their
        numbers (ascending) read at `kept`'s rows where `rows` numbers those (a field's, `_indexed`: ~1.9 million at
        10,000,000 rows), else a new Boolean mask per row (numpy; `passing`'s masks of both sets, then a third)."""
        found = self.rows(kept)
        if isinstance(found, np.ndarray):
            rest: np.ndarray = np.compress(~passes_at(self.frame, self.people, part, found), found)
            return rest
        marked: np.ndarray = np.greater(self.passing(kept), self.passing((*kept, part)))
        return marked

    def _indexed(self, filters: Sequence[ActiveFilter]) -> np.ndarray | None:
        """The row numbers passing `filters` (ascending), read from the rows of the chosen values of an indexed column
        (`value_rows`, when prepared for these codes) and the other filters' keys at those rows only, when that filter keeps at most
        `INDEXED_SHARE` of the rows; else None. A field and a country at 10,000,000 applications: a gather of ~1.6
        million bytes instead of three passes over every row and a numbering of them."""
        item = next((item for item in filters if item.column in INDEXED), None)  # a country filter reads the region
        index = None if item is None else kept_value_rows(self.people, item.column)
        if item is None or index is None:
            return None
        key = filter_key(self.frame, self.people, item)
        chosen = np.flatnonzero(item.selects(key.values))
        if index.size(chosen) > INDEXED_SHARE * self.frame.height:
            return None
        rows = index.of(chosen)
        for other in sorted(set(filters) - {item}, key=lambda each: each.attribute):
            rows = np.compress(passes_at(self.frame, self.people, other, rows), rows)
        return rows


INDEXED = ("field",)  # outcome columns whose rows are kept grouped by value: 40 MB each at 10,000,000 rows
INDEXED_SHARE = 0.25  # a filter on an indexed column finds its rows there when it keeps at most this share of them


@dataclass(frozen=True)
class ValueRows:
    """A column's rows grouped by value: `order` holds the row numbers of value 0, then value 1, ... (ascending
    within each), and value v's are `order[starts[v]:starts[v + 1]]`."""

    order: np.ndarray
    starts: np.ndarray

    def size(self, chosen: np.ndarray) -> int:
        """How many rows the values `chosen` (codes) hold."""
        return int((self.starts.take(chosen + 1) - self.starts.take(chosen)).sum())

    def of(self, chosen: np.ndarray) -> np.ndarray:
        """The row numbers of the values `chosen` (codes), ascending."""
        parts = [self.order[self.starts[value] : self.starts[value + 1]] for value in chosen.tolist()]
        if not parts:
            return np.zeros(0, dtype=self.order.dtype)
        return parts[0] if len(parts) == 1 else np.sort(np.concatenate(parts))


_VALUE_ROWS: weakref.WeakKeyDictionary[ApplicantCodes, dict[str, ValueRows]] = weakref.WeakKeyDictionary()
_VALUE_ROWS_LOCK = threading.Lock()


def kept_value_rows(people: ApplicantCodes, column: str) -> ValueRows | None:
    """`value_rows` of these codes' frame, if it was prepared (a view never sorts a column itself: codes computed for
    one view, such as a rate view called without the memo's, would pay ~0.2 s and 120 MB for it)."""
    with _VALUE_ROWS_LOCK:
        return _VALUE_ROWS.get(people, {}).get(column)


def value_rows(frame: pl.DataFrame, people: ApplicantCodes, column: str) -> ValueRows | None:
    """The rows of `frame` grouped by their value of `column` (one of `INDEXED`; None for another), computed once per
    frame's codes and kept with them (a stable sort of its key: ~0.2 s at 10,000,000 rows, which the warm-up pays
    for the dataset's codes: dashboard/outcome_views.py `prepare_filter_checks`)."""
    if column not in INDEXED or column not in frame.columns:
        return None
    with _VALUE_ROWS_LOCK:
        found = _VALUE_ROWS.setdefault(people, {}).get(column)
    if found is None:
        key = people.key(frame, column)
        order = np.argsort(key.codes, kind="stable").astype(np.int32 if frame.height < 2**31 else np.int64)
        starts = np.zeros(key.values.len() + 1, dtype=np.int64)
        np.cumsum(np.bincount(key.codes, minlength=key.values.len()), out=starts[1:])
        order.flags.writeable = False
        found = ValueRows(order, starts)
        with _VALUE_ROWS_LOCK:
            found = _VALUE_ROWS.setdefault(people, {}).setdefault(column, found)
    return found
