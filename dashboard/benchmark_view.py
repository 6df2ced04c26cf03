"""The Benchmark page's parts that are not its flow: the posting form, the start state, the KPI tiles, the charts'
grid and the one-page download (dashboard/pages/benchmark.py wires them to `benchmark_posting`)."""

from __future__ import annotations

from typing import Any

import streamlit as st

from analytics import formatting as fmt
from analytics.benchmark import HOURS_PER, BenchmarkResult, Posting, pay_to_hourly, suggest_field
from analytics.filters import FilterSpec
from dashboard import components, state, tool_inputs
from dashboard.benchmark_html import benchmark_html
from dashboard.safe_text import md
from data_loaders.schema import FIELDS

EXAMPLE = {"bm_title": "Data Science Intern", "bm_pay": 35.0, "bm_skill": ["Python", "SQL", "Tableau", "Statistics"]}


def load_example() -> None:
    """Button callback: fill the form with an example posting."""
    for key, value in EXAMPLE.items():
        st.session_state[key] = value


def posting_form(dataset: state.Dataset) -> Posting | None:
    """The posting's inputs (each bound to the URL); None until a field (typed or suggested) or a skill is given."""
    options = state.filter_options(dataset.listings, FilterSpec(active_only=False))
    with st.container(border=True):
        left, middle, right = st.columns(3)
        title = left.text_input("Job title", key="bm_title", bind="query-params", max_chars=200)
        suggested = suggest_field(title) if title.strip() else None
        chosen = left.selectbox(
            "Field",
            FIELDS,
            index=None,
            key="bm_field",
            bind="query-params",
            placeholder=f"Suggested: {suggested}" if suggested else "Pick a field",
        )
        with middle:
            regions = tool_inputs.region_picker("bm_region", "Locations (state / province)", options["regions"])
        remote = middle.checkbox("Remote", key="bm_remote", bind="query-params")
        terms = middle.multiselect("Term", options["terms"], key="bm_term", bind="query-params", placeholder="Any term")
        amount = right.number_input("Pay (USD)", min_value=0.0, step=1.0, value=None, key="bm_pay", bind="query-params")
        period = right.selectbox("Per", list(HOURS_PER), key="bm_period", bind="query-params")
        with right:
            skills = tool_inputs.skill_picker("bm_skill", "Required skills")
        with st.expander("Get the skills from a job description", icon=":material/description:"):
            tool_inputs.description_input("bm_skill")
    field = chosen or suggested
    if field is None and not skills:
        return None
    return Posting(
        title=title.strip(),
        field=field or "Other",
        regions=tuple(regions),
        remote=remote,
        pay_hourly_usd=None if amount is None else pay_to_hourly(amount, period),
        terms=tuple(terms),
        skills=tuple(skills),
    )


def start_here() -> None:
    """What an empty form shows: how to start, and an example posting to try."""
    st.info(
        "**Start here:** type the job title (the field is suggested from it), where it is, the pay and the skills "
        "it requires, or paste a job description to pick the skills out of it.",
        icon=":material/work:",
    )
    st.button("Try an example posting", icon=":material/lightbulb:", key="bm_example", on_click=load_example)


def kpis(result: BenchmarkResult) -> list[components.Kpi]:
    """The four tiles: pay percentile, skills asked, candidate pool, offer rate of similar openings."""
    posting, pay, count, pool, comp = result.posting, result.pay, result.skill_count, result.pool, result.competition
    rate = "n/a" if comp["offer_rate"] is None else fmt.share(comp["n_offers"], comp["n_applications"], 1)
    # The percentile as a rank, rounded half-up from the counts (ties count half), as the summary writes it.
    percentile = fmt.ordinal(
        fmt.whole_percent(2 * pay["below"] + pay["equal"], 2 * pay["n_with_pay"])
        if pay["percentile"] is not None
        else None
    )
    return [
        components.Kpi("Pay percentile", percentile, note=f"n = {pay['n_with_pay']:,} comparable openings stating pay"),
        components.Kpi("Skills asked", f"{len(posting.skills)}", note=f"{count['sentence']}; n = {count['n']:,}"),
        components.Kpi(
            "Candidate pool",
            fmt.share(pool["holders"], pool["n"]) if posting.skills else "n/a",
            note=f"{pool['holders']:,} of {pool['n']:,} {pool['population']} hold every required skill",
        ),
        components.Kpi(
            "Offer rate, similar",
            rate,
            note=comp.get("note")
            if comp["suppressed"]
            else f"{comp['n_offers']:,} of {comp['n_applications']:,}; 95 % CI {fmt.interval(comp['low'], comp['high'])}",
        ),
    ]


def competition_caption(result: BenchmarkResult) -> str | None:
    """How many applications comparable openings drew; None when unknown or under the minimum (no counts at all)."""
    comp = result.competition
    if comp["applications_per_opening"] is None or comp["suppressed"]:
        return None
    return (
        f"Comparable openings drew {comp['applications_per_opening']:.1f} applications each "
        f"(median {comp['median_applications']:.0f}; {comp['n_openings']:,} openings with tracked applications)."
    )


def chart_grid(result: BenchmarkResult, figures: dict[str, Any]) -> None:
    """The four charts in two columns, each with a note in its place when it has nothing to show."""
    posting, pool = result.posting, result.pool
    left, right = st.columns(2)
    for column, name, missing in (
        (left, "pay", "None of the comparable openings states pay."),
        (right, "commonness", "Add required skills to see how common they are."),
        (left, "peer_skills", "Comparable openings list no skills you do not ask for."),
        (
            right,
            "pool",
            "Add required skills to see the candidate pool."
            if not posting.skills
            else f"No {pool['population']} to estimate a candidate pool from."
            if not pool["n"]
            else f"Nobody holds every required skill, even with any one of them dropped: 0 of "
            f"{pool['n']:,} {pool['population']}. Fewer required skills widen the pool.",
        ),
    ):
        with column:
            if name in figures:
                components.plotly(figures[name][0], alt=figures[name][1], key=f"bm_chart_{name}")
            else:
                st.info(missing, icon=":material/info:")
    st.caption(f"Candidate pool: {md(pool['note'])} Common: asked by at least 30 % of peers; rare: fewer than 10 %.")


def download(dataset: state.Dataset, result: BenchmarkResult, summary: str, figures: dict[str, Any]) -> None:
    """The one-page benchmark as HTML, built on click."""
    st.download_button(
        "Download the one-page benchmark (HTML)",
        data=lambda: benchmark_html(
            result, summary, figures, provenance=dataset.provenance(), synthetic=dataset.synthetic
        ),
        file_name=f"{dataset.download_name('benchmark')}.html",
        mime="text/html",
        icon=":material/download:",
        key="bm_html",
        on_click="ignore",
    )
