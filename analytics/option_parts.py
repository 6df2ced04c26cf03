"""The parts `available_options` (analytics/filters.py) counts with: the option frame, distinct values of a column
at some rows, and the skills options counted from integer skill codes.

At a million listings the filter options of a fresh server's first page were ~0.45 CPU-seconds, on the path of the
first page: casting every option column to a categorical (skills: 5.3 million strings), then polars' unique and sort
per option. Each column now has categories of its own, so an option's values are a bincount of its physical codes
(`values_at`); the skills are cast beside the other columns and kept as the integer codes of
analytics/skill_code_table.py (`option_parts`), and the Overview's top skills and the Skills demand views take their
rows from the same codes instead of hashing the open listings' skill strings again. The skills options are the skills
of the chosen rows, most listed first (ties alphabetical): `skill_code_table.ranked_counts`, as
`skills_demand.skill_counts` ranks them.
"""

from __future__ import annotations

import functools
import threading
import weakref
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import polars as pl

from analytics.row_runs import taken
from analytics.skill_code_table import SkillCodes, coded_skills, entry_positions, own_categories, ranked_counts, take

LIST_COLUMNS = ("countries", "regions", "cities", "terms", "skills")
OPTION_COLUMNS: tuple[str, ...] = (
    "active",
    "field",
    "countries",
    "regions",
    "cities",
    "work_mode",
    "company",
    "terms",
    "skills",
)


def option_frame(listings: pl.DataFrame, skills: bool = True) -> pl.DataFrame:
    """The columns `available_options` reads, text as categoricals: build once per listings frame and pass it along;
    `skills=False` leaves the skills out (a caller that passes their codes to `available_options`).

    Exploding and counting integer codes instead of strings makes every options change ~3-4x cheaper at a million
    listings (skills most of all); the options themselves are the same, as text.
    """

    def typed(column: str) -> pl.Expr:
        # Each column its own categories (not the process-wide ones): they then hold only its values, which
        # `values_at` reads its options from by code.
        dtype = listings.schema[column]
        if column == "skills":  # whatever its inner type (a column of null lists too): `option_parts` codes it
            return pl.col(column).cast(own_categories())
        if dtype == pl.String:
            return pl.col(column).cast(pl.Categorical(pl.Categories.random()))
        if dtype == pl.List(pl.String):
            return pl.col(column).cast(own_categories())
        return pl.col(column)

    columns = [column for column in OPTION_COLUMNS if column in listings.columns and (skills or column != "skills")]
    return listings.select(typed(column) for column in columns)


def option_parts(listings: pl.DataFrame) -> tuple[pl.DataFrame, SkillCodes]:
    """(`option_frame(listings, skills=False)`, `skill_codes(listings)`): the skills cast beside the other columns, in
    one select that polars runs on every core, then coded without hashing a string again."""
    frame = option_frame(listings)
    return frame.drop("skills"), coded_skills(frame.get_column("skills"))


def distinct(frame: pl.LazyFrame, column: str, *, by_count: bool = False) -> pl.LazyFrame:
    """A lazy query for the distinct non-null values of a (list) column: alphabetical, or most frequent first."""
    values = frame.select(pl.col(column).explode() if column in LIST_COLUMNS else pl.col(column)).drop_nulls()
    as_text = pl.col(column).cast(pl.String)  # an option frame's categories back to text (few values: cheap)
    if by_count:
        return (
            values.group_by(column)
            .len()
            .with_columns(as_text)
            .sort(["len", column], descending=[True, False])
            .select(column)
        )
    return values.unique().select(as_text).sort(column)


def values_at(source: pl.DataFrame, column: str, rows: pl.Series | None, *, by_count: bool = False) -> list[str]:
    """`distinct(...)` of `column` at `rows` (every row when None), as a list; on an option frame's column, counted
    as integer codes with numpy: the column's codes are kept once per frame (`column_codes`), so a new filter's
    options are a gather and a bincount each, with no polars query (~1-1.5 ms of fixed cost each at a field and a
    country, six or seven a filter change, against ~0.2 ms)."""
    series = source.get_column(column)
    inner = series.dtype.inner if isinstance(series.dtype, pl.List) else series.dtype
    if not isinstance(inner, pl.Categorical):
        return distinct(rows_part(source, [column], rows), column, by_count=by_count).collect().to_series().to_list()
    coded = column_codes(source, column)
    counts = coded.counts(rows)
    present = np.flatnonzero(counts)
    names = coded.names
    # Text sorts by code point here as by byte in polars (UTF-8 keeps that order): the same order as `distinct`.
    if by_count:
        ranked = sorted(zip((-counts[present]).tolist(), [names[code] for code in present.tolist()], strict=True))
        return [name for _, name in ranked]
    return sorted(names[code] for code in present.tolist())


