"""The Skill gap page headless: start state, profile in the URL, résumé extraction, readiness on the sample."""

from __future__ import annotations

import math

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from tests.dashboard.markup import shown

PROFILE = ["Python", "SQL", "Git"]


@pytest.fixture(scope="module")
def open_listings() -> pl.DataFrame:
    """The sample's open listings, read straight from Parquet (independent of the app's code)."""
    listings_path, _ = state.sample_paths()
    return pl.read_parquet(listings_path).filter(pl.col("active").fill_null(True))


def _expected(listings: pl.DataFrame, skills: list[str], threshold: float) -> tuple[int, int, int]:
    """(openings listing skills, fully matched, at least `threshold` matched), counted row by row."""
    considered = full = above = 0
    for asked in listings.get_column("skills").to_list():
        asked = set(asked or [])
        if not asked:
            continue
        considered += 1
        held = len(asked & set(skills))
        full += held == len(asked)
        above += held >= threshold * len(asked) - 1e-9
    return considered, full, above


def _share(count: int, n: int) -> str:
    """The tile's share: whole percent, '<1 %' for a partial share that would round to 0."""
    return "<1 %" if 0 < 100 * count / n < 1 else f"{math.floor(100 * count / n + 0.5)} %"


def _metrics(at: AppTest) -> dict[str, str]:
    """KPI label -> displayed value."""
    return {metric.label: metric.value for metric in at.metric}


def test_without_skills_the_page_explains_how_to_begin(app) -> None:
    at = app("dashboard/pages/skill_gap.py")
    assert not at.exception
    assert [title.value for title in at.title] == ["Skill gap"]
    assert "Start here" in at.info[0].value
    assert len(at.get("plotly_chart")) == 0 and len(at.metric) == 0


def test_example_profile_fills_the_picker_the_url_and_the_charts(app) -> None:
    at = app("dashboard/pages/skill_gap.py")
    at.button(key="example").click().run()
    assert not at.exception
    assert at.multiselect(key="me").value == ["Python", "SQL", "Git", "Pandas", "Communication"]
    assert at.query_params["me"] == ["Python", "SQL", "Git", "Pandas", "Communication"]
    assert list(_metrics(at)) == ["Fully matched", "At least 80 % matched", "Openings considered"]
    # Distribution, learning path, category coverage, offer-holders' skills.
    assert len(at.get("plotly_chart")) == 4
    assert len(at.get("download_button")) == 2


def test_url_seeds_the_profile_and_threshold_and_the_numbers_match(app, open_listings: pl.DataFrame) -> None:
    at = app("dashboard/pages/skill_gap.py", query={"me": ["python", "sql", "GIT"], "at": "60"})
    assert not at.exception
    assert at.multiselect(key="me").value == PROFILE  # any spelling of a skill in the link is read
    assert at.slider(key="at").value == 60
    considered, full, above = _expected(open_listings, PROFILE, 0.6)
    metrics = _metrics(at)
    assert metrics["Openings considered"] == f"{considered:,}"
    assert metrics["Fully matched"] == _share(full, considered)
    assert metrics["At least 60 % matched"] == _share(above, considered)
    notes = [shown(caption.value) for caption in at.caption]  # the text a reader sees (notes are escaped)
    # Each share's tile carries its counts; readiness is over every matching opening (a census): no interval.
    assert any(note.startswith(f"{full:,} of {considered:,} openings listing skills (all of them") for note in notes)
    assert any(note.startswith(f"{above:,} of {considered:,} openings listing skills (all of them") for note in notes)
    assert not any("95 % CI" in note for note in notes)


def test_the_threshold_slider_changes_the_second_kpi(app, open_listings: pl.DataFrame) -> None:
    at = app("dashboard/pages/skill_gap.py", query={"me": PROFILE})
    at.slider(key="at").set_value(50).run()
    considered, _, above = _expected(open_listings, PROFILE, 0.5)
    assert _metrics(at)["At least 50 % matched"] == _share(above, considered)


def test_sidebar_filters_are_the_target_openings(app, open_listings: pl.DataFrame) -> None:
    at = app("dashboard/pages/skill_gap.py", query={"me": PROFILE})
    at.multiselect(key="field").set_value(["Cybersecurity"]).run()
    considered, _, _ = _expected(open_listings.filter(pl.col("field") == "Cybersecurity"), PROFILE, 0.8)
    assert _metrics(at)["Openings considered"] == f"{considered:,}"


def test_resume_text_adds_skills_for_confirmation_and_is_not_kept(app) -> None:
    at = app("dashboard/pages/skill_gap.py", query={"me": ["SQL"]})
    at.text_area(key="me_text").input("Projects in golang and Python; deployed with Docker on k8s.").run()
    at.button(key="me_extract").click().run()
    assert not at.exception
    assert at.multiselect(key="me").value == ["SQL", "Go", "Python", "Docker", "Kubernetes"]
    assert "Found 4 skills" in at.success[0].value
    assert at.text_area(key="me_text").value == ""  # the résumé text is dropped after extraction


def test_text_without_skills_says_so(app) -> None:
    at = app("dashboard/pages/skill_gap.py", query={"me": ["SQL"]})
    at.text_area(key="me_text").input("I enjoy hiking and baking bread.").run()
    at.button(key="me_extract").click().run()
    assert at.multiselect(key="me").value == ["SQL"]
    assert any("No known skills" in info.value for info in at.info)


def test_one_skill_picker_finds_and_takes_aliases(app) -> None:
    at = app("dashboard/pages/skill_gap.py", query={"me": ["SQL"]})
    picker = at.multiselect(key="me")
    # One box: an option shows the alias people type ("golang"), so typing it finds the skill; no second search box.
    assert "Go (golang)" in picker.options and "Python" in picker.options
    assert not [box for box in at.selectbox if box.key == "me_search"]
    # Any other alias typed and entered becomes its skill; a name the taxonomy does not know is dropped, and said so.
    picker.set_value(["SQL", "version control", "k8s", "Basket weaving"]).run()
    assert not at.exception
    assert at.multiselect(key="me").value == ["SQL", "Git", "Kubernetes"]
    assert any("Not a skill we know" in caption.value and "Basket weaving" in caption.value for caption in at.caption)
    assert at.query_params["me"] == ["SQL", "Git", "Kubernetes"]


def test_unknown_skill_in_the_link_is_ignored_with_a_note(app) -> None:
    at = app("dashboard/pages/skill_gap.py", query={"me": ["Python", "Basket weaving"]})
    assert not at.exception
    assert at.multiselect(key="me").value == ["Python"]
    assert "Ignored me=Basket weaving" in at.warning[0].value


def test_offer_holders_are_suppressed_below_the_minimum_group(app) -> None:
    at = app("dashboard/pages/skill_gap.py", query={"me": PROFILE}, secrets={"insights": {"min_group_size": 1_000_000}})
    assert not at.exception
    assert any("suppressed" in info.value for info in at.info)
    assert len(at.get("plotly_chart")) == 3
