"""Market pulse: the collected store's history — openings over time, new this week, time to close, hiring pace."""

from __future__ import annotations

import streamlit as st

from analytics import formatting as fmt
from analytics import history as pulse
from dashboard import collect_panel, components, layout, state
from dashboard.safe_text import md

dataset = components.require_dataset()
st.title("Market pulse")
directory = state.collected_dir()
version = collect_panel.history_version(directory)
# Read once per run of the collector (the file's change time is part of the key), not on every rerun.
history = state.cached(dataset, collect_panel.read_history, directory, version=version)
if directory is None or history is None or history.height == 0:
    components.empty_state(
        collect_panel.NO_STORE,
        advice="This page fills once whoever runs this dashboard collects "
        "openings from the community lists and job boards on a schedule.",
    )
    with st.expander("For the operator: collecting live data", icon=":material/settings:"):
        st.markdown(collect_panel.HOW_TO_COLLECT)
    st.stop()

summary = state.cached(dataset, pulse.history_summary, history)
st.caption(
    f"**{md(collect_panel.live_label(collect_panel.last_run(directory)))}.** Every listing the collector has seen "
    f"since {summary['first_run']:%d %b %Y}, whatever the sidebar filters: a listing is new in the week a run first saw "
    "it and closed in the week a run whose source answered no longer saw it."
)
components.kpi_row(
    [
        components.Kpi("Open now", f"{summary['open']:,}", note=f"of {summary['tracked']:,} listings tracked"),
        components.Kpi(
            "New this week", f"{summary['new_week']:,}", note=f"first seen in the 7 days to {summary['last_run']:%d %b}"
        ),
        components.Kpi("Closed this week", f"{summary['closed_week']:,}"),
    ]
)

weeks = state.cached(dataset, pulse.openings_over_time, history)
components.plotly(
    collect_panel.pulse_figure(weeks),
    alt=(
        f"Weekly bars of new and closed openings and a line of openings open at each week's end, over {weeks.height} week(s); "
        f"{int(weeks['open'][-1]):,} open at the end of the last week."
    ),
    key="pulse_weeks",
)

st.header("New this week", divider="gray")
new = pulse.new_this_week(history)
st.caption(f"{fmt.plural(new.height, 'opening')} first seen in the 7 days to the last run.")
if new.height:
    layout.table(
        new.select("company", "title", "field", "first_seen").head(200),
        "pulse_new",
        phone={"company": 100, "title": 140, "first_seen": 78},
        width="stretch",
        column_config={
            "company": "Company",
            "title": "Title",
            "field": "Field",
            "first_seen": st.column_config.DatetimeColumn("First seen", format="D MMM YYYY, HH:mm"),
        },
        phone_config={"first_seen": st.column_config.DatetimeColumn("Seen", format="D MMM")},
    )

st.header("Time to close", divider="gray")
st.caption(
    "Days from the run that first saw an opening to the first run that no longer saw it (an upper bound by up to one "
    "run interval), for openings closed so far; openings already open at the first run are left out because their "
    "opening date is unknown. n = openings closed; still open = tracked and not yet closed."
)
days = {
    "closed": st.column_config.NumberColumn("Closed (n)"),
    "median_days": st.column_config.NumberColumn("Median days", format="%.1f"),
    "p25_days": st.column_config.NumberColumn("25th pct.", format="%.1f"),
    "p75_days": st.column_config.NumberColumn("75th pct.", format="%.1f"),
    "still_open": st.column_config.NumberColumn("Still open (n)"),
}
closing = {by: state.cached(dataset, pulse.time_to_close, history, by, min_closed=1) for by in ("field", "company")}
if closing["field"].height == 0:
    st.info(
        "No opening has closed yet among those first seen after the first run: time to close needs at least two runs "
        "after an opening appears.",
        icon=":material/hourglass_empty:",
    )
else:
    by_field, by_company = st.columns(2)
    for column, by in ((by_field, "field"), (by_company, "company")):
        with column:
            layout.table(
                closing[by].head(50),
                f"pulse_close_{by}",
                phone={by: 130, "median_days": 94, "closed": 94},
                width="stretch",
                column_config={by: by.capitalize(), **days},
            )

st.header("Hiring pace", divider="gray")
st.caption(
    "Per company over the last four weeks to the last run: openings first seen (and per week), openings closed, and open now."
)
layout.table(
    state.cached(dataset, pulse.hiring_pace, history, weeks=4).head(100),
    "pulse_pace",
    phone={"company": 118, "new": 58, "closed": 66, "open_now": 76},
    phone_config={"new": "New", "closed": "Closed", "open_now": "Open now"},
    width="stretch",
    column_config={
        "company": "Company",
        "new": "New (n)",
        "per_week": st.column_config.NumberColumn("New per week", format="%.2f"),
        "closed": "Closed (n)",
        "open_now": "Open now (n)",
    },
)
