"""The dashboard's data state: the shared sample dataset, a session's own dataset, settings from secrets.

This is the only module that touches `st.cache_resource` and `st.session_state` for data. The
sample is loaded once per process and shared by reference by every session (`st.cache_resource`
never copies; `st.cache_data` would pickle a copy per hit, ruinous at a million rows). An upload or
database connection belongs to its session: it is kept in this server's memory (dashboard/memory_budget.py,
never on disk) under an unguessable token that the session holds and mirrors into the URL (`?data=<token>`),
so a browser reload re-attaches it, until it goes unused for `[insights] session_data_ttl_minutes` or is
forgotten.
"""

from __future__ import annotations

import os
import threading
import weakref
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import polars as pl
import streamlit as st

from analytics.filters import FilterSpec, available_options, option_frame
from dashboard import provenance
from dashboard.memory_budget import (
    EVICTED,
    FORGOTTEN,
    MB,
    DatasetBudget,
    format_size,
    frames_bytes,
    looks_like_token,
    new_token,
)
from dashboard.provenance import Origin
from dashboard.weak_lru import _WeakLru
from data_loaders import sample_paths as bundled_sample_paths
from data_loaders.errors import LoadError

ROOT = Path(__file__).resolve().parent.parent
# Lets a developer or a test point the app at another generated sample (same two file names).
SAMPLE_DIR_ENV = "INSIGHTS_SAMPLE_DIR"
DATA_DIR_ENV = (
    "INSIGHTS_DATA_DIR"  # a collected store (python -m data_loaders collect --out DIR) shown instead of the sample
)
DEFAULT_MIN_GROUP = 10
DEFAULT_SESSION_DATA_MB = 1024  # [insights] session_data_mb: one session's own data (estimated frame size)
DEFAULT_SERVER_DATA_MB = 4096  # [insights] server_data_mb: all sessions' own data together
DEFAULT_SESSION_DATA_TTL_MINUTES = 120  # [insights] session_data_ttl_minutes: how long unused own data is kept
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


# eq=False: identity equality and hashing; comparing frames field by field is neither cheap nor defined.
@dataclass(frozen=True, eq=False)
class Dataset:
    """One loaded dataset: canonical listings, optional outcomes, and where they came from."""

    listings: pl.DataFrame
    outcomes: pl.DataFrame | None = None
    # "outcomes" (one row per application), "outcome_counts" (aggregated), or None.
    outcomes_kind: str | None = None
    label: str = "Dataset"
    sources: str = ""
    reports: list[Any] = field(default_factory=list)  # data_loaders.report.ValidationReport
    is_sample: bool = False
    # Where each part came from; None for a part the session does not have (see dashboard/provenance.py).
    listings_origin: Origin | None = None
    outcomes_origin: Origin | None = None

    @property
    def has_listings(self) -> bool:
        """False for a session that loaded only outcomes (its listings frame is empty and from nowhere)."""
        return self.listings_origin is not None or self.listings.height > 0

    @property
    def has_outcomes(self) -> bool:
        """True when the session has outcome data (its own, or the sample's kept by choice)."""
        return self.outcomes is not None

    @property
    def synthetic(self) -> bool:
        """True when any part is synthetic (the sample, or the sample's part kept next to own data)."""
        return self.is_sample or provenance.is_synthetic(self.listings_origin, self.outcomes_origin)

    def origins(self) -> tuple[Origin | None, Origin | None]:
        """(listings, outcomes) origins; None for a missing part, the label for a present part of unstated origin."""
        listings = (self.listings_origin or Origin(self.label)) if self.has_listings else None
        outcomes = (self.outcomes_origin or Origin(self.label)) if self.has_outcomes else None
        return listings, outcomes

    def provenance(self) -> str:
        """The provenance sentence: each part's source, load time and 'synthetic' where it is."""
        return provenance.sentence(*self.origins())

    def download_name(self, basename: str) -> str:
        """A download's file name stem carrying the provenance tag ('openings_synthetic', 'openings_jobs')."""
        return (
            f"{basename}_{provenance.SYNTHETIC_TAG}"
            if self.synthetic
            else provenance.tagged_name(basename, *self.origins())
        )


