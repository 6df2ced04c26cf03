"""The learning path's branch and bound on 64-bit words of skills, with a node's children evaluated together.

`best_by_words` visits exactly the nodes `learning_path._best_by_codes` visits, in the same order, with the same
bounds, so it stops at the same node of the same budget with the same answer. What differs is the work per node.
A set of skills is one unsigned 64-bit word, so the skills a set still lacks are an AND and a popcount. And a
node's first tests (what it completes, whether anything is still completable) depend only on its parent's open
sets and the skills it adds, not on the best answer found so far, so they are computed for a block of siblings at
once, as a (siblings x open sets) array: a few numpy calls for the block instead of a few per node. Most nodes end
at those tests (nothing left to complete, or the bound cannot beat the best); only the others are expanded.
Blocks start small and grow, so a node cut short by the bound or the budget wastes little.
"""

from __future__ import annotations

import time

import numpy as np

ALL_BITS = 2**64 - 1
FIRST_BLOCK = 8  # siblings evaluated together at first; doubled after each block, up to LAST_BLOCK
LAST_BLOCK = 64
WORD = 64  # bits in a word of skills


def bits_of(word: int) -> list[int]:
    """The positions of the set bits of `word`, ascending."""
    positions = []
    while word:
        low = word & -word
        positions.append(low.bit_length() - 1)
        word ^= low
    return positions


def set_words(sets: np.ndarray) -> np.ndarray:
    """Each -1-padded set of skill codes (below 64) as a 64-bit word with bit `code` set for each of its skills."""
    bits = np.where(sets < 0, np.uint64(0), np.left_shift(np.uint64(1), np.maximum(sets, 0).astype(np.uint64)))
    words: np.ndarray = np.bitwise_or.reduce(bits, axis=1)
    return words


class Children:
    """A block of sibling nodes evaluated together over their parent's open sets (one row per child)."""

    def __init__(self, lacked: np.ndarray, weights: np.ndarray, added: np.ndarray, slots: int) -> None:
        # lacked: the skills each open set of the parent still lacks; added: each child's new skills (a word).
        self.lacked = lacked[None, :] & ~added[:, None]
        self.missing = np.bitwise_count(self.lacked)
        child_slots = slots - np.bitwise_count(added).astype(np.int64)
        self.slots: list[int] = child_slots.tolist()
        # What each child completes, and what it still could (sets missing 1..its slots skills): whole numbers,
        # exact in a float below 2**53.
        gained = (self.missing == 0) @ weights
        reach = (self.missing <= child_slots[:, None].astype(np.uint8)) @ weights
        self.gained: list[int] = [int(v) for v in gained.tolist()]
        self.completable: list[int] = [int(v) for v in (reach - gained).tolist()]
        last = np.flatnonzero(child_slots == 1)
        self.last = {row: i for i, row in enumerate(last.tolist())}  # a child's row in `per_skill`
        self.per_skill: np.ndarray = np.zeros((0, WORD))
        self.codes: np.ndarray = np.zeros((0, 0), dtype=np.int64)
        if last.size:
            # A child with one slot left: per skill, the weight of the sets lacking only that skill (its children
            # each add one of them, and its bound is the heaviest).
            one = self.missing[last] == 1
            # The code of a set's one lacked skill (the popcount below its one bit); WORD for the other sets.
            self.codes = np.where(one, np.bitwise_count(self.lacked[last] - np.uint64(1)), WORD).astype(np.int64)
            column = self.codes + (np.arange(last.size) * (WORD + 1))[:, None]
            self.per_skill = np.bincount(
                column.ravel(), weights=np.broadcast_to(weights, one.shape).ravel(), minlength=last.size * (WORD + 1)
            ).reshape(last.size, WORD + 1)[:, :WORD]


def _top_gain(lacked: np.ndarray, weights: np.ndarray, slots: int) -> int:
    """The weight that the `slots` skills with the most open weight could complete (each completed set needs one of
    the skills still to choose): per skill, the weight of the open sets lacking it, from the sets' bits."""
    if slots <= 0:
        return 0
    bits = np.unpackbits(lacked.astype("<u8", copy=False).view(np.uint8).reshape(-1, 8), axis=1, bitorder="little")
    per_skill = weights @ bits
    return int(np.sort(per_skill)[-slots:].sum())


