"""Benchmark: how an employer's draft posting compares with comparable openings (pay, skills, pool, competition)."""

from __future__ import annotations

import streamlit as st

from analytics.benchmark import benchmark_posting, summarise
from dashboard import background, components, display_frames, layout, state
from dashboard import benchmark_view as view
from dashboard.charts import tools as charts
from dashboard.safe_text import md

dataset = components.require_dataset()
st.title("Benchmark a posting")
components.require_listings(dataset, "there are no comparable openings to benchmark against")
st.caption(
    "Describe your internship posting and see how it compares with similar openings in the data. "
    "The sidebar filters do not apply here; everything you enter stays in this page's link."
)
posting = view.posting_form(dataset)
if posting is None:
    view.start_here()
    st.stop()

min_group = state.min_group_size()
background.wait_for_outcomes(dataset)  # "Loading outcomes…" on a fresh server
# Each question memoised on what it depends on: a new pay recomputes the pay percentile only, a new skill the
# skill questions; the peers and the competition are reused while the place and field stay.
result = benchmark_posting(dataset.listings, posting, dataset.outcomes, min_group=min_group, memo=state.memo(dataset))
if result.peers.is_empty():
    components.empty_state(
        result.description, advice="Change the posting above: a broader field, place or term finds more peers."
    )
    st.stop()
summary = summarise(result)
st.info(md(summary), icon=":material/summarize:")  # quotes the title typed or linked
if not dataset.has_outcomes:
    components.no_outcomes(
        "the competition for similar openings and the applicants' candidate pool cannot be shown "
        "(the pool below is estimated from comparable openings' skill lists)"
    )
components.kpi_row(view.kpis(result))
caption = view.competition_caption(result)
if caption:
    st.caption(caption)

figures = charts.benchmark_figures(result, state.memo(dataset))  # each figure memoised on its part of the result
view.chart_grid(result, figures)
if result.commonness.height:
    layout.table(
        state.cached(dataset, display_frames.columns, result.commonness, "skill", "label", "commonness"),
        "bm_commonness",
        phone={"skill": 96, "label": 132, "commonness": 90},
        width="stretch",
        column_config={"skill": "Skill", "label": "Comparable openings asking", "commonness": "Commonness"},
        phone_config={"label": "Peers asking"},
    )
view.download(dataset, result, summary, figures)
