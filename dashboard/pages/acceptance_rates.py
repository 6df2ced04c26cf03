"""Acceptance rates: the application funnel and offer/interview rates by group, each with n and a 95 % interval."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from analytics import rates
from analytics.rate_view import rate_display, rate_export
from dashboard import background, components, display_frames, layout, outcome_views, state
from dashboard.charts.rates import funnel_chart, rates_chart
from dashboard.safe_text import md
from data_loaders.schema import OUTCOMES_SCHEMA

CHART_ROWS = 25  # more groups than this make an unreadable chart; the table and download hold the rest
RATE_OPTIONS = {"offer": "Offer rate", "interview": "Interview rate"}
# A bound widget writes its displayed option into the URL, so the options are the readable labels.
RATE_CHOICES = {"Offer": "offer", "Interview": "interview"}
GROUP_BY_LABEL = {label: column for column, label in rates.GROUP_LABELS.items()}
# Percents are text written by analytics/formatting.py (one way to say a number on every page and export);
# counts stay numbers so they sort. Rows come sorted by rate (or, in the ranking, by upper bound).
TABLE_CONFIG = {
    "Applications (n)": st.column_config.NumberColumn(format="localized"),
    "Applicants (n)": st.column_config.NumberColumn(format="localized"),
    "Design effect": st.column_config.NumberColumn(
        format="%.2f", help="How much applicants' repeated applications widen the interval."
    ),
}
SUCCESS_WORDS = {"offer": "offers", "interview": "interviews"}


def _phone_columns(by: str) -> dict[str, int]:
    """A phone's rate table: the group, its rate and interval (a tapped row shows the counts)."""
    return {rates.GROUP_LABELS[by]: 156, "Rate": 62, "95 % CI": 100}


dataset = components.require_dataset()
spec = components.get_filters()
st.title("Acceptance rates")
outcomes = background.wait_for_outcomes(dataset)  # "Loading outcomes…" on a fresh server
if outcomes is None or outcomes.height == 0:
    components.no_outcomes("there are no acceptance rates to show")
    st.caption(
        "An outcomes file is a CSV, Excel, Parquet or JSON file with one row per application, or aggregated "
        f"counts per group; the template columns are: {', '.join(OUTCOMES_SCHEMA)}."
    )
    st.stop()

choices = state.cached(dataset, rates.group_columns, outcomes)
left, middle, right = st.columns(3)
with left:
    by = GROUP_BY_LABEL[
        st.selectbox("Group by", [rates.GROUP_LABELS[c] for c in choices], key="by", bind="query-params")
    ]
with middle:
    rate = RATE_CHOICES[st.radio("Rate", list(RATE_CHOICES), key="rate", bind="query-params", horizontal=True)]
with right:
    floor = state.configured_min_group_size()
    chosen = st.number_input(
        "Minimum group size (applicants)",
        min_value=floor,
        value=state.min_group_size(),
        step=1,
        key="min_group",
        help=f"Groups smaller than this are hidden. It can be raised, never set below {floor}.",
    )
min_group = state.raise_min_group_size(int(chosen))


# One view per (dataset, filters as outcomes see them, choices), shared with the background warm-up
# (dashboard/outcome_views.py): a rerun with the same choices, or a listing-only filter's new value, reuses it.
view = outcome_views.rates_view(dataset, spec, by, min_group=min_group, rate=rate)
table = view.table
components.filter_sentence(spec, state.filtered_listings(dataset, spec).height, dataset.listings.height)
st.caption(md(view.scope))
if view.n_applications == 0:
    components.empty_state("No applications match the filters that apply to outcomes.")
    st.stop()

label = rates.GROUP_LABELS[by] if by == "gpa_band" else rates.GROUP_LABELS[by].lower()  # keep "GPA" capitalised
if view.funnel is None:
    st.info(view.withheld_note, icon=":material/lock:")
else:
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
if table.frame.height == 0:
    st.info(
        f"Every {label} group is hidden to protect small groups, so none is shown. "
        "Choose a broader grouping or remove a filter.",
        icon=":material/visibility_off:",
    )
    st.stop()

shown = state.cached(dataset, display_frames.head, table.frame, CHART_ROWS)
first = shown.row(0, named=True)
note = (
    ""
    if table.frame.height <= CHART_ROWS
    else f" (the {CHART_ROWS} highest of {table.frame.height:,}; all are in the table)"
)
components.chart(
    dataset,
    rates_chart,
    shown,
    by,
    rate=rate,
    title=f"{RATE_OPTIONS[rate]} by {label}{note}",
    key="rates_by_group",
    alt=(
        f"{RATE_OPTIONS[rate]} per {label} with 95 % intervals for {shown.height} group{'s' if shown.height != 1 else ''}; the highest is {first[by]} at "
        f"{fmt.share_label(first['successes'], first['n'], digits=1)}."
    ),
)
st.subheader(f"{RATE_OPTIONS[rate]} by {label}")
layout.table(
    state.cached(dataset, rate_display, table.frame, by, rates.GROUP_LABELS[by], SUCCESS_WORDS[rate]),
    "rates_table",
    phone=_phone_columns(by),
    column_config=TABLE_CONFIG,
)
components.download_buttons(state.cached(dataset, rate_export, table.frame), f"{rate}_rate_by_{by}")

st.subheader("Most selective")
st.caption(
    "Ranked by the upper end of the 95 % interval, not the raw rate: a group is listed as selective only "
    "when its data makes a high rate unlikely."
)
ranking = view.ranking
components.chart(
    dataset,
    rates_chart,
    ranking.frame,
    by,
    rate=rate,
    title=f"Most selective by {label} (lowest upper bound first)",
    key="rates_selectivity",
    alt=f"The {ranking.frame.height} most selective {label} group{'s' if ranking.frame.height != 1 else ''}; first is "
    f"{ranking.frame[by][0]} with an interval up to {fmt.percent(ranking.frame['high'][0], 1)}.",
)
layout.table(
    state.cached(dataset, rate_display, ranking.frame, by, rates.GROUP_LABELS[by], SUCCESS_WORDS[rate]),
    "rates_ranking",
    phone=_phone_columns(by),
    column_config=TABLE_CONFIG,
)
