"""Skills demand: which skills the filtered openings ask for, by field, together, over time, and what they pay."""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics import skills_demand
from dashboard import components, display_frames, layout, state
from dashboard.charts import explore
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

top_k = st.slider(
    "How many skills to show", min_value=5, max_value=40, value=15, step=5, key="top_k", bind="query-params"
)
top = state.cached(dataset, skills_demand.top_skills, listings, k=top_k)
if top.height == 0:
    components.empty_for(dataset, "skills", "These openings list no skills.")
    st.stop()
components.chart(dataset, explore.top_skills_chart, top, alt=explore.top_skills_alt(top), key="skills_top")

matrix = state.cached(dataset, skills_demand.skill_field_matrix, listings, top_k=top_k)
components.chart(
    dataset, explore.skill_field_heatmap, matrix, alt=explore.skill_field_heatmap_alt(matrix), key="skills_fields"
)


@st.fragment
def skills_together(dataset: state.Dataset, listings: pl.DataFrame, min_group: int) -> None:
    """Skills asked for together with a chosen one: a fragment, so choosing another skill reruns only this part."""
    st.subheader("Skills that go together")
    choices = state.cached(dataset, skills_demand.top_skills, listings, k=100)
    chosen = st.selectbox(
        "Skill",
        choices["skill"].to_list(),
        key="with_skill",
        bind="query-params",
        help="Other skills asked for in the same openings; lift above 1 means more often than chance",
    )
    together = state.cached(dataset, skills_demand.co_occurring_skills, listings, chosen, k=12)
    n_chosen = dict(zip(choices["skill"], choices["count"], strict=False)).get(chosen, 0)
    if chosen is None or n_chosen < min_group:
        st.info(
            f"Only {n_chosen:,} openings list {md(chosen)}: fewer than {min_group:,}, too few to say what goes with it."
        )
    elif together.height == 0:
        components.empty_state(f"No skill is asked for together with {chosen} more than once.")
    else:
        components.chart(
            dataset,
            explore.co_occurrence_chart,
            together,
            chosen,
            alt=explore.co_occurrence_alt(together, chosen),
            key="skills_together",
        )


@st.fragment
def rising_and_falling(dataset: state.Dataset, listings: pl.DataFrame, top_k: int) -> None:
    """Skill shares over time and the trend table: a fragment, so another period reruns only this part."""
    st.subheader("Rising and falling skills")
    period = st.radio(
        "Period", list(PERIODS), format_func=PERIODS.get, horizontal=True, key="trend_by", bind="query-params"
    )
    trends = state.cached(dataset, skills_demand.skill_trends, listings, period)
    summary = state.cached(dataset, skills_demand.trend_summary, listings, period, k=top_k)
    if trends.height == 0:
        components.empty_for(dataset, "posted_date", "These openings have no posting dates.")
    else:
        components.chart(
            dataset, explore.skill_trends_chart, trends, alt=explore.skill_trends_alt(trends), key="skills_trends"
        )
        st.caption(
            "A skill is rising or falling only when the 95 % Wilson intervals of its share in the first and "
            "second half of the periods do not overlap; otherwise it is steady. n = openings that list skills."
        )
        # Shares and changes written by analytics/formatting.py, as on every other page.
        layout.table(
            state.cached(dataset, display_frames.trend_table, summary),
            "skills_trend_table",
            phone={"skill": 110, "direction": 90, "change": 118},
            phone_config={"change": "Change"},
            column_order=list(TREND_COLUMNS),
            column_config=TREND_COLUMNS,
        )


skills_together(dataset, listings, min_group)
rising_and_falling(dataset, listings, top_k)

st.subheader("Pay premium")
# ~0.7 s at a million listings: memoised per filters and minimum group.
premium = state.cached(dataset, skills_demand.pay_premium, listings, min_n=min_group)
if premium.height == 0:
    components.empty_state(f"Too few paid openings (fewer than {min_group:,} with and without a skill) to compare pay.")
else:
    components.chart(
        dataset, explore.pay_premium_chart, premium, alt=explore.pay_premium_alt(premium), key="skills_premium"
    )
    st.caption(
        f"Skills with fewer than {min_group:,} paid openings on either side are left out. "
        "A premium compares medians; it does not say the skill causes the difference."
    )
    layout.table(
        state.cached(dataset, display_frames.premium_table, premium),
        "skills_premium_table",
        phone={"skill": 126, "median_with": 96, "premium_label": 96},
        phone_config={"median_with": "Median with"},
        column_order=list(PREMIUM_COLUMNS),
        column_config=PREMIUM_COLUMNS,
    )
    components.download_buttons(premium, "skill_pay_premium")
