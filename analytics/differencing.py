"""Differencing across views a link can reach: the filter slices that analytics/disclosure.py checks.

An outcome view is a set of filters (field, company, term, country, region) and a grouping. Changing one
filter in the URL opens another view, and subtracting one view's numbers from the other's could reveal a
group this one hides. The rule (the README's "Honest statistics" and the report's methodology say it too):

- **Slices.** For each filter F that narrows the outcomes, every number the view shows (each group, the
  applications with no group value, the total) is split into F's slices: each selected value on its own,
  and the rest (what clearing F adds back). Any change of F alone changes the number by a sum of whole
  slices, so every slice must hold no application or at least the minimum applicants and applications.
  A group with a small slice is hidden; a total with one withholds the view. The hidden groups' sum must
  pass the same test slice by slice (disclosure.py keeps hiding until it does).
- **Splitting the hidden groups of the view without F.** The view without F, grouped by F's column
  (country filters group by region), hides some values; its total minus its shown groups is their sum.
  This view's total, minus those shown groups that it selects, is the sum of the hidden values it selects.
  Both parts, selected and not, must hold no application or at least the minimum; otherwise the total is
  withheld.

Free-text search does not narrow outcomes: one more letter can single out any few applications, and no
suppression rule can stop that.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes, Key, applicant_codes, grouped_sizes
from analytics.disclosure import FilterSlices, small_slices, suppress_groups
from analytics.disclosure_linked import HiddenWithout, hidden_without, small_part
from analytics.filter_keys import OUTCOME_FILTERS
from analytics.filters import FilterSpec
from analytics.intervals import has_applicant_ids
from analytics.outcome_filters import outcome_filter_expr
from data_loaders.compact import restore_text

# FilterSpec attribute -> (plain name, outcome column), from analytics/filter_keys.py, in the order the checks run.
# The column is also what the view without the filter is grouped by when checking that the filter does not split
# its hidden groups (country filters: by region).
SLICED_FILTERS: dict[str, tuple[str, str]] = {
    item.attribute: (item.name, str(item.outcome_column)) for item in OUTCOME_FILTERS
}
_SLICE = "_slice"
Memo = Callable[..., Any]  # `memo(function, *args)`: the caller's memo of a module-level function's result


@dataclass(frozen=True)
class ActiveFilter:
    """One set filter that narrows outcomes: its attribute, name, column and selected values."""

    attribute: str
    name: str
    column: str
    values: tuple[str, ...]

    def slice_expr(self) -> pl.Expr:
        """The slice of each row: the index of its selected value, or len(values) for the rest (null included)."""
        source = pl.col(self.column)
        if self.attribute == "countries":
            source = source.str.split("-").list.first()
        rest = len(self.values)
        return (
            source.replace_strict(list(self.values), list(range(rest)), default=rest, return_dtype=pl.Int32)
            .fill_null(rest)
            .alias(_SLICE)
        )

    def selects(self, column_values: pl.Series) -> np.ndarray:
        """True where a value of `self.column` passes this filter (null never does)."""
        source = column_values.str.split("-").list.first() if self.attribute == "countries" else column_values
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
            rows, cols = joined["_row"].to_numpy(), joined[_SLICE].to_numpy()
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


def _without(spec: FilterSpec, *filters: ActiveFilter) -> FilterSpec:
    """`spec` with these filters cleared."""
    cleared: dict[str, Any] = {item.attribute: () for item in filters}
    return dataclasses.replace(spec, **cleared)


def _rows(base: pl.LazyFrame, columns: Sequence[str], spec: FilterSpec) -> pl.LazyFrame:
    """The (narrow, lazy) rows passing `spec`'s outcome filters."""
    keep = outcome_filter_expr(spec, columns)
    return base if keep is None else base.filter(keep)


def _sizes(frame: pl.LazyFrame, keys: list[str], *, counts: bool, ids: bool) -> pl.LazyFrame:
    """Applications (and distinct applicants, where ids are known) per combination of `keys`."""
    if counts:
        aggs = [pl.col("applications").sum().cast(pl.Int64).alias("applications")]
    else:
        aggs = [pl.len().cast(pl.Int64).alias("applications")]
        if ids:
            aggs.append(pl.col("applicant_id").drop_nulls().n_unique().cast(pl.Int64).alias("applicants"))
    return frame.group_by(keys).agg(aggs) if keys else frame.select(aggs)


def _matrix(groups: pl.DataFrame, key: str, frame: pl.DataFrame, name: str, width: int) -> FilterSlices:
    """Slices of `frame` ([key, _slice, sizes]) aligned to the rows of `groups`."""
    return ViewGuard(key, ((name, width, frame),), True, ()).group_slices(groups)[0]


