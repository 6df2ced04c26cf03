"""The learning path: the up-to-`steps` skills that together complete the most openings, in a useful order.

An opening is completed when the student holds every skill it asks for, so only openings missing at
most `steps` skills can be completed. Those are grouped by their (sorted) set of missing skills first,
so the search works on distinct sets with counts, never on rows: a million listings give a few
thousand sets. The best set of skills is found by an exact branch-and-bound search (below); the
skills are then put in order, each step taking the chosen skill that completes the most openings.
"""

from __future__ import annotations

import time
from collections.abc import Iterable
from typing import Any

import numpy as np
import polars as pl

from analytics.formatting import plural
from analytics.learning_path_words import best_by_words
from analytics.skill_gap import GapFrames

# Past this many search nodes, or this much time, the exact search stops and keeps the best set found so
# far (never worse than the greedy one, which seeds it); the path then says it may not be optimal. The
# time bound keeps the page responsive on a million listings (a node there costs milliseconds).
SEARCH_BUDGET = 3_000
SEARCH_SECONDS = 0.15
WORD_BITS = 64  # up to this many skills, a set of skills is one unsigned 64-bit word (`_best_by_words`)
LEARNING_PATH_SCHEMA: dict[str, pl.DataType] = {
    "step": pl.Int64(),
    "skill": pl.String(),
    "gain": pl.Int64(),
    "demand": pl.Int64(),
    "cumulative_fully_matched": pl.Int64(),
    "cumulative_share": pl.Float64(),
    "reason": pl.String(),
    "search": pl.String(),
}


def _covered(sets: np.ndarray, held: np.ndarray) -> np.ndarray:
    """Per set (rows of skill codes, -1 padded): True when every one of its skills is held."""
    covered: np.ndarray = (held[np.maximum(sets, 0)] | (sets < 0)).all(axis=1)
    return covered


def _missing_count(sets: np.ndarray, held: np.ndarray) -> np.ndarray:
    """Per set: how many of its skills are not held."""
    missing: np.ndarray = ((sets >= 0) & ~held[np.maximum(sets, 0)]).sum(axis=1)
    return missing


def _gain_bound(open_sets: np.ndarray, open_weights: np.ndarray, held: np.ndarray, slots: int, n_skills: int) -> int:
    """An upper bound on the weight the `slots` skills left can still complete: the smaller of two bounds."""
    # Every open set; and, since each set completed below needs one of the skills still to choose, the `slots`
    # skills with the most open weight.
    new_skill = (open_sets >= 0) & ~held[np.maximum(open_sets, 0)]
    per_skill = np.bincount(
        open_sets[new_skill],
        weights=np.broadcast_to(open_weights[:, None], open_sets.shape)[new_skill],
        minlength=n_skills,
    )
    top = np.sort(per_skill)[::-1][:slots].sum() if slots > 0 else 0
    return min(int(open_weights.sum()), int(top))


def best_skill_set(
    sets: np.ndarray,
    weights: np.ndarray,
    n_skills: int,
    size: int,
    seed: Iterable[int] = (),
    budget: int = SEARCH_BUDGET,
    seconds: float | None = SEARCH_SECONDS,
) -> tuple[list[int], int, bool]:
    """(skill codes, openings completed, exact?) maximising the weight of fully held sets with at most `size` skills.

    Branch and bound over unions of sets: an optimal choice is a union of the sets it completes, so the
    search adds one whole set at a time (in index order, so each union is built one way); the bound at
    a node is what is completed already plus every set still completable with the slots left. `seed`
    (the greedy answer) is the first incumbent, so the result is never worse than greedy. The search stops
    after `budget` nodes or `seconds` (None: no time bound); the result is then not proven best.

    Up to 64 skills (a filtered view's missing skills, as a rule) each set is one 64-bit word and a node's siblings
    are evaluated together (`_best_by_words`, analytics/learning_path_words.py): the same nodes in the same order, so
    the same answer at every budget, in about a third of the time (the 3,000 nodes of a field at a million listings
    take 15–25 ms instead of 40–60), so the time bound is rarely what stops it.
    """
    deadline = None if seconds is None else time.perf_counter() + seconds
    order = np.argsort(-weights, kind="stable")  # heavy sets first: good incumbents early, more pruning
    sets, weights = sets[order], weights[order]
    seed = list(seed)[:size]
    if n_skills <= WORD_BITS:
        return _best_by_words(sets, weights, n_skills, size, seed, budget, deadline)
    return _best_by_codes(sets, weights, n_skills, size, seed, budget, deadline)


