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

from collections.abc import Iterator

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes, applicant_codes
from analytics.disclosure import FilterSlices, small_slices, suppress_groups
from analytics.disclosure_linked import HiddenWithout, hidden_without, small_part
from analytics.filters import FilterSpec
from analytics.intervals import has_applicant_ids
from analytics.outcome_filters import Columns, outcome_filter_expr
from analytics.slice_coded import coded_parts as coded_parts
from analytics.slice_coded import prepare_slices as prepare_slices
from analytics.slice_coded import slice_sizes as slice_sizes
from analytics.slice_filters import SLICE, ActiveFilter, Memo, Others, ViewGuard, active_filters, without_filters
from analytics.slice_filters import SLICED_FILTERS as SLICED_FILTERS
from analytics.slice_keys import FilterRows
from analytics.slice_keys import filter_key as filter_key
from analytics.slice_keys import passing_rows as passing_rows
from data_loaders.compact import restore_text

__all__ = [
    "SLICED_FILTERS",
    "ActiveFilter",
    "Memo",
    "ViewGuard",
    "active_filters",
    "coded_parts",
    "filter_key",
    "passing_rows",
    "polars_parts",
    "prepare_slices",
    "slice_sizes",
    "view_guard",
]


def _rows(base: pl.LazyFrame, columns: Columns, spec: FilterSpec) -> pl.LazyFrame:
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
    columns: Columns,
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
    rows = _rows(base, columns, without_filters(spec, item))
    plans = [_sizes(rows, [column], counts=counts, ids=ids), _sizes(rows, [], counts=counts, ids=ids)]
    for other in others:
        narrowed = _rows(base, columns, without_filters(spec, item, other)).with_columns(other.slice_expr(columns))
        plans.append(_sizes(narrowed, [column, SLICE], counts=counts, ids=ids))
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
    rows: FilterRows | None = None,
) -> ViewGuard:
    """The filter slices of the view (`frame` filtered by `spec`, grouped by `by`) and whether its total may show.

    `frame` is the unfiltered outcome rows, or aggregated counts holding `by` and every filter column;
    with `by` None only the total is checked (a headline rate). `people`: the applicant codes of `frame`'s rows
    (analytics/applicant_sizes.py), when the caller holds them for another frame with the same rows; `memo` keeps
    the sizes counted with them (`slice_sizes`), which other views read too; `rows` the rows of the view's filter sets
    (analytics/slice_keys.py `FilterRows`) when the caller found them for the view's own rows.
    """
    counts = "stage" not in frame.columns and "applications" in frame.columns
    ids = not counts and has_applicant_ids(frame)
    filters = active_filters(spec, frame.columns)
    if not filters:
        return ViewGuard(by, (), True, ())
    others = {item.attribute: [other for other in filters if other is not item] for item in filters}
    if ids:  # applicant-aware sizes counted with integer codes, not hashed per group
        parts = coded_parts(frame, by, filters, others, people or applicant_codes(frame), memo, min_group, rows)
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
    columns = frame.schema  # the filters read a Categorical region's prefix from its categories
    plans = []
    for item in filters:
        rows = _rows(base, columns, without_filters(spec, item)).with_columns(item.slice_expr(columns))
        plans.append(_sizes(rows, [SLICE], counts=counts, ids=ids))
        if by:
            plans.append(_sizes(rows, [by, SLICE], counts=counts, ids=ids))
    for item in filters:
        plans += _hidden_plans(base, columns, spec, item, others[item.attribute], counts=counts, ids=ids)
    for item in filters if by else []:
        plans += _hidden_plans(base, columns, spec, item, others[item.attribute], counts=counts, ids=ids, column=by)
    # One collect: the engine shares the scans of the unfiltered rows between all these group-bys.
    # Compact group keys (data_loaders/compact.py) back to strings: the view's groups hold strings.
    return [restore_text(part) for part in pl.collect_all(plans)]


def _total_slices(per_total: pl.DataFrame, name: str, width: int) -> FilterSlices:
    """One row of slices for a view's total."""
    index = per_total[SLICE].to_numpy()
    applications = np.zeros((1, width), dtype=np.int64)
    applications[0, index] = per_total["applications"].to_numpy()
    applicants = None
    if "applicants" in per_total.columns:
        applicants = np.zeros((1, width), dtype=np.int64)
        applicants[0, index] = per_total["applicants"].to_numpy()
    return FilterSlices(name, applications, applicants)
