"""Overview: the market at a glance for the current filters (KPIs, fields, states, skills, weeks)."""
from __future__ import annotations

import streamlit as st

from analytics import overview
from analytics.skills_demand import top_skills
from dashboard import components, state
from dashboard.charts import explore, maps

OFFER_LABEL = "Offer rate, all applications"  # listing filters do not narrow outcomes: say so on the tile


def _percent(value: float | None, digits: int = 0) -> str:
    """A share as '12%' (or with `digits` decimals); 'n/a' when unknown."""
    return "n/a" if value is None else f"{value:.{digits}%}"


dataset = components.require_dataset()
spec = components.get_filters()
listings = state.filtered_listings(dataset, spec)
st.title("Overview")
components.filter_sentence(spec, listings.height, dataset.listings.height)
if listings.height == 0:
    components.empty_state("No openings match these filters.")
    st.stop()

# Aggregates are memoised per (dataset, filters): a rerun that changes no filter costs nothing.
kpis = state.memoised(dataset, ("overview_kpis", spec), lambda: overview.overview_kpis(listings, dataset.outcomes))
min_group = state.min_group_size()
offer_n = kpis["offer_rate_n"]
if kpis["offer_rate"] is None or offer_n < min_group:
    offer = components.Kpi(OFFER_LABEL, "n/a", note=f"fewer than {min_group} applications" if offer_n else "no outcome data")
else:
    offer = components.Kpi(
        OFFER_LABEL, _percent(kpis["offer_rate"], 1),
        help="Offers per application across the whole outcomes data; the filters apply to listings only.",
        note=f"{kpis['offer_rate_successes']:,} offers of {offer_n:,}; 95 % CI {_percent(kpis['offer_rate_low'], 1)}–{_percent(kpis['offer_rate_high'], 1)}",
    )
median_pay = kpis["median_pay"]
components.kpi_row([
    components.Kpi("Open listings", f"{kpis['open_listings']:,}", note=f"of {dataset.listings.height:,} listings in the data"),
    components.Kpi("Companies", f"{kpis['companies']:,}"),
    components.Kpi("Median hourly pay", "n/a" if median_pay is None else f"${median_pay:,.2f}",
                   note=f"n = {kpis['n_with_pay']:,} listings stating pay"),
    components.Kpi("Remote share", _percent(kpis["remote_share"]), note=f"n = {kpis['n_with_mode']:,} with a known work mode"),
    offer,
])
first, last = state.memoised(dataset, ("date_range", spec), lambda: overview.date_range(listings))
st.caption(f"Source: {dataset.sources} Posted {first:%d %b %Y} – {last:%d %b %Y}." if first else f"Source: {dataset.sources}")

left, right = st.columns(2)
with left:
    by_field_frame = state.memoised(dataset, ("openings_by_field", spec), lambda: overview.openings_by_field(listings))
    components.plotly(explore.openings_by_field_chart(by_field_frame), alt=explore.openings_by_field_alt(by_field_frame),
                      key="overview_fields")
with right:
    regions = state.memoised(dataset, ("openings_by_region", spec), lambda: overview.openings_by_region(listings))
    if regions.filter(country="US").height == 0:
        components.empty_state("None of these openings is in a US state.")
    else:
        components.plotly(maps.region_choropleth(regions), alt=maps.region_choropleth_alt(regions), key="overview_states")

left, right = st.columns(2)
with left:
    skills = state.memoised(dataset, ("top_skills", spec, 15), lambda: top_skills(listings, k=15))
    if skills.height == 0:
        components.empty_state("These openings list no skills.")
    else:
        components.plotly(explore.top_skills_chart(skills), alt=explore.top_skills_alt(skills), key="overview_skills")
with right:
    weekly = state.memoised(dataset, ("postings_per_week", spec), lambda: overview.postings_per_week(listings))
    if weekly.height == 0:
        components.empty_state("These openings have no posting dates.")
    else:
        components.plotly(explore.postings_per_week_chart(weekly), alt=explore.postings_per_week_alt(weekly),
                          key="overview_weeks")

components.download_buttons(by_field_frame, "openings_by_field")
