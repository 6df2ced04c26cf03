"""A view's rows and their applicant codes, kept for the last few filter sets of each frame (issue 9).

A rate view's rows are found by its filters (two passes over every application for a field and a country, then a
numbering of the rows) and their applicant codes and keys gathered; its total is counted over them. A new grouping of
the same filters (Acceptance rates by company, then by region), and the Overview's offer rate of the filters a rate
view showed, ask for the same rows and the same total: kept here for the last `KEPT` filter sets of each frame's codes,
they are gathered and counted once. At a field and the United States (1.6 million of 10 million applications) an
entry holds ~15 MB; `derived` values (the view's stage ranks and cluster sums, analytics/coded_clusters.py) are kept
with the subset they are of, for as long as it lives.
"""

from __future__ import annotations

import threading
import weakref
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from analytics.applicant_sizes import ApplicantCodes
from analytics.row_picks import Rows, pick
from analytics.slice_filters import ActiveFilter
from analytics.slice_keys import FilterRows

KEPT = 2  # filter sets kept per frame: the view shown and the one before it
T = TypeVar("T")


@dataclass(frozen=True, eq=False)
class ViewRows:
    """The rows a filter set keeps (`index`: row numbers or a mask, as `pick` reads them) and their applicant codes
    (`rows`, with the keys gathered so far: `keyed` adds more)."""

    index: Rows
    rows: ApplicantCodes

    def keyed(self, people: ApplicantCodes, columns: Sequence[str]) -> ApplicantCodes:
        """`rows`, with the keys (and `alone` marks) of `columns` that `people` holds gathered to them. Adding to the
        shared subset is safe across threads: a race gathers a key twice, to the same value."""
        for column in columns:
            if column in people.keys and column not in self.rows.keys:
                self.rows.keys[column] = people.keys[column].gathered(self.index)
            if column in people.alone and column not in self.rows.alone:
                self.rows.alone[column] = pick(people.alone[column], self.index)
        return self.rows


_LOCK = threading.Lock()
_KEPT_VIEWS: weakref.WeakKeyDictionary[ApplicantCodes, dict[frozenset[ActiveFilter], ViewRows]] = (
    weakref.WeakKeyDictionary()
)
_DERIVED: weakref.WeakKeyDictionary[ApplicantCodes, dict[str, Any]] = weakref.WeakKeyDictionary()


def view_rows(
    people: ApplicantCodes, view: FilterRows, filters: Sequence[ActiveFilter], columns: Sequence[str]
) -> ViewRows:
    """The rows of `view`'s frame that pass `filters` (at least one) and their codes with the keys of `columns`
    (`people`: the frame's codes), found once for the last `KEPT` filter sets asked of these codes."""
    token = frozenset(filters)
    with _LOCK:
        kept = _KEPT_VIEWS.setdefault(people, {})
        found = kept.get(token)
    if found is None:
        index = view.rows(filters)
        found = ViewRows(index, people.subset(index, []))
        with _LOCK:
            found = kept.setdefault(token, found)  # a race keeps the first
            kept[token] = kept.pop(token)  # the newest last
            while len(kept) > KEPT:
                kept.pop(next(iter(kept)))
    found.keyed(people, columns)
    return found


def derived(rows: ApplicantCodes, name: str, compute: Callable[[], T]) -> T:
    """`compute()` for these codes (a view's subset), once while they live: their stage ranks and cluster sums are
    the same for every grouping of the view. Two threads asking at once may both compute it (the same value)."""
    with _LOCK:
        values = _DERIVED.setdefault(rows, {})
        if name in values:
            return values[name]  # type: ignore[no-any-return]
    value = compute()
    with _LOCK:
        return values.setdefault(name, value)  # type: ignore[no-any-return]