def _hidden_plans(
    base: pl.LazyFrame,
    columns: Sequence[str],
    spec: FilterSpec,
    item: ActiveFilter,
    others: list[ActiveFilter],
    *,
    counts: bool,
    ids: bool,
    column: str | None = None,
) -> list[pl.LazyFrame]:
    """The sizes the view without `item`, grouped by `column` (default: its own column), needs: groups, total, then
    one per other filter."""
    column = column or item.column
    rows = _rows(base, columns, _without(spec, item))
    plans = [_sizes(rows, [column], counts=counts, ids=ids), _sizes(rows, [], counts=counts, ids=ids)]
    for other in others:
        narrowed = _rows(base, columns, _without(spec, item, other)).with_columns(other.slice_expr())
        plans.append(_sizes(narrowed, [column, _SLICE], counts=counts, ids=ids))
    return plans


def _hidden_without(
    parts: list[pl.DataFrame],
    item: ActiveFilter,
    others: list[ActiveFilter],
    min_group: int,
    *,
    ids: bool,
    by: str = "",
) -> tuple[pl.DataFrame, np.ndarray] | None:
    """(groups, hidden mask) of the view without `item` grouped by `by` (default: its column); None when withheld."""
    column = by or item.column
    groups, total, *sliced = parts
    groups = groups.sort(column, nulls_last=True)
    if groups.height == 0:
        return None
    slices = [
        _matrix(groups, column, part, other.name, len(other.values) + 1)
        for other, part in zip(others, sliced, strict=False)
    ]
    result = suppress_groups(
        groups["applications"].to_numpy(),
        groups["applicants"].to_numpy() if ids else None,
        min_group,
        total_applications=int(total["applications"][0] or 0),
        total_applicants=int(total["applicants"][0] or 0) if ids else None,
        slices=slices,
    )
    return None if result.total_withheld else (groups, result.hidden)


def view_guard(
    frame: pl.DataFrame,
    spec: FilterSpec,
    by: str | None,
    min_group: int,
    *,
    people: ApplicantCodes | None = None,
    memo: Memo | None = None,
) -> ViewGuard:
    """The filter slices of the view (`frame` filtered by `spec`, grouped by `by`) and whether its total may show.

    `frame` is the unfiltered outcome rows, or aggregated counts holding `by` and every filter column;
    with `by` None only the total is checked (a headline rate). `people`: the applicant codes of `frame`'s rows
    (analytics/applicant_sizes.py), when the caller holds them for another frame with the same rows; `memo` keeps
    the sizes counted with them (`slice_sizes`), which other views read too.
    """
    counts = "stage" not in frame.columns and "applications" in frame.columns
    ids = not counts and has_applicant_ids(frame)
    filters = active_filters(spec, frame.columns)
    if not filters:
        return ViewGuard(by, (), True, ())
    others = {item.attribute: [other for other in filters if other is not item] for item in filters}
    if ids:  # applicant-aware sizes counted with integer codes, not hashed per group
        parts = coded_parts(frame, by, filters, others, people or applicant_codes(frame), memo)
    else:
        parts = polars_parts(frame, spec, by, filters, others, counts=counts, ids=False)
    collected = iter(parts)
    slices, reasons = [], []
    for item in filters:
        per_total = next(collected)
        width = len(item.values) + 1
        if by:
            slices.append((item.name, width, next(collected)))
        total = _total_slices(per_total, item.name, width)
        if small_slices(total, min_group).any():
            reasons.append(
                f"changing the {item.name} filter would change the total by fewer than {min_group:,} "
                "applicants or applications"
            )
    for item in filters:
        parts = [next(collected) for _ in range(2 + len(others[item.attribute]))]
        hidden = _hidden_without(parts, item, others[item.attribute], min_group, ids=ids)
        if hidden is None:
            continue
        groups, mask = hidden
        selected = item.selects(groups[item.column])
        if small_part(groups, mask & selected, min_group) or small_part(groups, mask & ~selected, min_group):
            reasons.append(
                f"without the {item.name} filter, rates by {item.column} hide some groups, and this "
                "total would single out a small part of them"
            )
    without = _without_views(collected, by, filters, others, min_group, ids) if by else []
    return ViewGuard(by, tuple(slices), not reasons, tuple(dict.fromkeys(reasons)), tuple(without))


def _without_views(
    collected: Iterator[pl.DataFrame], by: str, filters: list[ActiveFilter], others: Others, min_group: int, ids: bool
) -> list[HiddenWithout]:
    """Rule 3b's views: per filter, the view without it grouped by `by`, where it hides groups."""
    found = []
    for item in filters:
        parts = [next(collected) for _ in range(2 + len(others[item.attribute]))]
        hidden = _hidden_without(parts, item, others[item.attribute], min_group, ids=ids, by=by)
        linked = hidden_without(item.name, by, *hidden) if hidden is not None else None
        found += [linked] if linked is not None else []
    return found


