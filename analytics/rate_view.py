"""One view of outcome rates, as the Acceptance rates page and the report show it: funnel, rates by group, ranking.

Everything a view shows comes from here, so its disclosure control is decided once: the funnel total
is withheld when it would reveal a hidden group, and every grouping follows analytics/disclosure.py.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from analytics.intervals import has_applicant_ids
from analytics.rates import (
    RateTable,
    acceptance_rates,
    as_counts,
    describe_outcome_scope,
    filter_outcomes,
    funnel,
    funnel_from_totals,
    outcome_filter_columns,
    ranked,
)

CountOutcomes = Callable[[tuple[str, ...]], pl.DataFrame]


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
        return (f"The funnel is withheld: these {self.n_applications:,} applications come from fewer than "
                f"{self.table.min_group:,} applicants, or showing their total would give a hidden group away.")


def rate_view(
    outcomes: pl.DataFrame, spec: object, by: str, *, min_group: int = 10, rate: str = "offer", k: int = 10,
    count_outcomes: CountOutcomes | None = None,
) -> RateView:
    """The rates view of `outcomes` under `spec`, grouped `by`; `count_outcomes(keys)` may serve memoised counts.

    With applicant ids the filtered rows are used (group sizes in distinct applicants, clustered
    intervals); aggregated counts are narrowed as counts.
    """
    filter_columns = outcome_filter_columns(spec, outcomes.columns)
    if has_applicant_ids(outcomes):
        narrowed = filter_outcomes(outcomes, spec)
        total = outcomes.height
    else:
        count = count_outcomes or (lambda keys: as_counts(outcomes, list(keys)))
        grouped = count(tuple(dict.fromkeys([by, *filter_columns])))
        narrowed = filter_outcomes(grouped, spec)
        # Null keys are groups of their own here, so the unfiltered groups add up to every application:
        # no second pass over the rows for the total.
        total = int(grouped.get_column("applications").sum() or 0)
    table = acceptance_rates(narrowed, by, min_group=min_group, rate=rate)
    steps = funnel_from_totals(table.view_totals, clustered=True) if table.view_totals is not None else funnel(narrowed)
    n_shown = int(steps["count"][0])
    scope = describe_outcome_scope(spec, outcomes.columns, n_shown, total)
    return RateView(None if table.total_withheld else steps, table, ranked(table, by, k), n_shown, scope)