@dataclass(frozen=True, eq=False)
class ColumnCodes:
    """An option frame's categorical column as integer codes: `names[code]` is a value's text. A scalar column has one
    code per row (`len(names)` for a null); a list column has its rows' non-null entries in a flat array, row i's at
    `codes[offsets[i]:offsets[i + 1]]`. Kept small beside the frame (~30 MB at a million listings): the codes share
    polars' memory where they can, the offsets are 32-bit."""

    names: list[str]
    codes: np.ndarray
    offsets: np.ndarray | None = None

    def counts(self, rows: pl.Series | None) -> np.ndarray:
        """How many times each value occurs at `rows` (every row when None), one count per name."""
        size = len(self.names)
        if rows is None:
            picked = self.codes
        elif self.offsets is None:
            picked = self.codes.take(rows.to_numpy())
        else:  # each row's run of entries, gathered as `skill_code_table.take` gathers a listing's skills
            picked = self.codes.take(entry_positions(self.offsets, rows.to_numpy().astype(np.int64))[1])
        return np.bincount(picked, minlength=size + 1)[:size]


_CODES: dict[int, tuple[weakref.ref[pl.DataFrame], dict[str, ColumnCodes]]] = {}
_CODES_LOCK = threading.RLock()  # re-entrant: a frame collected while it is held drops its entry under it


def column_codes(frame: pl.DataFrame, column: str) -> ColumnCodes:
    """`frame`'s categorical (or list of categoricals) `column` as `ColumnCodes`, made once per frame and column (and
    dropped with the frame)."""
    with _CODES_LOCK:
        owner, columns = _CODES.get(id(frame), (None, None))
        if owner is None or owner() is not frame or columns is None:
            columns = {}
            _CODES[id(frame)] = (weakref.ref(frame, functools.partial(_forget, id(frame))), columns)
        if column not in columns:
            columns[column] = _coded(frame.get_column(column))
        return columns[column]


def _forget(key: int, _: weakref.ref[pl.DataFrame]) -> None:
    """A frame's codes, dropped once the frame is gone."""
    with _CODES_LOCK:
        _CODES.pop(key, None)


def _coded(series: pl.Series) -> ColumnCodes:
    dtype = series.dtype
    if isinstance(dtype, pl.List):
        lists = coded_skills(series)  # its codes are a view of the exploded column where it has no null entry
        small = lists.offsets[-1] < 2**31  # 32-bit offsets: half the bytes, for any frame that fits them
        offsets = lists.offsets.astype(np.int32) if small else lists.offsets
        return ColumnCodes(names=lists.names.to_list(), codes=lists.codes, offsets=offsets)
    assert isinstance(dtype, pl.Categorical)
    names = dtype.categories.to_series().to_list()
    physical = series.to_physical()
    # With no null, the categorical's own codes (a view); else a copy with `len(names)` for a null.
    codes = physical.to_numpy() if physical.null_count() == 0 else physical.fill_null(len(names)).to_numpy()
    return ColumnCodes(names=names, codes=codes)


def in_countries(regions: list[str], countries: tuple[str, ...]) -> list[str]:
    """The regions ("US-CA") of the given countries, in their order."""
    chosen = set(countries)
    return [region for region in regions if region.split("-", 1)[0] in chosen]


def rows_part(source: pl.DataFrame, columns: Sequence[str], rows: pl.Series | None) -> pl.LazyFrame:
    """`columns` of `source` at the ascending row indices `rows` (every row when None), as a lazy frame: a slice
    without a copy when they are one unbroken run (the open listings of the shared sample)."""
    chosen = source.select(columns)
    return (chosen if rows is None else taken(chosen, rows)).lazy()


def skill_options(codes: SkillCodes, rows: pl.Series | None) -> list[str]:
    """The skills of the listings at `rows` (every listing when None), most listed first, ties alphabetical: what
    `distinct(..., "skills", by_count=True)` gives for those rows' skill lists."""
    return ranked_counts(take(codes, rows)).get_column("skill").to_list()


def keep_chosen(options: list[str], chosen: tuple[str, ...]) -> list[str]:
    """Options plus any chosen value missing from them, so a value from a link stays selectable."""
    present = set(options)
    return options + [value for value in chosen if value not in present]


__all__ = [
    "LIST_COLUMNS",
    "OPTION_COLUMNS",
    "ColumnCodes",
    "SkillCodes",  # what `option_parts` gives, with the option frame
    "column_codes",
    "distinct",
    "in_countries",
    "keep_chosen",
    "option_frame",
    "option_parts",
    "rows_part",
    "skill_options",
    "values_at",
]
