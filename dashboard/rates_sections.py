"""The Acceptance rates page's sections drawn from a memoised rate view (analytics/rate_view.py): the funnel, the
notes on what the table leaves out, and a rate chart with its table. The page keeps the widgets and the order."""

from __future__ import annotations

import functools
from collections.abc import Callable

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from analytics import rates
from analytics.filters import FilterSpec
from analytics.rate_view import RateView, rate_display
from dashboard import background, components, layout, outcome_views, state
from dashboard.charts.rates import funnel_chart, rates_chart

RATE_OPTIONS = {"offer": "Offer rate", "interview": "Interview rate"}
RATE_CHOICES = {"Offer": "offer", "Interview": "interview"}  # the page's radio: label -> rate
GROUP_BY_LABEL = {label: column for column, label in rates.GROUP_LABELS.items()}  # the page's selectbox
SUCCESS_WORDS = {"offer": "offers", "interview": "interviews"}
# Percents are text written by analytics/formatting.py (one way to say a number on every page and export);
# counts stay numbers so they sort. Rows come sorted by rate (or, in the ranking, by upper bound).
TABLE_CONFIG = {
    "Applications (n)": st.column_config.NumberColumn(format="localized"),
    "Applicants (n)": st.column_config.NumberColumn(format="localized"),
    "Design effect": st.column_config.NumberColumn(
        format="%.2f", help="How much applicants' repeated applications widen the interval."
    ),
}


def group_label(by: str) -> str:
    """How a grouping is named in a sentence ("company", but "GPA band" keeps its capitals)."""
    return rates.GROUP_LABELS[by] if by == "gpa_band" else rates.GROUP_LABELS[by].lower()


def funnel(dataset: state.Dataset, view: RateView) -> None:
    """The application funnel with its per-applicant sentence, or why it is withheld."""
    if view.funnel is None:
        st.info(view.withheld_note, icon=":material/lock:")
        return
    steps = view.funnel
    components.chart(
        dataset,
        funnel_chart,
        steps,
        key="rates_funnel",
        alt=("Funnel of " + ", ".join(f"{row['stage']} {row['count']:,}" for row in steps.iter_rows(named=True)) + "."),
    )
    if "applicants" in steps.columns:
        offers = steps.filter(pl.col("stage") == "offers").row(0, named=True)
        st.caption(
            f"Per applicant: {fmt.share_label(offers['applicants_reaching'], offers['applicants'], 'applicants', 1)} "
            f"got at least one offer. Per application: {fmt.share_label(offers['count'], offers['n_applications'], 'applications', 1)}."
        )


def table_notes(table: rates.RateTable, label: str) -> None:
    """The interval method, the hidden groups and the applications in no group, each said once."""
    st.caption(f"95 % intervals: {table.method}.")
    if table.n_suppressed:
        st.caption(table.suppression_note(label))
    if table.n_no_group:
        st.caption(
            f"{fmt.plural(table.n_no_group, 'application')} with no {label} {'is' if table.n_no_group == 1 else 'are'} "
            "in no group here; they count in the funnel."
        )
    elif table.n_no_group is None:
        st.caption(
            f"Some applications have no {label}; they count in the funnel, but their number is not stated: "
            "they are one more hidden group (too few, or stating them would give a hidden group away)."
        )


def rate_table(dataset: state.Dataset, frame: pl.DataFrame, by: str, rate: str, key: str) -> pl.DataFrame:
    """A rate frame as the page's table (a phone shows the group, its rate and interval; a tapped row the rest);
    returns the table as shown (`rate_display`)."""
    display = state.cached(dataset, rate_display, frame, by, rates.GROUP_LABELS[by], SUCCESS_WORDS[rate])
    layout.table(
        display,
        key,
        phone={rates.GROUP_LABELS[by]: 156, "Rate": 62, "95 % CI": 100},
        column_config=TABLE_CONFIG,
    )
    return display


def rate_chart(
    dataset: state.Dataset, frame: pl.DataFrame, by: str, rate: str, *, title: str, key: str, alt: str
) -> None:
    """A rate per group with its 95 % interval (memoised with its frame)."""
    components.chart(dataset, rates_chart, frame, by, rate=rate, title=title, key=key, alt=alt)


def rates_ahead(dataset: state.Dataset, spec: FilterSpec) -> list[Callable[[], RateView]]:
    """The page's rate view under `spec` with the grouping, rate and minimum its widgets hold in this session (read
    here, on the script's thread), for a worker to compute while the filter panel draws (dashboard/ahead.py); none
    when the widgets have not been drawn yet or the outcomes are out (the page then computes as it always did)."""
    if (
        not dataset.has_outcomes
        or background.outcomes_loading(dataset)
        or background.outcome_error(dataset) is not None
    ):
        return []
    by, rate, chosen = (st.session_state.get(key) for key in ("by", "rate", "min_group"))
    if by not in GROUP_BY_LABEL or rate not in RATE_CHOICES or not isinstance(chosen, int | float):
        return []
    min_group = state.raise_min_group_size(int(chosen))  # what the page sets from the same widget in this run
    return [
        functools.partial(
            outcome_views.rates_view, dataset, spec, GROUP_BY_LABEL[by], min_group=min_group, rate=RATE_CHOICES[rate]
        )
    ]
