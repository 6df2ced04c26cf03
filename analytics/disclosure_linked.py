"""Rule 3b of analytics/disclosure.py: a view must not undo the complementary suppression of the view without a filter.

A view V with a filter F, grouped by a column, and the view V' without F, grouped the same way, are one link apart.
V' hides some groups H' (small ones and their complements), and its total minus its shown groups is their sum. V
shows, for a group g of H', g's selected part (g in V' minus g's rest slice). So subtracting V's shown groups of
H' from H''s sum leaves Q: the groups of H' that V hides too (whole, as V' has them) plus the rest slices of the
groups of H' that V shows. When Q holds some but fewer than the minimum applications (or, where applicant ids are
known, when none of its parts holds the minimum applicants), a small group could be worked out: with F selecting
every company, say, V equals V' but may choose another complement. V then hides its shown groups of H' as well,
so Q becomes H''s whole sum, which V' made safe; hiding more never breaks the other rules (each group V shows has
slices of zero or at least the minimum, so the hidden sums' slices stay so).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.disclosure import FilterSlices

_HIDDEN = "_hidden_without"


@dataclass(frozen=True)
class HiddenWithout:
    """The view without one filter, grouped as this view is: its groups' sizes and which of them it hides."""

    name: str  # the filter's plain name, as in this view's FilterSlices
    by: str
    groups: pl.DataFrame  # [by, applications, (applicants), _hidden_without], one row per group, null included
    hidden_applications: int  # the sum of its hidden groups, which its total minus its shown groups reveals


@dataclass(frozen=True)
class LinkedGroups:
    """One `HiddenWithout` aligned to this view's groups (the frame's rows, the no-value group last)."""

    in_hidden: np.ndarray  # bool per group: the view without the filter hides it
    outside_applications: int  # applications of the hidden groups this view does not have at all
    outside_applicants: int  # the largest of their applicant counts (0 without applicant ids)
    whole_applicants: np.ndarray  # per group: its applicants in the view without the filter
    rest_applications: np.ndarray  # per group: its rest slice of the filter (what clearing it adds back)
    rest_applicants: np.ndarray | None
    hidden_applications: int


def hidden_without(name: str, by: str, groups: pl.DataFrame, hidden: np.ndarray) -> HiddenWithout | None:
    """The view without filter `name`, grouped by `by` (`groups`, sorted as the rate table orders them, no value
    last) with its `hidden` groups under the same rule; None when it hides none."""
    if not hidden.any():
        return None
    applications = int(groups["applications"].to_numpy()[hidden].sum())
    return HiddenWithout(name, by, groups.with_columns(pl.Series(_HIDDEN, hidden)), applications)


def hide_more(
    without: Sequence[HiddenWithout], sizes: pl.DataFrame, slices: Sequence[FilterSlices], min_group: int
) -> Callable[[np.ndarray], bool] | None:
    """Rule 3b for this view's groups `sizes` (the rate table's order, no value last) and their filter `slices`, as
    `suppress_groups`' `hide_more`; None when no view without a filter hides a group."""
    if not without:
        return None
    by_name = {item.name: item for item in slices}
    linked = [align(item, sizes, by_name[item.name]) for item in without]
    applications = sizes["applications"].to_numpy()
    return lambda hidden: hide_linked(hidden, applications, linked, min_group)


def align(linked: HiddenWithout, sizes: pl.DataFrame, rest: FilterSlices) -> LinkedGroups:
    """`linked` for this view's groups `sizes` ([by, applications, ...], the rate table's order), with this view's
    slices of the same filter `rest` (its last column is the rest)."""
    other = linked.groups
    joined = sizes.select(linked.by).with_row_index("_row").join(other, on=linked.by, how="left", nulls_equal=True)
    joined = joined.sort("_row")
    in_hidden = joined[_HIDDEN].fill_null(False).to_numpy()
    ids = "applicants" in other.columns
    whole = joined["applicants"].fill_null(0).to_numpy() if ids else np.zeros(sizes.height, dtype=np.int64)
    values = other[linked.by]
    present = values.is_in(sizes[linked.by].drop_nulls().implode()).fill_null(False).to_numpy()
    if sizes[linked.by].null_count():
        present |= values.is_null().to_numpy()
    outside = other.filter(pl.Series(~present) & pl.col(_HIDDEN))
    return LinkedGroups(
        in_hidden,
        int(outside["applications"].sum() or 0),
        int(outside["applicants"].to_numpy().max()) if ids and outside.height else 0,
        whole,
        rest.applications[:, -1],
        rest.applicants[:, -1] if rest.applicants is not None else None,
        linked.hidden_applications,
    )


def hide_linked(hidden: np.ndarray, applications: np.ndarray, linked: list[LinkedGroups], min_group: int) -> bool:
    """Hide (in place) this view's shown groups of a `linked` view's hidden set wherever what is left of that set
    after subtracting them (Q above) is small; True when it hid any."""
    changed = False
    for item in linked:
        shown = item.in_hidden & ~hidden
        if not shown.any():
            continue
        left = item.hidden_applications - int(applications[shown].sum())
        if left <= 0:
            continue
        small = left < min_group
        if not small and item.rest_applicants is not None:
            # Distinct applicants do not subtract: the largest of Q's parts is what Q surely holds.
            parts = [item.outside_applicants, *item.whole_applicants[item.in_hidden & hidden]]
            parts += [*item.rest_applicants[shown]]
            small = max(parts) < min_group
        if small:
            hidden |= shown
            changed = True
    return changed


def small_part(groups: pl.DataFrame, part: np.ndarray, min_group: int) -> bool:
    """True when the groups in `part` hold some but fewer than `min_group` applications, or (where applicant ids are
    known) none of them holds `min_group` applicants: their union may then be fewer people (counted conservatively,
    since distinct applicants do not add up across groups)."""
    applications = int(groups["applications"].to_numpy()[part].sum())
    if applications == 0:
        return False
    if applications < min_group:
        return True
    return "applicants" in groups.columns and int(groups["applicants"].to_numpy()[part].max()) < min_group
