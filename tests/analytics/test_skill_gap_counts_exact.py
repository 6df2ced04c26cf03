"""`GapFrames.counts` (built in numpy with its final dtypes) equals the string path's columns exactly: the same
dtypes and, bit for bit, the same `match` floats; and the plan built on it is the one built on the string lists."""

from __future__ import annotations

import numpy as np
import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.learning_path import _missing_sets, _search_input, learning_path_of
from analytics.skill_gap import GapFrames, missing_skills_of, readiness_of

SKILLS = ["Python", "SQL", "Git", "Excel", "Java", "C++", "Linux", "AWS", "Docker", "Tableau", "R", "Go", "Figma"]


def _listings(seed: int, rows: int) -> pl.DataFrame:
    """Random skill lists: some empty, some null, some with a null skill or a repeated one."""
    rng = np.random.default_rng(seed)
    lists: list[list[str | None] | None] = []
    for _ in range(rows):
        kind = rng.random()
        if kind < 0.05:
            lists.append(None)
            continue
        skills: list[str | None] = list(rng.choice(SKILLS, size=int(rng.integers(0, 9)), replace=False))
        if kind > 0.95 and skills:
            skills += [None, skills[0]]
        lists.append(skills)
    return pl.DataFrame(
        {"listing_id": [str(i) for i in range(rows)], "skills": lists},
        schema={"listing_id": pl.String, "skills": pl.List(pl.String)},
    )


@pytest.mark.parametrize("seed", range(8))
def test_counts_equal_the_string_path_exactly(seed: int) -> None:
    rng = np.random.default_rng(100 + seed)
    listings = _listings(seed, 40 + 200 * seed)
    me = list(rng.choice(SKILLS + ["Rust"], size=int(rng.integers(0, 7)), replace=False))
    gap = GapFrames(listings, me)
    expected = GapFrames(listings, me).considered().select("_row", "n_required", "n_missing", "n_matched", "match")
    assert_frame_equal(gap.counts(), expected, check_exact=True)
    threshold = float(rng.choice([0.5, 0.6, 0.7, 0.8, 1.0]))
    ready = readiness_of(gap, threshold)
    assert ready["n_fully_matched"] == int((expected["n_missing"] == 0).sum())
    assert ready["n_above_threshold"] == int((expected["n_matched"] >= expected["n_required"] * threshold - 1e-9).sum())
    assert missing_skills_of(gap, 20).height <= 20
    path = learning_path_of(gap, 5)
    assert path.height == 0 or path["cumulative_fully_matched"][-1] >= ready["n_fully_matched"]


def test_counts_of_openings_listing_no_skills_are_empty_with_their_dtypes() -> None:
    listings = pl.DataFrame({"skills": [[], None]}, schema={"skills": pl.List(pl.String)})
    counts = GapFrames(listings, ["Python"]).counts()
    assert counts.height == 0
    assert counts.schema == pl.Schema(
        {"_row": pl.UInt32, "n_required": pl.Int32, "n_missing": pl.Int32, "n_matched": pl.Int32, "match": pl.Float64}
    )


@pytest.mark.parametrize(("seed", "steps"), [(0, 1), (1, 2), (2, 3), (3, 5), (4, 5), (5, 6)])
def test_search_input_renumbers_only_what_can_be_completed(seed: int, steps: int) -> None:
    listings = _listings(seed, 300 + 100 * seed)
    gap = GapFrames(listings, ["Python", "SQL"][: seed % 3])
    names, demand, sets, weights = _search_input(gap, steps)
    # The straightforward way: every missing entry renumbered, demand counted again, the sets kept by _missing_sets.
    opening, code, n_missing = gap.missing_codes()
    vocabulary = gap.codes().vocabulary
    present = np.flatnonzero(np.bincount(code, minlength=len(vocabulary)))
    code_of = np.zeros(len(vocabulary), dtype=np.int64)
    code_of[present] = np.arange(present.size)
    renumbered = code_of[code]
    expected_sets, expected_weights = _missing_sets(opening, n_missing, renumbered, present.size, steps)
    assert names == [vocabulary[c] for c in present]
    assert demand.tolist() == np.bincount(renumbered, minlength=present.size).tolist()
    assert sets.tolist() == expected_sets.tolist() and weights.tolist() == expected_weights.tolist()
