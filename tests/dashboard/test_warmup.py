"""The background warm-up (dashboard/warmup.py) computes exactly what the pages' first views ask the memo for.

Each step is run, then each page's first view runs under AppTest while the memo records what it had to compute: a
warmed computation the page still misses means the warm-up and the page disagree on a function or an argument (a
default changed on one side only), and the warm-up would be wasted work.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Callable, Hashable, Iterator
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from dashboard import state, warmup
from tests.dashboard.conftest import APP, APP_TIMEOUT_S

# page -> (query of its first view, the functions whose results the warm-up prepares for it)
PAGES: dict[str, tuple[dict[str, Any], set[str]]] = {
    "openings": (
        {},
        {
            "openings_table",
            "openings_by_region",
            "openings_by_country",
            "openings_by_city",
            "openings_by_field",
            "postings_by_field_over_time",
        },
    ),
    "skills_demand": (
        {},
        {"top_skills", "skill_field_matrix", "co_occurring_skills", "skill_trends", "trend_summary", "pay_premium"},
    ),
    "acceptance_rates": ({}, {"group_columns", "rate_view"}),
    "acceptance_rates?by=Company": ({"by": "Company"}, {"group_columns", "rate_view"}),
    "acceptance_rates?field=…": ({"field": "Software Engineering"}, {"group_columns", "rate_view"}),
    "report": ({}, {"build_sections"}),
    "skill_gap": ({"me": ["Python", "SQL"]}, {"listing_skill_codes", "offer_holder_counts"}),
    "skill_gap?field=…": (
        {"me": ["Python", "SQL"], "field": "Software Engineering"},
        {"listing_skill_codes", "offer_holder_counts"},
    ),
    "benchmark": (
        {"bm_title": "Data Science Intern", "bm_skill": ["Python", "SQL"], "bm_pay": "30"},
        {"listing_outcome_totals", "applicant_field_skills"},
    ),
}


@pytest.fixture()
def computed(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """A fresh memo whose results cache records the name of every function it computes (a miss)."""
    st.cache_resource.clear()
    results = state._caches()["results"]
    names: list[str] = []
    original = results.get_or_compute

    def recording(owner: object, key: Hashable, compute: Callable[[], Any], guards: Any = ()) -> Any:
        def run() -> Any:
            names.append(key[0][1] if isinstance(key, tuple) and isinstance(key[0], tuple) else repr(key))
            return compute()

        return original(owner, key, run, guards)

    monkeypatch.setattr(results, "get_or_compute", recording)
    yield names
    st.cache_resource.clear()


def _first_view(page: str, query: dict[str, Any], names: list[str]) -> set[str]:
    """Run the Overview, then `page`'s first view; `names` keeps what the page computed; returns what the Overview
    computed (some results the pages share, e.g. openings by field)."""
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    for key, value in query.items():
        at.query_params[key] = value
    at.run()  # the Overview
    overview = set(names)
    names.clear()
    at.switch_page(f"dashboard/pages/{page.partition('?')[0]}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return overview


@pytest.mark.parametrize("page", list(PAGES))
def test_a_warmed_page_computes_none_of_the_warmed_results(page: str, computed: list[str]) -> None:
    query, warmed = PAGES[page]
    dataset = state.sample_dataset()
    steps = warmup.steps(dataset) if warmup.should_warm(dataset) else []
    assert steps == []  # the bundled sample is small: a real server does not warm it
    for _name, step in _all_steps(dataset):
        step()
    _first_view(page, query, computed)
    assert warmed.isdisjoint(computed), f"{page} still computed {sorted(warmed & set(computed))}"


@pytest.mark.parametrize("page", list(PAGES))
def test_without_the_warm_up_the_page_computes_them(page: str, computed: list[str]) -> None:
    """The check above can fail: the same first view on a cold memo computes every warmed function."""
    query, warmed = PAGES[page]
    overview = _first_view(page, query, computed)
    assert warmed <= set(computed) | overview


def _all_steps(dataset: state.Dataset) -> list[tuple[str, Callable[[], object]]]:
    """Every step, whatever the dataset's size (the thresholds are for real servers)."""
    saved = (warmup.WARM_MIN_LISTINGS, warmup.WARM_MIN_APPLICATIONS)
    warmup.WARM_MIN_LISTINGS = warmup.WARM_MIN_APPLICATIONS = 0
    try:
        return warmup.steps(dataset)
    finally:
        warmup.WARM_MIN_LISTINGS, warmup.WARM_MIN_APPLICATIONS = saved


