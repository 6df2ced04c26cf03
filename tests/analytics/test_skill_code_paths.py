"""The skills demand analytics on integer codes answer exactly what the string-exploding versions answered.

Random listings with null lists, empty lists, null entries, repeated skills, null fields and dates, null and tied pay,
and few skills (so rankings tie): every question is asked the old way (tests/analytics/skills_demand_before.py), the
new way without hooks, and the dashboard's way (codes built once for the whole frame, a filter's rows taken from
them, counts kept by a memo and shared across k), and the frames must be equal, row order included.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics import skills_demand as new
from analytics.filters import FilterSpec
from analytics.skill_code_table import SkillCodes, codes_of, skill_codes, take
from tests.analytics import skills_demand_before as old

SKILLS = ["Python", "SQL", "Go", "Excel", "R", "C", "Rust", "Java"]
FIELDS = ["Software Engineering", "Data Science & Analytics", "Other", None]


def random_listings(seed: int, n: int = 300) -> pl.DataFrame:
    """Listings with every awkward case the analytics meet (see the module docstring)."""
    rng = random.Random(seed)

    def skills() -> list[str | None] | None:
        roll = rng.random()
        if roll < 0.08:
            return None
        if roll < 0.18:
            return []
        items: list[str | None] = rng.choices(SKILLS[: rng.randint(2, len(SKILLS))], k=rng.randint(1, 4))
        if rng.random() < 0.1:
            items.append(None)
        return items

    start = dt.date(2027, 1, 1)
    return pl.DataFrame(
        {
            "listing_id": [f"l{i}" for i in range(n)],
            "field": [rng.choice(FIELDS) for _ in range(n)],
            "skills": [skills() for _ in range(n)],
            "pay_hourly_usd": [None if rng.random() < 0.25 else float(rng.randint(15, 30)) for _ in range(n)],
            "posted_date": [
                None if rng.random() < 0.1 else start + dt.timedelta(days=rng.randint(0, 120)) for _ in range(n)
            ],
            "active": [rng.random() < 0.8 for _ in range(n)],
        },
        schema={
            "listing_id": pl.String,
            "field": pl.String,
            "skills": pl.List(pl.String),
            "pay_hourly_usd": pl.Float64,
            "posted_date": pl.Date,
            "active": pl.Boolean,
        },
    )


def plain_memo(function: Callable[..., Any], *args: Any) -> Any:
    """A memo that keeps what it computed, keyed by the function and the arguments' identities (a test's memo)."""
    key = (function, *(id(arg) for arg in args))
    if key not in MEMO:
        MEMO[key] = function(*args)
    return MEMO[key]


MEMO: dict[Any, Any] = {}


def hooks(listings: pl.DataFrame, spec: FilterSpec) -> tuple[pl.DataFrame, dict[str, Any]]:
    """The filtered frame and the dashboard's hooks for it: codes of the whole frame, the filter's rows taken."""
    MEMO.clear()
    base, rows = skill_codes(listings), spec.rows(listings)
    return spec.apply(listings), {"memo": plain_memo, "code_skills": lambda frame: take(base, rows)}


SPECS = [FilterSpec(active_only=False), FilterSpec(), FilterSpec(fields=("Software Engineering",))]
CASES = [(seed, spec) for seed in range(6) for spec in SPECS]


@pytest.mark.parametrize(("seed", "spec"), CASES)
def test_top_skills_and_the_matrix_match_the_string_path(seed: int, spec: FilterSpec) -> None:
    frame, kw = hooks(random_listings(seed), spec)
    for k in (1, 3, 5, 20):  # the counts are shared across k: each k only slices them
        expected = old.top_skills(frame, k=k)
        assert_frame_equal(new.top_skills(frame, k=k), expected)
        assert_frame_equal(new.top_skills(frame, k=k, **kw), expected)
        expected = old.skill_field_matrix(frame, top_k=k)
        assert_frame_equal(new.skill_field_matrix(frame, top_k=k), expected)
        assert_frame_equal(new.skill_field_matrix(frame, top_k=k, **kw), expected)


@pytest.mark.parametrize(("seed", "spec"), CASES)
def test_co_occurring_skills_match_the_string_path(seed: int, spec: FilterSpec) -> None:
    frame, kw = hooks(random_listings(seed), spec)
    for skill in [*SKILLS, "Unknown", ""]:
        for min_count in (1, 2):
            expected = old.co_occurring_skills(frame, skill, k=5, min_count=min_count)
            assert_frame_equal(new.co_occurring_skills(frame, skill, k=5, min_count=min_count), expected)
            assert_frame_equal(new.co_occurring_skills(frame, skill, k=5, min_count=min_count, **kw), expected)


@pytest.mark.parametrize(("seed", "spec"), CASES)
def test_trends_and_their_summary_match_the_string_path(seed: int, spec: FilterSpec) -> None:
    frame, kw = hooks(random_listings(seed), spec)
    for freq in ("1w", "1mo"):
        for skills, k in ((None, 3), (None, 8), (["Go", "Nope"], 8)):
            expected = old.skill_trends(frame, freq, skills, k)
            assert_frame_equal(new.skill_trends(frame, freq, skills, k), expected)
            assert_frame_equal(new.skill_trends(frame, freq, skills, k, **kw), expected)
            expected = old.trend_summary(frame, freq, skills, k)
            assert_frame_equal(new.trend_summary(frame, freq, skills, k), expected)
            assert_frame_equal(new.trend_summary(frame, freq, skills, k, **kw), expected)


@pytest.mark.parametrize(("seed", "spec"), CASES)
def test_pay_premium_matches_the_string_path(seed: int, spec: FilterSpec) -> None:
    frame, kw = hooks(random_listings(seed), spec)
    for min_n, max_skills in ((1, 30), (5, 3), (40, 30)):
        expected = old.pay_premium(frame, min_n=min_n, max_skills=max_skills)
        assert_frame_equal(new.pay_premium(frame, min_n=min_n, max_skills=max_skills), expected)
        code_skills = kw["code_skills"]
        assert_frame_equal(
            new.pay_premium(frame, min_n=min_n, max_skills=max_skills, code_skills=code_skills), expected
        )


def test_an_empty_frame_and_a_frame_without_skills() -> None:
    listings = random_listings(0)
    for frame in (listings.head(0), listings.with_columns(pl.lit(None, dtype=pl.List(pl.String)).alias("skills"))):
        assert_frame_equal(new.top_skills(frame, k=5), old.top_skills(frame, k=5))
        assert_frame_equal(new.skill_field_matrix(frame), old.skill_field_matrix(frame))
        assert_frame_equal(new.co_occurring_skills(frame, "Go"), old.co_occurring_skills(frame, "Go"))
        assert_frame_equal(new.trend_summary(frame, "1w"), old.trend_summary(frame, "1w"))
        assert_frame_equal(new.pay_premium(frame, min_n=1), old.pay_premium(frame, min_n=1))


def test_codes_of_a_subset_are_the_subset_s_own_codes() -> None:
    listings = random_listings(3)
    rows = np.array([5, 2, 2, 40, 0, 299])
    taken, direct = take(skill_codes(listings), rows), skill_codes(listings[rows])
    assert taken.height == direct.height == len(rows)
    assert np.array_equal(taken.offsets, direct.offsets) and np.array_equal(taken.listed, direct.listed)
    assert taken.names.gather(taken.codes).to_list() == direct.names.gather(direct.codes).to_list()


def test_a_hook_for_other_rows_is_refused() -> None:
    listings = random_listings(1)
    codes: SkillCodes = skill_codes(listings)
    with pytest.raises(ValueError, match="describe 300 listings, the frame has 10"):
        codes_of(listings.head(10), lambda frame: codes)
