"""The Overview's first view codes the listings' skills once: the filter options and the top skills share the codes.

A fresh server prepares the Overview (dashboard/warmup.py `overview_view`) on two cores it shares with the browser;
the filter panel's skills options and the Overview's top skills used to hash the skill strings twice (the option
frame's categorical, then the open listings' skills again). Now the whole frame is coded once
(`state.listing_parts`), both read those codes, and the Skills demand page's views take their rows from them too.
"""

from __future__ import annotations

from collections.abc import Iterator

import polars as pl
import pytest
import streamlit as st

from analytics import option_parts, skill_code_table, skills_demand
from analytics.filters import FilterSpec, available_options
from dashboard import skill_hooks, state, warmup


@pytest.fixture()
def coded(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Fresh caches; for every coding of skills (of a whole frame or beside the option frame), how many listings. The
    filter options code their other list columns (countries, regions, cities, terms) the same way: not counted."""
    st.cache_resource.clear()
    heights: list[int] = []
    original = skill_code_table.coded_skills

    def recording(skills: pl.Series) -> skill_code_table.SkillCodes:
        if skills.name == "skills":
            heights.append(skills.len())
        return original(skills)

    for module in (skill_code_table, option_parts):
        monkeypatch.setattr(module, "coded_skills", recording)
    yield heights
    st.cache_resource.clear()


def test_the_overview_codes_the_whole_frame_s_skills_once(coded: list[int]) -> None:
    dataset = state.sample_dataset()
    warmup.overview_view(dataset)
    assert coded == [dataset.listings.height]  # not the open listings' skills a second time
    codes = state.listing_parts(dataset.listings)[1]
    assert skill_hooks.codes_at(dataset, FilterSpec(fields=("Software Engineering",))).names is codes.names
    assert coded == [dataset.listings.height]  # the Skills demand views take their rows from the same codes


def test_the_shared_codes_give_the_options_and_top_skills_of_the_plain_paths(coded: list[int]) -> None:
    dataset = state.sample_dataset()
    for spec in (FilterSpec(), FilterSpec(active_only=False), FilterSpec(fields=("Data Science & Analytics",))):
        assert state.filter_options(dataset.listings, spec, dataset) == available_options(dataset.listings, spec)
        listings = state.filtered_listings(dataset, spec)
        hooked = state.cached(
            dataset, skills_demand.top_skills, listings, k=15, **skill_hooks.skill_hooks(dataset, spec)
        )
        assert hooked.equals(skills_demand.top_skills(listings, k=15))
