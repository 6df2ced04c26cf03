"""Acceptance rates: the application funnel and offer/interview rates by group, each with n and a 95 % interval."""
from __future__ import annotations

import streamlit as st

from analytics import rates
from dashboard import components, state
from dashboard.charts.rates import funnel_chart, rates_chart
from data_loaders.schema import OUTCOMES_SCHEMA

CHART_ROWS = 25  # more groups than this make an unreadable chart; the table and download hold the rest
RATE_OPTIONS = {"offer": "Offer rate", "interview": "Interview rate"}
# A bound widget writes its displayed option into the URL, so the options are the readable labels.
RATE_CHOICES = {"Offer": "offer", "Interview": "interview"}
GROUP_BY_LABEL = {label: column for column, label in rates.GROUP_LABELS.items()}
PERCENT = st.column_config.NumberColumn
TABLE_CONFIG = {
    "n": st.column_config.NumberColumn("Applications (n)", format="localized"),
    "successes": st.column_config.NumberColumn("Successes", format="localized"),
    "rate": PERCENT("Rate", format="percent"),
    "low": PERCENT("95 % CI low", format="percent"),
    "high": PERCENT("95 % CI high", format="percent"),
}

dataset = components.require_dataset()
spec = components.get_filters()
st.title("Acceptance rates")
outcomes = dataset.outcomes
if outcomes is None or outcomes.height == 0:
    st.info(
        "No application outcomes are loaded, so there are no rates to show. Upload a CSV, Excel, Parquet or JSON "
        "file of outcomes on the Sources page (one row per application, or aggregated counts per group); "
        f"the template columns are: {', '.join(OUTCOMES_SCHEMA)}.",
        icon=":material/upload_file:",
    )
    st.page_link("pages/sources.py", label="Go to Sources to add outcomes", icon=":material/database:")
    st.stop()

choices = state.memoised(dataset, ("rate_group_columns",), lambda: rates.group_columns(outcomes))
left, middle, right = st.columns(3)
with left:
    by = GROUP_BY_LABEL[st.selectbox("Group by", [rates.GROUP_LABELS[c] for c in choices], key="by", bind="query-params")]
with middle:
    rate = RATE_CHOICES[st.radio("Rate", list(RATE_CHOICES), key="rate", bind="query-params", horizontal=True)]
with right:
    floor = state.configured_min_group_size()
    chosen = st.number_input("Minimum group size (applications)", min_value=floor, value=state.min_group_size(), step=1,
                             key="min_group", help=f"Groups smaller than this are hidden. It can be raised, never set below {floor}.")
min_group = state.raise_min_group_size(int(chosen))

# Counts by the chosen group and the columns the filters need, once per dataset: 10M rows are
# aggregated on the first view only, and every later filter or threshold change works on the counts.
keys = tuple(dict.fromkeys([by, *rates.outcome_filter_columns(spec, outcomes.columns)]))
counts = state.memoised(dataset, ("outcome_counts", keys), lambda: rates.as_counts(outcomes, list(keys)))
narrowed = rates.filter_outcomes(counts, spec)
steps = rates.funnel(narrowed)
n_shown = int(steps["count"][0])
total = int(rates.as_counts(counts)["applications"][0])  # the unfiltered counts hold every application
components.filter_sentence(spec, state.filtered_listings(dataset, spec).height, dataset.listings.height)
st.caption(rates.describe_outcome_scope(spec, outcomes.columns, n_shown, total))
if n_shown == 0:
    components.empty_state("No applications match the filters that apply to outcomes.")
    st.stop()

components.plotly(funnel_chart(steps), key="rates_funnel", alt=(
    "Funnel of " + ", ".join(f"{row['stage']} {row['count']:,}" for row in steps.iter_rows(named=True)) + "."))

table = rates.acceptance_rates(narrowed, by, min_group=min_group, rate=rate)
label = rates.GROUP_LABELS[by] if by == "gpa_band" else rates.GROUP_LABELS[by].lower()  # keep "GPA" capitalised
if table.n_suppressed:
    st.caption(f"{table.n_suppressed:,} {label} group{'s' if table.n_suppressed != 1 else ''} with fewer than "
               f"{min_group:,} applications {'are' if table.n_suppressed != 1 else 'is'} hidden.")
if table.frame.height == 0:
    st.info(f"Every {label} group has fewer than {min_group:,} applications, so none is shown. "
            "Choose a broader grouping or remove a filter.", icon=":material/visibility_off:")
    st.stop()

shown = table.frame.head(CHART_ROWS)
first = shown.row(0, named=True)
note = "" if table.frame.height <= CHART_ROWS else f" (the {CHART_ROWS} highest of {table.frame.height:,}; all are in the table)"
components.plotly(rates_chart(shown, by, rate=rate, title=f"{RATE_OPTIONS[rate]} by {label}{note}"), key="rates_by_group", alt=(
    f"{RATE_OPTIONS[rate]} per {label} with 95 % intervals for {shown.height} group{'s' if shown.height != 1 else ''}; the highest is {first[by]} at "
    f"{first['rate']:.1%} ({first['successes']:,} of {first['n']:,})."))
st.subheader(f"{RATE_OPTIONS[rate]} by {label}")
st.dataframe(table.frame, hide_index=True, column_config={by: rates.GROUP_LABELS.get(by, by), **TABLE_CONFIG})
components.download_buttons(table.frame, f"{rate}_rate_by_{by}")

st.subheader("Most selective")
st.caption("Ranked by the upper end of the 95 % interval, not the raw rate: a group is listed as selective only "
           "when its data makes a high rate unlikely.")
ranking = rates.selectivity_ranking(narrowed, by, min_group=min_group, rate=rate, k=10)
components.plotly(rates_chart(ranking.frame, by, rate=rate, title=f"Most selective by {label} (lowest upper bound first)"),
                  key="rates_selectivity", alt=f"The {ranking.frame.height} most selective {label} group{'s' if ranking.frame.height != 1 else ''}; first is "
                  f"{ranking.frame[by][0]} with an interval up to {ranking.frame['high'][0]:.1%}.")
st.dataframe(ranking.frame, hide_index=True, column_config={by: rates.GROUP_LABELS.get(by, by), **TABLE_CONFIG})
