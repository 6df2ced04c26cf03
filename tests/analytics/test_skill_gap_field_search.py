"""The learning path's search on 64-bit words of skills gives the code matrix's answer, node for node."""

from __future__ import annotations

import numpy as np
import pytest

from analytics.learning_path import _best_by_codes, _best_by_words, _missing_sets, best_skill_set


def random_sets(seed: int, n_sets: int, n_skills: int, width: int = 5) -> tuple[np.ndarray, np.ndarray]:
    """Distinct -1-padded sets of 1..width skill codes with skewed weights, as `_missing_sets` builds them."""
    rng = np.random.default_rng(seed)
    lengths = rng.integers(1, width + 1, n_sets)
    popularity = 1 / np.arange(1, n_skills + 1) ** 1.2
    rows = [
        np.sort(rng.choice(n_skills, size=min(k, n_skills), replace=False, p=popularity / popularity.sum()))
        for k in lengths
    ]
    opening = np.repeat(np.arange(n_sets), [r.size for r in rows])
    code = np.concatenate(rows)
    n_missing = np.repeat([r.size for r in rows], [r.size for r in rows])
    sets, counts = _missing_sets(opening, n_missing, code, n_skills, width)
    weights = counts * rng.integers(1, 50, counts.size)
    return sets, weights


@pytest.mark.parametrize("seed", range(6))
@pytest.mark.parametrize("budget", [0, 7, 60, 400])
def test_words_visit_the_same_nodes_as_the_code_matrix(seed: int, budget: int) -> None:
    n_skills = [5, 17, 40, 64, 64, 30][seed]
    sets, weights = random_sets(seed, 300 + 150 * seed, n_skills)
    order = np.argsort(-weights, kind="stable")
    sets, weights = sets[order], weights[order]
    for size in (1, 3, 5):
        seed_codes = list(range(0, n_skills, max(n_skills // size, 1)))[:size]
        expected = _best_by_codes(sets, weights, n_skills, size, seed_codes, budget, None)
        assert _best_by_words(sets, weights, n_skills, size, seed_codes, budget, None) == expected


def test_more_than_64_skills_search_the_code_matrix() -> None:
    sets, weights = random_sets(11, 500, 90)
    assert sets.max() >= 64  # codes past one word
    order = np.argsort(-weights, kind="stable")
    expected = _best_by_codes(sets[order], weights[order], 90, 4, [], 200, None)
    assert best_skill_set(sets, weights, 90, 4, budget=200, seconds=None) == expected


def test_an_exhausted_search_is_exact_on_both_paths() -> None:
    sets, weights = random_sets(3, 60, 12, width=3)
    words = best_skill_set(sets, weights, 12, 3, budget=10**6, seconds=None)
    order = np.argsort(-weights, kind="stable")
    assert words == _best_by_codes(sets[order], weights[order], 12, 3, [], 10**6, None)
    assert words[2] is True
