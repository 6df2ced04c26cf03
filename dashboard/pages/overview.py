"""Overview: the market at a glance for the current filters (KPIs, fields, states, skills, weeks)."""
from __future__ import annotations

import plotly.express as px
import streamlit as st

from analytics import overview
from analytics.skills_demand import top_skills
from dashboard import components, state
from dashboard.charts import FIELD_COLORS, PRIMARY_COLOR, SEQUENTIAL_SCALE, style_figure

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
    by_field = by_field_frame.to_pandas()
    fig = px.bar(by_field, x="openings", y="field", orientation="h", color="field", color_discrete_map=FIELD_COLORS,
                 custom_data=["share"], category_orders={"field": by_field["field"].tolist()})
    fig.update_traces(hovertemplate="%{y}: %{x:,} openings (%{customdata[0]:.0%})<extra></extra>", showlegend=False)
    components.plotly(style_figure(fig, title="Openings by field", x_title="Openings", y_title="Field"),
                      alt=f"Bar chart of openings per field; the largest is {by_field['field'].iloc[0]} with {by_field['openings'].iloc[0]:,}.",
                      key="overview_fields")
with right:
    states = state.memoised(dataset, ("openings_by_region", spec), lambda: overview.openings_by_region(listings))
    states = states.filter(country="US")
    if states.height == 0:
        components.empty_state("None of these openings is in a US state.")
    else:
        frame = states.with_columns(state=states["region"].str.slice(3)).to_pandas()
        fig = px.choropleth(frame, locations="state", locationmode="USA-states", scope="usa", color="openings",
                            color_continuous_scale=SEQUENTIAL_SCALE, hover_name="region_name",
                            hover_data={"state": False, "openings": ":,"}, labels={"openings": "Openings"})
        fig.update_geos(showlakes=False, bgcolor="rgba(0,0,0,0)")
        top = frame.iloc[0]
        components.plotly(style_figure(fig, title="Openings by US state"),
                          alt=f"Map of US states shaded by openings; the most is {top['region_name']} with {top['openings']:,}.",
                          key="overview_states")

left, right = st.columns(2)
with left:
    skills = state.memoised(dataset, ("top_skills", spec, 15), lambda: top_skills(listings, k=15)).to_pandas()
    if skills.empty:
        components.empty_state("These openings list no skills.")
    else:
        fig = px.bar(skills, x="share", y="skill", orientation="h", custom_data=["label"],
                     category_orders={"skill": skills["skill"].tolist()}, color_discrete_sequence=[PRIMARY_COLOR])
        fig.update_traces(hovertemplate="%{y}: %{customdata[0]}<extra></extra>")
        fig.update_xaxes(tickformat=".0%")
        components.plotly(style_figure(fig, title="Top skills asked for", x_title="Share of openings that list skills", y_title="Skill"),
                          alt=f"Bar chart of the 15 most requested skills; first is {skills['skill'].iloc[0]} at {skills['label'].iloc[0]}.",
                          key="overview_skills")
with right:
    weekly = state.memoised(dataset, ("postings_per_week", spec), lambda: overview.postings_per_week(listings)).to_pandas()
    fig = px.line(weekly, x="week", y="postings", markers=True, color_discrete_sequence=[PRIMARY_COLOR])
    fig.update_traces(hovertemplate="Week of %{x|%d %b %Y}: %{y:,} postings<extra></extra>")
    components.plotly(style_figure(fig, title="Postings per week", x_title="Week (starting Monday)", y_title="Postings"),
                      alt=f"Line chart of postings per week over {len(weekly)} weeks, peaking at {weekly['postings'].max():,}.",
                      key="overview_weeks")

components.download_buttons(by_field_frame, "openings_by_field")
