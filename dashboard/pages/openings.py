"""Openings: the filtered openings as a sortable table, one opening's details, maps, fields and weeks."""

from __future__ import annotations

import zlib

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from analytics import openings
from analytics.filters import FilterSpec
from dashboard import background, components, layout, state
from dashboard import openings_view as view
from dashboard.safe_text import safe_link

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
            st.subheader(view.heading(details))
            for line in view.detail_lines(details):
                st.markdown(line)
            link = safe_link(details["url"])
            if link:
                st.link_button("Open the posting", link, icon=":material/open_in_new:")
            min_group = state.min_group_size()
            if background.wait_for_outcomes(dataset) is None:  # "Loading outcomes…" on a fresh server
                st.caption(view.NO_OUTCOMES)
            else:
                rate = state.cached(dataset, openings.comparable_acceptance, dataset.outcomes, details, min_group)
                if rate["rate"] is None:
                    st.caption(view.suppressed_note(rate, min_group))
                else:
                    st.metric(f"Offer rate, {rate['basis']}", fmt.share(rate["successes"], rate["n"], 1), border=True)
                    st.caption(view.rate_note(rate))
            similar = state.cached(dataset, openings.similar_openings, listings, listing_id)
            st.markdown("**Similar openings** (same field, most skills in common)")
            if similar.height == 0:
                st.caption("No other opening in this field shares a skill with it.")
            else:
                layout.table(
                    similar,
                    f"openings_similar_{listing_id}",
                    phone={"similarity": 80, "title": 120, "company": 90},  # 290 px: inside the details' border
                    column_order=["similarity", "shared_skills", *view.COLUMNS],
                    placeholder=view.MISSING,
                    column_config=view.COLUMNS | view.SIMILAR_COLUMNS,
                    phone_config={"similarity": view.SIMILAR_COLUMNS["similarity"] | {"label": "Overlap"}},
                )


@st.fragment
def sorted_openings(dataset: state.Dataset, spec: FilterSpec, listings: pl.DataFrame) -> None:
    """The sorted table, its downloads and the selected opening: a fragment, so a sort or a row click reruns only
    this part, not the maps and charts below."""
    left, right = st.columns([3, 1])
    sort_by = left.selectbox(
        "Sort by", list(view.SORT_LABELS), format_func=view.SORT_LABELS.__getitem__, key="sort", bind="query-params"
    )
    descending = right.toggle("Largest / newest first", value=True, key="desc", bind="query-params")
    table = state.cached(dataset, openings.openings_table, listings, sort_by, descending, limit=view.PAGE_ROWS)
    st.caption(
        f"Showing {table.height:,} of {listings.height:,} openings, sorted by {view.SORT_LABELS[sort_by].lower()}. "
        "Select a row to see its details; search titles and companies in the sidebar; download the full list below."
    )
    # The key changes with the rows on show, so a selection never jumps to another opening after a re-sort.
    signature = zlib.crc32(repr((spec, sort_by, descending)).encode())
    row = layout.table(
        table,
        f"openings_{signature}",
        phone=view.PHONE_WIDTHS,
        column_config=view.COLUMNS,
        column_order=list(view.COLUMNS),
        phone_config=view.PHONE_COLUMNS,
        details=False,  # the selected opening's details follow below, for either table
        select_on_desktop=True,
        height=420,
        placeholder=view.MISSING,
    )
    components.download_buttons(listings, "openings")

    if row is not None:
        show_opening(dataset, listings, table["listing_id"][row])


sorted_openings(dataset, spec, listings)

st.subheader("Where the openings are")
page_charts = view.charts(dataset, spec, listings)  # three maps, then fields and weeks
for tab, chart in zip(st.tabs(["US states", "World", "Cities"]), page_charts[:3], strict=True):
    with tab:
        chart.draw(dataset)
for column, chart in zip(st.columns(2), page_charts[3:], strict=True):
    with column:
        chart.draw(dataset)
