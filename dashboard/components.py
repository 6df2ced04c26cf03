"""Reusable dashboard widgets: the filters a page reads, KPI rows, downloads, charts, empty states, the data footer.

The sidebar's filter panel itself is `dashboard/filter_panel.py`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit, urlunsplit

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from analytics.data_gaps import data_gap
from analytics.filters import FilterSpec
from analytics.openings import to_csv_bytes, to_parquet_bytes
from dashboard import provenance, state
from dashboard.charts import BASE_FONT_SIZE, PLOTLY_CONFIG
from dashboard.filter_panel import PRESENT_PARAM, SPEC_KEY, url_params
from dashboard.safe_text import md
from data_loaders.errors import LoadError
from data_loaders.normalise.locations import REGION_NAMES


@dataclass(frozen=True)
class Kpi:
    """One KPI tile: a label, a formatted value, and an optional note (its n, interval)."""

    label: str
    value: str
    help: str | None = None
    note: str | None = None


def is_present_mode() -> bool:
    """True when the URL asks for projection mode (?present=1)."""
    return str(st.query_params.get(PRESENT_PARAM, "")).lower() in {"1", "true", "yes"}


PRESENT_MIN_HEIGHT_PX = 560
PRESENT_FONT_PX = {"base": 18, "title": 24, "axis_title": 18, "ticks": 16}


def _style_for_projection(fig: go.Figure) -> None:
    """Taller chart and larger type for a projector (the sidebar is hidden, so the width is already full)."""
    fig.update_layout(
        height=max(fig.layout.height or 450, PRESENT_MIN_HEIGHT_PX),
        font={"size": PRESENT_FONT_PX["base"]},
        title={"font": {"size": PRESENT_FONT_PX["title"]}},
        legend={"font": {"size": PRESENT_FONT_PX["ticks"]}},
    )
    # The larger title needs more room per line than the builders left (they wrap titles for a phone).
    title_lines = (fig.layout.title.text or "").count("<br>") + 1
    fig.update_layout(margin={"t": (fig.layout.margin.t or 56) + 10 * title_lines})
    # Explicit axis sizes: Streamlit's chart theme sets tick and axis-title fonts itself, so the
    # layout font alone only enlarges data labels and leaves the axes unreadable from the back row.
    axis = {"tickfont": {"size": PRESENT_FONT_PX["ticks"]}, "title": {"font": {"size": PRESENT_FONT_PX["axis_title"]}}}
    fig.update_xaxes(**axis)
    fig.update_yaxes(**axis)
    # Labels outside bars keep the house size: builders size the axis range to fit them at that
    # size, and larger ones are pushed inside the bar and cut off.
    fig.update_traces(textfont={"size": BASE_FONT_SIZE}, selector={"type": "bar", "textposition": "outside"})


def get_filters() -> FilterSpec:
    """The FilterSpec the sidebar panel produced on this run (defaults when the panel has not run)."""
    spec = st.session_state.get(SPEC_KEY)
    return spec if isinstance(spec, FilterSpec) else FilterSpec()


def filter_sentence(spec: FilterSpec, n_shown: int, n_total: int) -> None:
    """Show the plain-English description of the active filters above the charts."""
    st.caption(md(spec.describe(n_shown, n_total, region_names=REGION_NAMES)))


def kpi_row(items: Sequence[Kpi]) -> None:
    """Show KPI tiles side by side; each note (n, interval) is printed under its value."""
    if not items:
        return
    for column, item in zip(st.columns(len(items)), items, strict=True):
        with column:
            # Labels, help and notes may quote data (a company, a sentence): escaped. Values are numbers we format.
            st.metric(md(item.label), item.value, help=md(item.help) if item.help else None, border=True)
            if item.note:
                st.caption(md(item.note))


def download_buttons(frame: pl.DataFrame, basename: str, what: str | None = None) -> None:
    """CSV (formula-injection safe) and Parquet download buttons for `frame`, with its provenance; `what` names
    the data in the labels ("Openings by field (CSV)", with the download icon) where the buttons sit near other charts.

    The header stays the first line (spreadsheets and CSV readers choke on comment lines): each row carries
    the provenance sentence in a last `data_source` column, and the file name carries the tag
    ("…_synthetic" when any part of the data is synthetic).
    """
    dataset = state.current_dataset()
    source = dataset.provenance()
    name = dataset.download_name(basename)
    left, right = st.columns(2)
    with left:
        # The column is added on click, not on every rerun: a million-row frame would pay it on every click.
        st.download_button(
            f"{what} (CSV)" if what else "Download CSV",
            data=lambda: to_csv_bytes(provenance.with_source_column(frame, source)),
            file_name=f"{name}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"download_csv_{basename}",
            on_click="ignore",
        )
    with right:
        st.download_button(
            f"{what} (Parquet)" if what else "Download Parquet",
            data=lambda: to_parquet_bytes(provenance.with_source_column(frame, source)),
            file_name=f"{name}.parquet",
            mime="application/vnd.apache.parquet",
            icon=":material/download:",
            key=f"download_parquet_{basename}",
            on_click="ignore",
        )


FILTER_ADVICE = "Try removing a filter, or press **Reset filters** in the sidebar."


def empty_state(message: str, *, advice: str | None = FILTER_ADVICE) -> None:
    """A friendly note when nothing matches, with the way out (`message` is shown as plain text; `advice` is
    trusted Markdown, None where the sidebar filters do not apply)."""
    st.info(f"{md(message)} {advice or ''}".strip(), icon=":material/search_off:")


def empty_for(dataset: state.Dataset, need: str, message: str) -> None:
    """An empty chart's note: what the whole data lacks and how to get it (data_gaps.NEEDS), else `message` with
    the filters' way out. Pages call it where a chart over the filtered openings has nothing to draw."""
    gap = state.cached(dataset, data_gap, dataset.listings, need)
    if gap:
        st.info(gap, icon=":material/info:")
    else:
        empty_state(message)


