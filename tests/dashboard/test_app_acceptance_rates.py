"""The Acceptance rates page, headless on the bundled sample: funnel, rates by group, suppression, URL state."""

from __future__ import annotations

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from analytics import formatting as fmt
from analytics.rates import wilson_interval
from dashboard import state
from tests.dashboard.conftest import seed_session_dataset
from tests.dashboard.markup import shown as shown_text

PAGE = "dashboard/pages/acceptance_rates.py"


@pytest.fixture(scope="module")
def outcomes() -> pl.DataFrame:
    """The bundled sample outcomes, read straight from Parquet."""
    _, outcomes_path = state.sample_paths()
    return pl.read_parquet(outcomes_path)


def captions(at: AppTest) -> list[str]:
    """Every caption's text on the page."""
    return [shown_text(caption.value) for caption in at.caption]


def rate_table(at: AppTest) -> pl.DataFrame:
    """The first table on the page (rates by group) as a polars frame."""
    return pl.from_pandas(at.dataframe[0].value)


def interval_ends(text: str) -> tuple[float, float]:
    """'3.1–6.0 %' -> (0.031, 0.060)."""
    low, high = text.removesuffix(" %").split("–")
    return float(low.lstrip("<>")) / 100, float(high.lstrip("<>")) / 100


def test_page_renders_funnel_rates_and_ranking(app, outcomes: pl.DataFrame) -> None:
    at = app(PAGE)
    assert not at.exception
    assert [title.value for title in at.title] == ["Acceptance rates"]
    assert len(at.get("plotly_chart")) == 3
    assert f"Outcomes: {outcomes.height:,} of {outcomes.height:,} applications." in " ".join(captions(at))
    # Only columns the sample has are offered, as readable labels.
    assert at.selectbox(key="by").options == ["Field", "Company", "Region", "Term", "Major", "Class year", "GPA band"]


def test_rate_table_matches_a_hand_count(app, outcomes: pl.DataFrame) -> None:
    at = app(PAGE)
    table = rate_table(at)
    field = table["Field"][0]
    rows = outcomes.filter(pl.col("field") == field)
    offers = rows.filter(pl.col("stage").is_in(["offer", "accepted"]))
    row = table.row(0, named=True)
    assert row["Applications (n)"] == rows.height
    assert row["Offers of applications"] == f"{offers.height:,} of {rows.height:,}"
    # Percents are written by the formatting module, from the counts: the same text as every other page.
    assert row["Rate"] == fmt.share(offers.height, rows.height, 1) and row["Rate"].endswith(" %")
    # Applicants repeat, so the interval is Wilson at n / design effect: wider than the independent one.
    low, high = wilson_interval(offers.height, rows.height)
    shown_low, shown_high = interval_ends(row["95 % CI"])
    assert row["Design effect"] >= 1 and shown_low <= low + 0.0005 and shown_high >= high - 0.0005
    people, holders = rows["applicant_id"].n_unique(), offers["applicant_id"].n_unique()
    assert row["Applicants (n)"] == people
    assert row["Applicants with one or more"] == f"{holders:,} of {people:,}"
    assert row["Rate per applicant"] == fmt.share(holders, people, 1)
    assert any(caption.startswith("Per applicant: ") for caption in captions(at))


def test_group_by_and_rate_change_what_is_shown(app, outcomes: pl.DataFrame) -> None:
    at = app(PAGE)
    at.selectbox(key="by").set_value("Class year").run()
    at.radio(key="rate").set_value("Interview").run()
    assert not at.exception
    table = rate_table(at)
    assert "Class year" in table.columns
    year = table["Class year"][0]
    rows = outcomes.filter(pl.col("class_year") == int(year))
    interviews = rows.filter(pl.col("stage").is_in(["interview", "offer", "accepted"])).height
    assert (
        table.filter(pl.col("Class year") == year)["Interviews of applications"].item()
        == f"{interviews:,} of {rows.height:,}"
    )


