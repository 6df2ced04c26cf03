"""Reusable dashboard widgets: the URL-bound filter panel, KPI rows, downloads, charts, empty states."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from functools import partial
from typing import Any

import plotly.graph_objects as go
import polars as pl
import streamlit as st

from analytics.data_gaps import data_gap
from analytics.display_names import option_label
from analytics.filter_links import MAX_SEARCH_LENGTH, NUMBER_LIMITS, check_against_data, unknown_key_notes
from analytics.filters import FilterSpec
from analytics.openings import to_csv_bytes, to_parquet_bytes
from dashboard import provenance, state
from dashboard.charts import BASE_FONT_SIZE, PLOTLY_CONFIG
from dashboard.safe_text import md
from data_loaders.normalise.locations import REGION_NAMES
from data_loaders.schema import FIELDS, SPONSORSHIP, WORK_MODES

_SPEC_KEY = "_insights_filter_spec"
_NOTES_SHOWN_KEY = "_insights_filter_notes_shown"
_NOTES_PENDING_KEY = "_insights_filter_notes_pending"
PRESENT_PARAM = "present"
#: Link parameters the pages read besides the filters (tests/dashboard/test_link_keys.py keeps this complete).
#: Anything else in a link gets a visible "ignored" note.
PAGE_KEYS: frozenset[str] = frozenset(
    {
        PRESENT_PARAM,
        "embed",
        "embed_options",  # presentation view; Streamlit's own embedding options
        state.DATA_PARAM,  # a session's own data, re-attached after a reload
        "sort",
        "desc",  # Openings
        "top_k",
        "with_skill",
        "trend_by",  # Skills demand
        "by",
        "rate",  # Acceptance rates
        "me",
        "at",  # Skill gap
        "bm_title",
        "bm_field",
        "bm_region",
        "bm_remote",
        "bm_pay",
        "bm_period",
        "bm_term",
        "bm_skill",  # Benchmark
        "title",
        "institution",
        "sections",  # Report
    }
)
# Multi-valued filters: URL key (= widget key, see analytics.filter_links) -> (FilterSpec
# attribute, label). Order is the panel's order: each place narrows the next one's choices.
MULTI_FILTERS: dict[str, tuple[str, str]] = {
    "field": ("fields", "Field"),
    "country": ("countries", "Country"),
    "region": ("regions", "Region (state / province)"),
    "city": ("cities", "City"),
    "mode": ("work_modes", "Work mode"),
    "term": ("terms", "Term"),
    "skill": ("skills", "Skills"),
    "company": ("companies", "Company"),
    "sponsor": ("sponsorship", "Visa sponsorship"),
}
# The two flags are synced with the URL by hand: bound toggles only accept true/false, while
# FilterSpec links use all=1 and remote=0.
FLAG_DEFAULTS: dict[str, bool] = {"all": False, "remote": True}
# Choices that come from the schema when the data does not list them (sponsorship never does).
SCHEMA_CHOICES: dict[str, tuple[str, ...]] = {"fields": FIELDS, "work_modes": WORK_MODES, "sponsorship": SPONSORSHIP}
SCALAR_DEFAULTS: dict[str, Any] = {"skill_mode": "any", "pay_min": None, "pay_max": None, "within": None, "q": ""}


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


def apply_present_mode() -> None:
    """In projection mode hide the sidebar and widen the page; a no-op otherwise."""
    if not is_present_mode():
        return
    st.html(
        """<style>
        [data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"],
        [data-testid="stExpandSidebarButton"] {display: none !important;}
        [data-testid="stMainBlockContainer"], .block-container {
            max-width: 100% !important; padding: 1.5rem 2rem !important;}
        </style>"""
    )


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


def _url_params() -> dict[str, list[str]]:
    """The current URL's query parameters as lists (repeated keys keep every value)."""
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def _show_link_notes(params: dict[str, list[str]], notes: list[str]) -> None:
    """Warn once per distinct link about the values that were ignored."""
    signature = tuple(sorted((key, tuple(values)) for key, values in params.items()))
    if not notes or st.session_state.get(_NOTES_SHOWN_KEY) == signature:
        return
    st.session_state[_NOTES_SHOWN_KEY] = signature
    # Shown in the main area by `show_link_notes` (on a phone the sidebar is collapsed and would hide them).
    st.session_state[_NOTES_PENDING_KEY] = list(notes)


def show_link_notes() -> None:
    """Warn, in the main area, about the parts of the link the filter panel just ignored (once per link)."""
    notes = st.session_state.pop(_NOTES_PENDING_KEY, None)
    if notes:
        # The notes quote the link's keys and values: escaped, so a crafted link cannot put a link or image here.
        st.warning(
            "Some parts of this link were ignored. " + "; ".join(md(note) for note in notes) + ".",
            icon=":material/link_off:",
        )


def _spec_from_widgets(fallback: FilterSpec) -> FilterSpec:
    """The spec the widgets hold now; a widget not created yet contributes `fallback`'s value."""

    def value(key: str, attribute: str) -> Any:
        return st.session_state[key] if key in st.session_state else getattr(fallback, attribute)

    changes: dict[str, Any] = {
        attribute: tuple(value(key, attribute) or ()) for key, (attribute, _) in MULTI_FILTERS.items()
    }
    changes["skills_mode"] = value("skill_mode", "skills_mode") or "any"
    changes["pay_min"] = value("pay_min", "pay_min")
    changes["pay_max"] = value("pay_max", "pay_max")
    changes["posted_within_days"] = value("within", "posted_within_days")
    changes["search"] = (value("q", "search") or "")[:MAX_SEARCH_LENGTH]  # as a link's q is read
    changes["active_only"] = not st.session_state["all"] if "all" in st.session_state else fallback.active_only
    changes["include_remote"] = st.session_state["remote"] if "remote" in st.session_state else fallback.include_remote
    if changes["pay_min"] is not None and changes["pay_max"] is not None and changes["pay_max"] < changes["pay_min"]:
        changes["pay_max"] = None  # an impossible range would silently empty every chart
    return replace(fallback, **changes)


def _render_filter_widgets(listings: pl.DataFrame, link_spec: FilterSpec) -> FilterSpec:
    """Draw every filter widget bound to its URL key and return the FilterSpec they describe."""
    for key in FLAG_DEFAULTS:
        if key not in st.session_state:  # seed the hand-synced flags from the link once
            st.session_state[key] = (not link_spec.active_only) if key == "all" else link_spec.include_remote
    for key, (attribute, _) in MULTI_FILTERS.items():
        # Seed lists from FilterSpec's reading of the link, which canonicalises ("us" -> "US",
        # "remote" in any case); the widget alone would silently drop such values.
        if key not in st.session_state and getattr(link_spec, attribute):
            st.session_state[key] = list(getattr(link_spec, attribute))
    pending = _spec_from_widgets(link_spec)
    options = state.filter_options(listings, pending)
    for key, (attribute, label) in MULTI_FILTERS.items():
        choices = options.get(attribute) or list(SCHEMA_CHOICES.get(attribute, ()))
        st.multiselect(
            label,
            choices,
            key=key,
            bind="query-params",
            placeholder="Any",
            format_func=partial(option_label, attribute),
        )
        if key == "skill":
            st.radio(
                "Match",
                ["any", "all"],
                key="skill_mode",
                bind="query-params",
                horizontal=True,
                help="any: at least one chosen skill; all: every chosen skill",
            )
    left, right = st.columns(2)
    with left:
        st.number_input(
            "Min pay ($/h)",
            min_value=0.0,
            max_value=NUMBER_LIMITS["pay_min"],
            step=1.0,
            value=None,
            key="pay_min",
            bind="query-params",
        )
    with right:
        st.number_input(
            "Max pay ($/h)",
            min_value=0.0,
            max_value=NUMBER_LIMITS["pay_max"],
            step=1.0,
            value=None,
            key="pay_max",
            bind="query-params",
        )
    st.number_input(
        "Posted within (days)",
        min_value=0,
        max_value=int(NUMBER_LIMITS["within"]),
        step=1,
        value=None,
        key="within",
        bind="query-params",
        help="Counted back from the newest posting in the data",
    )
    # No max_chars: the browser would silently refuse a longer paste; the first MAX_SEARCH_LENGTH characters are
    # used instead, and the panel says so.
    st.text_input(
        "Search titles and companies",
        key="q",
        bind="query-params",
        help=f"Titles or companies containing this text; the first {MAX_SEARCH_LENGTH} characters are used.",
    )
    if len(st.session_state.get("q") or "") > MAX_SEARCH_LENGTH:
        st.caption(
            f":orange[The search is longer than {MAX_SEARCH_LENGTH} characters, so only its first "
            f"{MAX_SEARCH_LENGTH} are used.]"
        )
    st.toggle("Include closed listings", key="all")
    st.toggle("Count remote openings in a place filter", key="remote")
    _sync_flags_to_url()
    spec = _spec_from_widgets(FilterSpec())
    if spec.pay_max is None and st.session_state.get("pay_max") is not None:
        st.caption(":orange[Max pay is below min pay, so it is not applied.]")
    return spec


def _sync_flags_to_url() -> None:
    """Write the two flags into the URL in FilterSpec's own spelling (all=1, remote=0)."""
    for key, default in FLAG_DEFAULTS.items():
        if bool(st.session_state[key]) == default:
            st.query_params.pop(key, None)
        else:
            st.query_params[key] = "1" if st.session_state[key] else "0"


def reset_filters() -> None:
    """Put every filter widget back to its default (a button callback; the URL follows)."""
    for key in MULTI_FILTERS:
        st.session_state[key] = []
    for key, default in {**SCALAR_DEFAULTS, **FLAG_DEFAULTS}.items():
        st.session_state[key] = default


def filter_panel(listings: pl.DataFrame) -> FilterSpec:
    """Render the filter widgets (bound to the URL) and return, and remember, the resulting FilterSpec."""
    params = _url_params()
    params.pop(PRESENT_PARAM, None)
    link_spec, notes = FilterSpec.from_query_params(params)
    # Values the data does not have (skill=pyhton, region=US-ZZ) are dropped with a "did you mean" note.
    link_spec, missing = check_against_data(link_spec, state.filter_options(listings, FilterSpec(active_only=False)))
    _show_link_notes(params, notes + missing + unknown_key_notes(params, PAGE_KEYS))
    st.header("Filters", divider="gray")
    spec = _render_filter_widgets(listings, link_spec)
    st.button("Reset filters", on_click=reset_filters, icon=":material/restart_alt:", width="stretch")
    st.session_state[_SPEC_KEY] = spec
    return spec


def get_filters() -> FilterSpec:
    """The FilterSpec the sidebar panel produced on this run (defaults when the panel has not run)."""
    spec = st.session_state.get(_SPEC_KEY)
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
    frame = provenance.with_source_column(frame, dataset.provenance())
    name = dataset.download_name(basename)
    left, right = st.columns(2)
    with left:
        st.download_button(
            f"{what} (CSV)" if what else "Download CSV",
            data=lambda: to_csv_bytes(frame),
            file_name=f"{name}.csv",
            mime="text/csv",
            icon=":material/download:",
            key=f"download_csv_{basename}",
            on_click="ignore",
        )
    with right:
        st.download_button(
            f"{what} (Parquet)" if what else "Download Parquet",
            data=lambda: to_parquet_bytes(frame),
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
    st.page_link("pages/sources.py", label="Go to Sources to add outcomes", icon=":material/database:")


def require_listings(dataset: state.Dataset, what: str) -> None:
    """Stop a page that needs listings in a session that loaded only outcomes, saying how to add them."""
    if dataset.has_listings:
        return
    st.info(md(provenance.NO_LISTINGS.format(what=what)), icon=":material/upload_file:")
    st.page_link("pages/sources.py", label="Go to Sources to add listings", icon=":material/database:")
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
    from urllib.parse import urlencode, urlsplit, urlunsplit

    params = [
        (key, value)
        for key, values in _url_params().items()
        if include_data or key != state.DATA_PARAM
        for value in values
    ]
    url = getattr(st.context, "url", None) or ""
    parts = urlsplit(url)
    return (
        urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(params), "")) if url else "?" + urlencode(params)
    )


