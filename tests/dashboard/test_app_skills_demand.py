"""The Skills demand page headless: top skills with counts, heat map, co-occurrence, trends, pay premium."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state

ROOT = Path(__file__).resolve().parents[2]
PAGE = "dashboard/pages/skills_demand.py"


@pytest.fixture(scope="module")
def with_skills() -> pl.DataFrame:
    """The sample's open listings that list at least one skill (the page's denominator)."""
    listings_path, _ = state.sample_paths()
    return pl.read_parquet(listings_path).filter(pl.col("active").fill_null(True) & (pl.col("skills").list.len() > 0))


def _descriptions(at: AppTest) -> list[str]:
    """The chart descriptions (alt text) printed under every chart, in page order."""
    return [
        caption.value.removeprefix("Chart description: ")
        for caption in at.caption
        if caption.value.startswith("Chart description: ")
    ]


def _count(frame: pl.DataFrame, *skills: str) -> int:
    """How many listings ask for every one of `skills`."""
    return frame.filter(pl.all_horizontal(pl.col("skills").list.contains(skill) for skill in skills)).height


def test_skills_demand_renders_every_section(app, with_skills: pl.DataFrame) -> None:
    at = app(PAGE)
    assert not at.exception
    assert [title.value for title in at.title] == ["Skills demand"]
    assert len(at.get("plotly_chart")) == 5
    python = _count(with_skills, "Python")
    label = f"{round(100 * python / with_skills.height)} % ({python:,} of {with_skills.height:,})"
    assert _descriptions(at)[0] == (
        f"Bar chart of the 15 most requested skills as a share of openings that list skills; first is Python at {label}."
    )
    assert at.selectbox(key="with_skill").value == "Python"  # the most requested skill by default


def test_how_many_skills_changes_the_bars(app) -> None:
    at = app(PAGE)
    at.slider(key="top_k").set_value(5).run()
    assert _descriptions(at)[0].startswith("Bar chart of the 5 most requested skills")
    assert "Heat map of 5 skills across" in _descriptions(at)[1]


def test_choosing_a_skill_shows_what_goes_with_it(app, with_skills: pl.DataFrame) -> None:
    at = app(PAGE)
    at.selectbox(key="with_skill").set_value("SQL").run()
    assert not at.exception
    n_sql = _count(with_skills, "SQL")
    both = _count(with_skills, "SQL", "Python")
    label = f"{round(100 * both / n_sql)} % ({both:,} of {n_sql:,})"
    assert _descriptions(at)[2].startswith(f"Bar chart of 12 skills asked for with SQL; most often Python at {label};")


def test_links_seed_the_page_widgets() -> None:
    from streamlit.testing.v1 import AppTest

    # Page-level choices are read from the link when the page first draws (bound choices travel as labels).
    at = AppTest.from_file(str(ROOT / "dashboard" / "pages" / "skills_demand.py"), default_timeout=60)
    for key, value in {"with_skill": "SQL", "trend_by": "Week", "top_k": "10"}.items():
        at.query_params[key] = value
    at.run()
    assert not at.exception
    assert (at.selectbox(key="with_skill").value, at.radio(key="trend_by").value, at.slider(key="top_k").value) == (
        "SQL",
        "1w",
        10,
    )
    assert "over 26 periods" in _descriptions(at)[3]  # weekly trend over the sample's 26 weeks


def test_trend_table_and_period_switch(app) -> None:
    at = app(PAGE)
    assert "over 6 periods" in _descriptions(at)[3]  # months June-November
    summary = at.dataframe[0].value
    assert len(summary) == 15 and set(summary["direction"]) <= {"rising", "falling", "steady"}
    assert (summary["count_first"] <= summary["n_first"]).all()
    at.radio(key="trend_by").set_value("1w").run()
    assert "over 26 periods" in _descriptions(at)[3]


def test_pay_premium_table_counts_paid_openings(app, with_skills: pl.DataFrame) -> None:
    at = app(PAGE)
    premium = at.dataframe[2].value  # after the trend table's desktop and phone pair
    paid = with_skills.filter(pl.col("pay_hourly_usd").is_not_null())
    first = premium.iloc[0]
    n_with = _count(paid, first["skill"])
    assert (first["n_with"], first["n_without"]) == (n_with, paid.height - n_with)
    expected = paid.filter(pl.col("skills").list.contains(first["skill"]))["pay_hourly_usd"].median()
    assert first["median_with"] == pytest.approx(expected)
    assert list(premium["premium"]) == sorted(premium["premium"], reverse=True)


def test_small_groups_are_suppressed(app) -> None:
    at = app(PAGE, secrets={"insights": {"min_group_size": 10**9}})
    assert not at.exception
    infos = [info.value for info in at.info]
    assert any("fewer than 1,000,000,000, too few to say what goes with it" in info for info in infos)
    assert any("Too few paid openings" in info for info in infos)
    assert len(at.get("plotly_chart")) == 3  # top skills, heat map, trends


def test_nothing_matches_shows_the_empty_state(app) -> None:
    at = app(PAGE, query={"q": "zzzz no such internship zzzz"})
    assert not at.exception and len(at.get("plotly_chart")) == 0
    assert "No openings match these filters." in at.info[0].value
