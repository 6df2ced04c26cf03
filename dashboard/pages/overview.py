"""Overview: the market at a glance for the current filters (KPIs, fields, states, skills, weeks)."""

from __future__ import annotations

import streamlit as st

from analytics import formatting as fmt
from analytics import overview
from dashboard import background, components, first_page, overview_view, state
from dashboard.charts import explore, maps
from dashboard.safe_text import md

dataset = components.require_dataset()
components.require_listings(dataset, "there is no market overview to show")
spec = components.get_filters()
listings = overview_view.page_listings(dataset, spec)  # the columns the page reads
st.title("Overview")
components.filter_sentence(spec, listings.height, dataset.listings.height)
if listings.height == 0:
    components.empty_state("No openings match these filters.")
    st.stop()

# Aggregates are memoised per (dataset, function, arguments; a filtered frame stands for its filters): a rerun
# that changes no filter costs nothing, and a new filter's were begun on a worker when the filter panel knew the
# filters (overview_view.listing_views, with these arguments). The listing KPIs never wait for the outcomes (read in the background on a
# fresh server: dashboard/background.py).
kpis = state.cached(dataset, overview.overview_kpis, listings, None, spec)
polling = background.outcomes_loading(dataset)


# While the outcomes load, only this row runs again every POLL_SECONDS; once they are in, one full rerun
# redefines it without a timer, so nothing polls after that.
@st.fragment(run_every=background.POLL_SECONDS if polling else None)
def kpi_section() -> None:
    """The KPI row and the offer rate's scope or its absence."""
    first_page.browser_asked_again()  # a poll after the first page: it is drawn, the outcomes' read may begin
    if polling and not background.outcomes_loading(dataset):
        st.rerun()
    components.kpi_row([*overview_view.listing_kpis(dataset, kpis), overview_view.offer_kpi(dataset, spec)])
    overview_view.offer_caption(dataset, spec)


# The offer tile's counts (numpy over the outcome rows) began on a worker when the filter panel knew the filters
# (dashboard/ahead.py); this run builds the charts (Python) meanwhile, and fills the KPI row's slot at the top last.
kpi_slot = st.container()
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
            dataset,
            maps.region_choropleth,
            regions,
            alt=state.cached(dataset, maps.region_choropleth_alt, regions),
            key="overview_states",
        )
        left_out = state.cached(dataset, overview.map_exclusions, listings)
        if left_out["without_state"]:
            st.caption(
                f"Not on the map: {fmt.plural(left_out['without_state'], 'listing')} with no US state, "
                f"{left_out['remote_without_state']:,} of them remote."
            )

left, right = st.columns(2)
with left:
    skills = overview_view.skill_counts(dataset, spec, listings)
    if skills.height == 0:
        components.empty_for(dataset, "skills", "These openings list no skills.")
    else:
        components.chart(
            dataset, explore.top_skills_chart, skills, alt=explore.top_skills_alt(skills), key="overview_skills"
        )
with right:
    # Every posting by its posting date, open or closed now.
    weekly = state.cached(dataset, overview.postings_over_time, overview_view.dated_listings(dataset, spec))
    if weekly.height == 0:
        components.empty_for(dataset, "posted_date", "These openings have no posting dates.")
    else:
        components.chart(
            dataset,
            explore.postings_over_time_chart,
            weekly,
            alt=state.cached(dataset, explore.postings_over_time_alt, weekly),  # ~1 ms: memoised with the frame
            key="overview_weeks",
        )

with kpi_slot:  # last: the offer tile's counts had the charts' time to finish on the worker
    kpi_section()
