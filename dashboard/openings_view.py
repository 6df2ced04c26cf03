"""The Openings page's view without its widgets: table columns, the text of one opening's details, and the charts.

The page (dashboard/pages/openings.py) wires widgets and draws; what each chart shows comes from `charts(...)`, a
list of `Chart` values the page draws and the background warm-up (dashboard/warmup.py) builds ahead with the same
memo calls, so the two cannot drift apart.
"""

from __future__ import annotations

import dataclasses
from typing import Any

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from analytics import openings, overview
from analytics.filters import FilterSpec
from dashboard import state
from dashboard.charts import explore, maps
from dashboard.page_charts import Chart
from dashboard.safe_text import join_text, md

PAGE_ROWS = 200  # rows sent to the browser; the downloads carry the full filtered set
DEFAULT_SORT = ("posted_date", True)  # the sort widgets' first values (the warm-up prepares this table)
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


def charts(dataset: state.Dataset, spec: FilterSpec, listings: pl.DataFrame) -> list[Chart]:
    """The maps (US states, world, cities), then openings by field and by week, in the page's order."""
    regions = state.cached(dataset, overview.openings_by_region, listings)
    countries = state.cached(dataset, overview.openings_by_country, listings)
    cities = state.cached(dataset, overview.openings_by_city, listings)
    by_field = state.cached(dataset, overview.openings_by_field, listings)
    # Every posting by its posting date, open or closed now (as on the Overview): counting only what is still open
    # would make older weeks look quiet. The other filters still apply. Only the columns the weeks read are
    # gathered (not a second filtered frame of every column), the same frame as the Overview's.
    dated = state.filtered_listings(dataset, dataclasses.replace(spec, active_only=False), overview.DATED_COLUMNS)
    weekly = state.cached(dataset, overview.postings_by_field_over_time, dated)
    no_state = None if regions.filter(country="US").height else ("us_state", "None of these openings is in a US state.")
    no_country = None if countries.height else ("country", "None of these openings names a country.")
    no_city = (
        None
        if cities.drop_nulls("lat").height
        else ("city", "None of these openings is in a city we can place on the map.")
    )
    no_dates = None if weekly.height else ("posted_date", "These openings have no posting dates.")
    return [
        Chart("openings_states", maps.region_choropleth, (regions,), maps.region_choropleth_alt(regions), no_state),
        Chart(
            "openings_countries",
            maps.country_choropleth,
            (countries,),
            maps.country_choropleth_alt(countries),
            no_country,
        ),
        Chart("openings_cities", maps.city_bubble_map, (cities,), maps.city_bubble_map_alt(cities), no_city),
        Chart("openings_fields", explore.openings_by_field_chart, (by_field,), explore.openings_by_field_alt(by_field)),
        Chart(
            "openings_weeks",
            explore.openings_by_field_over_time_chart,
            (weekly,),
            explore.openings_by_field_over_time_alt(weekly),
            no_dates,
        ),
    ]


def prepare(dataset: state.Dataset, spec: FilterSpec) -> None:
    """Compute what the page's view under `spec` shows with its default choices, figures included (the warm-up)."""
    listings = state.filtered_listings(dataset, spec)
    if listings.height == 0:
        return
    state.cached(dataset, openings.openings_table, listings, *DEFAULT_SORT, limit=PAGE_ROWS)
    for chart in charts(dataset, spec, listings):
        chart.prepare(dataset)


def heading(details: dict[str, Any]) -> str:
    """The opening's title line (escaped Markdown)."""
    return f"{md(details['title'] or 'Untitled')} · {md(details['company'] or 'Unknown company')}"


def detail_lines(details: dict[str, Any]) -> list[str]:
    """The opening's details as escaped Markdown lines; every value is the file's text, lists joined whatever they
    hold (null lists too)."""
    pay = "pay not stated" if details["pay_hourly_usd"] is None else fmt.money(details["pay_hourly_usd"])
    posted = f"posted {details['posted_date']:%d %b %Y}" if details["posted_date"] else "posting date unknown"
    return [
        f"**{md(details['field'] or 'Other')}** · {md(details['work_mode'] or 'unknown')} · {md(pay)} · "
        f"sponsorship: {md(details['sponsorship'] or 'unknown')} · {posted}",
        "**Locations:** " + (md(join_text(details["locations"], "; ")) or "not stated"),
        "**Skills:** " + (md(join_text(details["skills"])) or "none listed"),
        "**Terms:** " + (md(join_text(details["terms"])) or "not stated"),
    ]


NO_OUTCOMES = (
    "There are no outcome data in this session, so no acceptance rate for comparable openings "
    "(load an outcomes file on Sources to add them)."
)


def suppressed_note(rate: dict[str, Any], min_group: int) -> str:
    """Why the comparable openings' rate is not shown."""
    return (
        f"Acceptance rate of comparable openings suppressed: fewer than {min_group:,} comparable "
        f"applications (n = {rate['n']:,})."
    )


def rate_note(rate: dict[str, Any]) -> str:
    """The comparable openings' rate: its counts and interval."""
    return (
        f"{rate['successes']:,} offers of {rate['n']:,} applications; "
        f"95 % CI {fmt.interval(rate['low'], rate['high'])} (Wilson)."
    )
