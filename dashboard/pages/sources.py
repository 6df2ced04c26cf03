"""Sources: what is loaded, uploads and databases for this session (checked before use), templates and the schema."""

from __future__ import annotations

import streamlit as st

from analytics.overview import date_range
from dashboard import collect_panel, column_mapping, components, duplicates_panel, layout, sources_panel, state
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

attempt = sources_panel.pending()
if attempt is not None:
    st.header("Check before use", divider="gray")
    column_mapping.show_kind_switch(attempt)  # "looks like outcomes" -> one click reads it as outcomes
    if attempt.error is not None:
        st.error(f"Could not load {md(attempt.source)}: {md(attempt.error)}", icon=":material/error:")
        st.caption(f"Nothing changed: the dashboard still uses **{md(dataset.label)}**.")
        column_mapping.show_mapping(attempt)  # key columns missing: map them here
        if column_mapping.columns_of(attempt):
            column_mapping.show_blockers(attempt)
            st.button("Use this data", disabled=True, key="use_attempt", type="primary", icon=":material/check:")
        st.button("Dismiss", on_click=sources_panel.discard, key="discard_attempt")
    elif attempt.result is not None:
        column_mapping.show_mapping(attempt)
        sources_panel.show_report(attempt.result.report)
        duplicates_panel.show_duplicates(attempt)  # what was merged into what; the switch that keeps re-posts
        blocked = column_mapping.show_blockers(attempt)
        if sources_panel.other_part_is_synthetic(dataset, attempt.result.kind):  # never mixed without asking
            st.checkbox(
                sources_panel.keep_sample_label(attempt.result.kind),
                key=sources_panel.KEEP_SAMPLE_KEY,
                help="Off: the session has only your data, and pages that need the other part say so. "
                "On: the sample's part is kept and every page and export is labelled synthetic.",
            )
        left, right = st.columns(2)
        left.button(
            "Use this data",
            on_click=sources_panel.use_attempt,
            args=(attempt,),
            type="primary",
            disabled=blocked,
            key="use_attempt",
            icon=":material/check:",
            width="stretch",
        )
        right.button("Discard", on_click=sources_panel.discard, key="discard_attempt", width="stretch")

st.header("Templates", divider="gray")
st.caption(
    "Listings: one row per opening. Applications: one row per application. Outcome counts: funnel counts "
    "per group. Each template has the canonical columns and two example rows. Other column names are often recognised too "
    "(e.g. 'Company Name', 'Location'); a list column takes values separated by ';'."
)
for column, (template_kind, label) in zip(
    st.columns(3),
    [("listings", "Listings"), ("outcomes", "Applications"), ("outcome_counts", "Outcome counts")],
    strict=True,
):
    column.download_button(
        label,
        data=sources_panel.template_csv(template_kind),
        file_name=f"template_{template_kind}.csv",
        mime="text/csv",
        icon=":material/download:",
        key=f"template_{template_kind}",
        on_click="ignore",
    )

st.header("The schema", divider="gray")
for tab, template_kind in zip(
    st.tabs(["Listings", "Outcomes", "Outcome counts"]), ["listings", "outcomes", "outcome_counts"], strict=True
):
    with tab:
        layout.table(
            sources_panel.schema_table(template_kind),
            f"schema_{template_kind}",
            phone={"column": 120, "meaning": 198},  # a tapped row shows its type and the whole meaning
            column_config={
                "column": "Column",
                "type": "Type",
                "meaning": st.column_config.TextColumn("Meaning", width="large"),
            },
        )
