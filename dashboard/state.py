"""The dashboard's data state: the shared sample dataset, a session's own dataset, settings from secrets.

This is the only module that touches `st.cache_resource` and `st.session_state` for data. The sample is loaded once
per process and shared by reference by every session (`st.cache_resource` never copies; `st.cache_data` would pickle
a copy per hit, ruinous at a million rows). An upload or database connection belongs to its session: it is kept in
this server's memory (dashboard/memory_budget.py, never on disk) under an unguessable token that the session holds
and mirrors into the URL (`?data=<token>`), so a browser reload re-attaches it, until it goes unused for
`[insights] session_data_ttl_minutes` or is forgotten.

It holds the one memo of derived results, `cached(dataset, function, *args, **kwargs)`, keyed by the function and
every argument (dashboard/memo_keys.py); `Dataset` lives in dashboard/dataset.py, the sample's paths in
dashboard/sample_location.py, the secrets in dashboard/settings.py, and all are importable from here.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import polars as pl
import streamlit as st

from analytics import rates
from analytics.applicant_sizes import applicant_codes
from analytics.filter_steps import earlier_options, narrowed_rows, narrowing
from analytics.filters import FilterSpec, available_options
from analytics.option_parts import SkillCodes, option_parts
from dashboard.dataset import Dataset, read_sample
from dashboard.memo_keys import call_key, name_frame
from dashboard.memory_budget import (
    EVICTED,
    FORGOTTEN,
    DatasetBudget,
    format_size,
    frames_bytes,
    looks_like_token,
    new_token,
)
from dashboard.provenance import Origin
from dashboard.sample_location import DATA_DIR_ENV, SAMPLE_DIR_ENV, collected_dir, sample_paths
from dashboard.settings import (
    DEFAULT_MIN_GROUP,
    DEFAULT_SERVER_DATA_MB,
    DEFAULT_SESSION_DATA_MB,
    DEFAULT_SESSION_DATA_TTL_MINUTES,
    configured_min_group_size,
    connections,
    minutes_text,
    server_data_bytes,
    session_data_bytes,
    session_data_ttl_seconds,
)
from dashboard.weak_lru import _WeakLru
from data_loaders.compact import compact_outcomes
from data_loaders.errors import LoadError
from data_loaders.schema import empty_frame

DATA_PARAM = "data"  # ?data=<token>: the URL parameter that re-attaches a session's own data after a reload
EVICTED_NOTE = (
    "Your uploaded data was removed to free memory for other users; load it again on the Sources page. "
    "Until then the dashboard shows the sample data."
)
EXPIRED_NOTE = "This data link has expired; the sample is shown — load your file again on Sources."
FORGOTTEN_NOTE = (
    "The data of this link was forgotten (Forget this data now, or a newer upload replaced it); the sample "
    "is shown — load your file again on Sources."
)
_SESSION_DATASET_KEY = "_insights_dataset"  # holds the dataset's token; the data itself lives in the budget registry
_SESSION_EVICTED_KEY = "_insights_evicted"
_SESSION_MIN_GROUP_KEY = "_insights_min_group"
_FILTERED_CACHE_SIZE = 3
_LARGE_CACHE_SIZE = 2  # `cached_large`: intermediate values as big as a filtered frame (and holding one), so very few
T = TypeVar("T")


@st.cache_resource(show_spinner="Loading the sample data…", max_entries=4)
def _cached_sample(listings_path: str, outcomes_path: str, version: int = 0) -> Dataset:
    # Keyed on the paths (another INSIGHTS_SAMPLE_DIR: another entry). A LoadError is not cached: the app recovers.
    return read_sample(Path(listings_path), Path(outcomes_path))


def sample_dataset() -> Dataset:
    """The bundled sample, loaded once per process and shared by every session."""
    listings_path, outcomes_path = sample_paths()
    # A collected store changes with every run: its files' change time is part of the key, so a new run shows.
    version = listings_path.stat().st_mtime_ns if (listings_path.parent / "last_run.json").is_file() else 0
    return _cached_sample(str(listings_path), str(outcomes_path), version)


def current_dataset() -> Dataset:
    """The session's own dataset (upload or connection) if it has one, else the shared sample.

    The session's token is kept in its state and mirrored into the URL (`?data=<token>`): a browser reload starts a
    new session with the same URL, and the token re-attaches it to the same data. A token that holds nothing
    (expired, evicted, forgotten, or never issued) leaves a note, drops out of the URL, and the session shows the sample.
    """
    budget = _budget()
    token = st.session_state.get(_SESSION_DATASET_KEY)
    from_link = False
    if not isinstance(token, str):
        token, from_link = _url_token(), True
    if token is not None:
        own = budget.fetch(token)
        if isinstance(own, Dataset):
            st.session_state[_SESSION_DATASET_KEY] = token
            _put_token_in_url(token)
            return own
        # Gone: say why once, then carry on with the sample.
        st.session_state.pop(_SESSION_DATASET_KEY, None)
        _drop_token_from_url()
        st.session_state[_SESSION_EVICTED_KEY] = _gone_note(budget.status(token), from_link)
    return sample_dataset()


def _gone_note(status: str, from_link: bool) -> str:
    """Why a session's or a link's data is no longer there."""
    linked = EVICTED_NOTE.replace("Your uploaded data was", "The data of this link was") if from_link else EVICTED_NOTE
    return linked if status == EVICTED else FORGOTTEN_NOTE if status == FORGOTTEN else EXPIRED_NOTE


def _url_token() -> str | None:
    """The data token in the URL, or None; a malformed value is dropped from the URL with the expired note."""
    values = st.query_params.get_all(DATA_PARAM)
    if not values:
        return None
    value = values[-1]
    if looks_like_token(value):
        return value
    _drop_token_from_url()
    st.session_state[_SESSION_EVICTED_KEY] = EXPIRED_NOTE
    return None


def _put_token_in_url(token: str) -> None:
    """Mirror the session's token into the URL (page switches drop query parameters; every run puts it back)."""
    if st.query_params.get_all(DATA_PARAM) != [token]:
        st.query_params[DATA_PARAM] = token


