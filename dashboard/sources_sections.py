"""The Sources page's sections below its upload and database controls: the read waiting to be checked before use, and
the templates and schema a user writes a file against. The page wires them (dashboard/pages/sources.py)."""

from __future__ import annotations

import streamlit as st

from dashboard import column_mapping, duplicates_panel, layout, sources_panel, state
from dashboard.safe_text import md


def check_before_use(dataset: state.Dataset) -> None:
    """The file or database read waiting for "Use this data": its problems, mapping, report and duplicates, or the
    error and how to fix it (nothing changes until the user says so)."""
    attempt = sources_panel.pending()
    if attempt is None:
        return
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


def templates_and_schema() -> None:
    """The three CSV templates to download, and the canonical schema of each kind as tables."""
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