def collected_dir() -> Path | None:
    """The collected store the app shows instead of the sample (env INSIGHTS_DATA_DIR, else [insights] data_dir), or None."""
    configured = os.environ.get(DATA_DIR_ENV) or _secret_section("insights").get("data_dir")
    return Path(str(configured)).expanduser() if configured and str(configured).strip() else None


def sample_paths() -> tuple[Path, Path]:
    """The shared dataset's (listings, outcomes) parquet paths: a collected store's when one is configured and
    has run (docs/collect.md), else the bundled sample's, honouring INSIGHTS_SAMPLE_DIR."""
    live = collected_dir()
    if live is not None and (live / "listings.parquet").is_file() and (live / "last_run.json").is_file():
        return live / "listings.parquet", live / "outcomes.parquet"
    override = os.environ.get(SAMPLE_DIR_ENV)
    if override:
        directory = Path(override)
        return directory / "listings.parquet", directory / "outcomes.parquet"
    paths = bundled_sample_paths()  # {"listings": path, "outcomes": path}
    return Path(paths["listings"]), Path(paths["outcomes"])


def read_sample(listings_path: Path, outcomes_path: Path) -> Dataset:
    """Read a sample dataset from two canonical parquet files; raise LoadError when listings are missing."""
    if (listings_path.parent / "last_run.json").is_file():
        from dashboard.collect_panel import read_collected  # a collected store: "Live data as of <last run>"

        return read_collected(listings_path.parent)
    if not listings_path.is_file():
        raise LoadError(
            "The bundled sample data is missing",
            str(listings_path),
            "run `.venv/bin/python -m data_loaders generate --out sample_data` or upload your own data on the Sources page",
        )
    # Listings are filtered and grouped on every view: one contiguous chunk per column makes that
    # several times faster. Outcomes (10x larger) are only aggregated, and rechunking them would
    # cost more than it saves.
    listings = pl.read_parquet(listings_path).rechunk()
    outcomes = pl.read_parquet(outcomes_path) if outcomes_path.is_file() else None
    outcomes_kind = None
    if outcomes is not None:
        outcomes_kind = "outcomes" if "application_id" in outcomes.columns else "outcome_counts"
    described = f"{listings.height:,} listings"
    sample_origin = Origin("bundled sample", loaded_at=provenance.now(), synthetic=True)
    if outcomes is not None:
        unit = "applications" if outcomes_kind == "outcomes" else "outcome groups"
        described += f" and {outcomes.height:,} {unit}"
    return Dataset(
        listings=listings,
        outcomes=outcomes,
        outcomes_kind=outcomes_kind,
        label="Sample data (synthetic)",
        sources=f"Bundled synthetic sample generated by data_loaders.generate: {described}.",
        reports=[],
        is_sample=True,
        listings_origin=sample_origin,
        outcomes_origin=sample_origin if outcomes is not None else None,
    )


@st.cache_resource(show_spinner="Loading the sample data…", max_entries=4)
def _cached_sample(listings_path: str, outcomes_path: str, version: int = 0) -> Dataset:
    # Keyed on the paths so a different INSIGHTS_SAMPLE_DIR gets its own entry. A LoadError is
    # not cached, so the app recovers by itself once the files appear.
    return read_sample(Path(listings_path), Path(outcomes_path))


def sample_dataset() -> Dataset:
    """The bundled sample, loaded once per process and shared by every session."""
    listings_path, outcomes_path = sample_paths()
    # A collected store changes with every run: its files' change time is part of the key, so a new run shows.
    version = listings_path.stat().st_mtime_ns if (listings_path.parent / "last_run.json").is_file() else 0
    return _cached_sample(str(listings_path), str(outcomes_path), version)


