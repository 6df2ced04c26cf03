"""Skills demand: which skills the filtered openings ask for, by field, together, over time, and what they pay."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard import components, layout, skill_hooks, state
from dashboard import skills_view as view
from dashboard.safe_text import md

PERIODS = {"1mo": "Month", "1w": "Week"}
TREND_COLUMNS = {
    "skill": st.column_config.TextColumn("Skill"),
    "direction": st.column_config.TextColumn("Direction"),
    "share_first": st.column_config.TextColumn("Share, first half"),
    "count_first": st.column_config.NumberColumn("Openings, first half", format="localized"),
    "n_first": st.column_config.NumberColumn("n, first half", format="localized"),
    "share_second": st.column_config.TextColumn("Share, second half"),
    "count_second": st.column_config.NumberColumn("Openings, second half", format="localized"),
    "n_second": st.column_config.NumberColumn("n, second half", format="localized"),
    "change": st.column_config.TextColumn(
        "Change (share)", help="Second-half share minus first-half share, in percentage points"
    ),
}
PREMIUM_COLUMNS = {
    "skill": st.column_config.TextColumn("Skill"),
    "median_with": st.column_config.NumberColumn("Median pay with", format="$%.2f/h"),
    "n_with": st.column_config.NumberColumn("n with", format="localized"),
    "median_without": st.column_config.NumberColumn("Median pay without", format="$%.2f/h"),
    "n_without": st.column_config.NumberColumn("n without", format="localized"),
    "premium_label": st.column_config.TextColumn("Premium"),
}

dataset = components.require_dataset()
components.require_listings(dataset, "there is no skills demand to show")
spec = components.get_filters()
listings = state.filtered_listings(dataset, spec)
st.title("Skills demand")
components.filter_sentence(spec, listings.height, dataset.listings.height)
if listings.height == 0:
    components.empty_state("No openings match these filters.")
    st.stop()
min_group = state.min_group_size()
# Skill codes taken from the dataset's, and per-skill counts kept: a new filter or number of skills counts integers.
hooks = skill_hooks.skill_hooks(dataset, spec)

values = view.TOP_K_CHOICES
top_k = st.slider(
    "How many skills to show",
    min_value=values.start,
    max_value=values.stop - 1,
    value=view.TOP_K,
    step=values.step,
    key="top_k",
    bind="query-params",
)
top_charts = view.top_charts(dataset, listings, top_k, hooks)
if not top_charts:
    components.empty_for(dataset, "skills", "These openings list no skills.")
    st.stop()
for chart in top_charts:
    chart.draw(dataset)


@st.fragment
def skills_together(dataset: state.Dataset, listings: pl.DataFrame, min_group: int, hooks: dict[str, Any]) -> None:
    """Skills asked for together with a chosen one: a fragment, so choosing another skill reruns only this part."""
    st.subheader("Skills that go together")
    choices = view.choices(dataset, listings, hooks)
    chosen = st.selectbox(
        "Skill",
        choices["skill"].to_list(),
        key="with_skill",
        bind="query-params",
        help="Other skills asked for in the same openings; lift above 1 means more often than chance",
    )
    together, chart = view.together_chart(dataset, listings, chosen, hooks)
    n_chosen = dict(zip(choices["skill"], choices["count"], strict=False)).get(chosen, 0)
    if chosen is None or n_chosen < min_group:
        st.info(
            f"Only {n_chosen:,} openings list {md(chosen)}: fewer than {min_group:,}, too few to say what goes with it."
        )
    elif together.height == 0:
        components.empty_state(f"No skill is asked for together with {chosen} more than once.")
    else:
        chart.draw(dataset)


@st.fragment
def rising_and_falling(dataset: state.Dataset, listings: pl.DataFrame, top_k: int, hooks: dict[str, Any]) -> None:
    """Skill shares over time and the trend table: a fragment, so another period reruns only this part."""
    st.subheader("Rising and falling skills")
    period = st.radio(
        "Period", list(PERIODS), format_func=PERIODS.get, horizontal=True, key="trend_by", bind="query-params"
    )
    chart, table = view.trend_views(dataset, listings, period, top_k, hooks)
    chart.draw(dataset)
    if chart.empty is None:
        st.caption(
            "A skill is rising or falling only when the 95 % Wilson intervals of its share in the first and "
            "second half of the periods do not overlap; otherwise it is steady. n = openings that list skills."
        )
        # Shares and changes written by analytics/formatting.py, as on every other page.
        layout.table(
            table,
            "skills_trend_table",
            phone={"skill": 110, "direction": 90, "change": 118},
            phone_config={"change": "Change"},
            column_order=list(TREND_COLUMNS),
            column_config=TREND_COLUMNS,
        )


skills_together(dataset, listings, min_group, hooks)
rising_and_falling(dataset, listings, top_k, hooks)

st.subheader("Pay premium")
premium, premium_chart, premium_table = view.premium_views(dataset, spec, listings, min_group)
if premium_chart is None or premium_table is None:
    components.empty_state(f"Too few paid openings (fewer than {min_group:,} with and without a skill) to compare pay.")
else:
    premium_chart.draw(dataset)
    st.caption(
        f"Skills with fewer than {min_group:,} paid openings on either side are left out. "
        "A premium compares medians; it does not say the skill causes the difference."
    )
    layout.table(
        premium_table,
        "skills_premium_table",
        phone={"skill": 126, "median_with": 96, "premium_label": 96},
        phone_config={"median_with": "Median with"},
        column_order=list(PREMIUM_COLUMNS),
        column_config=PREMIUM_COLUMNS,
    )
    components.download_buttons(premium, "skill_pay_premium")