def test_the_server_warms_a_large_shared_dataset_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """streamlit_app.py starts one warm-up for the shared data; it runs every step after the first page."""
    st.cache_resource.clear()
    monkeypatch.setattr(warmup, "WARM_MIN_LISTINGS", 0)
    monkeypatch.setattr(warmup, "WARM_MIN_APPLICATIONS", 0)
    monkeypatch.setattr(warmup, "_STARTED", type(warmup._STARTED)())
    monkeypatch.setattr(warmup.first_page, "_BACKGROUND_DONE", threading.Event())
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    at.run()
    warm = warmup.latest()
    assert warm is not None and warm.wait(120)
    assert warmup.first_page._BACKGROUND_DONE.wait(5)  # what waits for a quiet server (the listings' pin) may start
    at.run()  # a second run does not start another
    assert warmup.latest() is warm
    names = [name for name, _seconds in warm.steps]
    assert names == [
        "overview offer rate",  # the first visitor's Overview is polling for it
        "openings",
        "skills demand",
        "skill gap codes",
        "acceptance rates",
        "benchmark competition",
        "benchmark applicants",
        "skill gap offer-holders, every field",
        "applicant codes (filtered rate views)",
        "report",
        "acceptance rates, every grouping",
        "overview and acceptance rates, one field chosen",
        "filter checks one choice from one field",
    ]
    assert warm.failed == [] and warm.seconds is not None
    st.cache_resource.clear()


def test_a_session_s_own_data_is_not_warmed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(warmup, "WARM_MIN_LISTINGS", 0)
    dataset = state.sample_dataset()
    own = state.Dataset(listings=dataset.listings, label="own upload")
    assert warmup.ensure(own) is None


def test_the_pages_imports_are_found() -> None:
    names = warmup.page_imports()
    assert {"pandas", "streamlit", "analytics.rates", "dashboard.sources_panel"} <= set(names)
    warmup._preload([*names, "no_such_module_here"])  # a name that is not a module is skipped, not an error


def test_page_modules_are_imported_once(monkeypatch: pytest.MonkeyPatch) -> None:
    imported: list[list[str]] = []
    monkeypatch.setattr(warmup, "_IMPORTED", type(warmup._IMPORTED)())
    monkeypatch.setattr(warmup, "_preload", imported.append)
    assert warmup.import_page_modules() is not None
    assert warmup.import_page_modules() is None
    assert imported == [warmup.page_imports()]


def test_what_lives_on_is_frozen_so_the_collector_after_each_run_skips_it() -> None:
    """Streamlit collects garbage after every script run: the objects alive after the imports (modules, classes:
    ~165,000) are frozen, so that collection only walks what was made since — and garbage made since is still found."""
    gc.unfreeze()
    before = gc.get_freeze_count()
    warmup.freeze_long_lived()
    try:
        assert gc.get_freeze_count() > before
        cycle: list[object] = []
        cycle.append(cycle)
        del cycle
        assert gc.collect() >= 1
    finally:
        gc.unfreeze()


def test_what_the_warm_up_made_is_frozen_after_its_last_step(monkeypatch: pytest.MonkeyPatch) -> None:
    """Its views, frames and charts live on in the memo: frozen once its steps are done (a failed step too), so the
    full collections during later clicks do not walk them again."""
    events: list[str] = []

    def failing() -> None:
        events.append("b")
        raise RuntimeError("a step that fails")

    monkeypatch.setattr(warmup, "steps", lambda _dataset: [("a", lambda: events.append("a")), ("b", failing)])
    monkeypatch.setattr(warmup, "freeze_long_lived", lambda **_: events.append("frozen"))
    monkeypatch.setattr(warmup.first_page, "wait_first_page", lambda: None)
    monkeypatch.setattr(warmup.first_page, "background_done", lambda: events.append("done"))
    imported = threading.Event()
    imported.set()
    monkeypatch.setattr(warmup, "_IMPORTED", imported)
    warm = warmup.WarmUp()
    warmup._run(state.Dataset(listings=state.sample_dataset().listings, label="listings only"), warm)
    assert events == ["a", "b", "frozen", "done"]
    assert warm.failed == ["b"] and warm.done.is_set()


