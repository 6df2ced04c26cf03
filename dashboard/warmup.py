"""The pages' default views computed in the background, so the first visitor of a page finds its answer ready.

At 1,000,000 listings / 10,000,000 applications a page's first view computes seconds of analytics (a rates view
groups 10 M applications by applicant; the report builds several such views; the Benchmark's competition needs
per-listing totals). Those answers depend only on the shared dataset and the page's default choices, so once the
server has shown its first page and the outcomes are in memory (dashboard/background.py), one daemon thread asks the
memo for them, in the order people usually open the pages. The memo is single-flight (dashboard/weak_lru.py): a
visitor who opens a page while its view is being prepared waits for that one computation, never a second one.

Each step calls `state.cached` with exactly the function and arguments its page uses for the default choices
(no filter, the first "Group by", the offer rate, the configured minimum group size, every report section);
tests/dashboard/test_warmup.py runs each page after the warm-up and fails if one of these computations is missed.
Only large datasets are warmed (`should_warm`): on a small one every first view is fast anyway, and a busy
background thread would only slow the first pages down. A step that fails is logged and skipped: the page computes
(and reports) it itself when it is opened.
"""

from __future__ import annotations

import ast
import dataclasses
import gc
import importlib
import logging
import os
import sys
import threading
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from analytics import overview, rates, skills_demand
from analytics.benchmark_pool import applicant_field_skills, listing_outcome_totals
from analytics.filters import FilterSpec
from analytics.intervals import has_applicant_ids
from analytics.skill_gap import SKILL_GAP_COLUMNS, offer_holder_counts
from dashboard import (
    first_page,
    openings_view,
    outcome_views,
    report_html,
    skill_gap_view,
    skills_view,
    state,
)
from dashboard import overview_view as overview_tiles  # its name is taken by `overview_view` below
from dashboard.settings import configured_min_group_size
from dashboard.skill_hooks import skill_hooks
from data_loaders.schema import FIELDS

if TYPE_CHECKING:
    from dashboard.dataset import Dataset

LOG = logging.getLogger(__name__)
PAGES_DIR = Path(__file__).resolve().parent / "pages"
WARM_UP_ENV = "INSIGHTS_WARM_UP"  # "0" turns the warm-up off (a server short of memory; benchmarks of cold views)
WARM_MIN_LISTINGS = 100_000  # listings from which the listing pages' default views are prepared
WARM_MIN_APPLICATIONS = 1_000_000  # applications from which the outcome pages' default views are prepared
# The pages' default choices (the widgets' first values); the test named above keeps them in step with the pages.
TOP_K = 15  # the Overview's top skills (the Openings and Skills demand defaults: dashboard/*_view.py)
RATE = "offer"


@dataclass
class WarmUp:
    """One background warm-up: which steps ran, how long each took, and whether it has finished."""

    steps: list[tuple[str, float]] = field(default_factory=list)  # (step, seconds), in the order run
    failed: list[str] = field(default_factory=list)
    started: float = field(default_factory=time.perf_counter)
    finished: float | None = None
    done: threading.Event = field(default_factory=threading.Event)

    def wait(self, timeout: float | None = None) -> bool:
        """True once every step has run (waiting up to `timeout` seconds)."""
        return self.done.wait(timeout)

    @property
    def seconds(self) -> float | None:
        """Seconds from the start of the thread to its end (None while it runs)."""
        return None if self.finished is None else self.finished - self.started


_LATEST: list[WarmUp] = []  # the last warm-up started in this process (the benchmark waits for it)


def latest() -> WarmUp | None:
    """The last warm-up started in this process, if any."""
    return _LATEST[-1] if _LATEST else None


def should_warm(dataset: Dataset) -> bool:
    """True for a dataset large enough that first views take seconds (see the module docstring)."""
    return dataset.listings.height >= WARM_MIN_LISTINGS or (dataset.outcome_rows or 0) >= WARM_MIN_APPLICATIONS


_STARTED: weakref.WeakKeyDictionary[Dataset, WarmUp] = weakref.WeakKeyDictionary()
_STARTED_LOCK = threading.Lock()