def plotly(fig: go.Figure, alt: str, *, key: str | None = None) -> None:
    """Draw a plotly figure with the offline map config and write its alt text for screen readers."""
    if is_present_mode():
        _style_for_projection(fig)
    st.plotly_chart(fig, config=PLOTLY_CONFIG, width="stretch", key=key)
    st.caption(f"Chart description: {md(alt)}")


def ensure_app_shell() -> None:
    """Rerun through app.py when Streamlit ran a page file on its own.

    Because dashboard/pages/ sits beside app.py, a server whose very first request is a direct
    page link (say /openings?field=Cybersecurity) runs that page in Streamlit's old pages-folder
    mode: app.py, its st.navigation, page config and the filter panel never run, so the link's
    filters would be ignored. The flag that selects that mode is process-wide and st.navigation
    clears it; clearing it here and rerunning gives the link the whole app, filters included.
    """
    from streamlit.runtime.pages_manager import PagesManager

    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()


def require_dataset() -> state.Dataset:
    """The current dataset, or an explanation and a stop when none can be loaded."""
    from data_loaders.errors import LoadError

    ensure_app_shell()
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
    "apply_present_mode",
    "download_buttons",
    "empty_state",
    "ensure_app_shell",
    "filter_panel",
    "filter_sentence",
    "get_filters",
    "is_present_mode",
    "kpi_row",
    "plotly",
    "require_dataset",
    "reset_filters",
]