OVERVIEW_WARMED = {
    "date_range",
    "openings_by_field",
    "openings_by_region",
    "map_exclusions",
    "top_skills",
    "postings_over_time",
}


def _overview_first_run(computed: list[str], query: dict[str, Any] | None = None) -> None:
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    assert not at.exception, [e.value for e in at.exception]


def test_the_overview_prepared_before_the_first_visit_computes_nothing_again(computed: list[str]) -> None:
    """What dashboard/serve.py prepares while the server starts is what the first Overview asks for: only the offer
    rate (it needs the outcomes) is left to compute."""
    dataset = state.sample_dataset()
    warmup.overview_view(dataset)
    options = len(state._caches()["options"])
    computed.clear()
    _overview_first_run(computed)
    assert OVERVIEW_WARMED.isdisjoint(computed), sorted(OVERVIEW_WARMED & set(computed))
    assert "overview_kpis" not in computed  # the listing KPIs were ready; the offer rate is computed
    assert computed.count("offer_headline") == 1
    assert len(state._caches()["options"]) == options  # the filter panel's options were ready too


def test_a_cold_overview_computes_them(computed: list[str]) -> None:
    _overview_first_run(computed)
    assert OVERVIEW_WARMED <= set(computed)
    assert computed.count("overview_kpis") == 1 and computed.count("offer_headline") == 1


def test_an_overview_one_field_away_computes_nothing_again(computed: list[str]) -> None:
    """With one field chosen, the Overview's listing view, its offer counts and the offer rate's disclosure check
    were all prepared by the warm-up (the check is the costly part at 10 M applications)."""
    dataset = state.sample_dataset()
    for _name, step in _all_steps(dataset):
        step()
    computed.clear()
    _overview_first_run(computed, {"field": "Software Engineering"})
    assert (OVERVIEW_WARMED | {"overview_kpis", "offer_headline"}).isdisjoint(computed), computed


def test_a_cold_overview_with_a_field_computes_them(computed: list[str]) -> None:
    _overview_first_run(computed, {"field": "Software Engineering"})
    assert {"overview_kpis", "offer_headline"} <= set(computed)


def test_the_warm_up_s_first_step_leaves_the_first_overview_nothing_to_compute(computed: list[str]) -> None:
    """The offer-rate tile is the warm-up's first step once the outcomes are in: the first visitor's Overview, polling
    for it, then finds its counts and its disclosure check ready (with serve.py's listing view, nothing is left)."""
    dataset = state.sample_dataset()
    warmup.overview_view(dataset)
    name, first = _all_steps(dataset)[0]
    assert name == "overview offer rate"
    first()
    computed.clear()
    _overview_first_run(computed)
    assert (OVERVIEW_WARMED | {"overview_kpis", "offer_headline"}).isdisjoint(computed), computed


def test_a_new_search_on_the_overview_reuses_its_offer_rate(computed: list[str]) -> None:
    """The offer rate is keyed by the outcome spec: outcomes do not follow a search, so another search text keeps the
    rate of the first (its scope sentence names a search, not its text), while the listing views are counted again."""
    _overview_first_run(computed, {"field": "Software Engineering", "q": "an"})
    assert "offer_headline" in computed
    computed.clear()
    _overview_first_run(computed, {"field": "Software Engineering", "q": "en"})
    assert "offer_headline" not in computed and "overview_kpis" in computed, computed
    computed.clear()
    _overview_first_run(computed, {"field": "Data Science & Analytics", "q": "en"})
    assert "offer_headline" in computed  # an outcome filter's change is a new rate