def polars_parts(
    frame: pl.DataFrame,
    spec: FilterSpec,
    by: str | None,
    filters: list[ActiveFilter],
    others: dict[str, list[ActiveFilter]],
    *,
    counts: bool,
    ids: bool,
) -> list[pl.DataFrame]:
    """The sizes `view_guard` reads, in its order, by polars group-bys (counts, rows without ids; the reference for
    `coded_parts`): per filter its slices of the total (and of each group), then the view without it."""
    # Only the columns the checks read, lazily: no filtered copy of millions of wide rows is ever made.
    needed = {by, *(item.column for item in filters)} - {None}
    needed |= {"applications"} if counts else ({"applicant_id"} if ids else set())
    base = frame.lazy().select([column for column in frame.columns if column in needed])
    if ids:  # hash the ids once: every distinct count below is then over integers
        ident = pl.col("applicant_id")
        base = base.with_columns(pl.when(ident.is_not_null()).then(ident.hash()).alias("applicant_id"))
    columns = frame.columns
    plans = []
    for item in filters:
        rows = _rows(base, columns, _without(spec, item)).with_columns(item.slice_expr())
        plans.append(_sizes(rows, [_SLICE], counts=counts, ids=ids))
        if by:
            plans.append(_sizes(rows, [by, _SLICE], counts=counts, ids=ids))
    for item in filters:
        plans += _hidden_plans(base, columns, spec, item, others[item.attribute], counts=counts, ids=ids)
    for item in filters if by else []:
        plans += _hidden_plans(base, columns, spec, item, others[item.attribute], counts=counts, ids=ids, column=by)
    # One collect: the engine shares the scans of the unfiltered rows between all these group-bys.
    # Compact group keys (data_loaders/compact.py) back to strings: the view's groups hold strings.
    return [restore_text(part) for part in pl.collect_all(plans)]


def _direct(function: Callable[..., pl.DataFrame], /, *args: Any) -> pl.DataFrame:
    """`function(*args)`, unmemoised (no memo given)."""
    return function(*args)


def passing_rows(frame: pl.DataFrame, people: ApplicantCodes, filters: Sequence[ActiveFilter]) -> np.ndarray | None:
    """Per row of `frame`, whether it passes every filter in `filters` (null never passes), read from the integer
    keys kept with `people` (its codes of `frame`'s rows); None with no filter. `outcome_filter_expr`'s rows."""
    mask = None
    for item in filters:
        key = people.key(frame, item.column)
        passes = key.selects(item.selects(key.values))  # a new array: the key's codes are never changed
        if mask is None:
            mask = passes
        else:
            mask &= passes
    return mask


def _part_key(frame: pl.DataFrame, people: ApplicantCodes, part: str | ActiveFilter) -> Key:
    """A column's key, or a filter's slices (its selected values one by one, then the rest) as a key."""
    if isinstance(part, str):
        return people.key(frame, part)
    column = people.key(frame, part.column)
    return column.mapped(_SLICE, column.values.to_frame().select(part.slice_expr()).to_series(), len(part.values) + 1)


def slice_sizes(
    frame: pl.DataFrame, people: ApplicantCodes, parts: tuple[str | ActiveFilter, ...], kept: tuple[ActiveFilter, ...]
) -> pl.DataFrame:
    """[a column per part (a filter's: `_slice`)..., applications, applicants] per combination of `parts` among the
    rows passing every filter in `kept`: one of the sizes `view_guard` reads, as `polars_parts` gives it.

    A function of its arguments only, so a memo serves it to every view that reads it: the views of one filter
    set grouped otherwise, the Overview's headline check of the same filters, the warm-up's."""
    keys = [_part_key(frame, people, part) for part in parts]
    return restore_text(grouped_sizes(keys, people, passing_rows(frame, people, kept)))


def coded_parts(
    frame: pl.DataFrame,
    by: str | None,
    filters: list[ActiveFilter],
    others: dict[str, list[ActiveFilter]],
    people: ApplicantCodes,
    memo: Memo | None = None,
) -> list[pl.DataFrame]:
    """What `polars_parts` gives for rows with applicant ids (the same frames, rows in another order), counted on
    integer codes of each column and applicant (analytics/applicant_sizes.py) instead of hashed per group; each
    part through `memo` (`slice_sizes`), when given."""
    ask = memo or _direct

    def sizes(parts: tuple[str | ActiveFilter, ...], *cleared: ActiveFilter) -> pl.DataFrame:
        kept = tuple(item for item in filters if item not in cleared)
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
    any of them (its `sizes((other.column, item), other, item)`), and the view without each filter grouped by any of
    them (`sizes((by,), item)`, rule 3b). The same calls as `coded_parts`, so a view asks the memo for exactly these;
    returns how many were asked."""
    filters = active_filters(spec, frame.columns)
    for item in filters:
        kept = tuple(other for other in filters if other is not item)
        for column in columns:
            memo(slice_sizes, frame, people, (column, item), kept)
            memo(slice_sizes, frame, people, (column,), kept)  # the view without it grouped so (rule 3b)
    return 2 * len(filters) * len(columns)


def _total_slices(per_total: pl.DataFrame, name: str, width: int) -> FilterSlices:
    """One row of slices for a view's total."""
    index = per_total[_SLICE].to_numpy()
    applications = np.zeros((1, width), dtype=np.int64)
    applications[0, index] = per_total["applications"].to_numpy()
    applicants = None
    if "applicants" in per_total.columns:
        applicants = np.zeros((1, width), dtype=np.int64)
        applicants[0, index] = per_total["applicants"].to_numpy()
    return FilterSlices(name, applications, applicants)
