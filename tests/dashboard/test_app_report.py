"""The Report page, headless: it renders on the sample, its choices change the preview, links seed them."""

from __future__ import annotations

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import state
from tests.dashboard.markup import shown

ALL_HEADINGS = ["Overview KPIs", "Openings by field and region", "Skills demand", "Acceptance rates", "Methodology"]
PAGE = "dashboard/pages/report.py"


@pytest.fixture(scope="module")
def sample() -> pl.DataFrame:
    """The bundled sample listings, read straight from Parquet (independent of the app's code)."""
    listings_path, _ = state.sample_paths()
    return pl.read_parquet(listings_path)


def headings(at: AppTest) -> list[str]:
    """The section headings of the preview (the sidebar's "Filters" header left out)."""
    return [header.value for header in at.main.header]


def metric_value(at: AppTest, label: str) -> str:
    """The displayed value of the KPI tile called `label`."""
    values = [metric.value for metric in at.metric if metric.label == label]
    assert len(values) == 1, f"expected one {label!r} metric, found {[m.label for m in at.metric]}"
    return values[0]


def test_report_renders_every_section_on_the_sample(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert [title.value for title in at.title] == ["Report"]
    assert headings(at) == ALL_HEADINGS
    # Weekly postings, fields, US map, skills, funnel, offer rate by field.
    assert len(at.get("plotly_chart")) == 6
    assert [metric.label for metric in at.metric] == [
        "Open listings",
        "Companies",
        "Median hourly pay",
        "Remote share",
        "Offer rate",
    ]
    assert [button.label for button in at.get("download_button")] == ["Download HTML report"]
    assert at.text_input(key="title").value == "Internship market report"
    methodology = at.get("html")[0].proto.body
    assert "<dt>Small groups</dt>" in methodology and "fewer than 10 applications" in methodology


def test_choosing_sections_changes_the_preview(app) -> None:
    at = app(PAGE)
    at.multiselect(key="sections").set_value(["Skills demand"]).run()
    assert not at.exception
    assert headings(at) == ["Skills demand", "Methodology"]
    assert len(at.get("plotly_chart")) == 1
    assert len(at.metric) == 0
    at.multiselect(key="sections").set_value(["Overview KPIs", "Acceptance rates"]).run()
    assert headings(at) == ["Overview KPIs", "Acceptance rates", "Methodology"]
    assert len(at.get("plotly_chart")) == 3


def test_no_section_chosen_asks_for_one(app) -> None:
    at = app(PAGE)
    at.multiselect(key="sections").set_value([]).run()
    assert not at.exception
    assert headings(at) == []
    assert [info.value for info in at.info] == ["Choose at least one section to build a report."]
    assert len(at.get("download_button")) == 0


def test_query_params_seed_title_institution_and_sections(app) -> None:
    at = app(
        PAGE,
        query={
            "title": "Fall <b>2026</b> outlook",
            "institution": "Example University",
            "sections": ["Acceptance rates", "Overview KPIs"],
        },
    )
    assert not at.exception
    assert at.text_input(key="title").value == "Fall <b>2026</b> outlook"
    assert at.text_input(key="institution").value == "Example University"
    assert at.multiselect(key="sections").value == ["Acceptance rates", "Overview KPIs"]
    # The link's title is shown as text: escaped in the Markdown, read back as typed.
    assert [subheader.value for subheader in at.main.subheader] == ["Preview: Fall \\<b\\>2026\\</b\\> outlook"]
    assert [shown(subheader.value) for subheader in at.main.subheader] == ["Preview: Fall <b>2026</b> outlook"]
    assert headings(at) == ["Overview KPIs", "Acceptance rates", "Methodology"]  # report order


def test_typing_a_title_renames_the_preview(app) -> None:
    at = app(PAGE)
    at.text_input(key="title").set_value("Spring hiring").run()
    assert [subheader.value for subheader in at.main.subheader] == ["Preview: Spring hiring"]
    at.text_input(key="title").set_value("   ").run()  # a blank title falls back to the default
    assert [subheader.value for subheader in at.main.subheader] == ["Preview: Internship market report"]


def test_sidebar_filters_reach_the_report(app, sample: pl.DataFrame) -> None:
    at = app(PAGE, query={"field": "Cybersecurity"})
    expected = sample.filter(pl.col("active").fill_null(True) & (pl.col("field") == "Cybersecurity")).height
    assert metric_value(at, "Open listings") == f"{expected:,}"
    assert "Cybersecurity" in at.caption[0].value  # the filter sentence above the preview


def test_no_matching_listing_still_reports_rates(app) -> None:
    at = app(PAGE, query={"q": "zzzz no such internship zzzz"})
    assert not at.exception
    assert "No openings match these filters, so the listing sections will say so." in at.info[0].value
    assert headings(at) == ALL_HEADINGS
    # Free-text search never narrows outcomes (it could single out a few applications): the rates section still
    # reports every application and names search among the filters that do not apply.
    captions = [caption.value for caption in at.caption]
    assert captions.count("No openings match these filters.") == 3
    scope = next(shown(caption) for caption in captions if shown(caption).startswith("Outcomes:"))
    assert scope.startswith("Outcomes: 40,000 of 40,000 applications.") and "Search narrows listings only" in scope


def test_a_raised_minimum_group_hides_every_rate(app) -> None:
    at = app(PAGE, secrets={"insights": {"min_group_size": 10**9}})
    assert not at.exception
    assert metric_value(at, "Offer rate") == "n/a"
    captions = [caption.value for caption in at.caption]
    assert "Every field group is hidden to protect small groups, so none is shown." in captions
    assert "Every company group is hidden to protect small groups, so none is shown." in captions
    assert any(caption.startswith("The funnel is withheld") for caption in captions)
