"""Each listing's skills as integer codes, exploded once per listings frame: counting is then numpy, not strings.

`skill_codes(listings)` hashes every skill string once (as a categorical) and keeps, per listing, the codes of its
non-null skills in a flat array with offsets (a CSR layout): listing i owns `codes[offsets[i]:offsets[i + 1]]`.
`take(codes, rows)` gives the codes of a subset of listings (e.g. a filter's rows) in time proportional to the
subset, so a filtered view counts its skills with a gather and a bincount instead of exploding a million lists of
strings again. The dashboard keeps the codes of its listings in the memo and passes a `code_skills` hook into the
analytics (dashboard/skill_hooks.py); without it they code the frame they are given, with the same results. These
are the skills as listed (a skill listed twice counts twice, as skills demand always counted); the skill gap's codes
(analytics/skill_gap_codes.py) are cleaned lists, for another question.

Null entries inside a list are no skill, but a listing whose list has entries (even only nulls) still "lists
skills" (`listed`), as `skills.list.len() > 0` says everywhere in analytics/skills_demand.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import polars as pl


@dataclass(frozen=True, eq=False)
class SkillCodes:
    """The skills of `height` listings as integer codes (see the module docstring)."""

    names: pl.Series  # String: the distinct skills; a code is an index into it
    offsets: np.ndarray  # int64, height + 1: listing i's codes are codes[offsets[i]:offsets[i + 1]]
    codes: np.ndarray  # int32, one per (listing, non-null skill), in listing order
    listed: np.ndarray  # bool per listing: its list has at least one entry

    @property
    def height(self) -> int:
        """How many listings these codes describe."""
        return len(self.offsets) - 1

    def rows(self) -> np.ndarray:
        """The listing (row index) of each code."""
        return np.repeat(np.arange(self.height, dtype=np.int64), np.diff(self.offsets))


SkillCoder = Callable[[pl.DataFrame], SkillCodes]  # the `code_skills` hook: a listings frame -> its codes


def skill_codes(listings: pl.DataFrame) -> SkillCodes:
    """The skills of every row of `listings` as integer codes."""
    return coded_skills(listings.get_column("skills").cast(own_categories()))


def own_categories() -> pl.List:
    """A list of categoricals with categories of its own (not the process-wide ones): a value's physical code is then
    its index into them, 0..n-1, so codes need no remapping (that kept ~90 MB of int64 temporaries out of a million
    listings' coding: ~0.14 -> 0.06 s for the open half on a fresh process, where new memory costs most)."""
    return pl.List(pl.Categorical(pl.Categories.random()))


def coded_skills(skills: pl.Series) -> SkillCodes:
    """`skill_codes` of listings whose skills column, cast to `own_categories()`, is `skills` (e.g. cast beside the
    filter options' other columns: analytics/option_parts.py)."""
    dtype, height = skills.dtype, skills.len()
    if not (isinstance(dtype, pl.List) and isinstance(dtype.inner, pl.Categorical)):
        raise TypeError(f"the skills must be cast to own_categories(), not {dtype}")
    categories = dtype.inner.categories
    lengths = skills.list.len().fill_null(0).to_numpy().astype(np.int64)
    flat = skills.explode(empty_as_null=False, keep_nulls=False)
    per_listing = lengths
    if flat.null_count():  # a null inside a list is no skill
        present = flat.is_not_null().to_numpy()
        rows = np.repeat(np.arange(height, dtype=np.int64), lengths)[present]
        per_listing, flat = np.bincount(rows, minlength=height), flat.filter(present)
    offsets = np.zeros(height + 1, dtype=np.int64)
    np.cumsum(per_listing, out=offsets[1:])
    codes = flat.to_physical().to_numpy().view(np.int32)  # UInt32 codes below 2**31: the same bits, no copy
    names = categories.to_series().alias("skills")
    return SkillCodes(names=names, offsets=offsets, codes=codes, listed=lengths > 0)


def _run(index: np.ndarray) -> tuple[int, int] | None:
    """(first, stop) when `index` is one ascending unbroken run of row indices, else None."""
    if index.size == 0 or int(index[-1]) - int(index[0]) + 1 != index.size:
        return None
    return (int(index[0]), int(index[-1]) + 1) if bool((np.diff(index) == 1).all()) else None


def take(codes: SkillCodes, rows: np.ndarray | pl.Series | None) -> SkillCodes:
    """The codes of the listings at `rows` (row indices, in that order); every listing when None."""
    if rows is None:
        return codes
    index = rows.to_numpy() if isinstance(rows, pl.Series) else np.asarray(rows)
    index = index.astype(np.int64, copy=False)
    run = _run(index)
    if run is not None:  # one unbroken run (the open listings of the shared sample): views of the arrays, no gather
        first, stop = run
        start, end = int(codes.offsets[first]), int(codes.offsets[stop])
        offsets = codes.offsets[first : stop + 1] - start
        return SkillCodes(
            names=codes.names, offsets=offsets, codes=codes.codes[start:end], listed=codes.listed[first:stop]
        )
    offsets, positions = entry_positions(codes.offsets, index)
    return SkillCodes(names=codes.names, offsets=offsets, codes=codes.codes[positions], listed=codes.listed[index])


def entry_positions(offsets: np.ndarray, index: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For the rows `index` (int64) of a flat layout where row i's entries are at `offsets[i]:offsets[i + 1]` (any
    integer type): the taken rows' offsets (int64) and the positions of their entries, in row order."""
    starts = offsets[index].astype(np.int64, copy=False)
    lengths = offsets[index + 1] - starts
    taken = np.zeros(len(index) + 1, dtype=np.int64)
    np.cumsum(lengths, out=taken[1:])
    positions = np.repeat(starts - taken[:-1], lengths) + np.arange(int(taken[-1]), dtype=np.int64)
    return taken, positions


def codes_of(listings: pl.DataFrame, code_skills: SkillCoder | None = None) -> SkillCodes:
    """`code_skills(listings)` when a hook is given (it must describe these very rows), else `skill_codes(listings)`."""
    if code_skills is None:
        return skill_codes(listings)
    codes = code_skills(listings)
    if codes.height != listings.height:
        raise ValueError(f"the skill codes describe {codes.height:,} listings, the frame has {listings.height:,}")
    return codes


def skill_frame(names: pl.Series, counts: np.ndarray, column: str = "count") -> pl.DataFrame:
    """(skill, `column`) for every code whose count is above zero, in code order."""
    present = np.flatnonzero(counts)
    return pl.DataFrame(
        {"skill": names.gather(present), column: counts[present].astype(np.int64)},
        schema={"skill": pl.String, column: pl.Int64},
    )


def ranked_counts(codes: SkillCodes) -> pl.DataFrame:
    """(skill, count) of every skill `codes` list, most listed first, ties alphabetical."""
    counts = skill_frame(codes.names, np.bincount(codes.codes, minlength=codes.names.len()))
    return counts.sort(["count", "skill"], descending=[True, False])


def grouped_counts(
    codes: SkillCodes, keys: pl.Series, *, drop_null_key: bool = False
) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Per group of `keys` (one key per listing): (key, skill, count) for the cells above zero, and (key, n) =
    listings that list skills, for every key present (a null key is a group of its own unless `drop_null_key`)."""
    name = keys.name
    distinct = keys.unique()
    if drop_null_key:
        distinct = distinct.drop_nulls()
    lookup = pl.DataFrame({name: distinct, "_group": np.arange(distinct.len(), dtype=np.int64)})
    group = (
        keys.to_frame()
        .join(lookup, on=name, how="left", nulls_equal=True, maintain_order="left")
        .get_column("_group")
        .fill_null(-1)
        .to_numpy()
    )
    n_groups, n_names = distinct.len(), codes.names.len()
    listed = np.bincount(group[group >= 0], weights=codes.listed[group >= 0], minlength=n_groups).astype(np.int64)
    pair_group = group[codes.rows()]
    kept = pair_group >= 0
    cells = np.bincount(pair_group[kept] * n_names + codes.codes[kept], minlength=n_groups * n_names)
    cell = np.flatnonzero(cells)
    counts = pl.DataFrame(
        {
            name: distinct.gather(cell // n_names) if n_names else distinct.clear(),
            "skill": codes.names.gather(cell % n_names) if n_names else codes.names.clear(),
            "count": cells[cell].astype(np.int64),
        },
        schema={name: keys.dtype, "skill": pl.String, "count": pl.Int64},
    )
    totals = pl.DataFrame({name: distinct, "n": listed}, schema={name: keys.dtype, "n": pl.Int64})
    return counts, totals


__all__ = [
    "SkillCoder",
    "SkillCodes",
    "coded_skills",
    "codes_of",
    "entry_positions",
    "grouped_counts",
    "own_categories",
    "ranked_counts",
    "skill_codes",
    "skill_frame",
    "take",
]
