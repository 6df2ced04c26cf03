"""The learning path is the best set of skills (tested against brute force), in greedy order."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st

from analytics.learning_path import best_skill_set, learning_path
from analytics.skill_gap import readiness
from data_loaders.schema import conform


def _listings(skill_lists: list[list[str]]) -> pl.DataFrame:
    return conform(
        pl.DataFrame(
            {"listing_id": [str(i) for i in range(len(skill_lists))], "skills": skill_lists},
            schema={"listing_id": pl.String, "skills": pl.List(pl.String)},
        ),
        "listings",
    )


def _brute_force(frame: pl.DataFrame, mine: list[str], steps: int) -> int:
    skills = sorted({s for lst in frame["skills"].to_list() for s in lst} - set(mine))
    size = min(steps, len(skills))
    return max(readiness(frame, mine + list(extra))["n_fully_matched"] for extra in combinations(skills, size))


def test_optimal_beats_greedy_where_greedy_is_short_sighted() -> None:
    # Greedy takes X first (it completes 3 alone), then one skill of the pair: 3 in all. {A, B} completes 4.
    lists = [["X"]] * 3 + [["A", "B"]] * 4
    path = learning_path(_listings(lists), [], steps=2)
    assert path["skill"].to_list() == ["A", "B"]
    assert path["cumulative_fully_matched"].to_list() == [0, 4]
    assert set(path["search"].to_list()) == {"exact"}


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.sampled_from("ABCDEFGH"), max_size=4, unique=True), min_size=1, max_size=14),
    st.lists(st.sampled_from("ABCDEFGH"), max_size=2),
    st.integers(1, 4),
)
def test_learning_path_reaches_the_brute_force_optimum(
    skill_lists: list[list[str]], mine: list[str], steps: int
) -> None:
    frame = _listings(skill_lists)
    path = learning_path(frame, mine, steps=steps)
    if path.height == 0:
        return
    final = readiness(frame, mine + path["skill"].to_list())["n_fully_matched"]
    assert final == path["cumulative_fully_matched"][-1]
    assert final == _brute_force(frame, mine, steps)


def test_a_spent_budget_says_best_found_and_keeps_the_seed() -> None:
    sets = np.array([[0, 1], [2, 3], [4, -1]])
    codes, value, exact = best_skill_set(sets, np.array([1, 1, 5]), 5, 2, seed=[4], budget=0)
    assert (codes, value, exact) == ([4], 5, False)
