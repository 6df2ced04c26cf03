"""The Sources page's duplicates section: what was merged into what, and the switch that keeps re-posts.

Exact duplicates (same source id, same URL or identical rows, with the same company, title and terms) are
always removed; re-posts (the same company, title, places and terms under another id) are collapsed by default.
Both are listed row by row, so nothing disappears without the user seeing it.
"""

from __future__ import annotations

import polars as pl
import streamlit as st

from analytics import formatting as fmt
from dashboard import sources_panel

TOGGLE_KEY = "collapse_reposts"
REPOST_REASON = "re-post"


def merged_summary(merged: pl.DataFrame) -> str:
    """'12 rows merged: 9 re-posts, 3 exact duplicates.' (plain text)."""
    reposts = merged.filter(pl.col("reason").str.starts_with(REPOST_REASON)).height
    exact = merged.height - reposts
    parts = [fmt.plural(n, word) for n, word in ((reposts, "re-post"), (exact, "exact duplicate")) if n]
    return f"{fmt.plural(merged.height, 'row')} merged into others: {', '.join(parts)}."


def _switch(attempt: sources_panel.Attempt) -> None:
    """Callback of the toggle: load the same source again with re-posts collapsed or kept."""
    collapse = bool(st.session_state.get(TOGGLE_KEY, True))
    sources_panel.stage(
        sources_panel.reload(attempt, mapping=attempt.mapping, dedupe="collapse" if collapse else "keep")
    )


def show_duplicates(attempt: sources_panel.Attempt) -> None:
    """The merged rows of a checked listings file and the re-post switch (nothing for outcomes)."""
    if attempt.result is None or attempt.result.kind != "listings":
        return
    merged = attempt.result.merged
    st.session_state[TOGGLE_KEY] = attempt.dedupe == "collapse"
    st.toggle(
        "Collapse re-posts",
        key=TOGGLE_KEY,
        on_change=_switch,
        args=(attempt,),
        help="On: one listing per company, title, places and term, even when it was posted again under another "
        "id. Off: every posting is kept; only exact duplicates (same id or URL, or identical rows) are removed.",
    )
    if merged is None or merged.height == 0:
        st.caption(
            "No duplicates or re-posts found."
            if attempt.dedupe == "collapse"
            else "No exact duplicates found; re-posts are kept."
        )
        return
    with st.expander(merged_summary(merged), icon=":material/call_merge:"):  # our own words and numbers only
        st.caption(
            "Rows are numbered as in the validation report. Each merged row is removed; the row it was merged into stays."
        )
        st.dataframe(
            merged.select("merged_row", "merged_id", "kept_row", "kept_id", "company", "title", "reason"),
            hide_index=True,
            column_config={
                "merged_row": st.column_config.NumberColumn("Merged row", format="%d"),
                "merged_id": "Merged id",
                "kept_row": st.column_config.NumberColumn("Kept row", format="%d"),
                "kept_id": "Kept id",
                "company": "Company",
                "title": "Title",
                "reason": "Why",
            },
        )
