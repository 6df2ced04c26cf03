"""Overview: the market at a glance for the current filters (KPIs, fields, states, skills, weeks)."""

from __future__ import annotations

import dataclasses

import streamlit as st

from analytics import formatting as fmt
from analytics import overview
from analytics.skills_demand import top_skills
from dashboard import background, components, outcome_views, state
from dashboard.charts import explore, maps
from dashboard.safe_text import md

OFFER_LABEL = "Offer rate"


dataset = components.require_dataset()
components.require_listings(dataset, "there is no market overview to show")
spec = components.get_filters()
listings = state.filtered_listings(dataset, spec)
st.title("Overview")
components.filter_sentence(spec, listings.height, dataset.listings.height)
if listings.height == 0:
    components.empty_state("No openings match these filters.")
    st.stop()

# Aggregates are memoised per (dataset, function, arguments; a filtered frame stands for its filters): a rerun
# that changes no filter costs nothing. The listing KPIs never wait for the outcomes (read in the background on a
# fresh server: dashboard/background.py).
kpis = state.cached(dataset, overview.overview_kpis, listings, None, spec)


def offer_kpi() -> components.Kpi:
    """The offer-rate tile: "loading…" while the outcomes are read, else the rate when it may be shown."""
    if background.outcomes_loading(dataset):
        return components.Kpi(OFFER_LABEL, "loading…", note="the outcome data is still being read")
    if (error := background.outcome_error(dataset)) is not None:
        return components.Kpi(OFFER_LABEL, "unavailable", help=str(error), note="the outcome data could not be read")
    if not dataset.has_outcomes:  # never the sample's numbers in a session that loaded only listings
        return components.Kpi(OFFER_LABEL, "none", note="no outcome data in this session")
    offered = state.cached(dataset, overview.overview_kpis, listings, dataset.outcomes, spec)
    offer_n, people = offered["offer_rate_n"], offered["offer_rate_applicants"]
    if offered["offer_rate"] is None:
        return components.Kpi(OFFER_LABEL, "n/a", note="no outcome data")
    # The offer rate is the total of the outcome view these filters select: shown only when that view reaches the
    # minimum group size in applications and, where known, in distinct applicants (analytics/disclosure.py). The
    # same rules as a rate view's total (analytics/differencing.py): enough applicants and applications, and no
    # filter change a link can make would differ from this rate's view by a small group.
    guard = outcome_views.offer_guard(dataset, spec, state.min_group_size(), offered)
    if not guard.shown:
        return components.Kpi(OFFER_LABEL, "n/a", note=guard.reason)
    per_person = (
        ""
        if offered["applicant_offer_rate"] is None
        else f"; applicants with one or more offers: {fmt.share_label(offered['applicants_with_offer'], people, digits=1)}"
    )
    return components.Kpi(
        OFFER_LABEL,
        fmt.percent(offered["offer_rate"], 1),
        help=offered["offer_scope"],
        note=f"per application: {offered['offer_rate_successes']:,} of {offer_n:,}; 95 % CI "
        f"{fmt.interval(offered['offer_rate_low'], offered['offer_rate_high'])}{per_person}",
    )


median_pay = kpis["median_pay"]
unpaid = f", {fmt.plural(kpis['n_unpaid'], 'unpaid listing')} ($0) included" if kpis["n_unpaid"] else ", none unpaid"
polling = background.outcomes_loading(dataset)


# While the outcomes load, only this row runs again every POLL_SECONDS; once they are in, one full rerun
# redefines it without a timer, so nothing polls after that.
@st.fragment(run_every=background.POLL_SECONDS if polling else None)
def kpi_section() -> None:
    """The KPI row and the offer rate's scope or its absence."""
    if polling and not background.outcomes_loading(dataset):
        st.rerun()
    components.kpi_row(
        [
            components.Kpi(
                "Open listings",
                f"{kpis['open_listings']:,}",
                note=f"of {dataset.listings.height:,} listings in the data",
            ),
            components.Kpi("Companies", f"{kpis['companies']:,}"),
            components.Kpi(
                "Median hourly pay",
                fmt.money(median_pay, unit=""),
                note=f"n = {kpis['n_with_pay']:,} listings stating pay{unpaid}",
            ),
            components.Kpi(
                "Remote share",
                fmt.percent(kpis["remote_share"]),
                note=f"n = {kpis['n_with_mode']:,} with a known work mode",
            ),
            offer_kpi(),
        ]
    )
    if background.outcomes_loading(dataset):
        st.caption(f"{background.LOADING_TEXT} The offer rate appears here when they are in.")
    elif (error := background.outcome_error(dataset)) is not None:
        st.warning(
            f"The outcome data could not be loaded, so there is no offer rate. {md(error)}", icon=":material/error:"
        )
    elif not dataset.has_outcomes:
        components.no_outcomes("there is no offer rate")
    elif scope := state.cached(dataset, overview.overview_kpis, listings, dataset.outcomes, spec)["offer_scope"]:
        st.caption(f"Offer rate: {scope}")


kpi_section()
first, last = state.cached(dataset, overview.date_range, listings)
st.caption(
    f"Source: {md(dataset.sources)} Posted {first:%d %b %Y} – {last:%d %b %Y}."
    if first
    else f"Source: {md(dataset.sources)}"
)

left, right = st.columns(2)
with left:
    by_field_frame = state.cached(dataset, overview.openings_by_field, listings)
    # Figures are memoised with the frames they draw (components.chart): a rerun reuses them.
    components.chart(
        dataset,
        explore.openings_by_field_chart,
        by_field_frame,
        alt=explore.openings_by_field_alt(by_field_frame),
        key="overview_fields",
    )
    # Under the chart they download, and saying what they hold (not under two other charts).
    components.download_buttons(by_field_frame, "openings_by_field", what="Openings by field")
with right:
    regions = state.cached(dataset, overview.openings_by_region, listings)
    if regions.filter(country="US").height == 0:
        components.empty_for(dataset, "us_state", "None of these openings is in a US state.")
    else:
        components.chart(
            dataset, maps.region_choropleth, regions, alt=maps.region_choropleth_alt(regions), key="overview_states"
        )
        left_out = state.cached(dataset, overview.map_exclusions, listings)
        if left_out["without_state"]:
            st.caption(
                f"Not on the map: {fmt.plural(left_out['without_state'], 'listing')} with no US state, "
                f"{left_out['remote_without_state']:,} of them remote."
            )

left, right = st.columns(2)
with left:
    skills = state.cached(dataset, top_skills, listings, k=15)
    if skills.height == 0:
        components.empty_for(dataset, "skills", "These openings list no skills.")
    else:
        components.chart(
            dataset, explore.top_skills_chart, skills, alt=explore.top_skills_alt(skills), key="overview_skills"
        )
with right:
    # Every posting by its posting date, open or closed now: counting only what is still open would make
    # older weeks look quiet. The other filters still apply.
    everything = state.filtered_listings(dataset, dataclasses.replace(spec, active_only=False))
    weekly = state.cached(dataset, overview.postings_over_time, everything)
    if weekly.height == 0:
        components.empty_for(dataset, "posted_date", "These openings have no posting dates.")
    else:
        components.chart(
            dataset,
            explore.postings_over_time_chart,
            weekly,
            alt=explore.postings_over_time_alt(weekly),
            key="overview_weeks",
        )
