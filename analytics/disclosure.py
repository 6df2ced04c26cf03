"""Disclosure control for grouped outcome counts: small groups are hidden, and so is what would give them away.

The rule, applied to every grouping a page, chart, download or report shows:
1. **Primary suppression.** A group is hidden when it holds fewer than `min_group` distinct applicants
   or fewer than `min_group` applications (applicants only where the data carry applicant ids).
2. **Complementary suppression.** Groups are ordered from smallest (applicants, then applications, then
   their key). The hidden groups are the shortest run from the smallest that covers every primary group
   *and* holds at least two groups *and* together at least `min_group` applications. So subtracting the
   shown groups from the view's total reveals only the sum of two or more hidden groups, itself as large
   as any group we would show; when exactly one group is under the minimum, the next-smallest is hidden too.
3. **Totals.** A view whose total holds fewer than `min_group` applicants or applications is withheld
   whole (funnel included). The total depends on the filters only, never on the grouping, so no two
   groupings of one filter can be played against each other. When no protecting run exists (all groups
   are hidden and the rows with no group value, e.g. no region, are what makes the total large enough),
   every group is hidden and the number of rows with no group value is not stated.

Because the hidden run only grows as `min_group` grows, comparing the same view at two thresholds
reveals nothing either, and the pattern depends on group sizes only, so switching between the offer
and the interview rate hides the same groups. What this does not cover: differencing two *different*
filters (e.g. a search text with and without one more letter) can isolate small sets of
applications; only noise, not suppression, can prevent that, and the README says so.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.formatting import plural


@dataclass(frozen=True)
class Suppression:
    """Which groups of a view are hidden, and why."""

    hidden: np.ndarray  # bool per group, in the frame's row order
    n_primary: int  # under the minimum group size
    n_complementary: int  # hidden so the others cannot be worked out
    total_withheld: bool  # the view as a whole is under the minimum: its total is withheld
    unprotectable: bool = False  # every group is hidden and still one could be worked out from the total


def suppress_groups(
    applications: np.ndarray, applicants: np.ndarray | None, min_group: int, *,
    total_applications: int, total_applicants: int | None,
) -> Suppression:
    """The hidden groups of one view (sizes per group, same order as the frame) under the documented rule."""
    applications = np.asarray(applications, dtype=np.int64)
    size = np.asarray(applicants, dtype=np.int64) if applicants is not None else applications
    count = applications.size
    primary = (applications < min_group) | (size < min_group)
    n_primary = int(primary.sum())
    small_view = total_applications < min_group or (total_applicants is not None and total_applicants < min_group)
    hidden = np.zeros(count, dtype=bool)
    if small_view:
        hidden[:] = True
        return Suppression(hidden, n_primary, count - n_primary, True)
    if n_primary == 0:
        return Suppression(hidden, 0, 0, False)
    # Smallest first; the frame position breaks ties, so the order is reproducible.
    order = np.lexsort((np.arange(count), applications, size))
    # Every primary group sorts before every shown one (applicants <= applications, both compared to min_group).
    running = np.cumsum(applications[order])
    length = n_primary
    while length <= count and (length < 2 or running[length - 1] < min_group):
        length += 1
    hidden[order[: min(length, count)]] = True
    return Suppression(hidden, n_primary, int(hidden.sum()) - n_primary, False, length > count)


def suppress_frame(
    groups: pl.DataFrame, min_group: int, *, total_applications: int, total_applicants: int | None,
) -> tuple[pl.DataFrame, Suppression]:
    """(the shown rows of `groups`, the suppression), for a frame with `applications` and maybe `applicants`."""
    applicants = groups.get_column("applicants").to_numpy() if "applicants" in groups.columns else None
    result = suppress_groups(groups.get_column("applications").to_numpy(), applicants, min_group,
                             total_applications=total_applications, total_applicants=total_applicants)
    return groups.filter(pl.Series(~result.hidden)), result


def describe_suppression(
    n_primary: int, n_complementary: int, min_group: int, group_word: str, *, applicant_aware: bool,
    total_withheld: bool = False,
) -> str:
    """The sentence a page shows under a grouping: how many groups are hidden and why ('' when none)."""
    hidden = n_primary + n_complementary
    if hidden == 0:
        return ""
    size = "applicants or applications" if applicant_aware else "applications"
    verb = "is" if hidden == 1 else "are"
    text = f"{plural(hidden, group_word + ' group')} {verb} hidden"
    reasons = []
    if n_primary:
        reasons.append(f"{n_primary:,} with fewer than {min_group:,} {size}")
    if n_complementary:
        reasons.append(f"{n_complementary:,} more so that no hidden group can be worked out by subtracting the shown "
                       "ones from the total")
    text += ": " + ", and ".join(reasons) + "."
    if total_withheld:
        text += " The total of this view is withheld too, since it would give a hidden group away."
    return text