def no_outcomes(what: str) -> None:
    """The empty state of a view that needs outcomes in a session without any (never the sample's numbers)."""
    st.info(md(provenance.NO_OUTCOMES.format(what=what)), icon=":material/upload_file:")
    st.page_link("dashboard/pages/sources.py", label="Go to Sources to add outcomes", icon=":material/database:")


def require_listings(dataset: state.Dataset, what: str) -> None:
    """Stop a page that needs listings in a session that loaded only outcomes, saying how to add them."""
    if dataset.has_listings:
        return
    st.info(md(provenance.NO_LISTINGS.format(what=what)), icon=":material/upload_file:")
    st.page_link("dashboard/pages/sources.py", label="Go to Sources to add listings", icon=":material/database:")
    st.stop()


def forget_button(key: str) -> None:
    """*Forget this data now*: drop the session's own data from the server at once and take it out of the URL."""
    st.button(
        "Forget this data now",
        on_click=state.forget_session_data,
        key=key,
        icon=":material/delete_forever:",
        help="Removes your data from this server's memory right away; the private link stops working and "
        "the dashboard goes back to the sample.",
    )


def data_footer(dataset: state.Dataset) -> None:
    """The footer of every page that runs to its end: what the data is, each part's source and load time, 'synthetic'."""
    st.divider()
    st.caption(data_line(dataset))


def data_sidebar(dataset: state.Dataset) -> None:
    """The sidebar's data block, drawn before the page runs, so even a page that stops early names its data.

    For a session's own data it holds *Forget this data now* and the share link (data left out by default).
    """
    st.divider()
    st.caption(data_line(dataset, with_sources=False))
    if dataset.is_sample or state.session_token() is None:
        return
    forget_button("forget_data_sidebar")
    share_link()


def data_line(dataset: state.Dataset, *, with_sources: bool = True) -> str:
    """'Data: **label** (Synthetic badge). Listings: …; Outcomes: …' (then the load summary) as escaped Markdown."""
    # The label and sources name uploaded files and databases: escaped, never Markdown.
    badge = " :orange-badge[Synthetic]" if dataset.synthetic else ""
    summary = f" {md(dataset.sources)}" if with_sources and dataset.sources else ""
    return f"Data: **{md(dataset.label)}**{badge}. {md(dataset.provenance())}{summary}"


def share_link() -> None:
    """A link to this view to share: without the data token unless the user asks (whoever has the token sees the data)."""
    with st.popover("Link to this view", icon=":material/link:"):
        include = st.checkbox(
            "Include my data in the link",
            value=False,
            key="share_with_data",
            help="Anyone with a link that includes your data sees it until it expires or you forget it.",
        )
        st.code(view_link(include_data=include), language=None, wrap_lines=True)
        st.caption(
            "The address bar also holds your data's private link (?data=…): share this link instead of the "
            "address bar unless you mean to share your data."
        )


def view_link(*, include_data: bool) -> str:
    """This page's URL with its filters, with or without the data token."""
    params = [
        (key, value)
        for key, values in url_params().items()
        if include_data or key != state.DATA_PARAM
        for value in values
    ]
    url = getattr(st.context, "url", None) or ""
    parts = urlsplit(url)
    return (
        urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), "")) if url else "?" + urlencode(params)
    )


def plotly(fig: go.Figure, alt: str, *, key: str | None = None) -> None:
    """Draw a plotly figure with the offline map config and write its alt text for screen readers.

    The figure is not changed: projection styling goes on a copy (figures may be memoised and shared, see `chart`).
    """
    if is_present_mode():
        fig = go.Figure(fig)
        _style_for_projection(fig)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, width="stretch", key=key)
    st.caption(f"Chart description: {md(alt)}")


def chart(
    dataset: state.Dataset, build: Callable[..., go.Figure], /, *args: Any, alt: str, key: str, **kwargs: Any
) -> None:
    """Draw `build(*args, **kwargs)` (a module-level chart builder), memoised like the analytics it draws.

    Keyed by the builder and every argument (`state.cached`): a rerun, or another session with the same result
    frames, reuses the figure instead of building it again (building a figure costs 20–100 ms; a page has five).
    """
    plotly(state.cached(dataset, build, *args, **kwargs), alt, key=key)


def require_dataset() -> state.Dataset:
    """The current dataset, or an explanation and a stop when none can be loaded."""
    try:
        dataset = state.current_dataset()
        evicted = state.take_eviction_note()  # the session's upload was freed for other users
        if evicted:
            st.warning(evicted, icon=":material/memory:")
        return dataset
    except LoadError as error:
        empty_state(f"No data to show yet: {error}")
        st.stop()
        raise  # st.stop raises; this line only satisfies type checkers


__all__ = [
    "Kpi",
    "chart",
    "download_buttons",
    "empty_state",
    "filter_sentence",
    "get_filters",
    "is_present_mode",
    "kpi_row",
    "plotly",
    "require_dataset",
]
