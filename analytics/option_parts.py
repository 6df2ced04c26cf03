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

from collections.abc import Sequence

import numpy as np
import polars as pl

from analytics.row_runs import taken
from analytics.skill_code_table import SkillCodes, coded_skills, own_categories, ranked_counts, take

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
    as integer codes with numpy (~3x cheaper than polars' unique and sort of the categoricals at a million rows)."""
    series = source.get_column(column)
    inner = series.dtype.inner if isinstance(series.dtype, pl.List) else series.dtype
    if not isinstance(inner, pl.Categorical):
        return distinct(rows_part(source, [column], rows), column, by_count=by_count).collect().to_series().to_list()
    part = series if rows is None else taken(series.to_frame(), rows).to_series()
    if isinstance(part.dtype, pl.List):
        part = part.explode(empty_as_null=False, keep_nulls=False)  # a null entry stays, and is dropped next
    # A category no row holds has no count: a filter's `is_in` adds the values it looks for to the categories.
    names = inner.categories.to_series()
    counts = np.bincount(part.to_physical().drop_nulls().to_numpy(), minlength=names.len())
    present = np.flatnonzero(counts)
    found = pl.DataFrame(
        {"value": names.gather(present), "n": counts[present]}, schema={"value": pl.String, "n": pl.Int64}
    )
    ordered = found.sort(["n", "value"], descending=[True, False]) if by_count else found.sort("value")
    return ordered.get_column("value").to_list()


def in_countries(regions: list[str], countries: tuple[str, ...]) -> list[str]:
    """The regions ("US-CA") of the given countries, in their order."""
    frame = pl.DataFrame({"regions": regions}, schema={"regions": pl.String})
    return frame.filter(pl.col("regions").str.split("-").list.first().is_in(list(countries)))["regions"].to_list()


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
    "SkillCodes",  # what `option_parts` gives, with the option frame
    "distinct",
    "in_countries",
    "keep_chosen",
    "option_frame",
    "option_parts",
    "rows_part",
    "skill_options",
    "values_at",
]
