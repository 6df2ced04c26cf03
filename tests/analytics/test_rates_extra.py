"""filter_outcomes, the filter bookkeeping and group_columns: the listing filters applied to outcomes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.filters import FilterSpec
from analytics.outcome_filters import (
    describe_outcome_scope,
    filter_outcomes,
    outcome_filter_columns,
    outcome_filters_applied,
)
from analytics.rates import acceptance_rates, as_counts, group_columns
from data_loaders.schema import conform

OUTCOMES = conform(
    pl.DataFrame(
        {
            "application_id": ["1", "2", "3", "4", "5", "6"],
            "company": ["Acme", "Acme", "Bolt", "Bolt", "Cato", None],
            "title": [
                "Data Intern",
                "SWE Intern",
                "Data Analyst Intern",
                "Firmware Intern",
                "SWE Intern",
                "Data Intern",
            ],
            "field": [
                "Data Science & Analytics",
                "Software Engineering",
                "Data Science & Analytics",
                "Hardware & Embedded",
                "Software Engineering",
                None,
            ],
            "term": ["Summer 2027", "Summer 2027", "Fall 2027", "Summer 2027", None, "Summer 2027"],
            "region": ["US-CA", "US-NY", "CA-ON", None, "US-CA", "GB-ENG"],
            "stage": ["offer", "applied", "interview", "accepted", "applied", "screen"],
            "gpa": [3.9, None, 3.1, 3.5, None, 2.8],
        }
    ),
    "outcomes",
)


@pytest.mark.parametrize(
    ("spec", "ids"),
    [
        (FilterSpec(), ["1", "2", "3", "4", "5", "6"]),
        (FilterSpec(fields=("Software Engineering",)), ["2", "5"]),
        (FilterSpec(companies=("Bolt", "Cato")), ["3", "4", "5"]),
        (FilterSpec(terms=("Summer 2027",)), ["1", "2", "4", "6"]),  # a null term never passes
        (FilterSpec(countries=("US",)), ["1", "2", "5"]),  # country from the region code's prefix
        (FilterSpec(regions=("US-CA", "CA-ON")), ["1", "3", "5"]),
        (FilterSpec(countries=("US",), regions=("US-CA",)), ["1", "5"]),
        # Free-text search never narrows outcomes (one more letter could single out a few applications).
        (FilterSpec(search="DATA"), ["1", "2", "3", "4", "5", "6"]),
        (FilterSpec(search="acme", fields=("Software Engineering",)), ["2", "5"]),
        (FilterSpec(fields=("Software Engineering",), terms=("Summer 2027",)), ["2"]),
        # Filters that describe listings only leave outcomes alone.
        (
            FilterSpec(skills=("Python",), pay_min=20.0, work_modes=("remote",), active_only=False),
            ["1", "2", "3", "4", "5", "6"],
        ),
    ],
)
def test_filter_outcomes_keeps_the_matching_applications(spec: FilterSpec, ids: list[str]) -> None:
    assert filter_outcomes(OUTCOMES, spec)["application_id"].to_list() == ids


def test_filter_outcomes_narrows_counts_the_same_way() -> None:
    spec = FilterSpec(countries=("US",), companies=("Acme", "Cato"))
    counts = as_counts(OUTCOMES, ["company", "title", "region"])
    result = as_counts(filter_outcomes(counts, spec), ["company"])
    expected = as_counts(filter_outcomes(OUTCOMES, spec), ["company"])
    assert_frame_equal(result, expected)
    assert result["applications"].to_list() == [2, 1]  # Acme: ids 1, 2; Cato: id 5


def test_filter_outcomes_skips_columns_the_data_lacks() -> None:
    # Aggregated counts by company only: a term filter cannot be answered, so it is not applied.
    counts = conform(
        pl.DataFrame({"company": ["Acme", "Bolt"], "applications": [10, 20], "interviews": [2, 4], "offers": [1, 1]}),
        "outcome_counts",
    ).drop("term", "region", "title")
    assert filter_outcomes(counts, FilterSpec(terms=("Summer 2027",))).height == 2
    assert filter_outcomes(counts, FilterSpec(companies=("Bolt",)))["company"].to_list() == ["Bolt"]


@pytest.mark.parametrize(
    ("spec", "columns", "needed", "applied", "not_applied"),
    [
        (FilterSpec(), ["field", "company", "term", "region", "title"], [], [], []),
        (FilterSpec(fields=("Other",), skills=("Python",)), ["field", "company"], ["field"], ["field"], ["skills"]),
        (FilterSpec(countries=("US",), regions=("US-CA",)), ["region"], ["region"], ["country", "region"], []),
        (FilterSpec(search="x"), ["company", "title"], [], [], ["search"]),  # search never narrows outcomes
        (FilterSpec(search="x", companies=("Acme",)), ["company"], ["company"], ["company"], ["search"]),
        (FilterSpec(pay_min=10.0, pay_max=30.0, cities=("Austin",)), ["company"], [], [], ["city", "pay"]),
    ],
)
def test_filter_bookkeeping(
    spec: FilterSpec, columns: list[str], needed: list[str], applied: list[str], not_applied: list[str]
) -> None:
    assert outcome_filter_columns(spec, columns) == needed
    assert outcome_filters_applied(spec, columns) == (applied, not_applied)


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        (FilterSpec(), "Outcomes: 6 of 6 applications. No listing filter is set, so every application counts."),
        (
            FilterSpec(fields=("Other",), skills=("Python",)),
            "Outcomes: 6 of 6 applications. Listing filters applied to outcomes: field. "
            "Not applicable to outcomes (they describe listings only): skills.",
        ),
        (
            FilterSpec(search="acme", pay_min=20.0),
            "Outcomes: 6 of 6 applications. Not applicable to outcomes (they describe listings only): pay. "
            "Search narrows listings only, never outcomes: a free text could single out a few applications.",
        ),
    ],
)
def test_describe_outcome_scope(spec: FilterSpec, expected: str) -> None:
    assert describe_outcome_scope(spec, OUTCOMES.columns, 6, 6) == expected


def test_group_columns_offers_only_columns_with_values() -> None:
    # major and class_year are all null here; gpa gives gpa_band.
    assert group_columns(OUTCOMES) == ["field", "company", "region", "term", "gpa_band"]
    counts = conform(pl.DataFrame({"company": ["Acme"], "major": ["Math"], "applications": [3]}), "outcome_counts")
    assert group_columns(counts) == ["company", "major"]


def test_rates_by_group_after_filtering() -> None:
    narrowed = filter_outcomes(OUTCOMES, FilterSpec(terms=("Summer 2027",)))
    table = acceptance_rates(narrowed, "company", min_group=2, rate="offer")
    # Acme: 2 applications (1 offer); Bolt has 1 (under the minimum); the one row with no company is a group of
    # its own for disclosure, under the minimum too. Hidden together they are two groups of 2 applications, so
    # Acme can show; the no-company count is not stated (it would give Bolt away).
    assert table.frame["company"].to_list() == ["Acme"]
    assert (table.n_suppressed, table.n_complementary, table.n_no_group) == (1, 0, None)


def test_outcome_filters_on_a_real_application_log(realdata: Path) -> None:
    from analytics.rate_view import rate_view
    from data_loaders import load_outcomes

    outcomes = load_outcomes(realdata / "kdrew-intern-apps" / "Internship Application Dataset.xlsx").frame
    assert filter_outcomes(outcomes, FilterSpec(search="software")).height == outcomes.height  # search: listings only
    view = rate_view(outcomes, FilterSpec(fields=("Data Science & Analytics",)), "company", min_group=10)
    # Independent reading: a plain per-row comparison.
    expected = sum(1 for row in outcomes.iter_rows(named=True) if row["field"] == "Data Science & Analytics")
    assert view.n_applications == expected > 0
    assert view.funnel is not None and int(view.funnel["count"][0]) == expected
    # Product & Design holds 8 applications: under the minimum, so its view shows no total.
    assert rate_view(outcomes, FilterSpec(fields=("Product & Design",)), "company", min_group=10).funnel is None
