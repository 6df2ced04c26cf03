"""What an outcome view sees of a FilterSpec (`outcome_spec`), and the one table of multi-valued filters."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.differencing import SLICED_FILTERS
from analytics.filter_keys import MULTI_FILTERS
from analytics.filter_links import DATA_KEYS, MULTI_KEYS
from analytics.filters import FilterSpec
from analytics.outcome_filters import OUTCOME_FILTER_COLUMNS, outcome_spec
from analytics.rate_view import rate_view

OUTCOMES = pl.DataFrame(
    {
        "application_id": [str(i) for i in range(60)],
        "applicant_id": [f"A{i % 30}" for i in range(60)],
        "company": ["Acme", "Beta", "Gamma"] * 20,
        "field": ["Software Engineering", "Data Science & Analytics"] * 30,
        "region": ["US-CA", "US-NY", "CA-ON", None] * 15,
        "stage": ["offer", "applied", "interview", "applied", "applied", "offer"] * 10,
    }
)


def test_listing_only_values_are_forgotten_and_their_names_kept() -> None:
    narrow = FilterSpec(fields=("Software Engineering",), skills=("Python",), pay_min=20, search="data")
    other = FilterSpec(fields=("Software Engineering",), skills=("SQL", "R"), pay_min=35, search="intern")
    assert outcome_spec(narrow) == outcome_spec(other)
    assert outcome_spec(narrow) != outcome_spec(FilterSpec(fields=("Software Engineering",)))  # names still differ
    assert outcome_spec(narrow).fields == ("Software Engineering",)
    assert outcome_spec(FilterSpec(active_only=False, skills_mode="all")) == FilterSpec()


@pytest.mark.parametrize(
    "spec",
    [
        FilterSpec(),
        FilterSpec(skills=("Python",), pay_max=40.0, posted_within_days=7, cities=("Boston",)),
        FilterSpec(fields=("Software Engineering",), regions=("US-CA", "US-NY"), search="x", work_modes=("remote",)),
        FilterSpec(companies=("Acme", "Beta"), countries=("US",), sponsorship=("yes",), active_only=False),
    ],
)
@pytest.mark.parametrize("by", ["company", "field", "region"])
def test_a_rate_view_is_the_same_under_its_outcome_spec(spec: FilterSpec, by: str) -> None:
    full, seen = rate_view(OUTCOMES, spec, by, min_group=3), rate_view(OUTCOMES, outcome_spec(spec), by, min_group=3)
    assert full.scope == seen.scope and full.n_applications == seen.n_applications
    assert full.table.frame.equals(seen.table.frame) and full.ranking.frame.equals(seen.ranking.frame)


def test_the_filter_tables_come_from_one_table() -> None:
    assert list(MULTI_KEYS.items()) == [(item.key, item.attribute) for item in MULTI_FILTERS]
    by_attribute = {item.attribute: item for item in MULTI_FILTERS}
    for attribute, (name, column) in SLICED_FILTERS.items():
        assert (by_attribute[attribute].name, by_attribute[attribute].outcome_column) == (name, column)
    assert set(SLICED_FILTERS) == set(OUTCOME_FILTER_COLUMNS)
    assert {attribute for attribute, _ in DATA_KEYS.values()} == {
        item.attribute for item in MULTI_FILTERS if item.checked_as
    }
