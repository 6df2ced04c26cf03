"""The Skill gap page's parts that are not its widgets: the memo calls, the KPI tiles, the charts' alt texts, the
tables' column settings, the offer-holders fragment and the plan downloads (dashboard/pages/skill_gap.py wires them)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from analytics import skill_gap, skill_plan
from analytics.filters import FilterSpec
from analytics.learning_path import SEARCH_BUDGET, SEARCH_SECONDS
from analytics.openings import to_csv_bytes
from analytics.skill_gap import GapFrames
from analytics.skill_gap_codes import ListingSkillCodes, listing_skill_codes
from analytics.skill_plan import SkillPlan, plan_rows
from dashboard import components, provenance, state
from dashboard.charts import tools as charts
from dashboard.provenance import plan_markdown_with_sources
from data_loaders.schema import FIELDS

OPENINGS_CONFIG: dict[str, Any] = {
    "company": "Company",
    "title": "Title",
    "locations": "Locations",
    "match_pct": st.column_config.ProgressColumn("Match", min_value=0.0, max_value=100.0, format="%.0f %%"),
    "matched_skills": "Skills you have",
    "missing_skills": "Skills you lack",
    "pay_hourly_usd": st.column_config.NumberColumn("Pay ($/h)", format="$%.2f"),
    "url": st.column_config.LinkColumn("Link", display_text="Open"),
}
MISSING_CONFIG: dict[str, Any] = {
    "skill": "Skill",
    "label": "Asked by",
    "unlocks": st.column_config.NumberColumn("Completes alone", help="Openings where it is the only skill you lack."),
    "category": "Category",
}
PATH_CONFIG: dict[str, Any] = {"step": "Step", "skill": "Learn", "reason": "Why"}


def listing_coder(dataset: state.Dataset) -> Callable[[pl.DataFrame], ListingSkillCodes]:
    """`listing_skill_codes(listings)` memoised per listings frame: the `code_listings` hook of the skill gap's
    `GapFrames` (a new set of skills then counts on the kept codes; dashboard/warmup.py prepares the default view's
    and each field's)."""
    return functools.partial(prepared_codes, dataset)


def prepared_codes(dataset: state.Dataset, listings: pl.DataFrame) -> ListingSkillCodes:
    """The memoised codes of `listings` with what does not depend on a student's skills already counted on them
    (the category coverage's tables): the warm-up's codes then leave a first view only the student's own work."""
    codes = state.cached(dataset, listing_skill_codes, listings)
    skill_gap.taxonomy_category_counts(codes)
    return codes


def gap_plan(
    dataset: state.Dataset, spec: FilterSpec, listings: pl.DataFrame, me: list[str], at: int
) -> tuple[GapFrames, SkillPlan]:
    """The gap frames of these openings and skills, and the plan at threshold `at` %, both from the memo."""
    # Memoised on every argument (shared across sessions): a rerun that changes nothing costs nothing, and a new
    # threshold reuses the gap frames of these openings and skills (a few are kept). The listings' skill codes are
    # kept per filtered frame, so a new set of skills counts on them instead of the skill lists.
    # Looked up on their modules at each call, as the page's own imports are on each run (tests count the calls).
    gap = state.cached_large(dataset, skill_gap.GapFrames, listings, me, listing_coder(dataset))
    plan = state.cached(
        dataset,
        skill_plan.build_plan_of,
        gap,
        description=spec.describe(listings.height, dataset.listings.height),
        threshold=at / 100,
    )
    return gap, plan


def census(count: int, n: int) -> str:
    """'140 of 412 openings listing skills': readiness counts every matching opening (a census, not a
    sample), so it carries no sampling interval."""
    return f"{count:,} of {fmt.plural(n, 'opening')} listing skills (all of them, so no sampling interval)"


def readiness_kpis(ready: dict[str, Any], at: int) -> list[components.Kpi]:
    """The three readiness tiles: fully matched, at least `at` % matched, openings considered."""
    n = ready["n_considered"]
    left_out = f"; {ready['n_without_skills']:,} listing no skills left out" if ready["n_without_skills"] else ""
    return [
        components.Kpi(
            "Fully matched",
            fmt.share(ready["n_fully_matched"], n),
            note=census(ready["n_fully_matched"], n),
            help="Openings where you hold every skill they ask for.",
        ),
        components.Kpi(
            f"At least {at} % matched",
            fmt.share(ready["n_above_threshold"], n),
            note=census(ready["n_above_threshold"], n),
        ),
        components.Kpi(
            "Openings considered", f"{n:,}", note=f"of {ready['n_openings']:,} matching the filters{left_out}"
        ),
    ]


def distribution_alt(ready: dict[str, Any]) -> str:
    """The match distribution chart's alt text."""
    top_bin = ready["distribution"].row(-1, named=True)
    return (
        "Column chart of openings by how much of their skill list you hold; "
        f"{top_bin['count']:,} of {ready['n_considered']:,} are a 100 % match."
    )


def path_alt(path: pl.DataFrame, ready: dict[str, Any]) -> str:
    """The learning path chart's alt text."""
    last = path.row(-1, named=True)
    return (
        f"Line chart: learning {', '.join(path['skill'])} in turn would take fully "
        f"matched openings from {ready['n_fully_matched']:,} to {last['cumulative_fully_matched']:,} "
        f"of {ready['n_considered']:,}."
    )


def path_caption(path: pl.DataFrame) -> str:
    """Whether the learning path is proven best or the best found within the search's limit."""
    if path["search"][0] == "exact":
        return "These skills together complete the most openings (an exact search)."
    return (
        f"The best set found; the search stopped at its limit ({SEARCH_BUDGET:,} steps or "
        f"{SEARCH_SECONDS:g} s), so a better set may exist "
        "(it is never worse than picking the best single skill each step)."
    )


def coverage_alt(coverage: pl.DataFrame) -> str:
    """The category coverage chart's alt text."""
    return (
        "Grouped bars per skill category: how many openings ask for it and how much your skills cover; "
        f"most asked is {coverage['category'][0]} ({coverage['demand_label'][0]})."
    )


@st.fragment
def offer_holders(dataset: state.Dataset, me: list[str], chosen: str) -> None:
    """The skills of offer-holders in a field: a fragment, so choosing another field reruns only this part."""
    st.subheader("Skills of people who got offers")
    field = st.selectbox("Field", FIELDS, index=FIELDS.index(chosen), key="offer_field")
    min_group = state.min_group_size()
    # The counts over the applications (seconds at 10 M) are kept per field, so a new set of skills reuses them.
    count_holders = functools.partial(state.cached, dataset, skill_gap.offer_holder_counts)
    holders = state.cached(
        dataset, skill_gap.offer_holder_skills, dataset.outcomes, field, me, min_group, count_holders
    )
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


def plan_downloads(dataset: state.Dataset, plan: SkillPlan) -> None:
    """The plan as Markdown and as CSV, each with the same provenance as every export."""
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