def ensure(dataset: Dataset) -> WarmUp | None:
    """Start warming the shared dataset's default views once (streamlit_app.py calls this on every run); None for a
    session's own data (its views serve one session) and for a dataset too small to need it."""
    if not dataset.is_sample or os.environ.get(WARM_UP_ENV, "1") == "0" or not should_warm(dataset):
        return None
    with _STARTED_LOCK:
        warm = _STARTED.get(dataset)
        if warm is None:
            warm = _STARTED[dataset] = start(dataset)
    return warm


def start(dataset: Dataset) -> WarmUp:
    """Start warming `dataset`'s default views in a daemon thread."""
    warm = WarmUp()
    _LATEST[:] = [warm]
    threading.Thread(target=_run, args=(dataset, warm), name="insights-warmup", daemon=True).start()
    return warm


def page_imports() -> list[str]:
    """The modules the pages import, plus pandas (which `st.dataframe` converts every table through): imported by
    the first page that needs them, ~1 s on a fresh server (the Sources page's first view was mostly this)."""
    names = {"pandas", "pyarrow.pandas_compat"}
    for page in sorted(PAGES_DIR.glob("*.py")):
        for node in ast.walk(ast.parse(page.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names.add(node.module)
                names.update(f"{node.module}.{alias.name}" for alias in node.names)
            elif isinstance(node, ast.Import):
                names.update(alias.name for alias in node.names)
    return sorted(names)


_IMPORTED = threading.Event()
IMPORT_WAIT_S = 30.0  # the warm-up waits this long at most for the pages' modules (a first run that failed)
_IMPORTING = threading.Lock()


def import_page_modules(*, collect: bool = True) -> float | None:
    """Import the pages' modules once per process, in the calling thread, and freeze what lives on (after a full
    collection with `collect`; `make run` imports with the collector off and freezes their few garbage cycles with
    them: dashboard/serve.py);
    the seconds it took (None when done before or under way in another thread). streamlit_app.py calls it after a
    page is out, while a warm-up runs.

    Not in the warm-up's own thread: plotly probes `sys.modules` for pandas (`get_module(..., should_load=False)`)
    while it builds a figure, and a pandas half-imported by another thread fails that (seen in a real server: an
    Overview rerun raised "partially initialized module 'pandas'"). The script thread that imports it builds no
    figure meanwhile; that is as safe as the lazy import it replaces (the first table of any page)."""
    if _IMPORTED.is_set() or not _IMPORTING.acquire(blocking=False):
        return None
    try:
        began = time.perf_counter()
        _preload(page_imports())
        freeze_long_lived(collect=collect)
        _IMPORTED.set()
        return time.perf_counter() - began
    finally:
        _IMPORTING.release()


def freeze_long_lived(*, collect: bool = True) -> None:
    """Move every object alive now (modules, their classes and tables: ~165,000 objects) out of the cyclic garbage
    collector's reach. Streamlit runs a full `gc.collect()` after every script run (`runner.postScriptGC`); with
    these objects in it that took 75 ms on a quiet machine and 150–370 ms during a cold start, on every rerun. What
    is frozen is still freed by reference counting; only a reference cycle among these objects would outlive its use,
    and modules live as long as the process anyway."""
    if collect:
        gc.collect()  # the garbage of the imports goes first, so none of it is frozen
    gc.freeze()


def _preload(names: list[str]) -> None:
    """Import `names` (a name that is not a module, e.g. a function imported from one, is skipped)."""
    for name in names:
        if name in sys.modules:
            continue
        try:
            importlib.import_module(name)
        except ImportError:
            continue


def _run(dataset: Dataset, warm: WarmUp) -> None:
    try:
        first_page.wait_first_page()  # the first page's own work comes first
        # The report step builds figures: not while the script thread imports pandas (see import_page_modules).
        _IMPORTED.wait(IMPORT_WAIT_S)
        # The outcomes first: the Overview's offer rate waits for them, and a read beside these steps would
        # share the two cores with them.
        pending = dataset.pending_outcomes
        if pending is not None:
            pending.wait()
        for name, step in steps(dataset):
            began = time.perf_counter()
            try:
                step()
            except Exception:  # a step that fails is the page's to report when it is opened
                LOG.exception("warm-up step %s failed", name)
                warm.failed.append(name)
            warm.steps.append((name, time.perf_counter() - began))
        # What the warm-up made lives on in the memo (its views, their frames and charts: ~70,000 objects the
        # collector tracks at a million listings): out of its reach too, or every full collection walks them again,
        # 50-90 ms each, during a visitor's click. The cost: a chart the memo drops later is left to reference
        # counting, and plotly's figures hold reference cycles, so those few stay (bounded by the warm-up's own).
        freeze_long_lived()
    finally:
        warm.finished = time.perf_counter()
        warm.done.set()
        first_page.background_done()


def steps(dataset: Dataset) -> list[tuple[str, Callable[[], object]]]:
    """The warm-up's steps for `dataset`, in order: listing pages first (cheap), then the outcome pages."""
    listing_steps: list[tuple[str, Callable[[], object]]] = [
        ("openings", lambda: _openings(dataset)),
        ("skills demand", lambda: _skills_demand(dataset)),
        ("skill gap codes", lambda: _gap_codes(dataset, FilterSpec())),
    ]
    outcome_steps: list[tuple[str, Callable[[], object]]] = [
        ("acceptance rates", lambda: _rates(dataset)),
        ("benchmark competition", lambda: state.cached(dataset, listing_outcome_totals, dataset.outcomes)),
        ("benchmark applicants", lambda: state.cached(dataset, applicant_field_skills, dataset.outcomes)),
        ("skill gap offer-holders, every field", lambda: _offer_holders(dataset)),
        ("applicant codes (filtered rate views)", lambda: _applicant_codes(dataset)),
        ("report", lambda: _report(dataset)),
        ("acceptance rates, every grouping", lambda: _rates(dataset, every_grouping=True)),
        ("overview and acceptance rates, one field chosen", lambda: _one_field_away(dataset)),
        ("filter checks one choice from one field", lambda: _one_field_checks(dataset)),
    ]
    chosen = listing_steps if dataset.listings.height >= WARM_MIN_LISTINGS else []
    if dataset.outcomes_kind == "outcomes" and (dataset.outcome_rows or 0) >= WARM_MIN_APPLICATIONS:
        # The Overview's offer-rate tile first: the first visitor's page is polling for it (it says "loading…"), and
        # its next poll then finds it ready instead of counting beside the other steps.
        chosen = [("overview offer rate", lambda: _overview_offer(dataset, FilterSpec())), *chosen, *outcome_steps]
    return chosen


def overview_view(dataset: Dataset, spec: FilterSpec | None = None) -> None:
    """The filter panel's options and the Overview's listing view under `spec` (default: no filter, the first page
    anyone sees, which `dashboard/serve.py` computes while the server starts)."""
    spec = spec or FilterSpec()
    listings = state.filtered_listings(dataset, spec, overview.OVERVIEW_COLUMNS)
    state.filter_options(dataset.listings, spec)
    state.filter_options(dataset.listings, FilterSpec(active_only=False))  # a link's filters are checked on these
    state.cached(dataset, overview.overview_kpis, listings, None, spec)
    state.cached(dataset, overview.date_range, listings)
    for count in (overview.openings_by_field, overview.openings_by_region, overview.map_exclusions):
        state.cached(dataset, count, listings)
    state.cached(dataset, skills_demand.top_skills, listings, k=TOP_K, **skill_hooks(dataset, spec))
    dated = state.filtered_listings(dataset, dataclasses.replace(spec, active_only=False), overview.DATED_COLUMNS)
    state.cached(dataset, overview.postings_over_time, dated)


def _overview_offer(dataset: Dataset, spec: FilterSpec) -> None:
    """The Overview's offer-rate tile under `spec`: its counts and the disclosure check of its total."""
    if dataset.outcomes is not None:
        overview_tiles.offer_headline(dataset, spec, configured_min_group_size())


def _one_field_away(dataset: Dataset) -> None:
    """The Overview, Openings, Skills demand and Acceptance rates pages with one field chosen in the sidebar (the first
    filter there, and the one most people try first), for every field in the sidebar's order: a first field choice
    is then ready."""
    options = state.filter_options(dataset.listings, FilterSpec())
    for name in options.get("fields", []):
        spec = FilterSpec(fields=(name,))
        overview_view(dataset, spec)
        _overview_offer(dataset, spec)
    chosen = skills_view.top_choice(dataset, FilterSpec())  # a skill chosen on the default view stays chosen
    for name in options.get("fields", []):  # the listing pages next (~1.5 s a field at a million listings)
        openings_view.prepare(dataset, FilterSpec(fields=(name,)))
        skills_view.prepare(dataset, FilterSpec(fields=(name,)), configured_min_group_size(), chosen)
        skills_view.prepare_top_k(dataset, FilterSpec(fields=(name,)))
        _gap_codes(dataset, FilterSpec(fields=(name,)))
    for name in options.get("fields", []):
        _rates(dataset, FilterSpec(fields=(name,)))


def _one_field_checks(dataset: Dataset) -> None:
    """With one field (or one country) chosen, the filter checks' sizes over every application that the next choice
    reads: any grouping on Acceptance rates, or a second filter (a country, a field) there or on the Overview; then
    the Acceptance rates view of one field in every grouping (~0.2 s each at 10,000,000 applications)."""
    options = state.filter_options(dataset.listings, FilterSpec())
    for name in options.get("fields", []):
        outcome_views.prepare_filter_checks(dataset, FilterSpec(fields=(name,)))
    for name in options.get("countries", []):
        outcome_views.prepare_filter_checks(dataset, FilterSpec(countries=(name,)))
    for name in options.get("fields", []):
        _rates(dataset, FilterSpec(fields=(name,)), every_grouping=True)


def _openings(dataset: Dataset) -> None:
    """The Openings page's default view: the table sorted by posting date, the maps, fields and weeks."""
    openings_view.prepare(dataset, FilterSpec())


def _skills_demand(dataset: Dataset) -> None:
    """The Skills demand page's default view: top skills, skills by field, together, trends, pay premium."""
    skills_view.prepare(dataset, FilterSpec(), configured_min_group_size())
    skills_view.prepare_top_k(dataset, FilterSpec())  # every "How many skills" of the default view


def _rates(dataset: Dataset, spec: FilterSpec | None = None, *, every_grouping: bool = False) -> None:
    """The Acceptance rates page's default view: the first grouping (or each of them), the offer rate, the configured
    minimum group size, no filter."""
    outcomes = dataset.outcomes
    if outcomes is None or outcomes.height == 0:
        return
    choices = state.cached(dataset, rates.group_columns, outcomes)
    for by in choices if every_grouping else choices[:1]:
        outcome_views.rates_view(dataset, spec or FilterSpec(), by, min_group=configured_min_group_size(), rate=RATE)


def _gap_codes(dataset: Dataset, spec: FilterSpec) -> None:
    """The Skill gap's listing skill codes under `spec`: a new set of skills then counts on them."""
    skill_gap_view.listing_coder(dataset)(state.filtered_listings(dataset, spec, SKILL_GAP_COLUMNS))


def _offer_holders(dataset: Dataset) -> None:
    """The Skill gap's offer-holder counts for every field (its own field choice; the first is its default view)."""
    outcomes = dataset.outcomes
    if outcomes is not None and dataset.outcomes_kind == "outcomes" and "applicant_skills" in outcomes.columns:
        for name in FIELDS:
            state.cached(dataset, offer_holder_counts, outcomes, name, configured_min_group_size())


def _applicant_codes(dataset: Dataset) -> None:
    """The applicants as integer codes, which every rate view with a filter counts with (analytics/applicant_sizes)."""
    outcomes = dataset.outcomes
    if outcomes is not None and has_applicant_ids(outcomes):
        outcome_views.prepare_filter_checks(dataset)  # the codes and the integer key of every column checks read


def _report(dataset: Dataset) -> None:
    """The Report page's default view: every section, no filter."""
    spec = FilterSpec()
    outcome_views.report_sections(
        dataset, state.filtered_listings(dataset, spec), spec, tuple(report_html.SECTIONS), configured_min_group_size()
    )
