"""The outcome cube answers exactly what the row functions answer, on random outcomes (a property test)."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.filters import FilterSpec
from analytics.intervals import clustered_counts
from analytics.outcome_cube import OutcomeCube, outcome_cube
from analytics.outcome_filters import filter_outcomes
from analytics.rates import as_counts, outcomes_to_counts
from data_loaders.schema import STAGES

BYS = [
    [],
    ["company"],
    ["field"],
    ["region"],
    ["term"],
    ["major"],
    ["class_year"],
    ["gpa_band"],
    ["company", "field"],
    ["region", "gpa_band"],
]


def random_outcomes(seed: int, n: int) -> pl.DataFrame:
    """n applications with nulls in every dimension, some rows without an applicant id, and a skills list column."""
    rng = np.random.default_rng(seed)

    def pick(values: list, null_share: float = 0.1) -> list:
        chosen = [values[i] for i in rng.integers(0, len(values), n)]
        return [None if rng.random() < null_share else value for value in chosen]

    return pl.DataFrame(
        {
            "application_id": [f"x{i}" for i in range(n)],
            "applicant_id": pick([f"p{i}" for i in range(max(n // 4, 1))], 0.15),
            "listing_id": pick([f"l{i}" for i in range(max(n // 3, 1))], 0.05),
            "company": pick(["Acme", "Bolt", "Cray", "Dyn"]),
            "field": pick(["Data Science", "Software Engineering", "Design"]),
            "region": pick(["US-CA", "US-NY", "GB-ENG", "CA-ON"]),
            "term": pick(["Summer 2026", "Fall 2026"]),
            "stage": pick(list(STAGES), 0.0),
            "major": pick(["CS", "Math", "Art"]),
            "class_year": pl.Series(pick([2025, 2026, 2027]), dtype=pl.Int32),
            "gpa": pick([2.5, 3.0, 3.49, 3.5, 3.79, 3.8, 4.0]),
            "applicant_skills": [["Python"] if i % 2 else [] for i in range(n)],
        }
    )


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(0, 300), by=st.sampled_from(BYS))
def test_cube_counts_equal_the_row_counts(seed: int, n: int, by: list[str]) -> None:
    outcomes = random_outcomes(seed, n)
    cube = outcome_cube(outcomes)
    assert_frame_equal(cube.counts_by(by), outcomes_to_counts(outcomes, by))
    if n:  # as_counts reads "accepted" of no count rows as unknown, not 0
        assert_frame_equal(as_counts(cube.counts, by), outcomes_to_counts(outcomes, by))  # a valid counts frame


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 300), by=st.sampled_from(BYS))
def test_cube_clustered_counts_equal_the_row_ones(seed: int, n: int, by: list[str]) -> None:
    outcomes = random_outcomes(seed, n)
    source = (
        outcomes.with_columns(__import__("analytics.rates", fromlist=["gpa_band"]).gpa_band())
        if "gpa_band" in by
        else outcomes
    )
    expected_groups, expected_totals = clustered_counts(source, by)
    groups, totals = outcome_cube(outcomes).clustered_by(by)
    assert_frame_equal(groups, expected_groups, check_exact=False, rel_tol=1e-9)
    assert_frame_equal(totals, expected_totals, check_exact=False, rel_tol=1e-9)


@pytest.mark.parametrize(
    "spec",
    [
        FilterSpec(fields=("Data Science",), active_only=False),
        FilterSpec(countries=("US",), companies=("Acme", "Bolt"), active_only=False),
        FilterSpec(regions=("GB-ENG",), terms=("Fall 2026",), active_only=False),
    ],
)
def test_a_filtered_cube_equals_the_filtered_rows(spec: FilterSpec) -> None:
    outcomes = random_outcomes(3, 2_000)
    cube = outcome_cube(outcomes)
    narrowed = filter_outcomes(outcomes, spec)
    for by in (["company"], ["major", "class_year"]):
        assert_frame_equal(cube.counts_by(by, filter_outcomes(cube.counts, spec)), outcomes_to_counts(narrowed, by))
        groups, totals = cube.clustered_by(by, filter_outcomes(cube.applicants, spec))
        expected_groups, expected_totals = clustered_counts(narrowed, by)
        assert_frame_equal(groups, expected_groups, check_exact=False, rel_tol=1e-9)
        assert_frame_equal(totals, expected_totals, check_exact=False, rel_tol=1e-9)


def test_the_cube_reads_no_skills_and_builds_each_part_once() -> None:
    outcomes = random_outcomes(1, 500)
    cube = OutcomeCube(outcomes)
    assert "applicant_skills" not in cube.counts.columns and "applicant_skills" not in cube.applicants.columns
    assert cube.counts is cube.counts and cube.applicants is cube.applicants
    assert cube.counts.height <= outcomes.height and set(cube.dimensions) >= {"company", "gpa_band"}


def test_the_cube_refuses_what_it_cannot_answer() -> None:
    cube = outcome_cube(random_outcomes(2, 50))
    with pytest.raises(ValueError, match="cannot group outcomes by source"):
        cube.counts_by(["source"])
    assert not cube.covers(["listing_id"]) and cube.covers(["company", "gpa_band"])
    with pytest.raises(ValueError, match="per-application outcomes"):
        OutcomeCube(pl.DataFrame({"company": ["A"], "applications": [3]}))
    with pytest.raises(ValueError, match="no applicant ids"):
        _ = outcome_cube(random_outcomes(2, 50).drop("applicant_id")).applicants


@settings(max_examples=20, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    n=st.integers(0, 300),
    skills=st.lists(st.sampled_from(["Python", "SQL", "Go", "Excel"]), min_size=0, max_size=3),
)
def test_the_applicant_table_gives_the_same_candidate_pool(seed: int, n: int, skills: list[str]) -> None:
    from analytics.benchmark import applicant_skill_rows, candidate_pool

    rng = np.random.default_rng(seed)
    outcomes = random_outcomes(seed, n).with_columns(
        pl.Series(
            "applicant_skills",
            [
                [s for s in ["Python", "SQL", "Go", "Excel", None] if rng.random() < 0.4]
                if rng.random() < 0.9
                else None
                for _ in range(n)
            ],
            dtype=pl.List(pl.String),
        )
    )
    peers = pl.DataFrame({"field": ["Data Science", "Design"], "skills": [["Python"], ["Go", "SQL"]]})
    expected = candidate_pool(outcomes, peers, skills)
    result = candidate_pool(applicant_skill_rows(outcomes), peers, skills)
    assert_frame_equal(result.pop("drops"), expected.pop("drops"))
    assert result == expected
