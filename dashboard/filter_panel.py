"""The sidebar's filter panel: every widget bound to its URL key, the link's notes, and the FilterSpec it makes.

`streamlit_app.py` draws it (or, in the presentation view, only reads the link with `link_filters`) before the
page runs; pages read the result with `components.get_filters()`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial
from typing import Any

import polars as pl
import streamlit as st

from analytics.display_names import option_label
from analytics.filter_keys import BY_KEY
from analytics.filter_links import (
    MAX_SEARCH_LENGTH,
    NUMBER_LIMITS,
    check_against_data,
    params_to_spec,
    unknown_key_notes,
)
from analytics.filters import FilterSpec
from dashboard import state
from dashboard.safe_text import md
from data_loaders.schema import FIELDS, SPONSORSHIP, WORK_MODES

SPEC_KEY = "_insights_filter_spec"  # read by components.get_filters
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
# Multi-valued filters: URL key (= widget key) -> (FilterSpec attribute, label), from the one table in
# analytics/filter_keys.py. Order is the panel's order: each place narrows the next one's choices.
MULTI_FILTERS: dict[str, tuple[str, str]] = {
    key: (BY_KEY[key].attribute, BY_KEY[key].label)
    for key in ("field", "country", "region", "city", "mode", "term", "skill", "company", "sponsor")
}
# The two flags are synced with the URL by hand: bound toggles only accept true/false, while
# FilterSpec links use all=1 and remote=0.
FLAG_DEFAULTS: dict[str, bool] = {"all": False, "remote": True}
# Choices that come from the schema when the data does not list them (sponsorship never does).
SCHEMA_CHOICES: dict[str, tuple[str, ...]] = {"fields": FIELDS, "work_modes": WORK_MODES, "sponsorship": SPONSORSHIP}
SCALAR_DEFAULTS: dict[str, Any] = {"skill_mode": "any", "pay_min": None, "pay_max": None, "within": None, "q": ""}


def url_params() -> dict[str, list[str]]:
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


def _render_filter_widgets(
    listings: pl.DataFrame,
    link_spec: FilterSpec,
    dataset: state.Dataset | None = None,
    ahead: Callable[[FilterSpec], None] | None = None,
) -> FilterSpec:
    """Draw every filter widget bound to its URL key and return the FilterSpec they describe; `ahead(spec)` is told
    the filters before their options are counted (the page's work then begins beside the panel: dashboard/ahead.py)."""
    for key in FLAG_DEFAULTS:
        if key not in st.session_state:  # seed the hand-synced flags from the link once
            st.session_state[key] = (not link_spec.active_only) if key == "all" else link_spec.include_remote
    for key, (attribute, _) in MULTI_FILTERS.items():
        # Seed lists from FilterSpec's reading of the link, which canonicalises ("us" -> "US",
        # "remote" in any case); the widget alone would silently drop such values.
        if key not in st.session_state and getattr(link_spec, attribute):
            st.session_state[key] = list(getattr(link_spec, attribute))
    pending = _spec_from_widgets(link_spec)
    if ahead is not None:
        ahead(pending)
    options = state.filter_options(listings, pending, dataset)
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
    _pay_date_and_search_inputs()
    st.toggle("Include closed listings", key="all")
    st.toggle("Count remote openings in a place filter", key="remote")
    _sync_flags_to_url()
    spec = _spec_from_widgets(FilterSpec())
    if spec.pay_max is None and st.session_state.get("pay_max") is not None:
        st.caption(":orange[Max pay is below min pay, so it is not applied.]")
    return spec


def _pay_date_and_search_inputs() -> None:
    """The pay range, the posted-within days and the search box, each bound to its URL key."""
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


def link_filters(listings: pl.DataFrame) -> FilterSpec:
    """The filters the link asks for, checked against the data; its ignored parts are queued for `show_link_notes`.

    The presentation view calls only this (no panel, so no sidebar) and remembers the result for the page.
    """
    params = url_params()
    params.pop(PRESENT_PARAM, None)
    link_spec, notes = params_to_spec(params)
    # Values the data does not have (skill=pyhton, region=US-ZZ) are dropped with a "did you mean" note.
    link_spec, missing = check_against_data(link_spec, state.filter_options(listings, FilterSpec(active_only=False)))
    _show_link_notes(params, notes + missing + unknown_key_notes(params, PAGE_KEYS))
    st.session_state[SPEC_KEY] = link_spec
    return link_spec


def filter_panel(
    listings: pl.DataFrame,
    dataset: state.Dataset | None = None,
    ahead: Callable[[FilterSpec], None] | None = None,
) -> FilterSpec:
    """Render the filter widgets (bound to the URL) and return, and remember, the resulting FilterSpec; `dataset`:
    the one `listings` belong to (its memoised filter rows then serve the options' first narrowings); `ahead(spec)`:
    told the filters before their options are counted."""
    link_spec = link_filters(listings)
    st.header("Filters", divider="gray")
    spec = _render_filter_widgets(listings, link_spec, dataset, ahead)
    st.button("Reset filters", on_click=reset_filters, icon=":material/restart_alt:", width="stretch")
    st.session_state[SPEC_KEY] = spec
    return spec
