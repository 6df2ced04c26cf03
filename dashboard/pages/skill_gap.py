"""Skill gap: how a student's skills match the target openings (the shared filters) and what to learn next."""

from __future__ import annotations

import streamlit as st

from analytics import formatting as fmt
from analytics.learning_path import SEARCH_BUDGET, SEARCH_SECONDS
from analytics.openings import to_csv_bytes
from analytics.skill_gap import GapFrames, category_coverage_of, offer_holder_skills
from analytics.skill_plan import build_plan_of, openings_table, plan_rows
from dashboard import background, components, display_frames, layout, provenance, state, tool_inputs
from dashboard.charts import tools as charts
from dashboard.provenance import plan_markdown_with_sources
from data_loaders.schema import FIELDS

EXAMPLE_PROFILE = ["Python", "SQL", "Git", "Pandas", "Communication"]


def _census(count: int, n: int) -> str:
    """'140 of 412 openings listing skills': readiness counts every matching opening (a census, not a
    sample), so it carries no sampling interval."""
    return f"{count:,} of {fmt.plural(n, 'opening')} listing skills (all of them, so no sampling interval)"


dataset = components.require_dataset()
components.require_listings(dataset, "there are no openings to match your skills with")
spec = components.get_filters()
listings = state.filtered_listings(dataset, spec)
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
    # Memoised on every argument (shared across sessions): a rerun that changes nothing costs nothing, and a new
    # threshold reuses the gap frames of these openings and skills (a few are kept).
    gap = state.cached_large(dataset, GapFrames, listings, me)
    plan = state.cached(
        dataset,
        build_plan_of,
        gap,
        description=spec.describe(listings.height, dataset.listings.height),
        threshold=at / 100,
    )
ready = plan.readiness
if ready["n_considered"] == 0:
    components.empty_for(dataset, "skills", "None of these openings lists its skills, so there is nothing to match.")
    st.stop()
n = ready["n_considered"]
left_out = f"; {ready['n_without_skills']:,} listing no skills left out" if ready["n_without_skills"] else ""
components.kpi_row(
    [
        components.Kpi(
            "Fully matched",
            fmt.share(ready["n_fully_matched"], n),
            note=_census(ready["n_fully_matched"], n),
            help="Openings where you hold every skill they ask for.",
        ),
        components.Kpi(
            f"At least {at} % matched",
            fmt.share(ready["n_above_threshold"], n),
            note=_census(ready["n_above_threshold"], n),
        ),
        components.Kpi(
            "Openings considered", f"{n:,}", note=f"of {ready['n_openings']:,} matching the filters{left_out}"
        ),
    ]
)
top_bin = ready["distribution"].row(-1, named=True)
components.chart(
    dataset,
    charts.match_distribution_chart,
    ready["distribution"],
    key="gap_distribution",
    alt=f"Column chart of openings by how much of their skill list you hold; {top_bin['count']:,} of {n:,} are a 100 % match.",
)

st.subheader("Best-matching openings")
layout.table(
    state.cached(dataset, openings_table, plan.best_openings),
    "gap_openings",
    phone={"title": 146, "company": 96, "match_pct": 76},  # the link is in a tapped row's details
    width="stretch",
    column_config={
        "company": "Company",
        "title": "Title",
        "locations": "Locations",
        "match_pct": st.column_config.ProgressColumn("Match", min_value=0.0, max_value=100.0, format="%.0f %%"),
        "matched_skills": "Skills you have",
        "missing_skills": "Skills you lack",
        "pay_hourly_usd": st.column_config.NumberColumn("Pay ($/h)", format="$%.2f"),
        "url": st.column_config.LinkColumn("Link", display_text="Open"),
    },
)

st.subheader("Learning path")
if plan.path.is_empty():
    st.success("You already hold every skill these openings ask for.", icon=":material/celebration:")
