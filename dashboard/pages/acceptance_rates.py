"""Acceptance rates: the application funnel and offer/interview rates by group, each with n and a 95 % interval."""

from __future__ import annotations

import streamlit as st

from analytics import formatting as fmt
from analytics import rates
from analytics.rate_view import rate_export
from dashboard import background, components, display_frames, outcome_views, rates_sections, state
from dashboard.safe_text import md
from data_loaders.schema import OUTCOMES_SCHEMA

CHART_ROWS = 25  # more groups than this make an unreadable chart; the table and download hold the rest
# A bound widget writes its displayed option into the URL, so the options are the readable labels.
RATE_CHOICES = rates_sections.RATE_CHOICES
GROUP_BY_LABEL = rates_sections.GROUP_BY_LABEL
RATE_OPTIONS = rates_sections.RATE_OPTIONS


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
components.filter_sentence(spec, state.listing_count(dataset, spec), dataset.listings.height)
st.caption(md(view.scope))
if view.n_applications == 0:
    components.empty_state("No applications match the filters that apply to outcomes.")
    st.stop()

label = rates_sections.group_label(by)
rates_sections.funnel(dataset, view)
rates_sections.table_notes(table, label)
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
rates_sections.rate_chart(
    dataset,
    shown,
    by,
    rate,
    title=f"{RATE_OPTIONS[rate]} by {label}{note}",
    key="rates_by_group",
    alt=(
        f"{RATE_OPTIONS[rate]} per {label} with 95 % intervals for {shown.height} group{'s' if shown.height != 1 else ''}; the highest is {first[by]} at "
        f"{fmt.share_label(first['successes'], first['n'], digits=1)}."
    ),
)
st.subheader(f"{RATE_OPTIONS[rate]} by {label}")
shown_table = rates_sections.rate_table(dataset, table.frame, by, rate, "rates_table")
# The download's texts are the table's (read from it, not written again).
components.download_buttons(state.cached(dataset, rate_export, table.frame, shown_table), f"{rate}_rate_by_{by}")

st.subheader("Most selective")
st.caption(
    "Ranked by the upper end of the 95 % interval, not the raw rate: a group is listed as selective only "
    "when its data makes a high rate unlikely."
)
ranking = view.ranking
rates_sections.rate_chart(
    dataset,
    ranking.frame,
    by,
    rate,
    title=f"Most selective by {label} (lowest upper bound first)",
    key="rates_selectivity",
    alt=f"The {ranking.frame.height} most selective {label} group{'s' if ranking.frame.height != 1 else ''}; first is "
    f"{ranking.frame[by][0]} with an interval up to {fmt.percent(ranking.frame['high'][0], 1)}.",
)
rates_sections.rate_table(dataset, ranking.frame, by, rate, "rates_ranking")
