"""Each listing's cleaned skill list as integer codes in a compressed-row (CSR) layout, for the skill gap: built once
per listings frame, then a new set of a student's skills is numpy work on two arrays instead of string lists.

`listing_skill_codes(listings)` cleans every listing's skill list as the gap's string path does (null lists and null
skills dropped, a skill listed twice kept once, at its first place) and numbers the skills by `vocabulary`, the
distinct skills sorted as polars sorts text, so code order is name order. Row `i`'s codes are
`codes[offsets[i]:offsets[i + 1]]`. Nothing is cached here: the dashboard memoises the codes per listings frame
(`state.listing_coder`) and passes that hook into analytics (`GapFrames(..., code_listings=...)`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar, cast

import numpy as np
import polars as pl

T = TypeVar("T")


class ListingSkillCodes:
    """The cleaned skill lists of a listings frame: `vocabulary`, `offsets` (rows + 1, int64), `codes` (uint16)."""

    def __init__(self, vocabulary: list[str], offsets: np.ndarray, codes: np.ndarray) -> None:
        self.vocabulary = vocabulary
        self.offsets = offsets
        self.codes = codes
        self.lengths = np.diff(offsets)
        # The row of each code: lets per-code flags be counted per row or gathered back to rows.
        self.row_of = np.repeat(np.arange(self.lengths.size, dtype=np.int32), self.lengths)
        self._derived: dict[str, object] = {}

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()` the first time `name` is asked for, the same object afterwards: answers that depend only on
        these listings (not on a student's skills) live as long as the codes do, as `GapFrames.derived` does."""
        if name not in self._derived:
            self._derived[name] = compute()
        return cast(T, self._derived[name])  # a name is always computed by the same kind of `compute`

    @property
    def height(self) -> int:
        """How many listings (rows) the codes describe."""
        return int(self.lengths.size)

    def held(self, names: Iterable[str]) -> np.ndarray:
        """Per vocabulary code: True when `names` holds the skill (exact names, as `is_in` matches)."""
        wanted = set(names)
        return np.array([skill in wanted for skill in self.vocabulary], dtype=bool)

    def count_per_row(self, flags: np.ndarray) -> np.ndarray:
        """Per row: how many of its codes have `flags` (one bool per code) set."""
        running = np.concatenate(([0], np.cumsum(flags, dtype=np.int64)))
        counts: np.ndarray = running[self.offsets[1:]] - running[self.offsets[:-1]]
        return counts

    def names(self, codes: np.ndarray) -> pl.Series:
        """The skill names of `codes`, as a String series."""
        return pl.Series("skill", self.vocabulary, dtype=pl.String).gather(codes.astype(np.int64))


def listing_skill_codes(listings: pl.DataFrame, column: str = "skills") -> ListingSkillCodes:
    """The cleaned skill lists of `listings[column]` (a list column of text or Enum) as codes; see the module doc."""
    lists = listings.get_column(column).cast(pl.List(pl.String))
    lengths = lists.list.len().fill_null(0).to_numpy().astype(np.int64)
    flat = lists.explode(empty_as_null=False, keep_nulls=False)  # a null or empty list gives no value
    vocabulary = flat.drop_nulls().unique().sort().to_list()
    listed = flat.is_not_null().to_numpy()
    # Two bytes a code while the vocabulary allows (a few hundred skills): the codes of a million listings stay small.
    width = np.uint16 if len(vocabulary) < 2**16 else np.int32
    codes = flat.cast(pl.Enum(vocabulary)).to_physical().fill_null(0).to_numpy().astype(width)
    rows = np.repeat(np.arange(lengths.size, dtype=np.int64), lengths)
    keep = listed
    # A null gets the code past the vocabulary in this key, so it never hides a real skill listed after it.
    key = pl.Series(rows * (len(vocabulary) + 1) + np.where(listed, codes.astype(np.int64), len(vocabulary)))
    if key.n_unique() < key.len():  # loaders give distinct skills; de-duplicate only when some list repeats one
        keep = listed & key.is_first_distinct().to_numpy()
    elif listed.all():
        return ListingSkillCodes(vocabulary, np.concatenate(([0], np.cumsum(lengths))).astype(np.int64), codes)
    kept = np.bincount(rows[keep], minlength=lengths.size).astype(np.int64)
    return ListingSkillCodes(vocabulary, np.concatenate(([0], np.cumsum(kept))).astype(np.int64), codes[keep])