def current_dataset() -> Dataset:
    """The session's own dataset (upload or connection) if it has one, else the shared sample.

    The session's token is kept in its state and mirrored into the URL (`?data=<token>`): a browser reload
    starts a new session with the same URL, and the token re-attaches it to the same data. A token that
    holds nothing (expired, evicted, forgotten, or never issued) leaves a note, drops out of the URL, and
    the session shows the sample.
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
    if status == EVICTED:
        return (
            EVICTED_NOTE
            if not from_link
            else EVICTED_NOTE.replace("Your uploaded data was", "The data of this link was")
        )
    if status == FORGOTTEN:
        return FORGOTTEN_NOTE
    return EXPIRED_NOTE


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

    `listings=None` means the session has no listings (only outcomes were loaded). The data is kept in this
    server's memory under a new unguessable token, which goes into the URL so a reload finds it again; the
    previous token of this session is forgotten. On refusal the session keeps its previous data. Storing it
    may evict other sessions' data, least recently used first.
    """
    if outcomes is not None and outcomes_kind is None:
        outcomes_kind = "outcomes" if "application_id" in outcomes.columns else "outcome_counts"
    if listings is None:
        from data_loaders.schema import empty_frame

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
        shared = [sample.listings, sample.outcomes]
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


def _configured_count(key: str, default: int) -> int:
    """A positive whole number from [insights] in secrets, else `default` (a bad or non-positive value is ignored)."""
    value = _secret_section("insights").get(key, default)
    try:
        number = int(value)
    except (TypeError, ValueError):
        return default
    return number if number >= 1 else default


def session_data_ttl_seconds() -> float:
    """How long a session's own data is kept after its last use ([insights] session_data_ttl_minutes, default 120)."""
    return _configured_count("session_data_ttl_minutes", DEFAULT_SESSION_DATA_TTL_MINUTES) * 60.0


def session_data_bytes() -> int:
    """The per-session cap on own data ([insights] session_data_mb, default 1024 MB)."""
    return _configured_count("session_data_mb", DEFAULT_SESSION_DATA_MB) * MB


def server_data_bytes() -> int:
    """The server-wide budget for all sessions' own data ([insights] server_data_mb, default 4096 MB)."""
    return _configured_count("server_data_mb", DEFAULT_SERVER_DATA_MB) * MB


def budget_summary() -> str:
    """One line for the Sources page: how much this server's sessions hold against the budget."""
    return (
        f"Uploaded data in memory on this server: {format_size(_budget().total_bytes())} of {format_size(server_data_bytes())}; "
        f"each session may hold up to {format_size(session_data_bytes())}, kept {_minutes(session_data_ttl_seconds())} "
        "after its last use."
    )


def _minutes(seconds: float) -> str:
    """'2 hours', '90 minutes', '1 minute'."""
    minutes = round(seconds / 60)
    if minutes % 60 == 0 and minutes >= 60:
        hours = minutes // 60
        return f"{hours} hour{'s' if hours != 1 else ''}"
    return f"{minutes} minute{'s' if minutes != 1 else ''}"


def _secret_section(name: str) -> dict[str, Any]:
    """A top-level secrets section as a plain dict; {} when there is no secrets file or section."""
    try:
        section = st.secrets.get(name)
    except (FileNotFoundError, KeyError, AttributeError, TypeError, ValueError):
        # No secrets.toml (StreamlitSecretNotFoundError is a FileNotFoundError) or a broken one:
        # the app must still run on defaults.
        return {}
    if section is None:
        return {}
    try:
        return {key: section[key] for key in section}
    except TypeError:
        return {}


