"""One view of outcome rates, as the Acceptance rates page and the report show it: funnel, rates by group, ranking.

Everything a view shows comes from here, so its disclosure control is decided once: the funnel total
is withheld when it would reveal a hidden group, and every grouping follows analytics/disclosure.py.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics import formatting as fmt
from analytics.applicant_sizes import ApplicantCodes, applicant_codes
from analytics.differencing import Memo, active_filters, view_guard
from analytics.filters import FilterSpec
from analytics.intervals import has_applicant_ids
from analytics.outcome_counts import with_derived
from analytics.outcome_filters import (
    describe_outcome_scope,
    filter_outcomes,
    outcome_filter_columns,
)
from analytics.rates import Guard, RateTable, acceptance_rates, as_counts, funnel, funnel_from_totals, gpa_band, ranked
from analytics.row_picks import frame_rows
from analytics.slice_keys import FilterRows
from analytics.view_subsets import view_rows

CountOutcomes = Callable[[tuple[str, ...]], pl.DataFrame]
CodeApplicants = Callable[[pl.DataFrame], ApplicantCodes]
_CHECKS = ThreadPoolExecutor(max_workers=2, thread_name_prefix="insights-checks")  # two cores: one view's, another's


@dataclass(frozen=True)
class RateView:
    """The funnel (None when withheld), the rates by group, the selectivity ranking and the scope sentence."""

    funnel: pl.DataFrame | None
    table: RateTable
    ranking: RateTable
    n_applications: int  # applications passing the filters that apply to outcomes
    scope: str

    @property
    def withheld_note(self) -> str:
        """Why the funnel is missing ('' when it is shown)."""
        if self.funnel is not None or self.n_applications == 0:
            return ""
        reasons = "; ".join(self.table.withheld_reasons)
        if reasons and self.n_applications >= self.table.min_group:
            return (
                f"The funnel is withheld: showing the total of these {self.n_applications:,} applications would "
                f"give a small group away ({reasons})."
            )
        return (
            f"The funnel is withheld: these {self.n_applications:,} applications come from fewer than "
            f"{self.table.min_group:,} applicants, or showing their total would give a hidden group away."
        )


def rate_view(
    outcomes: pl.DataFrame,
    spec: FilterSpec,
    by: str,
    *,
    min_group: int = 10,
    rate: str = "offer",
    k: int = 10,
    count_outcomes: CountOutcomes | None = None,
    code_applicants: CodeApplicants | None = None,
    memo: Memo | None = None,
) -> RateView:
    """The rates view of `outcomes` under `spec`, grouped `by`; `count_outcomes(keys)` may serve memoised counts,
    `code_applicants(outcomes)` memoised applicant codes (analytics/applicant_sizes.py), `memo` the sizes the
    filter checks count with them (analytics/differencing.py `slice_sizes`, which other views share).

    With applicant ids the filtered rows are used (group sizes in distinct applicants, clustered
    intervals); aggregated counts are narrowed as counts.
    """
    filter_columns = outcome_filter_columns(spec, outcomes.columns)
    people = rows = view_rows = None
    if has_applicant_ids(outcomes):
        # Applicants as integer codes, once per frame (memoised): with a filter set, the filter checks and the
        # clustered counts then count instead of hashing. Without one the view has no checks and the hashed
        # counts are as fast, so a first view does not pay for the codes.
        people = (code_applicants or applicant_codes)(outcomes) if filter_columns else None
        if people is not None:
            source = outcomes  # the checks read the keys kept with the codes (a derived `by` too)
            view_rows = FilterRows(outcomes, people)  # the rows of each filter set, found once for rows and checks
            narrowed, rows = _coded_rows(outcomes, spec, by, people, view_rows)
        else:
            source = (
                outcomes.with_columns(gpa_band())
                if by == "gpa_band" and "gpa_band" not in outcomes.columns
                else outcomes
            )
            # Only the columns the rates read: filtering the wide frame (16 columns, a list among them) costs more.
            narrowed = source.select([column for column in (by, "applicant_id", "stage", "gpa") if column in source])
        total = outcomes.height
    else:
        count = count_outcomes or (lambda keys: as_counts(outcomes, list(keys)))
        source = count(tuple(dict.fromkeys([by, *filter_columns])))
        narrowed = filter_outcomes(source, spec)
        # Null keys are groups of their own here, so the unfiltered groups add up to every application:
        # no second pass over the rows for the total.
        total = int(source.get_column("applications").sum() or 0)
    # The checks against the views one filter change away (analytics/differencing.py).
    # With applicant codes the checks (numpy over the rows' keys) run on a worker beside the rate table's counts,
    # which they do not read; the table asks for them once it has counted (on two cores ~20 ms sooner at a field and
    # the United States). An exception in the checks is raised here, as before.
    checks = functools.partial(view_guard, source, spec, by, min_group, people=people, memo=memo, rows=view_rows)
    guard: Guard = _CHECKS.submit(checks).result if people is not None else checks()
    table = acceptance_rates(narrowed, by, min_group=min_group, rate=rate, guard=guard, people=rows)
    steps = funnel_from_totals(table.view_totals, clustered=True) if table.view_totals is not None else funnel(narrowed)
    n_shown = int(steps["count"][0])
    scope = describe_outcome_scope(spec, outcomes.columns, n_shown, total)
    return RateView(None if table.total_withheld else steps, table, ranked(table, by, k), n_shown, scope)


def _coded_rows(
    outcomes: pl.DataFrame, spec: FilterSpec, by: str, people: ApplicantCodes, view: FilterRows
) -> tuple[pl.DataFrame, ApplicantCodes | None]:
    """(the rows of the view, their applicant codes with the keys of `by` and the stage), the rows selected on the
    integer keys kept with `people` (`filter_outcomes`' rows, without reading text); no codes when no row of the
    view has an applicant id (the rates are then counted as applications only, from the same columns as before)."""
    filters = active_filters(spec, outcomes.columns)
    for column in (by, "stage"):
        people.key(outcomes, column)
    if filters:  # kept for the last few filter sets: another grouping of the same view gathers only its key
        found = view_rows(people, view, filters, [by, "stage"])
        index, rows = found.index, found.rows
    else:
        index = np.arange(outcomes.height)
        rows = people.subset(index, [by, "stage"])
    if not bool((rows.codes < rows.count).any()):
        read = dict.fromkeys([by, "applicant_id", "stage", "gpa", *outcome_filter_columns(spec, outcomes.columns)])
        source = with_derived(outcomes.select([column for column in read if column in outcomes.columns]), [by])
        return frame_rows(source.select([column for column in read if column in source.columns]), index), None
    # The clustered counts read the keys gathered above (`by` and the stage, a derived GPA band too) and of the rows'
    # frame only its height: it carries no values (~6 ms of gathering two columns at a field and the United States).
    return _carrier([by, "stage"], rows.codes.size), rows


def _carrier(columns: list[str], height: int) -> pl.DataFrame:
    """A frame of `height` rows whose `columns` hold no values (polars' Null type keeps no buffer): what stands for a
    view's rows where the counts read their keys from the applicant codes and only the height from the frame."""
    return pl.DataFrame([pl.repeat(None, height, dtype=pl.Null, eager=True).alias(column) for column in columns])


@dataclass(frozen=True)
class HeadlineGuard:
    """Whether a view's total (a headline rate such as the Overview's offer rate) may be shown, and why not."""

    shown: bool
    reason: str  # '' when shown


def headline_guard(
    outcomes: pl.DataFrame,
    spec: FilterSpec,
    min_group: int,
    *,
    applications: int,
    applicants: int | None,
    count_outcomes: CountOutcomes | None = None,
    code_applicants: CodeApplicants | None = None,
    memo: Memo | None = None,
    rows: FilterRows | None = None,
) -> HeadlineGuard:
    """The rules a rate view applies to its total, for a rate shown alone (`applications`, `applicants`: its size);
    the hooks as for `rate_view`; `rows`: the rows of the view's filter sets, when the caller found them for its
    counts (analytics/overview.py `offer_headline`)."""
    if applications < min_group or (applicants is not None and applicants < min_group):
        return HeadlineGuard(False, f"fewer than {min_group:,} applicants or applications" if applications else "")
    filter_columns = outcome_filter_columns(spec, outcomes.columns)
    people = None
    if has_applicant_ids(outcomes):
        source = outcomes
        people = (code_applicants or applicant_codes)(outcomes) if filter_columns else None  # no filter: no checks
    else:
        count = count_outcomes or (lambda keys: as_counts(outcomes, list(keys)))
        source = count(tuple(filter_columns))
    guard = view_guard(source, spec, None, min_group, people=people, memo=memo, rows=rows)
    if guard.total_ok:
        return HeadlineGuard(True, "")
    return HeadlineGuard(False, "withheld: " + "; ".join(guard.reasons))


def _labels(successes: pl.Series, totals: pl.Series, low: pl.Series, high: pl.Series) -> tuple[list[str], list[str]]:
    """Per row: the share read from its counts ('5.1 %') and the interval ('3.1–6.0 %'), by the one formatter."""
    shares = [
        fmt.share(int(s or 0), int(t or 0), 1) for s, t in zip(successes.to_list(), totals.to_list(), strict=False)
    ]
    intervals = [fmt.interval(lo, hi) for lo, hi in zip(low.to_list(), high.to_list(), strict=False)]
    return shares, intervals


def rate_display(frame: pl.DataFrame, by: str, group_label: str, success_word: str) -> pl.DataFrame:
    """A rate table (already aggregated, a row per shown group) as the page shows it: every percent written by
    analytics/formatting.py, so a rate reads the same here, in charts, in the report and in downloads."""
    shares, intervals = _labels(frame["successes"], frame["n"], frame["low"], frame["high"])
    columns: dict[str, pl.Series | list[str]] = {
        group_label: frame[by].cast(pl.String),
        "Rate": shares,
        f"{success_word.capitalize()} of applications": [
            f"{s:,} of {n:,}" for s, n in zip(frame["successes"], frame["n"], strict=False)
        ],
        "95 % CI": intervals,
        "Applications (n)": frame["n"],
    }
    if "applicants" in frame.columns:
        per_person, person_intervals = _labels(
            frame["applicants_with_success"], frame["applicants"], frame["applicant_low"], frame["applicant_high"]
        )
        columns |= {
            "Applicants (n)": frame["applicants"],
            "Rate per applicant": per_person,
            "Applicants with one or more": [
                f"{s:,} of {n:,}" for s, n in zip(frame["applicants_with_success"], frame["applicants"], strict=False)
            ],
            "Per applicant: 95 % CI": person_intervals,
            "Design effect": frame["design_effect"].round(2),
        }
    return pl.DataFrame(columns)


def rate_export(frame: pl.DataFrame, display: pl.DataFrame | None = None) -> pl.DataFrame:
    """The numeric rate table plus the same rate and interval as text, exactly as the page writes them; `display`:
    `rate_display(frame, ...)` when the caller has it (its texts are then read, not written again)."""
    if display is None:
        shares, intervals = _labels(frame["successes"], frame["n"], frame["low"], frame["high"])
    else:
        shares, intervals = display["Rate"].to_list(), display["95 % CI"].to_list()
    return frame.with_columns(
        pl.Series("rate_text", shares, dtype=pl.String), pl.Series("interval_text", intervals, dtype=pl.String)
    )