def test_raising_the_minimum_hides_groups_and_says_how_many(app, outcomes: pl.DataFrame) -> None:
    at = app(PAGE)
    at.selectbox(key="by").set_value("Company").run()
    per_company = outcomes.group_by("company").agg(pl.col("applicant_id").n_unique().alias("people"), pl.len())
    threshold = 400
    at.number_input(key="min_group").set_value(threshold).run()
    assert not at.exception
    hidden = per_company.filter((pl.col("people") < threshold) | (pl.col("len") < threshold)).height
    shown = per_company.height - hidden
    assert hidden > 1 and shown > 0  # the threshold splits the companies; two or more hidden: no complement
    assert rate_table(at).height == shown
    assert (
        f"{hidden:,} company groups are hidden: {hidden:,} with fewer than {threshold:,} applicants or applications."
        in captions(at)
    )


def test_minimum_group_size_cannot_go_below_the_configured_floor(app) -> None:
    at = app(PAGE, secrets={"insights": {"min_group_size": 25}})
    assert at.number_input(key="min_group").value == 25
    assert at.number_input(key="min_group").min == 25


def test_url_seeds_group_rate_and_listing_filters(app, outcomes: pl.DataFrame) -> None:
    at = app(PAGE, query={"by": "Term", "rate": "Interview", "field": "Cybersecurity", "skill": "Python"})
    assert not at.exception
    assert at.selectbox(key="by").value == "Term"
    assert at.radio(key="rate").value == "Interview"
    cyber = outcomes.filter(pl.col("field") == "Cybersecurity")
    sentence = next(text for text in captions(at) if text.startswith("Outcomes:"))
    assert sentence.startswith(f"Outcomes: {cyber.height:,} of {outcomes.height:,} applications.")
    assert "applied to outcomes: field" in sentence and "listings only): skills" in sentence
    assert rate_table(at)["Applications (n)"].sum() == cyber.height  # no term is null in the sample, none under 10


def test_filters_that_match_no_application_show_a_message(app) -> None:
    # The one company and field of the sample's listings with no application between them.
    at = app(PAGE, query={"company": "Ripplet Robotics", "field": "Software Engineering"})
    assert not at.exception
    assert len(at.get("plotly_chart")) == 0
    assert "No applications match" in at.info[0].value


def test_without_outcomes_the_page_says_how_to_add_them(app) -> None:
    at = app()
    seed_session_dataset(at, state.Dataset(listings=state.sample_dataset().listings, label="Listings only"))
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    assert len(at.get("plotly_chart")) == 0
    assert "There are no outcome data in this session" in at.info[0].value
    assert any("applicant_id" in caption.value for caption in at.caption)  # the columns an outcomes file may have


def test_aggregated_counts_work_like_applications(app) -> None:
    from dashboard import sources_panel

    counts = sources_panel.load_upload(sources_panel.template_csv("outcome_counts"), "counts.csv", "outcomes").result
    at = app()
    seed_session_dataset(
        at,
        state.Dataset(
            listings=state.sample_dataset().listings, outcomes=counts.frame, outcomes_kind=counts.kind, label="Counts"
        ),
    )
    at.switch_page(PAGE)
    at.run()
    assert not at.exception
    # No applicant attributes beyond major and class year in counts; no GPA to band.
    assert at.selectbox(key="by").options == ["Field", "Company", "Region", "Term", "Major", "Class year"]
    table = rate_table(at)
    assert table.select("Field", "Applications (n)", "Offers of applications", "Rate").rows() == [
        ("Software Engineering", 120, "8 of 120", "6.7 %"),
        ("Data Science & Analytics", 45, "3 of 45", "6.7 %"),
    ]
    assert "Outcomes: 165 of 165 applications." in " ".join(captions(at))


def test_a_total_a_filter_change_would_give_away_is_withheld_with_the_reason(app) -> None:
    # On the sample, AI & Machine Learning in Alabama holds 23 applications, but without the field filter the
    # rates by field hide small fields, and this total would single out part of them (analytics/differencing.py).
    at = app(PAGE, query={"field": "AI & Machine Learning", "region": "US-AL"})
    assert not at.exception
    note = at.info[0].value
    assert note.startswith(
        "The funnel is withheld: showing the total of these 23 applications would give a small group away"
    )
    assert "without the field filter" in note


def test_groups_a_filter_change_would_give_away_are_hidden_and_counted(app) -> None:
    at = app(PAGE, query={"by": "Company", "region": "US-CA"})
    assert not at.exception
    note = next(text for text in captions(at) if "company groups are hidden" in text)
    assert "with the region filter changed, so comparing the two views would reveal a small group" in note