def configured_min_group_size() -> int:
    """The minimum group size from secrets ([insights] min_group_size), else DEFAULT_MIN_GROUP."""
    # Only the operator (secrets) may lower it, and never to nothing: a group of one is a person.
    return _configured_count("min_group_size", DEFAULT_MIN_GROUP)


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


def connections() -> dict[str, dict[str, Any]]:
    """The `[connections.<name>]` sections of secrets as plain dicts; {} when there are none."""
    found: dict[str, dict[str, Any]] = {}
    for name, section in _secret_section("connections").items():
        try:
            found[str(name)] = {key: section[key] for key in section}
        except TypeError:
            continue  # a scalar where a section was expected: not a connection
    return found


@st.cache_resource
def _caches() -> dict[str, _WeakLru]:
    # Process-wide, shared by every session: the sample's default view is computed once.
    # Filtered frames are big (up to the whole table), so only a few are kept; options and
    # aggregates are small.
    return {
        "options": _WeakLru(64),
        "option_frames": _WeakLru(4),
        "filtered": _WeakLru(_FILTERED_CACHE_SIZE),
        "results": _WeakLru(256),
        "large": _WeakLru(_LARGE_CACHE_SIZE),
    }


def filter_options(listings: pl.DataFrame, spec: FilterSpec) -> dict[str, list[Any]]:
    """`available_options(listings, spec)`, memoised per frame and per choice that narrows the options."""
    narrowing = (
        spec.fields,
        spec.countries,
        spec.regions,
        spec.cities,
        spec.work_modes,
        spec.companies,
        spec.terms,
        spec.skills,
        spec.active_only,
    )

    # Recomputed only when a narrowing choice changes: a million-row explode on every rerun
    # would make every click slow.
    def compute() -> dict[str, list[Any]]:
        # The option columns as categoricals, once per frame: each narrowing change then counts integer codes.
        frame = _caches()["option_frames"].get_or_compute(listings, "option_frame", lambda: option_frame(listings))
        return available_options(listings, spec, frame)

    return _caches()["options"].get_or_compute(listings, narrowing, compute)


def filtered_listings(dataset: Dataset, spec: FilterSpec) -> pl.DataFrame:
    """`spec.apply(dataset.listings)`, shared across sessions for the last few (dataset, spec) pairs."""
    frame = _caches()["filtered"].get_or_compute(dataset, spec, lambda: spec.apply(dataset.listings))
    _name_frame(frame, dataset, ("<filtered listings>", spec))
    return frame


def memoised(dataset: Dataset, key: Hashable, compute: Callable[[], T]) -> T:
    """`compute()` memoised per dataset and hashable `key`; single-flight. Prefer `cached`, whose key cannot forget an argument."""
    return _caches()["results"].get_or_compute(dataset, key, compute)


