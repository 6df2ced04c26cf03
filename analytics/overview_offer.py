"""The Overview's offer rate (issue 9): per application with a clustered interval and per applicant, under the filters
that apply to outcomes, and whether its total may be shown (`offer_headline`: the counts and the disclosure check in
one call, the rows of the view's filter sets found once for both). `overview.overview_kpis` reads its part here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import polars as pl

from analytics.applicant_sizes import ApplicantCodes
from analytics.coded_clusters import coded_view_totals
from analytics.filters import FilterSpec
from analytics.intervals import has_applicant_ids
from analytics.outcome_filters import filter_outcomes, outcome_filter_columns, outcome_filters_applied, outcome_spec
from analytics.rate_view import HeadlineGuard, headline_guard
from analytics.rates import funnel, funnel_from_totals, wilson_interval
from analytics.row_picks import frame_rows
from analytics.slice_filters import Memo, active_filters
from analytics.slice_keys import FilterRows
from analytics.view_subsets import view_rows


@dataclass(frozen=True)
class OfferHeadline:
    """The Overview's offer rate under a filter set (`overview_kpis`' offer keys) and whether it may be shown (None
    when there is no rate to show)."""

    kpis: dict[str, Any]
    guard: HeadlineGuard | None


def offer_headline(
    outcomes: pl.DataFrame,
    spec: FilterSpec,
    min_group: int,
    *,
    code_applicants: Callable[[pl.DataFrame], ApplicantCodes] | None = None,
    memo: Memo | None = None,
) -> OfferHeadline:
    """The offer-rate keys of `overview_kpis(listings, outcomes, spec)` and `headline_guard`'s verdict on them (the
    hooks as for `rate_view`), the rows of the view's filter sets found once for both (analytics/slice_keys.py
    `FilterRows`: a field and a country are two passes over every application, and their rows a numbering; the
    counts and the checks each found them before)."""
    view = None
    if code_applicants is not None and has_applicant_ids(outcomes) and active_filters(spec, outcomes.columns):
        view = FilterRows(outcomes, code_applicants(outcomes))
    kpis = offer_kpis(outcomes, spec, code_applicants, view)
    if kpis["offer_rate"] is None:
        return OfferHeadline(kpis, None)
    guard = headline_guard(
        outcomes,
        outcome_spec(spec),
        min_group,
        applications=kpis["offer_rate_n"],
        applicants=kpis["offer_rate_applicants"],
        code_applicants=code_applicants,
        memo=memo,
        rows=view,
    )
    return OfferHeadline(kpis, guard)


def offer_kpis(
    outcomes_or_counts: pl.DataFrame | None,
    spec: FilterSpec | None,
    code_applicants: Callable[[pl.DataFrame], ApplicantCodes] | None = None,
    view: FilterRows | None = None,
) -> dict[str, Any]:
    """The offer-rate part of `overview.overview_kpis`: per application (clustered interval) and per applicant; `view`: the
    rows of the filter sets, when the caller finds them for more (`offer_headline`)."""
    kpis: dict[str, Any] = dict(
        offer_rate=None,
        offer_rate_n=0,
        offer_rate_successes=0,
        offer_rate_low=None,
        offer_rate_high=None,
        offer_rate_applicants=None,
        applicants_with_offer=None,
        applicant_offer_rate=None,
        applicant_offer_low=None,
        applicant_offer_high=None,
        offer_scope="",
    )
    if outcomes_or_counts is None:
        return kpis
    steps = (
        funnel(outcomes_or_counts)
        if spec is None
        else _filtered_funnel(outcomes_or_counts, spec, code_applicants, view)
    )
    if spec is not None:
        applied, not_applied = outcome_filters_applied(spec, outcomes_or_counts.columns)
        kpis["offer_scope"] = _scope_text(applied, not_applied)
    steps = steps.filter(pl.col("stage") == "offers")
    if steps.height == 0:
        return kpis
    offers = steps.row(0, named=True)
    n = int(offers["n_applications"])
    kpis.update(offer_rate_n=n, offer_rate_successes=int(offers["count"]))
    if n:
        kpis.update(offer_rate=offers["rate"], offer_rate_low=offers["low"], offer_rate_high=offers["high"])
    if "applicants" in steps.columns:
        people, holders = int(offers["applicants"]), int(offers["applicants_reaching"])
        kpis.update(offer_rate_applicants=people, applicants_with_offer=holders)
        if people:
            low, high = wilson_interval(holders, people)
            kpis.update(applicant_offer_rate=holders / people, applicant_offer_low=low, applicant_offer_high=high)
    return kpis


def _filtered_funnel(
    outcomes_or_counts: pl.DataFrame,
    spec: FilterSpec,
    code_applicants: Callable[[pl.DataFrame], ApplicantCodes] | None,
    view: FilterRows | None = None,
) -> pl.DataFrame:
    """`funnel(filter_outcomes(outcomes_or_counts, spec))`; with applicant codes, the rows are picked on the integer
    keys kept with them (`FilterRows`: the same rows; `view`, when the caller holds one) and their clusters counted
    on codes (the same frame)."""
    columns = outcomes_or_counts.columns
    filters = active_filters(spec, columns)
    if code_applicants is not None and filters and has_applicant_ids(outcomes_or_counts):
        people = code_applicants(outcomes_or_counts)
        view = view or FilterRows(outcomes_or_counts, people)
        people.key(outcomes_or_counts, "stage")
        found = view_rows(people, view, filters, ["stage"])  # a rate view of these filters may have found them
        picked, rows = found.index, found.rows
        if bool((rows.codes < people.count).any()):  # an applicant among the rows: counted as `funnel` clusters them
            return funnel_from_totals(coded_view_totals(rows), clustered=True)
        # No row (or no applicant) kept: `funnel` of the same rows, which counts them as applications only.
        read = [column for column in ("applicant_id", "stage") if column in columns]
        kept = outcomes_or_counts.select(read)
        return funnel(frame_rows(kept, picked))
    if "stage" in columns:  # per-application rows: only the columns the filters and the funnel read
        read_columns = dict.fromkeys(["applicant_id", "stage", *outcome_filter_columns(spec, columns)])
        outcomes_or_counts = outcomes_or_counts.select([column for column in read_columns if column in columns])
    return funnel(filter_outcomes(outcomes_or_counts, spec))


def _scope_text(applied: list[str], not_applied: list[str]) -> str:
    """'Follows the field and term filters; company search does not apply to outcomes.' style text."""
    parts = [
        f"follows the {', '.join(applied)} filter{'s' if len(applied) != 1 else ''}"
        if applied
        else "covers every application (no filter that applies to outcomes is set)"
    ]
    if not_applied:
        parts.append(
            f"{', '.join(not_applied)} describe{'s' if len(not_applied) == 1 else ''} listings only and "
            f"do{'es' if len(not_applied) == 1 else ''} not apply"
        )
    return "; ".join(parts).capitalize() + "."