def _drop_token_from_url() -> None:
    if DATA_PARAM in st.query_params:
        del st.query_params[DATA_PARAM]


def session_token() -> str | None:
    """This session's data token (after `current_dataset` has run), or None when it shows the sample."""
    token = st.session_state.get(_SESSION_DATASET_KEY)
    return token if isinstance(token, str) else None


def take_eviction_note() -> str | None:
    """The note for a session whose data (or link's data) is gone (returned once, then forgotten)."""
    note = st.session_state.pop(_SESSION_EVICTED_KEY, None)
    return note if isinstance(note, str) else None


def use_session_dataset(
    listings: pl.DataFrame | None,
    *,
    outcomes: pl.DataFrame | None = None,
    outcomes_kind: str | None = None,
    label: str,
    sources: str = "",
    reports: list[Any] | None = None,
    listings_origin: Origin | None = None,
    outcomes_origin: Origin | None = None,
) -> Dataset:
    """Make this session use its own dataset (frames by reference); raise LoadError when over the memory budget.

    `listings=None` means the session has no listings (only outcomes were loaded). The data is kept in this server's
    memory under a new unguessable token, which goes into the URL so a reload finds it again; the previous token of
    this session is forgotten. On refusal the session keeps its previous data. Storing it may evict other sessions'
    data, least recently used first.
    """
    if outcomes is not None and outcomes_kind is None:
        outcomes_kind = "outcomes" if "application_id" in outcomes.columns else "outcome_counts"
    outcomes = compact_outcomes(outcomes) if outcomes is not None else None
    if listings is None:
        listings, listings_origin = empty_frame("listings"), None
    dataset = Dataset(
        listings=listings,
        outcomes=outcomes,
        outcomes_kind=outcomes_kind if outcomes is not None else None,
        label=label,
        sources=sources,
        reports=list(reports or []),
        is_sample=False,
        listings_origin=listings_origin,
        outcomes_origin=outcomes_origin if outcomes is not None else None,
    )
    token = new_token()
    _budget().store(
        token,
        dataset,
        dataset_bytes(dataset),
        session_cap=session_data_bytes(),
        server_cap=server_data_bytes(),
        label=label,
        ttl_seconds=session_data_ttl_seconds(),
    )
    previous = st.session_state.get(_SESSION_DATASET_KEY)
    if isinstance(previous, str):
        _budget().release(previous)
    st.session_state[_SESSION_DATASET_KEY] = token
    _put_token_in_url(token)
    return dataset


