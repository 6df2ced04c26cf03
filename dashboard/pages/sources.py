"""Sources: what is loaded, uploads and databases for this session (checked before use), templates and the schema."""

from __future__ import annotations

import streamlit as st

from analytics.overview import date_range
from dashboard import collect_panel, components, sources_panel, sources_sections, state
from dashboard.safe_text import md

FILE_TYPES = ["csv", "tsv", "txt", "xlsx", "xls", "parquet", "json", "jsonl"]

dataset = components.require_dataset()
sources_panel.prepare_loads()
st.title("Sources")

st.header("Loaded now", divider="gray")
first, last = state.cached(dataset, date_range, dataset.listings)
outcome_unit = "groups of counts" if dataset.outcomes_kind == "outcome_counts" else "applications"
components.kpi_row(
    [
        components.Kpi(
            "Listings", f"{dataset.listings.height:,}" if dataset.has_listings else "none", note=dataset.label
        ),
        components.Kpi(
            "Outcomes",
            "none" if dataset.outcome_rows is None else f"{dataset.outcome_rows:,}",  # never waits for a read
            note=None if dataset.outcome_rows is None else outcome_unit,
        ),
    ]
)
# File names, sheet and column names are the uploader's text: escaped wherever they reach Markdown.
st.caption(md(dataset.sources) + ("" if first is None else f" Listings posted {first:%d %b %Y} – {last:%d %b %Y}."))
for report in dataset.reports:
    with st.expander(f"Validation report: {md(report.kind)} from {md(report.source)}"):
        sources_panel.show_report(report)
if dataset.is_sample:
    st.caption("The sample is synthetic, written by our own seeded generator, so it has no validation report.")
elif state.session_token() is not None:  # a collected store is the server's data: nothing of this session's to forget
    components.forget_button("forget_data")
collect_panel.show(dataset)  # the collected store's last run, and Collect now when the operator enabled it

st.header("Upload a file", divider="gray")
st.caption(
    "Your data is kept in this server's memory only (never on disk) under a private link, so a reload keeps it; "
    "nobody else sees it unless you give them that link. It is dropped after it has gone unused for a while, or at "
    "once with **Forget this data now**. The file is checked first; nothing changes until you press **Use this data**."
)
kind = st.radio(
    "The file holds", list(sources_panel.KINDS), format_func=sources_panel.KINDS.get, key="upload_kind", horizontal=True
)
upload = st.file_uploader("CSV, Excel, Parquet or JSON", type=FILE_TYPES, key=sources_panel.uploader_key())
# A callback: the file is read in a separate worker process, then dropped from the session.
st.button(
    "Check the file",
    disabled=upload is None,
    key="check_upload",
    icon=":material/fact_check:",
    on_click=sources_panel.check_upload,
    args=(kind,),
)
st.caption(state.budget_summary())

st.header("Databases", divider="gray")
connections = state.connections()
if not connections:
    st.caption("No database is connected to this dashboard. Ask whoever runs it to add one, or upload a file above.")
    # Server set-up is the operator's job: kept out of the way of everyone else.
    with st.expander("For the operator: connecting a database", icon=":material/settings:"):
        st.caption(
            "Add a `[connections.<name>]` section with `url` and `table` (or `query`) to "
            "`.streamlit/secrets.toml` on the server; see `.streamlit/secrets.toml.example`."
        )
else:
    name = st.selectbox("Database", sorted(connections), key="connection")
    kinds = sources_panel.connection_kinds(connections[name]) or ["listings"]
    db_kind = st.radio("Read", kinds, format_func=sources_panel.KINDS.get, key="connection_kind", horizontal=True)
    counted = db_kind == "outcomes" and st.checkbox(sources_panel.COUNT_IN_DATABASE_LABEL, key="connection_count")
    if db_kind == "outcomes":
        st.caption(sources_panel.COUNT_IN_DATABASE_NOTE)
    if st.button("Connect", key="connect", icon=":material/cable:"):
        with st.spinner(
            f"{'Counting' if counted else 'Reading'} {md(db_kind)} {'in' if counted else 'from'} {md(name)}…"
        ):
            sources_panel.stage(
                sources_panel.load_connection(name, connections[name], db_kind, count_in_database=counted)
            )

sources_sections.check_before_use(dataset)
sources_sections.templates_and_schema()
