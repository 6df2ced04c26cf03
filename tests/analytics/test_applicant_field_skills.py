"""`field_applicants_of(applicant_field_skills(outcomes), fields)` answers what `field_applicants(outcomes, fields)`
answers: the same applicants with the same skills and scope, and the same candidate pool, for any set of fields."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.benchmark import Posting, candidate_pool, comparable_openings, peer_query
from analytics.benchmark_pool import applicant_field_skills, field_applicants, field_applicants_of
from data_loaders import sample_paths
from data_loaders.compact import compact_outcomes

FIELD_SETS = [
    ("Data Science & Analytics",),
    ("Software Engineering", "Data Science & Analytics"),
    ("Marketing", "Finance", "Software Engineering"),
    ("No such field",),  # nobody applied: every applicant, with the scope saying so
    (),
]


@pytest.fixture(scope="module")
def frames() -> tuple[pl.DataFrame, pl.DataFrame]:
    paths = sample_paths()
    return pl.read_parquet(paths["listings"]), pl.read_parquet(paths["outcomes"])


def _as_sets(result: tuple[pl.DataFrame, str] | None) -> tuple[dict[str, frozenset[str]], str] | None:
    if result is None:
        return None
    frame, scope = result
    skills = frame.select("applicant_id", pl.col("skills").cast(pl.List(pl.String)))
    return {row[0]: frozenset(s for s in row[1] if s is not None) for row in skills.iter_rows()}, scope


@pytest.mark.parametrize("compact", [False, True])
@pytest.mark.parametrize("fields", FIELD_SETS)
def test_the_same_applicants_and_skills(frames: tuple[pl.DataFrame, pl.DataFrame], fields, compact: bool) -> None:
    outcomes = compact_outcomes(frames[1]) if compact else frames[1]
    table = applicant_field_skills(outcomes)
    assert table is not None
    ours = field_applicants_of(table, fields)
    theirs = field_applicants(outcomes, fields)
    assert _as_sets(ours) == _as_sets(theirs)
    assert ours is not None and theirs is not None
    assert ours[0].columns == theirs[0].columns
    assert ours[0].schema == theirs[0].schema


@pytest.mark.parametrize("skills", [("Python", "SQL"), ("Java", "Go", "Rust"), ("Excel",)])
def test_the_same_candidate_pool(frames: tuple[pl.DataFrame, pl.DataFrame], skills: tuple[str, ...]) -> None:
    listings, outcomes = frames[0], compact_outcomes(frames[1])
    peers, _ = comparable_openings(listings, peer_query(Posting("Data intern", "Data Science & Analytics")))
    fields = tuple(peers.get_column("field").drop_nulls().unique().sort())
    table = applicant_field_skills(outcomes)
    ours = candidate_pool(outcomes, peers, skills, field_applicants_of(table, fields))
    theirs = candidate_pool(outcomes, peers, skills, field_applicants(outcomes, fields))
    assert ours.pop("drops").equals(theirs.pop("drops"))
    assert ours == theirs


def test_the_check_can_fail(frames: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    table = applicant_field_skills(frames[1])
    assert _as_sets(field_applicants_of(table, FIELD_SETS[0])) != _as_sets(field_applicants(frames[1], FIELD_SETS[1]))


def test_without_applicant_skills_there_is_no_table(frames: tuple[pl.DataFrame, pl.DataFrame]) -> None:
    assert applicant_field_skills(frames[1].drop("applicant_skills")) is None
    assert applicant_field_skills(None) is None
    assert field_applicants_of(None, FIELD_SETS[0]) is None
