"""Empty charts say why: data without skills or dates is not a filter problem, and Benchmark never blames the sidebar."""

from __future__ import annotations

import polars as pl
from streamlit.testing.v1 import AppTest

from dashboard import state
from tests.dashboard.conftest import seed_session_dataset


def _bare_listings() -> pl.DataFrame:
    """The sample's listings as a community list has them: no skills, no posting dates, no pay."""
    return state.sample_dataset().listings.with_columns(
        skills=pl.lit([], dtype=pl.List(pl.String())),
        posted_date=pl.lit(None, dtype=pl.Date()),
    )


def _infos(at: AppTest) -> list[str]:
    return [info.value for info in at.info]


def test_overview_on_data_without_skills_says_what_the_data_lacks(app) -> None:
    at = app()
    seed_session_dataset(at, state.Dataset(listings=_bare_listings(), label="Bare list"))
    at.switch_page("dashboard/pages/overview.py")
    at.run()
    assert not at.exception
    infos = " ".join(_infos(at))
    assert "No opening in this data lists its skills" in infos
    assert "No opening in this data has a posting date" in infos
    assert "Reset filters" not in infos


def test_skills_demand_on_data_without_skills_points_to_the_sources_page(app) -> None:
    at = app()
    seed_session_dataset(at, state.Dataset(listings=_bare_listings(), label="Bare list"))
    at.switch_page("dashboard/pages/skills_demand.py")
    at.run()
    assert not at.exception
    assert any("No opening in this data lists its skills" in info and "Sources" in info for info in _infos(at))
    assert not any("Reset filters" in info for info in _infos(at))


def test_filters_that_leave_no_skills_still_point_to_the_filters(app) -> None:
    # The sample has skills; a search that keeps only openings without any blames the filters, rightly.
    listings = state.sample_dataset().listings
    no_skills = (
        listings.with_row_index("i")
        .with_columns(
            skills=pl.when(pl.col("i") == 0).then(pl.lit([], dtype=pl.List(pl.String()))).otherwise(pl.col("skills")),
            company=pl.when(pl.col("i") == 0).then(pl.lit("Zyxwv Unique Co")).otherwise(pl.col("company")),
        )
        .drop("i")
    )
    at = app(query={"q": "Zyxwv Unique Co"})
    seed_session_dataset(at, state.Dataset(listings=no_skills, label="One without skills"))
    at.switch_page("dashboard/pages/overview.py")
    at.run()
    assert not at.exception
    assert any("These openings list no skills" in info and "Reset filters" in info for info in _infos(at))