def cached(dataset: Dataset, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`function(*args, **kwargs)`, memoised across sessions per dataset, keyed by the function and every argument.

    Single-flight: sessions asking for the same missing result at once wait for one computation; an
    exception reaches all of them and is not cached. `function` must be a module-level function (a
    lambda or closure would capture values the key cannot see). Frames are keyed by what they are:
    the dataset's listings or outcomes, a `filtered_listings` result by its FilterSpec, any other frame
    by identity (the result then lives only as long as that frame). Lists, sets and dicts are keyed by
    their contents; anything else must be hashable.
    """
    guards: list[object] = []
    key = _call_key(dataset, function, args, kwargs, guards)
    return _caches()["results"].get_or_compute(dataset, key, lambda: function(*args, **kwargs), guards)


def cached_large(dataset: Dataset, function: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """`cached` for a big intermediate value (e.g. a skill gap's frames), of which only a few are kept.

    The value is named by its call, so results computed from it (`cached(dataset, f, value)`) are keyed by that
    call and outlive it, like results computed from a `filtered_listings` frame.
    """
    guards: list[object] = []
    key = _call_key(dataset, function, args, kwargs, guards)
    value = _caches()["large"].get_or_compute(dataset, key, lambda: function(*args, **kwargs), guards)
    _name_frame(value, dataset, ("<large>", key))
    return value


def _call_key(
    dataset: Dataset, function: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any], guards: list[object]
) -> Hashable:
    """The memo key of one call: the function and every argument (see `cached`)."""
    return (
        _function_key(function),
        tuple(_argument_key(value, dataset, guards) for value in args),
        tuple(sorted((name, _argument_key(value, dataset, guards)) for name, value in kwargs.items())),
    )


def _function_key(function: Callable[..., Any]) -> tuple[str, str]:
    """(module, qualified name) of a module-level function; a lambda or nested function is refused."""
    module, name = getattr(function, "__module__", None), getattr(function, "__qualname__", None)
    if not isinstance(module, str) or not isinstance(name, str) or "<" in name:
        raise TypeError(
            f"cached() needs a module-level function, got {function!r}: a lambda or closure "
            "captures values its key cannot see"
        )
    return module, name


# Frames handed out by filtered_listings, by id: (weak reference, name). The name lets a result computed
# from a filtered frame outlive that frame (only a few are kept) and serve the next session with the same filters.
_FRAME_NAMES: dict[int, tuple[Any, Any, Hashable]] = {}
_FRAME_NAMES_LOCK = threading.Lock()


def _name_frame(frame: object, dataset: Dataset, name: Hashable) -> None:
    """Remember that `frame` is the one `name` describes within `dataset`, while it lives."""
    key = id(frame)
    with _FRAME_NAMES_LOCK:
        known = _FRAME_NAMES.get(key)
        if known is not None and known[0]() is frame and known[1]() is dataset:
            return
        try:
            ref = weakref.ref(frame, lambda dead, key=key: _drop_frame_name(key, dead))
        except TypeError:
            return  # a value without weak references (a tuple, a number) is keyed by its contents instead
        _FRAME_NAMES[key] = (ref, weakref.ref(dataset), name)


def _drop_frame_name(key: int, dead: Any) -> None:
    # Runs from the garbage collector: never wait for the lock (a stale name fails its `is` check anyway).
    if _FRAME_NAMES_LOCK.acquire(blocking=False):
        try:
            known = _FRAME_NAMES.get(key)
            if known is not None and known[0] is dead:
                del _FRAME_NAMES[key]
        finally:
            _FRAME_NAMES_LOCK.release()


def _argument_key(value: Any, dataset: Dataset, guards: list[object]) -> Hashable:
    """A hashable stand-in for one argument of a cached call (see `cached`)."""
    if value is dataset:
        return ("<dataset>",)
    if value is dataset.listings:
        return ("<listings>",)
    if value is dataset.outcomes and value is not None:
        return ("<outcomes>",)
    known = _FRAME_NAMES.get(id(value))
    if known is not None and known[0]() is value and known[1]() is dataset:
        return known[2]  # a filtered_listings frame or a cached_large value: named by how it was made
    if isinstance(value, (pl.DataFrame, pl.Series)):
        guards.append(value)  # by identity: the result must die with the frame, and a reused id must not match
        return ("<frame>", id(value))
    if isinstance(value, Dataset):
        guards.append(value)
        return ("<other dataset>", id(value))
    if isinstance(value, (list, tuple)):
        return (type(value).__name__, tuple(_argument_key(item, dataset, guards) for item in value))
    if isinstance(value, (set, frozenset)):
        return ("set", frozenset(_argument_key(item, dataset, guards) for item in value))
    if isinstance(value, dict):
        return (
            "dict",
            frozenset((_argument_key(k, dataset, guards), _argument_key(v, dataset, guards)) for k, v in value.items()),
        )
    try:
        hash(value)
    except TypeError:
        raise TypeError(f"cached() cannot key an argument of type {type(value).__name__}") from None
    return (type(value).__qualname__, value)  # the type too: 1, 1.0 and True hash alike
