"""A load's validation report on the Sources page: its summary, the issues table and coverage per column."""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboard.safe_text import md
from data_loaders.coverage_names import readable_coverage


def issues_frame(report: Any) -> pl.DataFrame:
    """The report's issues as a table: reason, column, rows, whether dropped, example values."""
    # The file's own column names ("Salary", not "pay_text"), as the user knows them.
    source_of = {target: source for source, target in (report.column_mapping or {}).items()}
    rows = [
        {
            "reason": issue.reason,
            "column": source_of.get(issue.column or "", issue.column or ""),
            "rows": issue.count,
            "dropped": "dropped" if issue.dropped else "kept",
            "examples": "; ".join(f"row {e.get('row')}: {e.get('value')!r}" for e in issue.examples[:5]),
        }
        for issue in report.issues
    ]
    schema = {"reason": pl.String, "column": pl.String, "rows": pl.Int64, "dropped": pl.String, "examples": pl.String}
    return pl.DataFrame(rows, schema=schema)


def coverage_frame(report: Any) -> pl.DataFrame:
    """The report's coverage (share of loaded rows with a value) per column, lowest first."""
    source_of = {target: source for source, target in (report.column_mapping or {}).items()}
    return pl.DataFrame(
        {
            "column": [source_of.get(c, c) for c in report.coverage],
            "coverage": [float(v) for v in report.coverage.values()],
        },
        schema={"column": pl.String, "coverage": pl.Float64},
    ).sort("coverage", "column")


def show_report(report: Any) -> None:
    """Draw a validation report: its summary, the issues table and coverage as progress bars."""
    # The summary names the file, and column names are the file's own text: all escaped, never Markdown.
    st.markdown(f"**{md(report.summary())}**")
    if report.column_mapping:
        renamed = {source: target for source, target in report.column_mapping.items() if source != target}
        if renamed:
            st.caption(
                "Columns read as: " + ", ".join(f"{md(source)} → {md(target)}" for source, target in renamed.items())
            )
    if report.ignored_columns:
        st.caption("Ignored columns: " + ", ".join(md(column) for column in report.ignored_columns))
    for note in report.notes:
        st.caption(md(note))
    issues = issues_frame(report)
    if issues.height:
        st.dataframe(
            issues,
            hide_index=True,
            column_config={
                "reason": "Problem",
                "column": "Column",
                "rows": st.column_config.NumberColumn("Rows", format="localized"),
                "dropped": "Rows kept or dropped",
                "examples": "Examples (row: value)",
            },
        )
    else:
        st.caption("No problems found.")
    # Plain names beside the file's own column names, never canonical keys such as work_mode.
    coverage = readable_coverage(report.coverage, report.column_mapping or {})
    if coverage.height:
        st.dataframe(
            coverage,
            hide_index=True,
            column_config={
                "name": "Column",
                "from": "From your file's column",
                "column": None,
                "coverage": st.column_config.ProgressColumn(
                    "Rows with a value", format="percent", min_value=0.0, max_value=1.0
                ),
            },
        )