else:
    last = plan.path.row(-1, named=True)
    components.chart(
        dataset,
        charts.learning_path_chart,
        plan.path,
        ready["n_fully_matched"],
        ready["share_fully_matched"],
        key="gap_path",
        alt=f"Line chart: learning {', '.join(plan.path['skill'])} in turn would take fully "
        f"matched openings from {ready['n_fully_matched']:,} to {last['cumulative_fully_matched']:,} of {n:,}.",
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
        column_config={
            "skill": "Skill",
            "label": "Asked by",
            "unlocks": st.column_config.NumberColumn(
                "Completes alone", help="Openings where it is the only skill you lack."
            ),
            "category": "Category",
        },
    )
with right:
    st.markdown("**The path step by step**")
    if not plan.path.is_empty():
        st.caption(
            "These skills together complete the most openings (an exact search)."
            if plan.path["search"][0] == "exact"
            else f"The best set found; the search stopped at its limit ({SEARCH_BUDGET:,} steps or "
            f"{SEARCH_SECONDS:g} s), so a better set may exist "
            "(it is never worse than picking the best single skill each step)."
        )
    layout.table(
        state.cached(dataset, display_frames.columns, plan.path, "step", "skill", "reason"),
        "gap_path_steps",
        phone={"step": 44, "skill": 100, "reason": 174},
        width="stretch",
        column_config={"step": "Step", "skill": "Learn", "reason": "Why"},
    )

coverage = state.cached(dataset, category_coverage_of, gap)
components.chart(
    dataset,
    charts.coverage_chart,
    coverage,
    key="gap_coverage",
    alt=f"Grouped bars per skill category: how many openings ask for it and how much your skills cover; "
    f"most asked is {coverage['category'][0]} ({coverage['demand_label'][0]}).",
)


@st.fragment
def offer_holders(dataset: state.Dataset, me: list[str], chosen: str) -> None:
    """The skills of offer-holders in a field: a fragment, so choosing another field reruns only this part."""
    st.subheader("Skills of people who got offers")
    field = st.selectbox("Field", FIELDS, index=FIELDS.index(chosen), key="offer_field")
    min_group = state.min_group_size()
    holders = state.cached(dataset, offer_holder_skills, dataset.outcomes, field, me, min_group)
    # Scope: the field chosen here, every company, region and term; the sidebar's other filters do not apply.
    st.caption(
        f"Applicants with an offer in {field}, whatever the company, region or term: the sidebar's other "
        "filters do not apply here."
    )
    if holders.is_empty():
        # The exact number is not stated: a count under the minimum is itself a small group.
        st.info(
            f"Fewer than {min_group} offer-holders with listed skills in {field}: suppressed to protect individuals.",
            icon=":material/lock:",
        )
    else:
        components.chart(
            dataset,
            charts.offer_holder_chart,
            holders,
            key="gap_holders",
            alt=f"Bar chart of the skills held by {holders['n'][0]:,} offer-holders in {field}; "
            f"the most common is {holders['skill'][0]} ({holders['label'][0]}).",
        )


background.wait_for_outcomes(dataset)  # "Loading outcomes…" on a fresh server
if not dataset.has_outcomes:
    st.subheader("Skills of people who got offers")
    components.no_outcomes("the skills of people who got offers cannot be shown")
elif (
    dataset.outcomes is not None
    and dataset.outcomes_kind == "outcomes"
    and "applicant_skills" in dataset.outcomes.columns
):
    offer_holders(dataset, me, spec.fields[0] if len(spec.fields) == 1 else FIELDS[0])


st.subheader("Download your plan")
left, right = st.columns(2)
# The same provenance as every export: a closing line in the Markdown, a data_source column in the CSV.
left.download_button(
    "Plan (Markdown)",
    lambda: plan_markdown_with_sources(plan, dataset),  # built on click, not on every rerun
    file_name=f"{dataset.download_name('skill_plan')}.md",
    mime="text/markdown",
    icon=":material/download:",
    key="plan_md",
    on_click="ignore",
)
right.download_button(
    "Plan (CSV)",
    lambda: to_csv_bytes(provenance.with_source_column(plan_rows(plan), dataset.provenance())),
    file_name=f"{dataset.download_name('skill_plan')}.csv",
    mime="text/csv",
    icon=":material/download:",
    key="plan_csv",
    on_click="ignore",
)
