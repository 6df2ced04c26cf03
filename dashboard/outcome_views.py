"""The memoised outcome views the pages show, as one call each, so a page and the background warm-up
(dashboard/warmup.py) ask the memo for exactly the same thing: the hooks (memoised counts and applicant codes) and
`outcome_spec` (what outcomes see of the filters) are chosen here, once. The rate views and the Overview's check
share the sizes their filter checks count (`memo`: analytics/differencing.py `slice_sizes`), so a view of the same
filters grouped otherwise, the Overview's check after the page's (or the warm-up's), counts only what is new."""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

import polars as pl

from analytics import overview, rates
from analytics.differencing import SLICED_FILTERS, prepare_slices
from analytics.filters import FilterSpec
from analytics.intervals import has_applicant_ids
from analytics.outcome_filters import outcome_spec
from analytics.rate_view import RateView, rate_view
from analytics.slice_keys import INDEXED, value_rows
from dashboard import report_html, state
from dashboard.report_sections import ReportSection


def rates_view(dataset: state.Dataset, spec: FilterSpec, by: str, *, min_group: int, rate: str) -> RateView:
    """The Acceptance rates view of the dataset's outcomes under `spec`, grouped `by` (a listing-only filter's value
    change reuses it: only its name, which the scope sentence lists, is in the outcome spec)."""
    return state.cached(
        dataset,
        rate_view,
        dataset.outcomes,
        outcome_spec(spec),
        by,
        min_group=min_group,
        rate=rate,
        count_outcomes=state.outcome_counter(dataset),
        code_applicants=state.applicant_coder(dataset),
        memo=state.memo(dataset),
    )


def slice_columns(dataset: state.Dataset) -> tuple[str, ...]:
    """The outcome columns the rate views group by or slice a filter by (their groupings, then the filters')."""
    outcomes = dataset.outcomes
    if outcomes is None:
        return ()
    groups = state.cached(dataset, rates.group_columns, outcomes)
    filtered = [column for _, column in SLICED_FILTERS.values() if column in outcomes.columns]
    return tuple(dict.fromkeys([*groups, *filtered]))


def prepare_filter_checks(dataset: state.Dataset, spec: FilterSpec | None = None) -> None:
    """Prepare, in the background (dashboard/warmup.py), what the filter checks of rate views and of the Overview's
    offer rate count with: the applicant codes and every column's integer key (no `spec`), or the sizes over every
    application that the views one choice away from `spec` read (analytics/differencing.py `prepare_slices`: e.g.
    one field chosen, then grouped by company or a country added), through the memo the views ask."""
    outcomes = dataset.outcomes
    if outcomes is None or not has_applicant_ids(outcomes):
        return
    people = state.applicant_coder(dataset)(outcomes)
    if spec is None:
        people.prepare(outcomes, [*slice_columns(dataset), "stage"])
        for column in INDEXED:  # a field's rows, which a view of a field and another filter starts from
            value_rows(outcomes, people, column)
    else:
        prepare_slices(outcomes, outcome_spec(spec), slice_columns(dataset), people, state.memo(dataset))


def report_sections(
    dataset: state.Dataset, listings: pl.DataFrame, spec: FilterSpec, chosen: Sequence[str], min_group: int
) -> list[ReportSection]:
    """The report's sections for the filtered `listings` (outcome counts shared with the Acceptance rates page)."""
    return state.cached(
        dataset,
        report_html.build_sections,
        listings,
        dataset.outcomes,
        spec,
        chosen=tuple(chosen),
        min_group=min_group,
        count_outcomes=state.outcome_counter(dataset),
        code_applicants=state.applicant_coder(dataset),
        dated_listings=state.filtered_listings(
            dataset, dataclasses.replace(spec, active_only=False), overview.DATED_COLUMNS
        ),
    )
