"""Compact outcomes (data_loaders/compact.py) give every outcome analytic exactly the result the string rows give.

Exactly: same values, same row order, same column types (group keys leave the analytics as String), so a page,
chart, download or report cannot tell which form the dataset holds.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from functools import partial
from typing import Any

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import rates
from analytics.benchmark import Posting, benchmark_posting
from analytics.benchmark_pool import applicant_skill_rows, candidate_pool, competition
from analytics.filters import FilterSpec
from analytics.openings import comparable_acceptance
from analytics.outcome_cube import outcome_cube
from analytics.overview import overview_kpis
from analytics.rate_view import headline_guard, rate_display, rate_export, rate_view
from analytics.skill_gap import count_offer_holders, offer_holder_skills
from data_loaders import sample_paths
from data_loaders.compact import compact_outcomes
from data_loaders.schema import STAGES

PATHS = sample_paths()


@pytest.fixture(scope="module")
def listings() -> pl.DataFrame:
    return pl.read_parquet(PATHS["listings"])


@pytest.fixture(scope="module")
def plain() -> pl.DataFrame:
    return pl.read_parquet(PATHS["outcomes"])


@pytest.fixture(scope="module")
def compact(plain: pl.DataFrame) -> pl.DataFrame:
    frame = compact_outcomes(plain)
    assert isinstance(frame.schema["company"], pl.Categorical) and frame.schema["stage"] == pl.Enum(STAGES)
    return frame


def assert_same(expected: Any, got: Any, where: str = "result") -> None:
    """Deep equality of analytics results: frames by value, order and dtype; dataclasses, dicts, sequences."""
    if isinstance(expected, pl.DataFrame):
        assert isinstance(got, pl.DataFrame), where
        assert got.schema == expected.schema, f"{where}: {got.schema} != {expected.schema}"
        assert_frame_equal(got, expected)
    elif dataclasses.is_dataclass(expected) and not isinstance(expected, type):
        for item in dataclasses.fields(expected):
            assert_same(getattr(expected, item.name), getattr(got, item.name), f"{where}.{item.name}")
    elif isinstance(expected, dict):
        assert got.keys() == expected.keys(), where
        for key in expected:
            assert_same(expected[key], got[key], f"{where}[{key!r}]")
    elif isinstance(expected, list | tuple):
        assert len(got) == len(expected), where
        for index, (a, b) in enumerate(zip(expected, got, strict=True)):
            assert_same(a, b, f"{where}[{index}]")
    elif isinstance(expected, float) and expected != expected:
        assert got != got, where  # NaN
    else:
        assert got == expected, f"{where}: {got!r} != {expected!r}"


def both(plain: pl.DataFrame, compact: pl.DataFrame, question: Callable[[pl.DataFrame], Any]) -> Any:
    """Ask `question` of both forms, assert the answers are the same, and return the plain answer."""
    expected = question(plain)
    assert_same(expected, question(compact))
    return expected


def _specs(plain: pl.DataFrame) -> list[FilterSpec]:
    companies = tuple(plain.get_column("company").value_counts(sort=True).get_column("company").head(3).to_list())
    term = plain.get_column("term").drop_nulls().sort().head(1).to_list()
    return [
        FilterSpec(),
        FilterSpec(fields=("Software Engineering",)),
        FilterSpec(companies=companies),
        FilterSpec(countries=("US",)),
        FilterSpec(regions=("US-CA", "US-NY")),
        FilterSpec(terms=tuple(term)),
        FilterSpec(fields=("Data Science & Analytics",), countries=("US",), search="intern"),
    ]


@pytest.mark.parametrize("min_group", [10, 40])
def test_rate_views_and_their_tables(plain: pl.DataFrame, compact: pl.DataFrame, min_group: int) -> None:
    hidden = 0
    for spec in _specs(plain):
        for by in rates.group_columns(plain):
            view = both(plain, compact, partial(rate_view, spec=spec, by=by, min_group=min_group))
            hidden += view.table.n_suppressed + view.table.n_differencing
            shown = rate_view(compact, spec, by, min_group=min_group).table.frame
            assert_same(
                rate_display(view.table.frame, by, "Group", "offers"), rate_display(shown, by, "Group", "offers")
            )
            assert_same(rate_export(view.table.frame), rate_export(shown))
            # The page's download reads the texts of the table it shows: the same frame as writing them again.
            display = rate_display(shown, by, "Group", "offers")
            assert_same(rate_export(shown, display), rate_export(shown))
    assert hidden > 0  # disclosure control (suppression and differencing) took part


def test_counts_funnel_ranking_and_group_columns(plain: pl.DataFrame, compact: pl.DataFrame) -> None:
    for by in ([], ["company"], ["field", "term"], ["gpa_band"], ["major"], ["region"], ["class_year", "field"]):
        counts = both(plain, compact, partial(rates.outcomes_to_counts, by=by))
        assert by == [] or counts.height > 1
    both(plain, compact, rates.funnel)
    both(plain, compact, rates.group_columns)
    both(plain, compact, lambda o: rates.selectivity_ranking(o, "company", k=10))
    both(plain, compact, lambda o: rates.acceptance_rates(o, ["field", "term"], rate="interview"))


def test_overview_offer_kpi_and_headline_guard(
    listings: pl.DataFrame, plain: pl.DataFrame, compact: pl.DataFrame
) -> None:
    for spec in _specs(plain):
        kpis = both(plain, compact, partial(overview_kpis, listings, spec=spec))
        assert kpis["offer_rate_n"] > 0
        size = {"applications": kpis["offer_rate_n"], "applicants": kpis["offer_rate_applicants"]}
        both(plain, compact, partial(headline_guard, spec=spec, min_group=10, **size))


@pytest.mark.parametrize("field", [None, "Software Engineering", "Data Science & Analytics"])
def test_skill_gap_offer_holders(plain: pl.DataFrame, compact: pl.DataFrame, field: str | None) -> None:
    assert both(plain, compact, lambda o: count_offer_holders(o, field)) > 0
    holders = both(plain, compact, lambda o: offer_holder_skills(o, field, ["Python", "SQL"], 10))
    assert holders.height > 0


POSTINGS = [
    Posting("Software intern", "Software Engineering", regions=("US-CA",), skills=("Python", "SQL")),
    Posting("Analyst intern", "Data Science & Analytics", countries=("US",), skills=("Python",)),
    Posting("Platform intern", "Software Engineering", skills=("Java", "Git", "Docker")),
]


@pytest.mark.parametrize("posting", POSTINGS, ids=lambda p: p.title)
def test_benchmark_candidate_pool_and_competition(
    listings: pl.DataFrame, plain: pl.DataFrame, compact: pl.DataFrame, posting: Posting
) -> None:
    result = both(plain, compact, lambda o: benchmark_posting(listings, posting, o, min_group=10))
    assert result.pool["population"] == "applicants" and result.competition["n_applications"] > 0
    both(plain, compact, lambda o: benchmark_posting(listings, posting, o, people=applicant_skill_rows(o)))
    both(plain, compact, lambda o: candidate_pool(o, result.peers, posting.skills))
    both(plain, compact, lambda o: competition(o, result.peers, 10))


def test_comparable_acceptance_of_openings(listings: pl.DataFrame, plain: pl.DataFrame, compact: pl.DataFrame) -> None:
    for row in listings.head(5).iter_rows(named=True):
        both(plain, compact, partial(comparable_acceptance, listing_row=row, min_group=10))


@pytest.mark.parametrize("by", [[], ["company"], ["field", "gpa_band"], ["region"], ["term", "major"]])
def test_outcome_cube(plain: pl.DataFrame, compact: pl.DataFrame, by: list[str]) -> None:
    counts = both(plain, compact, lambda o: outcome_cube(o).counts_by(by))
    assert_same(rates.outcomes_to_counts(plain, by), counts)
    both(plain, compact, lambda o: outcome_cube(o).clustered_by(by))
