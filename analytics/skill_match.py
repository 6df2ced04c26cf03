"""The gap frames behind the skill gap and the benchmark: each opening's skill list cleaned once (nulls dropped,
duplicates removed) and split into the skills a student holds and misses.

Two paths give the same numbers. The string path (`gap_columns`, `GapFrames.considered`) works on the list columns
with vectorised list expressions; the coded path (`GapFrames.counts`, `GapFrames.missing_codes`) works on each
listing's skill codes (analytics/skill_gap_codes.py), built once per listings frame and memoised by the caller
(`code_listings`), so a new set of skills is a few numpy passes over integer arrays. analytics/skill_gap.py builds
its answers on the coded path and re-exports `GapFrames`, `one_of`, `normalise_my_skills`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TypeVar, cast

import numpy as np
import polars as pl

from analytics.skill_gap_codes import ListingSkillCodes, listing_skill_codes
from data_loaders.normalise.skills import canonical_skill

STRING_LIST = pl.List(pl.String)
T = TypeVar("T")
CodeListings = Callable[[pl.DataFrame], ListingSkillCodes]


def one_of(values: Iterable[str]) -> pl.Expr:
    """A literal set of strings for `is_in` (imploded: polars 2 reads a bare Series as ambiguous)."""
    return pl.lit(pl.Series(list(values), dtype=pl.String)).implode()


def normalise_my_skills(my_skills: Iterable[str]) -> list[str]:
    """Unique canonical skill names, sorted ("python" -> "Python"; unknown names kept as typed; a bare string is one skill)."""
    if isinstance(my_skills, str):
        my_skills = [my_skills]
    stripped = {s.strip() for s in my_skills if s and s.strip()}
    return sorted({canonical_skill(s) or s for s in stripped})


def gap_columns(listings: pl.DataFrame, mine: list[str], with_matched: bool = True) -> pl.DataFrame:
    """Listings plus _skills (clean), missing_skills (and matched_skills), their counts and match."""
    held = one_of(mine)
    skills = pl.col("skills").fill_null(pl.lit([], dtype=STRING_LIST))
    column = listings.get_column("skills")
    if column.explode(empty_as_null=False, keep_nulls=False).null_count():  # cheap: drop_nulls only when needed
        skills = skills.list.eval(pl.element().drop_nulls()).list.unique(maintain_order=True)
    elif not (column.list.n_unique() == column.list.len()).all():
        # Loaders give each listing distinct skills; checking that costs about half of de-duplicating every list.
        skills = skills.list.unique(maintain_order=True)
    # list.eval + is_in is ~5x faster than list.set_intersection against a literal list.
    lists = [pl.col("_skills").list.eval(pl.element().filter(~pl.element().is_in(held))).alias("missing_skills")]
    if with_matched:
        lists.append(pl.col("_skills").list.eval(pl.element().filter(pl.element().is_in(held))).alias("matched_skills"))
    return (
        listings.with_columns(skills.alias("_skills"))
        .with_columns(lists)
        .with_columns(
            pl.col("_skills").list.len().cast(pl.Int32).alias("n_required"),
            pl.col("missing_skills").list.len().cast(pl.Int32).alias("n_missing"),
        )
        .with_columns(
            (pl.col("n_required") - pl.col("n_missing")).alias("n_matched"),
            pl.when(pl.col("n_required") > 0)
            .then((pl.col("n_required") - pl.col("n_missing")) / pl.col("n_required"))
            .alias("match"),
        )
    )


class GapFrames:
    """The gap frames of one (listings, skills) pair, each computed on first use and then kept on this object.

    A plan asks several questions of the same filtered frame and skills (readiness, missing skills, the
    learning path); one GapFrames shares that work between them. It is a plain value with no global state:
    caching across reruns and sessions is the dashboard's job (dashboard/state.py).
    """

    def __init__(
        self, listings: pl.DataFrame, my_skills: Iterable[str], code_listings: CodeListings | None = None
    ) -> None:
        self.listings = listings
        self.mine = normalise_my_skills(my_skills)
        # The listings' skill codes, from the caller's memo when it passes one (a hook, as `code_applicants`).
        self._code_listings = code_listings or listing_skill_codes
        self._derived: dict[str, object] = {}

    def derived(self, name: str, compute: Callable[[], T]) -> T:
        """`compute()` the first time `name` is asked for, the same object afterwards."""
        if name not in self._derived:
            self._derived[name] = compute()
        return cast(T, self._derived[name])  # a name is always computed by the same kind of `compute`

    def codes(self) -> ListingSkillCodes:
        """The listings' skill codes (one row per listing)."""
        return self.derived("codes", lambda: self._code_listings(self.listings))

    def _coded(self) -> tuple[np.ndarray, np.ndarray]:
        """Per code: True when the student lacks that skill; per listing: how many of its skills they lack."""

        def compute() -> tuple[np.ndarray, np.ndarray]:
            codes = self.codes()
            lacked = ~codes.held(self.mine)[codes.codes]
            return lacked, codes.count_per_row(lacked)

        return self.derived("coded", compute)

    def counts(self) -> pl.DataFrame:
        """The string path's `considered()` without its lists: _row, n_required, n_missing, n_matched, match."""

        def compute() -> pl.DataFrame:
            codes, (_, n_missing) = self.codes(), self._coded()
            rows = np.flatnonzero(codes.lengths > 0)
            required = codes.lengths[rows].astype(np.int32)
            missing = n_missing[rows].astype(np.int32)
            # Built in numpy with the final dtypes (a cast and two expressions over the frame cost several times
            # more); `match` is `gap_columns`' division of the same two whole numbers, so bit for bit the same float.
            return pl.DataFrame(
                [
                    pl.Series("_row", rows.astype(np.uint32)),
                    pl.Series("n_required", required),
                    pl.Series("n_missing", missing),
                    pl.Series("n_matched", required - missing),
                    pl.Series("match", (required - missing) / required.astype(np.float64)),
                ]
            )

        return self.derived("counts", compute)

    def missing_codes(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """Per (opening, skill it asks that the student lacks), in row then list order: listing row, skill code, and
        how many skills that opening lacks (the coded `missing_exploded`)."""

        def compute() -> tuple[np.ndarray, np.ndarray, np.ndarray]:
            codes, (lacked, n_missing) = self.codes(), self._coded()
            rows = codes.row_of[lacked]
            return rows, codes.codes[lacked], n_missing[rows]

        return self.derived("missing_codes", compute)

    def considered(self) -> pl.DataFrame:
        """The gap columns (no other listing columns) of openings that list at least one skill."""
        # Selecting first keeps the filter from copying every listing column at 1M rows.
        return self.derived(
            "considered",
            lambda: gap_columns(
                self.listings.select("skills").with_row_index("_row"), self.mine, with_matched=False
            ).filter(pl.col("n_required") > 0),
        )

    def missing_exploded(self) -> pl.DataFrame:
        """One row per (considered opening, missing skill) with the opening's n_missing."""
        return self.derived(
            "missing",
            lambda: (
                self.considered()
                .filter(pl.col("n_missing") > 0)
                .select(pl.int_range(pl.len(), dtype=pl.UInt32).alias("_opening"), "n_missing", "missing_skills")
                .explode("missing_skills")
                .rename({"missing_skills": "skill"})
            ),
        )