def _best_by_codes(
    sets: np.ndarray,
    weights: np.ndarray,
    n_skills: int,
    size: int,
    seed: list[int],
    budget: int,
    deadline: float | None,
) -> tuple[list[int], int, bool]:
    """`best_skill_set` on the -1-padded code matrix (any number of skills); sets sorted heaviest first."""
    held = np.zeros(n_skills, dtype=bool)
    held[seed] = True
    best_value, best_codes = int(weights[_covered(sets, held)].sum()), seed
    held[:] = False
    nodes, stopped = 0, False

    def search(
        open_sets: np.ndarray, open_weights: np.ndarray, index: np.ndarray, base: int, start: int, slots: int
    ) -> None:
        # Only sets open at the parent can be completed below it: a set needing more skills than the slots
        # left never becomes completable, so each level works on a shrinking slice.
        nonlocal best_value, best_codes, nodes, stopped
        nodes += 1
        missing = _missing_count(open_sets, held)
        done = missing == 0
        value = base + int(open_weights[done].sum())
        if value > best_value:
            best_value, best_codes = value, [int(c) for c in np.flatnonzero(held)]
        keep = ~done & (missing <= slots)
        open_sets, open_weights, index = open_sets[keep], open_weights[keep], index[keep]
        bound = value + _gain_bound(open_sets, open_weights, held, slots, n_skills)
        for position in np.flatnonzero(index >= start):
            if bound <= best_value:
                return
            if nodes > budget or (deadline is not None and time.perf_counter() > deadline):
                stopped = True
                return
            row = open_sets[position]
            added = row[(row >= 0) & ~held[np.maximum(row, 0)]]
            held[added] = True
            search(open_sets, open_weights, index, value, int(index[position]) + 1, slots - added.size)
            held[added] = False

    search(sets, weights, np.arange(len(weights)), 0, 0, size)
    return sorted(best_codes), best_value, not stopped


def _best_by_words(
    sets: np.ndarray,
    weights: np.ndarray,
    n_skills: int,
    size: int,
    seed: list[int],
    budget: int,
    deadline: float | None,
) -> tuple[list[int], int, bool]:
    """`_best_by_codes` with each set as a 64-bit word (`n_skills` <= 64): the same nodes in the same order, with a
    node's siblings evaluated together (analytics/learning_path_words.py)."""
    assert n_skills <= WORD_BITS, f"{n_skills} skills do not fit one 64-bit word"
    return best_by_words(sets, weights, size, seed, budget, deadline)


