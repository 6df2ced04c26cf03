"""Skill gap: how a student's skills match the target openings (the shared filters) and what to learn next."""

from __future__ import annotations

import streamlit as st

from analytics.skill_gap import SKILL_GAP_COLUMNS, category_coverage_of
from analytics.skill_plan import openings_table
from dashboard import background, components, display_frames, layout, state, tool_inputs
from dashboard import skill_gap_view as view
from dashboard.charts import tools as charts
from data_loaders.schema import FIELDS

EXAMPLE_PROFILE = ["Python", "SQL", "Git", "Pandas", "Communication"]

dataset = components.require_dataset()
components.require_listings(dataset, "there are no openings to match your skills with")
spec = components.get_filters()
listings = state.filtered_listings(dataset, spec, SKILL_GAP_COLUMNS)  # the columns the page reads
st.title("Skill gap")
components.filter_sentence(spec, listings.height, dataset.listings.height)
st.caption(
    "Your target openings are the filters in the sidebar. Your skills stay in this page's link, "
    "so you can bookmark it; nothing is stored on the server."
)
me = tool_inputs.skill_picker(
    "me", "Your skills", help="Pick from the skill list, search by any name, or extract from a résumé."
)
tool_inputs.resume_input("me")
if not me:
    st.info(
        '**Start here:** pick the skills you have above, or type any name ("golang", "k8s") into it and press Enter, '
        "or paste or upload your résumé. Then narrow the target openings with the sidebar filters.",
        icon=":material/school:",
    )
    st.button(
        "Try an example profile",
        icon=":material/person:",
        key="example",
        on_click=tool_inputs.add_skills,
        args=("me", EXAMPLE_PROFILE),
    )
    st.stop()
if listings.height == 0:
    components.empty_state("No openings match these filters.")
    st.stop()

at = st.slider(
    "Count an opening as nearly matched from",
    50,
    100,
    80,
    step=5,
    format="%d %%",
    key="at",
    bind="query-params",
    help="The share of an opening's skills you must hold.",
)
with st.spinner("Matching your skills with the openings…"):  # seconds at a million listings
    gap, plan = view.gap_plan(dataset, spec, listings, me, at)
ready = plan.readiness
if ready["n_considered"] == 0:
    components.empty_for(dataset, "skills", "None of these openings lists its skills, so there is nothing to match.")
    st.stop()
components.kpi_row(view.readiness_kpis(ready, at))
components.chart(
    dataset,
    charts.match_distribution_chart,
    ready["distribution"],
    key="gap_distribution",
    alt=view.distribution_alt(ready),
)

st.subheader("Best-matching openings")
layout.table(
    state.cached(dataset, openings_table, plan.best_openings),
    "gap_openings",
    phone={"title": 146, "company": 96, "match_pct": 76},  # the link is in a tapped row's details
    width="stretch",
    column_config=view.OPENINGS_CONFIG,
)

st.subheader("Learning path")
if plan.path.is_empty():
    st.success("You already hold every skill these openings ask for.", icon=":material/celebration:")
else:
    components.chart(
        dataset,
        charts.learning_path_chart,
        plan.path,
        ready["n_fully_matched"],
        ready["share_fully_matched"],
        key="gap_path",
        alt=view.path_alt(plan.path, ready),
    )
left, right = st.columns(2)
with left:
    st.markdown("**Skills you are missing**, by how many openings ask for them")
    layout.table(
        state.cached(dataset, display_frames.columns, plan.missing, "skill", "label", "unlocks", "category"),
        "gap_missing",
        phone={"skill": 100, "label": 130, "unlocks": 88},
        phone_config={"unlocks": "Completes"},
        width="stretch",
        column_config=view.MISSING_CONFIG,
    )
with right:
    st.markdown("**The path step by step**")
    if not plan.path.is_empty():
        st.caption(view.path_caption(plan.path))
    layout.table(
        state.cached(dataset, display_frames.columns, plan.path, "step", "skill", "reason"),
        "gap_path_steps",
        phone={"step": 44, "skill": 100, "reason": 174},
        width="stretch",
        column_config=view.PATH_CONFIG,
    )

coverage = state.cached(dataset, category_coverage_of, gap)
components.chart(dataset, charts.coverage_chart, coverage, key="gap_coverage", alt=view.coverage_alt(coverage))

background.wait_for_outcomes(dataset)  # "Loading outcomes…" on a fresh server
if not dataset.has_outcomes:
    st.subheader("Skills of people who got offers")
    components.no_outcomes("the skills of people who got offers cannot be shown")
elif (
    dataset.outcomes is not None
    and dataset.outcomes_kind == "outcomes"
    and "applicant_skills" in dataset.outcomes.columns
):
    view.offer_holders(dataset, me, spec.fields[0] if len(spec.fields) == 1 else FIELDS[0])

view.plan_downloads(dataset, plan)
