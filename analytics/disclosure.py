"""Disclosure control for grouped outcome counts: small groups are hidden, and so is what would give them away.

The rule, applied to every grouping a page, chart, download or report shows:
1. **Primary suppression.** A group is hidden when it holds fewer than `min_group` distinct applicants
   or fewer than `min_group` applications (applicants only where the data carry applicant ids).
   Applications with no value for the grouping (e.g. no region) form one more group, never drawn but
   stated as a count, and follow the same rule.
2. **Differencing across filters** (analytics/differencing.py supplies the slices). A link can open the
   same view with one filter changed and subtract. So for every filter F that narrows the outcomes, a
   group (and the total) is split into F's *slices*: each selected value on its own, and the rest (what
   clearing F would add back). Every slice must hold no application or at least `min_group` applicants
   and applications; a group with a smaller slice is hidden, a total with one withholds the view.
3. **Complementary suppression.** Groups are ordered from smallest (applicants, then applications, then
   position). Hidden groups are added from the smallest up until the hidden groups are at least two, hold
   at least `min_group` applications together, and every filter slice of their sum holds none or at least
   `min_group` applications. So subtracting the shown groups from the total (in this view, or between
   this view and the one with a filter changed) reveals only a sum of two or more hidden groups, itself as
   large as a group we would show. When exactly one group is small, the next-smallest is hidden too.
3b. **The view without a filter** (analytics/disclosure_linked.py). The view without filter F, grouped the same
   way, hides some groups; its total minus its shown groups is their sum. Where this view shows some of those
   groups (their selected part) and what is left of that sum is small, this view hides those groups too.
4. **Totals.** A view whose total holds fewer than `min_group` applicants or applications, whose total
   has a small filter slice, or whose total would split the hidden groups of the view without one of its
   filters into a small part (differencing.py) is withheld whole, funnel included; so is a view whose every
   group is hidden without protecting one another (a single group: the total would be that group).

Without filter slices the hidden run is a prefix of the size order, so raising `min_group` only hides
more; the pattern depends on group sizes only, so the offer and the interview rate hide the same groups.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import numpy as np
import polars as pl

from analytics.formatting import plural


@dataclass(frozen=True)
class FilterSlices:
    """One filter's slices of every group of a view: columns are the selected values one by one, then the rest."""

    name: str  # the filter's plain name ("region", "company")
    applications: np.ndarray  # (groups, slices) applications per slice
    applicants: np.ndarray | None = None  # (groups, slices) distinct applicants per slice, where ids are known


@dataclass(frozen=True)
class Suppression:
    """Which groups of a view are hidden, and why."""

    hidden: np.ndarray  # bool per group, in the frame's row order
    n_primary: int  # under the minimum group size
    n_complementary: int  # hidden so the others cannot be worked out
    total_withheld: bool  # the view as a whole is under the minimum: its total is withheld
    unprotectable: bool = False  # every group is hidden and still one could be worked out from the total
    n_differencing: int = 0  # hidden because one of their filter slices is small (a filter change would reveal it)
    filters: tuple[str, ...] = field(default=())  # the filters whose slices hid a group
    primary: np.ndarray | None = None  # bool per group: under the minimum
    sliced: np.ndarray | None = None  # bool per group: a small filter slice


def _small(values: np.ndarray, min_group: int) -> np.ndarray:
    """True where a count is neither zero nor at least the minimum."""
    return (values > 0) & (values < min_group)


def small_slices(slices: FilterSlices, min_group: int) -> np.ndarray:
    """True per group when any of its slices of this filter is small in applications or applicants."""
    small = _small(slices.applications, min_group)
    if slices.applicants is not None:
        small |= _small(slices.applicants, min_group)
    return np.asarray(small.any(axis=1)) if small.ndim == 2 else small


def _protected(hidden: np.ndarray, applications: np.ndarray, slices: Sequence[FilterSlices], min_group: int) -> bool:
    """True when the hidden groups' sum may be revealed: two or more groups, and it and each slice of it are not small."""
    if hidden.sum() < 2 or applications[hidden].sum() < min_group:
        return False
    return not any(_small(s.applications[hidden].sum(axis=0), min_group).any() for s in slices)


def _sliced(slices: Sequence[FilterSlices], min_group: int, primary: np.ndarray) -> tuple[np.ndarray, list[str]]:
    """The groups not small themselves that a filter slice makes small (rule 2), and those filters' names."""
    sliced = np.zeros(primary.size, dtype=bool)
    filters: list[str] = []
    for item in slices:
        small = small_slices(item, min_group) & ~primary
        if small.any():
            filters.append(item.name)
        sliced |= small
    return sliced, filters


def _protect(
    hidden: np.ndarray,
    applications: np.ndarray,
    size: np.ndarray,
    slices: Sequence[FilterSlices],
    min_group: int,
    hide_more: Callable[[np.ndarray], bool] | None,
) -> None:
    """Rule 3, then rule 3b (`hide_more`), in turn until neither hides another group (each only adds hidden ones)."""
    while True:
        if hidden.any():
            _hide_until_protected(hidden, applications, size, slices, min_group)
        if hide_more is None or not hide_more(hidden):
            return