def dataset_bytes(dataset: Dataset) -> int:
    """Estimated memory of a dataset's own frames (frames shared with the sample cost nothing extra)."""
    shared: list[pl.DataFrame | None] = []
    try:
        sample = sample_dataset()
        shared = [sample.listings, sample.peek_outcomes()]  # a frame still being read is nobody's yet
    except LoadError:
        pass  # no sample: every frame is the session's own
    return frames_bytes([dataset.listings, dataset.outcomes], shared)


def forget_session_data() -> None:
    """Drop the session's own data from the server at once, take its token out of the URL, and show the sample."""
    token = st.session_state.pop(_SESSION_DATASET_KEY, None)
    if isinstance(token, str):
        _budget().release(token)
    _drop_token_from_url()


# Going back to the sample is forgetting: the data is released at once, not kept for a reload.
reset_to_sample = forget_session_data


@st.cache_resource
def _budget() -> DatasetBudget:
    # One registry per server process: the server-wide budget spans every session.
    return DatasetBudget()


def budget_summary() -> str:
    """One line for the Sources page: how much this server's sessions hold against the budget."""
    return (
        f"Uploaded data in memory on this server: {format_size(_budget().total_bytes())} of {format_size(server_data_bytes())}; "
        f"each session may hold up to {format_size(session_data_bytes())}, kept {minutes_text(session_data_ttl_seconds())} "
        "after its last use."
    )


def min_group_size() -> int:
    """The effective minimum group size: the configured one, or higher if this session raised it."""
    configured = configured_min_group_size()
    raised = st.session_state.get(_SESSION_MIN_GROUP_KEY)
    return max(configured, raised) if isinstance(raised, int) else configured


def raise_min_group_size(value: int) -> int:
    """Set this session's minimum group size; values below the configured one are ignored."""
    effective = max(configured_min_group_size(), int(value))
    st.session_state[_SESSION_MIN_GROUP_KEY] = effective
    return effective


@st.cache_resource
def _caches() -> dict[str, _WeakLru]:
    # Process-wide, shared by every session: the sample's default view is computed once. Filtered frames are big (up
    # to the whole table), so only a few are kept; options and aggregates are small.
    return {
        "options": _WeakLru(64),
        "option_frames": _WeakLru(4),
        "filtered": _WeakLru(_FILTERED_CACHE_SIZE),
        "results": _WeakLru(2048),  # small frames and figures (~100 MB at a million): the warm-up keeps ~1,000
        "large": _WeakLru(_LARGE_CACHE_SIZE),
    }


def filter_options(listings: pl.DataFrame, spec: FilterSpec, dataset: Dataset | None = None) -> dict[str, list[Any]]:
    """`available_options(listings, spec)`, memoised per frame and per choice that narrows the options; with the
    `dataset` whose listings these are, its memoised filter rows (`listing_rows`) serve the first narrowings."""

    # Recomputed only when a narrowing choice changes, from categoricals and skill codes built once per listings frame.
    def compute() -> dict[str, list[Any]]:
        frame, codes = listing_parts(listings)
        if dataset is None:
            return available_options(listings, spec, frame, skills=codes)
        known = earlier_options(spec, functools.partial(filter_options, listings, dataset=dataset))
        return available_options(listings, spec, frame, functools.partial(listing_rows, dataset), known, codes)

    if dataset is not None and dataset.listings is not listings:
        raise ValueError("filter_options: `listings` must be the dataset's listings")
    return _caches()["options"].get_or_compute(listings, narrowing(spec), compute)


def listing_parts(listings: pl.DataFrame) -> tuple[pl.DataFrame, SkillCodes]:
    """`option_parts(listings)` once per frame: the options count them, the skills views take rows of the codes."""
    return _caches()["option_frames"].get_or_compute(listings, "option_parts", lambda: option_parts(listings))


def filtered_listings(dataset: Dataset, spec: FilterSpec, columns: tuple[str, ...] | None = None) -> pl.DataFrame:
    """`spec.apply(dataset.listings, columns=columns)`, shared across sessions for the last few (dataset, spec, columns):
    a chart of a second filter set that reads a few columns (postings over time) gathers only those."""

    def compute() -> pl.DataFrame:
        return spec.apply(dataset.listings, columns=columns, rows=listing_rows(dataset, spec))

    key = spec if columns is None else (spec, columns)
    frame = _caches()["filtered"].get_or_compute(dataset, key, compute)
    name_frame(frame, dataset, ("<filtered listings>", key))
    return frame


