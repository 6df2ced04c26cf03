"""The learning path's word search evaluates a node's siblings in blocks (analytics/learning_path_words.py): it must
visit the code matrix's nodes in the same order and stop at the same one, so every budget gives the same answer; and
the distinct missing-skill sets grouped by hashing are np.unique's."""

from __future__ import annotations

from itertools import combinations

import numpy as np
import pytest

from analytics import learning_path_words
from analytics.learning_path import _best_by_codes, _best_by_words, _missing_sets


def _sets(seed: int, n_sets: int, n_skills: int, width: int) -> tuple[np.ndarray, np.ndarray]:
    """Distinct -1-padded sets of 1..width codes (a few popular skills, as real fields have), heaviest first."""
    rng = np.random.default_rng(seed)
    popularity = 1 / np.arange(1, n_skills + 1) ** rng.uniform(0.5, 1.6)
    rows = {
        tuple(sorted(rng.choice(n_skills, size=min(k, n_skills), replace=False, p=popularity / popularity.sum())))
        for k in rng.integers(1, width + 1, n_sets)
    }
    sets = np.full((len(rows), width), -1, dtype=np.int64)
    for i, row in enumerate(sorted(rows)):
        sets[i, : len(row)] = row
    weights = rng.integers(1, 400, len(rows)) * rng.integers(1, 3, len(rows))
    order = np.argsort(-weights, kind="stable")
    return sets[order], weights[order].astype(np.int64)


@pytest.mark.parametrize("seed", range(12))
def test_blocks_stop_where_the_code_matrix_stops_at_every_budget(seed: int) -> None:
    n_skills = [3, 6, 9, 13, 17, 24, 30, 41, 50, 63, 64, 20][seed]
    width = [1, 2, 3, 4, 5, 5, 5, 6, 5, 4, 5, 3][seed]
    sets, weights = _sets(seed, 40 + 60 * seed, n_skills, width)
    for size in range(1, width + 2):
        greedy = list(range(min(size, n_skills)))
        for budget in (0, 1, 2, 3, 5, 8, 13, 40, 150, 700, 3_000):
            expected = _best_by_codes(sets, weights, n_skills, size, greedy, budget, None)
            assert _best_by_words(sets, weights, n_skills, size, greedy, budget, None) == expected, (size, budget)


@pytest.mark.parametrize(("first", "last"), [(1, 1), (1, 4), (3, 3), (16, 256)])
def test_the_answer_does_not_depend_on_the_block_sizes(monkeypatch: pytest.MonkeyPatch, first: int, last: int) -> None:
    sets, weights = _sets(5, 500, 30, 5)
    expected = [_best_by_codes(sets, weights, 30, 5, [0, 1], budget, None) for budget in (10, 200, 3_000)]
    monkeypatch.setattr(learning_path_words, "FIRST_BLOCK", first)
    monkeypatch.setattr(learning_path_words, "LAST_BLOCK", last)
    assert [_best_by_words(sets, weights, 30, 5, [0, 1], budget, None) for budget in (10, 200, 3_000)] == expected


def test_an_unbounded_search_finds_the_brute_force_optimum() -> None:
    sets, weights = _sets(7, 120, 10, 3)
    best = max(
        int(weights[np.all(np.isin(sets, (*chosen, -1)), axis=1)].sum()) for chosen in combinations(range(10), 3)
    )
    codes, value, exact = _best_by_words(sets, weights, 10, 3, [], 10**7, None)
    assert (value, exact, len(codes) <= 3) == (best, True, True)
    assert int(weights[np.all(np.isin(sets, (*codes, -1)), axis=1)].sum()) == value


@pytest.mark.parametrize("seed", range(5))
def test_missing_sets_group_as_np_unique_does(seed: int) -> None:
    rng = np.random.default_rng(seed)
    n_skills, steps = int(rng.integers(2, 40)), int(rng.integers(1, 6))
    lengths = rng.integers(1, 8, 3_000)
    code = np.concatenate([rng.choice(n_skills, size=min(k, n_skills), replace=False) for k in lengths])
    n_missing = np.repeat(np.minimum(lengths, n_skills), np.minimum(lengths, n_skills))
    opening = np.repeat(np.arange(lengths.size), np.minimum(lengths, n_skills))
    sets, counts = _missing_sets(opening, n_missing, code, n_skills, steps)
    # The straightforward grouping: each kept opening's sorted codes as a tuple, counted.
    expected: dict[tuple[int, ...], int] = {}
    for row in range(lengths.size):
        mine = sorted(code[opening == row].tolist())
        if len(mine) <= steps:
            expected[tuple(mine)] = expected.get(tuple(mine), 0) + 1
    got = {tuple(c for c in row if c >= 0): int(n) for row, n in zip(sets.tolist(), counts.tolist(), strict=True)}
    assert got == expected
    assert sets.tolist() == sorted(sets.tolist(), key=lambda row: [(c + 1) for c in reversed(row)])
