"""The candidate pool from per-applicant skill bits (analytics/skill_sets.py) counts exactly what the lists say.

Checked against a plain-Python count over sets, on lists with nulls, repeats, empty and null lists, vocabularies of
one to three 64-bit words, required skills outside the vocabulary; and the list path (too many skills for bits)
and the compact outcomes give the same `candidate_pool` as the plain ones.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics import skill_sets
from analytics.benchmark import (
    Posting,
    benchmark_posting,
    comparable_openings,
    peer_query,
    peer_skills_missing,
    skill_commonness,
)
from analytics.benchmark_pool import candidate_pool, field_applicants
from analytics.skill_sets import bit_columns, pool_counts, vocabulary_of, with_skill_bits
from data_loaders import sample_paths
from data_loaders.compact import compact_outcomes


def brute_force(lists: list[list[str | None] | None], required: list[str]) -> tuple[int, int, dict[str, int]]:
    """(holders, near-misses, per required skill the near-misses holding it), one person at a time."""
    holders, near, holding = 0, 0, dict.fromkeys(required, 0)
    for listed in lists:
        have = {skill for skill in listed or [] if skill is not None}
        missing = len(required) - len(have & set(required))
        holders += missing == 0
        if missing == 1:
            near += 1
            for skill in have & set(required):
                holding[skill] += 1
    return holders, near, holding


def random_lists(seed: int, people: int, vocabulary: int) -> list[list[str | None] | None]:
    rng = np.random.default_rng(seed)
    names = [f"s{i:03d}" for i in range(vocabulary)]
    lists: list[list[str | None] | None] = []
    for _ in range(people):
        roll = rng.random()
        if roll < 0.05:
            lists.append(None)
        elif roll < 0.1:
            lists.append([])
        else:
            picks: list[str | None] = [names[i] for i in rng.integers(0, vocabulary, rng.integers(1, 9))]
            lists.append([*picks, None, picks[0]] if rng.random() < 0.1 else picks)  # a null and a repeat
    return lists


def as_dict(counts: tuple[int, int, dict[str, int]] | None, required: list[str]) -> tuple[int, int, dict[str, int]]:
    assert counts is not None
    holders, near, holding = counts
    return holders, near, {skill: holding.get(skill, 0) for skill in required}


@settings(max_examples=40, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    people=st.integers(0, 200),
    vocabulary=st.sampled_from([1, 3, 63, 64, 65, 150]),
    picks=st.lists(st.integers(0, 160), max_size=6, unique=True),
)
def test_bits_count_what_the_lists_hold(seed: int, people: int, vocabulary: int, picks: list[int]) -> None:
    lists = random_lists(seed, people, vocabulary)
    required = sorted(f"s{i:03d}" for i in picks)  # some beyond the vocabulary: held by nobody
    frame = with_skill_bits(pl.DataFrame({"skills": lists}, schema={"skills": pl.List(pl.String)}), "skills")
    listed = {skill for skills in lists for skill in skills or [] if skill is not None}
    assert len(bit_columns(frame)) == max(-(-len(listed) // 64), 1)
    assert as_dict(pool_counts(frame, "skills", required), required) == brute_force(lists, required)


def test_a_vocabulary_too_large_for_bits_counts_on_the_lists(monkeypatch: pytest.MonkeyPatch) -> None:
    lists = random_lists(7, 300, 150)
    required = ["s001", "s070", "s140"]
    frame = pl.DataFrame({"applicant_id": [f"p{i}" for i in range(300)], "skills": lists})
    with_bits = with_skill_bits(frame, "skills")
    monkeypatch.setattr(skill_sets, "MAX_WORDS", 2)  # 150 skills need three words
    without = with_skill_bits(frame, "skills")
    assert len(bit_columns(with_bits)) == 3 and bit_columns(without) == []
    assert pool_counts(without, "skills", required) is None
    peers = pl.DataFrame({"field": ["Design"], "skills": [["s001"]]})
    pools = [candidate_pool(None, peers, required, (people, "applicants")) for people in (with_bits, without)]
    assert_frame_equal(pools[0].pop("drops"), pools[1].pop("drops"))
    assert pools[0] == pools[1]
    holders, near, holding = brute_force(lists, required)
    assert pools[0]["holders"] == holders and pools[0]["n"] == 300


@pytest.fixture(scope="module")
def sample() -> tuple[pl.DataFrame, pl.DataFrame, pl.DataFrame]:
    paths = sample_paths()
    plain = pl.read_parquet(paths["outcomes"])
    return pl.read_parquet(paths["listings"]), plain, compact_outcomes(plain)


def test_field_applicants_keep_the_compact_vocabulary_and_bits(sample: tuple[pl.DataFrame, ...]) -> None:
    _, plain, compact = sample
    fields = ("Data Science & Analytics",)
    applicants = field_applicants(compact, fields)
    assert applicants is not None
    frame, _ = applicants
    compact_skills = compact.schema["applicant_skills"]
    assert isinstance(compact_skills, pl.List) and frame.schema["skills"] == compact_skills
    assert len(bit_columns(frame)) == -(-len(vocabulary_of(frame, "skills")) // 64) > 0
    plain_applicants = field_applicants(plain, fields)
    assert plain_applicants is not None and plain_applicants[0].height == frame.height


def test_the_sample_pool_matches_a_plain_count_for_many_skill_sets(sample: tuple[pl.DataFrame, ...]) -> None:
    listings, plain, compact = sample
    posting = Posting("Data intern", "Data Science & Analytics", countries=("US",))
    peers, _ = comparable_openings(listings, peer_query(posting), 30)
    fields = peers.get_column("field").drop_nulls().unique().to_list()
    people = (
        plain.filter(
            pl.col("field").is_in(fields)
            & pl.col("applicant_id").is_not_null()
            & (pl.col("applicant_skills").list.len() > 0)
        )
        .group_by("applicant_id")
        .agg(pl.col("applicant_skills").explode())
        .get_column("applicant_skills")
        .to_list()
    )
    skills = (
        plain.get_column("applicant_skills")
        .explode()
        .drop_nulls()
        .value_counts(sort=True)
        .get_column("applicant_skills")
    )
    rng = np.random.default_rng(3)
    for size in (0, 1, 2, 3, 4, 6):
        required = sorted(
            set(rng.choice(skills.head(25).to_list(), size).tolist()) | ({"Cobol"} if size == 6 else set())
        )
        expected = candidate_pool(plain, peers, required)
        got = candidate_pool(compact, peers, required)
        drops = dict(zip(expected["drops"]["dropped_skill"], expected["drops"]["holders"], strict=True))
        assert_frame_equal(got.pop("drops"), expected.pop("drops"))
        assert got == expected and expected["population"] == "applicants"
        holders, near, holding = brute_force(people, expected["required"])  # canonical names ("Cobol" → "COBOL")
        assert expected["holders"] == holders and expected["n"] == len(people), required
        assert drops == {skill: holders + near - holding[skill] for skill in expected["required"]}


def test_a_new_skill_set_reuses_the_peers_counts_and_gives_the_same_answer(sample: tuple[pl.DataFrame, ...]) -> None:
    listings, _, compact = sample
    kept: dict[tuple[Any, ...], Any] = {}
    computed: list[str] = []

    def frame_key(value: Any) -> Any:  # frames by identity, as the dashboard's memo keys them
        if isinstance(value, tuple):
            return tuple(frame_key(item) for item in value)
        return ("frame", id(value)) if isinstance(value, pl.DataFrame) else value

    def memo(function: Callable[..., Any], *args: Any) -> Any:
        key = (function.__name__, *(frame_key(a) for a in args))
        if key not in kept:
            computed.append(function.__name__)
            kept[key] = function(*args)
        return kept[key]

    for skills in (("Python", "SQL"), ("Python", "SQL", "Tableau"), ("Java",)):
        posting = Posting("Data intern", "Data Science & Analytics", countries=("US",), skills=skills)
        memoised = benchmark_posting(listings, posting, compact, memo=memo)
        plain = benchmark_posting(listings, posting, compact)
        assert_frame_equal(memoised.commonness, skill_commonness(plain.peers, skills))
        assert_frame_equal(memoised.peer_skills, peer_skills_missing(plain.peers, skills, 10))
        assert_frame_equal(memoised.pool.pop("drops"), plain.pool.pop("drops"))
        assert memoised.pool == plain.pool
    assert computed.count("peer_skill_counts") == 1 and computed.count("field_applicants_of") == 1
    assert computed.count("applicant_field_skills") == 1
    assert computed.count("skill_commonness") == 3 and computed.count("candidate_pool") == 3
