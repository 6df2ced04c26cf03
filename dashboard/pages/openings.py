"""Openings: the filtered openings as a sortable table, one opening's details, maps, fields and weeks."""

from __future__ import annotations

import dataclasses
import zlib

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from analytics import openings, overview
from analytics.filters import FilterSpec
from dashboard import background, components, layout, state
from dashboard.charts import explore, maps
from dashboard.safe_text import join_text, md, safe_link

PAGE_ROWS = 200  # rows sent to the browser; the downloads carry the full filtered set
SORT_LABELS = {
    "posted_date": "Posted date",
    "pay_hourly_usd": "Pay",
    "company": "Company",
    "title": "Title",
    "field": "Field",
    "work_mode": "Work mode",
}
# In the order shown: what a student decides on (pay, date, link) comes before the long text columns, so it is on
# screen at 1440 px without scrolling the table sideways.
COLUMNS = {
    "company": st.column_config.TextColumn("Company"),
    "title": st.column_config.TextColumn("Title", width="large"),
    "pay_hourly_usd": st.column_config.NumberColumn("Pay", format="$%.2f/h", help="Hourly pay in USD"),
    "posted_date": st.column_config.DateColumn("Posted", format="D MMM YYYY"),
    # Only http(s) links with a host reach this column (analytics.exports.safe_url); others are blank.
    "url": st.column_config.LinkColumn("Link", display_text="Open ↗"),
    "field": st.column_config.TextColumn("Field"),
    "work_mode": st.column_config.TextColumn("Work mode"),
    "locations": st.column_config.TextColumn("Locations"),
    "skills": st.column_config.TextColumn("Skills"),
}
# A phone's table (dashboard/layout.py shows it below 640 px): the four columns that fit 358 px, pay shown whole; the
# row's details below the table hold the rest.
PHONE_WIDTHS = {"company": 80, "title": 120, "pay_hourly_usd": 60, "url": 52}
PHONE_COLUMNS = {
    "pay_hourly_usd": st.column_config.NumberColumn("Pay", format="$%.0f/h", help="Hourly pay in USD"),
    "url": st.column_config.LinkColumn("Link", display_text="Open"),
}
SIMILAR_COLUMNS = {
    "shared_skills": st.column_config.ListColumn("Skills in common"),
    "similarity": st.column_config.ProgressColumn(
        "Skill overlap",
        format="%.2f",
        min_value=0.0,
        max_value=1.0,
        help="Shared skills / skills in either (Jaccard): 1.00 means the same skills",
    ),
}
MISSING = "—"  # an empty cell (no pay stated) reads as a dash, not a grey "None"

dataset = components.require_dataset()
components.require_listings(dataset, "there are no openings to list")
spec = components.get_filters()
listings = state.filtered_listings(dataset, spec)
st.title("Openings")
components.filter_sentence(spec, listings.height, dataset.listings.height)
if listings.height == 0:
    components.empty_state("No openings match these filters.")
    st.stop()


def show_opening(dataset: state.Dataset, listings: pl.DataFrame, listing_id: str) -> None:
    """One opening's details, the offer rate of comparable openings and similar openings."""
    details = state.cached(dataset, openings.opening_details, listings, listing_id)
    if details is not None:
        with st.container(border=True):
            # Every value is the file's text: escaped for Markdown, lists joined whatever they hold (null lists too).
            st.subheader(f"{md(details['title'] or 'Untitled')} · {md(details['company'] or 'Unknown company')}")
            pay = "pay not stated" if details["pay_hourly_usd"] is None else fmt.money(details["pay_hourly_usd"])
            posted = f"posted {details['posted_date']:%d %b %Y}" if details["posted_date"] else "posting date unknown"
            st.markdown(
                f"**{md(details['field'] or 'Other')}** · {md(details['work_mode'] or 'unknown')} · {md(pay)} · "
                f"sponsorship: {md(details['sponsorship'] or 'unknown')} · {posted}"
            )
            st.markdown("**Locations:** " + (md(join_text(details["locations"], "; ")) or "not stated"))
            st.markdown("**Skills:** " + (md(join_text(details["skills"])) or "none listed"))
            st.markdown("**Terms:** " + (md(join_text(details["terms"])) or "not stated"))
            link = safe_link(details["url"])
            if link:
                st.link_button("Open the posting", link, icon=":material/open_in_new:")
            min_group = state.min_group_size()
            if background.wait_for_outcomes(dataset) is None:  # "Loading outcomes…" on a fresh server
                st.caption(
                    "There are no outcome data in this session, so no acceptance rate for comparable openings "
                    "(load an outcomes file on Sources to add them)."
                )
            else:
                rate = state.cached(dataset, openings.comparable_acceptance, dataset.outcomes, details, min_group)
                if rate["rate"] is None:
                    st.caption(
                        f"Acceptance rate of comparable openings suppressed: fewer than {min_group:,} comparable "
                        f"applications (n = {rate['n']:,})."
                    )
                else:
                    st.metric(f"Offer rate, {rate['basis']}", fmt.share(rate["successes"], rate["n"], 1), border=True)
                    st.caption(
                        f"{rate['successes']:,} offers of {rate['n']:,} applications; "
                        f"95 % CI {fmt.interval(rate['low'], rate['high'])} (Wilson)."
                    )
            similar = state.cached(dataset, openings.similar_openings, listings, listing_id)
            st.markdown("**Similar openings** (same field, most skills in common)")
            if similar.height == 0:
                st.caption("No other opening in this field shares a skill with it.")
            else:
                layout.table(
                    similar,
                    f"openings_similar_{listing_id}",
                    phone={"similarity": 80, "title": 120, "company": 90},  # 290 px: inside the details' border
                    column_order=["similarity", "shared_skills", *COLUMNS],
                    placeholder=MISSING,
                    column_config=COLUMNS | SIMILAR_COLUMNS,
                    phone_config={"similarity": SIMILAR_COLUMNS["similarity"] | {"label": "Overlap"}},
                )