def _hide_until_protected(
    hidden: np.ndarray, applications: np.ndarray, size: np.ndarray, slices: Sequence[FilterSlices], min_group: int
) -> None:
    """Hide more groups in `hidden` (in place), smallest first, until the hidden ones are protected (rule 3)."""
    # Smallest first; the frame position breaks ties, so the order is reproducible.
    order = np.lexsort((np.arange(applications.size), applications, size))
    for index in order:
        if _protected(hidden, applications, slices, min_group):
            break
        hidden[index] = True


def suppress_groups(
    applications: np.ndarray,
    applicants: np.ndarray | None,
    min_group: int,
    *,
    total_applications: int,
    total_applicants: int | None,
    slices: Sequence[FilterSlices] = (),
    total_ok: bool = True,
    hide_more: Callable[[np.ndarray], bool] | None = None,
) -> Suppression:
    """The hidden groups of one view (sizes per group, same order as the frame) under the documented rule.

    `slices` are the view's filter slices per group (rule 2); `total_ok` is False when the total itself
    fails a filter check (rule 4), which withholds the view. `hide_more(hidden)` hides more groups in place
    (rule 3b, analytics/disclosure_linked.py) and says whether it did; it and rule 3 alternate until neither does.
    """
    applications = np.asarray(applications, dtype=np.int64)
    size = np.asarray(applicants, dtype=np.int64) if applicants is not None else applications
    count = applications.size
    primary = (applications < min_group) | (size < min_group)
    sliced, filters = _sliced(slices, min_group, primary)
    n_primary, n_sliced = int(primary.sum()), int(sliced.sum())
    small_view = (
        not total_ok
        or total_applications < min_group
        or (total_applicants is not None and total_applicants < min_group)
    )
    hidden = primary | sliced
    if small_view:
        return Suppression(
            np.ones(count, dtype=bool),
            n_primary,
            count - n_primary - n_sliced,
            True,
            n_differencing=n_sliced,
            filters=tuple(filters),
            primary=primary,
            sliced=sliced,
        )
    if not hidden.any() and hide_more is None:
        return Suppression(hidden, 0, 0, False, primary=primary, sliced=sliced)
    _protect(hidden, applications, size, slices, min_group, hide_more)
    # Every group hidden and still not protected: the total is then the hidden groups' sum (one group, when the
    # rows with no group value are a group too), so the total goes as well.
    unprotectable = bool(hidden.all()) and not _protected(hidden, applications, slices, min_group)
    return Suppression(
        hidden,
        n_primary,
        int(hidden.sum()) - n_primary - n_sliced,
        unprotectable,
        unprotectable,
        n_sliced,
        tuple(filters),
        primary,
        sliced,
    )


def suppress_frame(
    groups: pl.DataFrame,
    min_group: int,
    *,
    total_applications: int,
    total_applicants: int | None,
    slices: Sequence[FilterSlices] = (),
    total_ok: bool = True,
) -> tuple[pl.DataFrame, Suppression]:
    """(the shown rows of `groups`, the suppression), for a frame with `applications` and maybe `applicants`."""
    applicants = groups.get_column("applicants").to_numpy() if "applicants" in groups.columns else None
    result = suppress_groups(
        groups.get_column("applications").to_numpy(),
        applicants,
        min_group,
        total_applications=total_applications,
        total_applicants=total_applicants,
        slices=slices,
        total_ok=total_ok,
    )
    return groups.filter(pl.Series(~result.hidden)), result


def describe_suppression(
    n_primary: int,
    n_complementary: int,
    min_group: int,
    group_word: str,
    *,
    applicant_aware: bool,
    total_withheld: bool = False,
    n_differencing: int = 0,
    filters: Sequence[str] = (),
) -> str:
    """The sentence a page shows under a grouping: how many groups are hidden and why ('' when none)."""
    hidden = n_primary + n_complementary + n_differencing
    if hidden == 0:
        return ""
    size = "applicants or applications" if applicant_aware else "applications"
    verb = "is" if hidden == 1 else "are"
    text = f"{plural(hidden, group_word + ' group')} {verb} hidden"
    reasons = []
    if n_primary:
        reasons.append(f"{n_primary:,} with fewer than {min_group:,} {size}")
    if n_differencing:
        names = " or ".join(dict.fromkeys(filters)) or "a"
        reasons.append(
            f"{n_differencing:,} whose number would change by fewer than {min_group:,} {size} with the "
            f"{names} filter changed, so comparing the two views would reveal a small group"
        )
    if n_complementary:
        reasons.append(
            f"{n_complementary:,} more so that no hidden group can be worked out by subtracting the shown "
            "ones from the total"
        )
    text += ": " + ", and ".join(reasons) + "."
    if total_withheld:
        text += " The total of this view is withheld too, since it would give a hidden group away."
    return text