class WordSearch:
    """One search: the best value and skills found so far, the nodes entered, whether the budget stopped it."""

    def __init__(self, size: int, budget: int, deadline: float | None, best_value: int, best_codes: list[int]):
        self.size, self.budget, self.deadline = size, budget, deadline
        self.best_value, self.best_codes = best_value, best_codes
        self.nodes, self.stopped = 0, False

    def enter(self, value: int, completable: int, held_word: int) -> bool:
        """Count a node with `value` completed; True when its bound can still beat the best (expand it)."""
        self.nodes += 1
        if value > self.best_value:
            self.best_value, self.best_codes = value, bits_of(held_word)
        return value + completable > self.best_value

    def over(self) -> bool:
        """True (and the search marked stopped) when the node budget or the time is used up."""
        if self.nodes > self.budget or (self.deadline is not None and time.perf_counter() > self.deadline):
            self.stopped = True
        return self.stopped

    def expand(self, block: Children, row: int, node: tuple[np.ndarray, np.ndarray, int, int, int]) -> None:
        """The children of the node in `block`'s `row`, in order: the open sets it can still complete (missing
        1..slots skills) whose index is `start` or later, each adding the skills its set lacks. `node`: its parent's
        open sets (weights, index), its value, start and skills held (a word)."""
        weights, index, value, start, held_word = node
        slots, completable = block.slots[row], block.completable[row]
        if slots == 1:
            self._expand_last(block, row, node)
            return
        keep = np.flatnonzero((block.missing[row] - np.uint8(1)) < slots)  # 0 < missing <= slots (0 wraps)
        index = index[keep]
        positions = np.flatnonzero(index >= start)
        if positions.size == 0:
            return
        lacked, weights = block.lacked[row][keep], weights[keep]
        bound = value + min(completable, _top_gain(lacked, weights, slots))
        size, first = FIRST_BLOCK, 0
        while first < positions.size:
            chunk = positions[first : first + size]
            added = lacked[chunk]
            children = Children(lacked, weights, added, slots)
            for child, position in enumerate(chunk.tolist()):
                if bound <= self.best_value or self.over():
                    return
                child_value, child_word = value + children.gained[child], held_word | int(added[child])
                if self.enter(child_value, children.completable[child], child_word):
                    self.expand(children, child, (weights, index, child_value, int(index[position]) + 1, child_word))
            first += size
            size = min(2 * size, LAST_BLOCK)

    def _expand_last(self, block: Children, row: int, node: tuple[np.ndarray, np.ndarray, int, int, int]) -> None:
        """`expand` for a node with one slot left: each child adds the one skill its set lacks and completes the
        sets lacking only that skill; no child can be expanded (nothing is left to complete with no slot)."""
        _, index, value, start, held_word = node
        per_skill = block.per_skill[block.last[row]].tolist()
        bound = value + min(block.completable[row], int(max(per_skill)))
        codes = block.codes[block.last[row]]
        first = int(np.searchsorted(index, start))  # index ascends: the sets at `start` or later
        # Read in windows: the bound or the budget usually ends the loop after a few children.
        for window in range(first, codes.size, LAST_BLOCK):
            for code in codes[window : window + LAST_BLOCK].tolist():
                if code == WORD:  # a set lacking more than one skill: no child
                    continue
                if bound <= self.best_value or self.over():
                    return
                self.enter(value + int(per_skill[code]), 0, held_word | 1 << code)


def best_by_words(
    sets: np.ndarray,
    weights: np.ndarray,
    size: int,
    seed: list[int],
    budget: int,
    deadline: float | None,
) -> tuple[list[int], int, bool]:
    """`best_skill_set` for codes below 64 (see the module doc); sets sorted heaviest first, `seed` the first best."""
    words = set_words(sets)
    seed_word = sum(1 << int(c) for c in set(seed))
    search = WordSearch(
        size, budget, deadline, int(weights[(words & np.uint64(~seed_word & ALL_BITS)) == 0].sum()), seed
    )
    # The root is a block of one child, adding no skill, of a node whose open sets are every set.
    floats = weights.astype(np.float64)
    root = Children(words, floats, np.zeros(1, dtype=np.uint64), size)
    if search.enter(root.gained[0], root.completable[0], 0):
        search.expand(root, 0, (floats, np.arange(len(weights)), root.gained[0], 0, 0))
    return sorted(search.best_codes), search.best_value, not search.stopped