def _missing_sets(
    opening: np.ndarray, n_missing: np.ndarray, code: np.ndarray, n_skills: int, steps: int
) -> tuple[np.ndarray, np.ndarray]:
    """Distinct completable missing-skill sets as a -1-padded code matrix, and how many openings have each.

    `opening`, `n_missing`, `code`: one entry per (opening, missing skill), grouped by opening in ascending order.
    """
    base = n_skills + 1
    matrix = np.full((0, max(steps, 1)), -1, dtype=np.int64)
    keep = n_missing <= steps
    if not keep.any():
        return matrix, np.zeros(0, dtype=np.int64)
    # A set of at most `steps` codes below `base` packs into one integer (sorted codes as base-`base` digits),
    # so grouping a million openings by their set is an integer group-by, not a list one.
    if float(base) ** steps >= 2**62:
        raise ValueError(f"too many distinct skills ({base - 1:,}) to plan {steps} steps")
    opening, code = opening[keep], code[keep].astype(np.int64)
    first = np.r_[True, opening[1:] != opening[:-1]]
    group = np.cumsum(first) - 1  # which kept opening each entry belongs to
    position = np.arange(opening.size) - np.flatnonzero(first)[group]
    # Each opening's codes in one column of a (steps x openings) table (`base` pads, sorting last), sorted within
    # the column by an odd-even transposition sort on whole rows: a few vectorised min/max passes instead of one
    # sort over every (opening, code) pair.
    width = max(steps, 1)
    table = np.full((width, int(group[-1]) + 1), base, dtype=np.int64)
    table[position, group] = code
    for start in [r % 2 for r in range(width)]:
        for j in range(start, width - 1, 2):
            low = np.minimum(table[j], table[j + 1])
            np.maximum(table[j], table[j + 1], out=table[j + 1])
            table[j] = low
    powers = base ** np.arange(width, dtype=np.int64)
    packed = np.zeros(table.shape[1], dtype=np.int64)
    for j in range(width):
        packed += (table[j] + 1) % (base + 1) * powers[j]  # padding packs as 0
    # np.unique's keys and counts, from a hash group-by (a sort of every opening costs twice as much).
    distinct = pl.Series("key", packed).value_counts(sort=False, name="openings").sort("key")
    keys = distinct.get_column("key").to_numpy()
    digits = (keys[:, None] // powers) % base
    return digits - 1, distinct.get_column("openings").to_numpy().astype(np.int64)


def _greedy_order(
    sets: np.ndarray, weights: np.ndarray, demand: np.ndarray, n_skills: int, steps: int, preferred: list[int]
) -> list[tuple[int, int]]:
    """(skill code, gain) per step: each step the skill completing the most sets; `preferred` skills go first."""
    held = np.zeros(n_skills, dtype=bool)
    missing = (sets >= 0).sum(axis=1)  # kept up to date as skills are taken: one pass per step, not a recount
    chosen: list[tuple[int, int]] = []
    for _ in range(steps):
        pool = [c for c in preferred if not held[c]] or [c for c in range(n_skills) if not held[c]]
        if not pool:
            break
        # Per candidate, the sets it would complete: those missing only that skill.
        one_left = missing == 1
        gains = np.zeros(n_skills, dtype=np.int64)
        if one_left.any():
            last = np.where((sets[one_left] >= 0) & ~held[np.maximum(sets[one_left], 0)], sets[one_left], -1).max(
                axis=1
            )
            gains = np.bincount(last, weights=weights[one_left], minlength=n_skills).astype(np.int64)
        candidates = np.array(pool)
        pick = int(candidates[np.lexsort((candidates, -demand[candidates], -gains[candidates]))[0]])
        held[pick] = True
        has_pick = (sets == pick).any(axis=1)
        missing -= has_pick
        chosen.append((pick, int(weights[has_pick & (missing == 0)].sum())))
    return chosen


def _search_input(gap: GapFrames, steps: int) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
    """(skill names, demand per code, missing-skill sets, their weights), kept on the GapFrames."""

    def compute() -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray]:
        # One integer code per distinct missing skill, in alphabetical order, so code order breaks ties: the
        # listings' skill codes are in name order already, so the missing ones are numbered by their rank.
        codes = gap.codes()
        opening, code, n_missing = gap.missing_codes()
        asking = np.bincount(code, minlength=len(codes.vocabulary))
        present = np.flatnonzero(asking)
        names = [codes.vocabulary[c] for c in present]
        code_of = np.zeros(len(codes.vocabulary), dtype=np.int64)
        code_of[present] = np.arange(len(names))
        demand = asking[present].astype(np.int64)  # openings asking each renumbered skill: the same bincount
        # Only openings missing at most `steps` skills can be completed: renumber just their entries.
        keep = n_missing <= steps
        return names, demand, *_missing_sets(opening[keep], n_missing[keep], code_of[code[keep]], len(names), steps)

    return gap.derived(f"learning_path_input_{steps}", compute)


def learning_path(listings: pl.DataFrame, my_skills: Iterable[str], steps: int = 5) -> pl.DataFrame:
    """The `steps` skills that together complete the most openings (exact search), best single step first.

    Ties go to the most demanded skill (openings asking it), then alphabetical. When no chosen skill
    completes an opening, a step takes the most demanded missing skill; its `reason` says so. `search`
    is "exact" when the set is proven best, "best found" when the search budget (steps or time) ran out.
    """
    return learning_path_of(GapFrames(listings, my_skills), steps)


def learning_path_of(gap: GapFrames, steps: int = 5) -> pl.DataFrame:
    """`learning_path` over a GapFrames (shares its gap frames with the plan's other questions)."""
    considered = gap.counts()
    n = considered.height
    fully = int(considered.select((pl.col("n_missing") == 0).sum()).item() or 0)
    names, demand, sets, weights = _search_input(gap, steps)
    greedy = [code for code, _ in _greedy_order(sets, weights, demand, len(names), steps, [])]
    chosen, _, exact = best_skill_set(sets, weights, len(names), steps, seed=greedy)
    search = "exact" if exact else "best found"
    rows: list[dict[str, Any]] = []
    for step, (code, gain) in enumerate(_greedy_order(sets, weights, demand, len(names), steps, chosen), start=1):
        fully += gain
        reason = (
            f"completes {plural(gain, 'more opening')}"
            if gain
            else f"no single skill completes an opening; most demanded ({plural(int(demand[code]), 'opening')})"
        )
        rows.append(
            {
                "step": step,
                "skill": names[code],
                "gain": gain,
                "demand": int(demand[code]),
                "cumulative_fully_matched": fully,
                "cumulative_share": fully / n,
                "reason": reason,
                "search": search,
            }
        )
    return pl.DataFrame(rows, schema=LEARNING_PATH_SCHEMA)
