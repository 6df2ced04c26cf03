"""The warm-up's one-field views of Openings and Skills demand are what those pages ask the memo for, figures included.

`openings_view.prepare` and `skills_view.prepare` (run by dashboard/warmup.py for every field) compute each result,
table frame and figure the page shows with its widgets' first values; the page with that field chosen must then
compute none of them. As a control, the same page on a cold memo computes every one.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from typing import Any

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

from analytics.filters import FilterSpec
from dashboard import openings_view, skills_view, state
from dashboard.settings import configured_min_group_size
from tests.dashboard.conftest import APP, APP_TIMEOUT_S

FIELD = "Software Engineering"
WARMED = {
    "openings": {
        "openings_table",
        "openings_by_region",
        "openings_by_country",
        "openings_by_city",
        "openings_by_field",
        "postings_by_field_over_time",
        "region_choropleth",
        "country_choropleth",
        "city_bubble_map",
        "openings_by_field_chart",
        "openings_by_field_over_time_chart",
    },
    "skills_demand": {
        "top_skills",
        "skill_field_matrix",
        "co_occurring_skills",
        "skill_trends",
        "trend_summary",
        "pay_premium",
        "trend_table",
        "premium_table",
        "skill_counts",
        "field_skill_counts",
        "period_skill_counts",
        "codes_at",
        "top_skills_chart",
        "skill_field_heatmap",
        "co_occurrence_chart",
        "skill_trends_chart",
        "pay_premium_chart",
    },
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


def _page_with_the_field(page: str, names: list[str]) -> set[str]:
    """Run `page` with FIELD chosen in the sidebar (from the link); `names` then holds what the page computed. Returns
    what the Overview (the first run) computed: some results the pages share (openings by field and region)."""
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    at.query_params["field"] = FIELD
    at.run()
    overview = set(names)
    names.clear()
    at.switch_page(f"dashboard/pages/{page}.py")
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert len(at.get("plotly_chart")) == 5
    return overview


def _prepare(dataset: state.Dataset) -> None:
    spec = FilterSpec(fields=(FIELD,))
    openings_view.prepare(dataset, spec)
    skills_view.prepare(dataset, spec, configured_min_group_size())


@pytest.mark.parametrize("page", list(WARMED))
def test_a_prepared_field_leaves_the_page_nothing_to_compute(page: str, computed: list[str]) -> None:
    _prepare(state.sample_dataset())
    _page_with_the_field(page, computed)
    assert WARMED[page].isdisjoint(computed), f"{page} still computed {sorted(WARMED[page] & set(computed))}"


@pytest.mark.parametrize("page", list(WARMED))
def test_without_it_the_page_computes_them(page: str, computed: list[str]) -> None:
    overview = _page_with_the_field(page, computed)
    assert WARMED[page] <= set(computed) | overview


SLIDER = {"top_skills", "skill_field_matrix", "trend_summary", "trend_table", "top_skills_chart", "skill_field_heatmap"}


@pytest.mark.parametrize("prepared", [True, False])
def test_every_number_of_skills_of_the_default_view_is_prepared(prepared: bool, computed: list[str]) -> None:
    dataset = state.sample_dataset()
    skills_view.prepare(dataset, FilterSpec(), configured_min_group_size())
    if prepared:
        skills_view.prepare_top_k(dataset, FilterSpec())
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    at.run()
    at.switch_page("dashboard/pages/skills_demand.py")
    at.run()
    computed.clear()
    at.slider(key="top_k").set_value(25)
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert SLIDER.isdisjoint(computed) if prepared else SLIDER <= set(computed)


def test_a_field_after_another_number_of_skills_and_a_chosen_skill_is_prepared(computed: list[str]) -> None:
    """The warm-up's one-field step covers a session that moved the slider and kept the first view's skill."""
    dataset = state.sample_dataset()
    skills_view.prepare(dataset, FilterSpec(), configured_min_group_size())
    skills_view.prepare_top_k(dataset, FilterSpec())
    spec = FilterSpec(fields=(FIELD,))
    skills_view.prepare(dataset, spec, configured_min_group_size(), skills_view.top_choice(dataset, FilterSpec()))
    skills_view.prepare_top_k(dataset, spec)
    at = AppTest.from_file(str(APP), default_timeout=APP_TIMEOUT_S)
    at.run()
    at.switch_page("dashboard/pages/skills_demand.py")
    at.run()
    at.slider(key="top_k").set_value(20)
    at.run()
    computed.clear()
    at.multiselect(key="field").set_value([FIELD])
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    assert at.selectbox(key="with_skill").value == skills_view.top_choice(dataset, FilterSpec())[0]
    assert WARMED["skills_demand"].isdisjoint(computed), sorted(WARMED["skills_demand"] & set(computed))