@st.fragment
def sorted_openings(dataset: state.Dataset, spec: FilterSpec, listings: pl.DataFrame) -> None:
    """The sorted table, its downloads and the selected opening: a fragment, so a sort or a row click reruns only
    this part, not the maps and charts below."""
    left, right = st.columns([3, 1])
    sort_by = left.selectbox(
        "Sort by", list(SORT_LABELS), format_func=SORT_LABELS.__getitem__, key="sort", bind="query-params"
    )
    descending = right.toggle("Largest / newest first", value=True, key="desc", bind="query-params")
    table = state.cached(dataset, openings.openings_table, listings, sort_by, descending, limit=PAGE_ROWS)
    st.caption(
        f"Showing {table.height:,} of {listings.height:,} openings, sorted by {SORT_LABELS[sort_by].lower()}. "
        "Select a row to see its details; search titles and companies in the sidebar; download the full list below."
    )
    # The key changes with the rows on show, so a selection never jumps to another opening after a re-sort.
    signature = zlib.crc32(repr((spec, sort_by, descending)).encode())
    row = layout.table(
        table,
        f"openings_{signature}",
        phone=PHONE_WIDTHS,
        column_config=COLUMNS,
        column_order=list(COLUMNS),
        phone_config=PHONE_COLUMNS,
        details=False,  # the selected opening's details follow below, for either table
        select_on_desktop=True,
        height=420,
        placeholder=MISSING,
    )
    components.download_buttons(listings, "openings")

    if row is not None:
        show_opening(dataset, listings, table["listing_id"][row])


sorted_openings(dataset, spec, listings)

st.subheader("Where the openings are")
us_tab, world_tab, city_tab = st.tabs(["US states", "World", "Cities"])
with us_tab:
    regions = state.cached(dataset, overview.openings_by_region, listings)
    if regions.filter(country="US").height == 0:
        components.empty_for(dataset, "us_state", "None of these openings is in a US state.")
    else:
        components.chart(
            dataset, maps.region_choropleth, regions, alt=maps.region_choropleth_alt(regions), key="openings_states"
        )
with world_tab:
    countries = state.cached(dataset, overview.openings_by_country, listings)
    if countries.height == 0:
        components.empty_for(dataset, "country", "None of these openings names a country.")
    else:
        components.chart(
            dataset,
            maps.country_choropleth,
            countries,
            alt=maps.country_choropleth_alt(countries),
            key="openings_countries",
        )
with city_tab:
    cities = state.cached(dataset, overview.openings_by_city, listings)
    if cities.drop_nulls("lat").height == 0:
        components.empty_for(dataset, "city", "None of these openings is in a city we can place on the map.")
    else:
        components.chart(
            dataset, maps.city_bubble_map, cities, alt=maps.city_bubble_map_alt(cities), key="openings_cities"
        )

left, right = st.columns(2)
with left:
    by_field = state.cached(dataset, overview.openings_by_field, listings)
    components.chart(
        dataset,
        explore.openings_by_field_chart,
        by_field,
        alt=explore.openings_by_field_alt(by_field),
        key="openings_fields",
    )
with right:
    # Every posting by its posting date, open or closed now (as on the Overview): counting only what is
    # still open would make older weeks look quiet. The other filters still apply.
    # Only the two columns the weeks read are gathered (not a second filtered frame of every column).
    weekly = state.cached(
        dataset, openings.weekly_postings, dataset.listings, dataclasses.replace(spec, active_only=False)
    )
    if weekly.height == 0:
        components.empty_for(dataset, "posted_date", "These openings have no posting dates.")
    else:
        components.chart(
            dataset,
            explore.openings_by_field_over_time_chart,
            weekly,
            alt=explore.openings_by_field_over_time_alt(weekly),
            key="openings_weeks",
        )