def listing_rows(dataset: Dataset, spec: FilterSpec) -> pl.Series | None:
    """`filter_rows(dataset.listings, spec)`, memoised: the rows of `spec` without its last condition (memoised too,
    usually by the view before) narrowed by that condition (analytics/filter_steps.py)."""
    return cached(dataset, narrowed_rows, dataset.listings, spec, memo(dataset))


def listing_count(dataset: Dataset, spec: FilterSpec) -> int:
    """How many listings `spec` keeps, from its memoised rows (`listing_rows`): no filtered frame's columns gathered
    (~20 ms at a million listings for a field and the United States) where a page shows only the count."""
    rows = listing_rows(dataset, spec)
    return dataset.listings.height if rows is None else rows.len()


def cached(dataset: Dataset, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)`, memoised across sessions per dataset, keyed by the function and every argument.

    Single-flight: sessions asking for the same missing result at once wait for one computation; an exception
    reaches all of them and is not cached. `function` must be a module-level function (a lambda or closure would
    capture values the key cannot see). Frames are keyed by what they are: the dataset's listings or outcomes, a
    `filtered_listings` result by its FilterSpec, any other frame by identity (the result then lives only as long as
    that frame). Lists, sets and dicts are keyed by their contents; anything else must be hashable.
    """
    guards: list[object] = []
    key = call_key(dataset, function, args, kwargs, guards)
    return _caches()["results"].get_or_compute(dataset, key, lambda: function(*args, **kwargs), guards)


def outcome_counts(dataset: Dataset, keys: tuple[str, ...]) -> pl.DataFrame:
    """Funnel counts of the dataset's outcomes by `keys`, once per dataset (every page shares them: 10M rows, once).

    Aggregated sources are narrowed as counts, not rows.
    """
    return cached(dataset, rates.as_counts, dataset.outcomes, list(keys))


def outcome_counter(dataset: Dataset) -> Callable[[tuple[str, ...]], pl.DataFrame]:
    """`outcome_counts` bound to `dataset`: the `count_outcomes` hook of rate views and the report.

    A partial of a module-level function, so a `cached` call that takes it is keyed by it like any argument.
    """
    return functools.partial(outcome_counts, dataset)


def applicant_coder(dataset: Dataset) -> Callable[[pl.DataFrame], Any]:
    """`applicant_codes(outcomes)` memoised per dataset: the `code_applicants` hook of rate views and the report
    (computed by the first view with a filter; warmed in the background on a large shared dataset)."""
    return functools.partial(cached, dataset, applicant_codes)


def memo(dataset: Dataset) -> Callable[..., Any]:
    """`cached` bound to `dataset`: the `memo` hook of analytics that memoise their parts (`benchmark_posting`)."""
    return functools.partial(cached, dataset)


def cached_large(dataset: Dataset, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`cached` for a big intermediate value (e.g. a skill gap's frames), of which only a few are kept.

    The value is named by its call, so results computed from it (`cached(dataset, f, value)`) are keyed by that
    call and outlive it, like results computed from a `filtered_listings` frame.
    """
    guards: list[object] = []
    key = call_key(dataset, function, args, kwargs, guards)
    value = _caches()["large"].get_or_compute(dataset, key, lambda: function(*args, **kwargs), guards)
    name_frame(value, dataset, ("<large>", key))
    return value


__all__ = [
    "DATA_DIR_ENV",
    "DEFAULT_MIN_GROUP",
    "DEFAULT_SERVER_DATA_MB",
    "DEFAULT_SESSION_DATA_MB",
    "DEFAULT_SESSION_DATA_TTL_MINUTES",
    "SAMPLE_DIR_ENV",
    "Dataset",
    "_WeakLru",
    "cached",
    "cached_large",
    "memo",
    "collected_dir",
    "configured_min_group_size",
    "connections",
    "read_sample",
    "sample_paths",
    "server_data_bytes",
    "session_data_bytes",
    "session_data_ttl_seconds",
]
