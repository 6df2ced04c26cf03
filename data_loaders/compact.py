"""Per-application outcomes stored compactly: low-cardinality text columns as Enum / Categorical (issue 9).

At 10,000,000 applications every text column costs 60–300 MB as strings and 10–40 MB as integer codes, and
grouping by codes is cheaper than by strings. Outcomes are compacted where a dataset is made (`dashboard/dataset.py:
read_outcomes` reads the sample with `read_compact_outcomes`; `dashboard/state.py: use_session_dataset` calls
`compact_outcomes`). The analytics give the same numbers and tables on either form: grouped results cast their keys
back with `restore_text` (tests/data_loaders/test_compact.py, tests/analytics/test_compact_equivalence.py).

- `stage` and `status` become `pl.Enum(STAGES)` / `pl.Enum(STATUSES)` (one byte per row) when every value is in
  the vocabulary; otherwise Categorical, so no value is ever lost.
- `company`, `title`, `field`, `term`, `major`, `source` become Categorical (four bytes per row). Polars sorts
  Categorical values lexically, compares them with string literals and `is_in` string lists, so filters, group-bys
  and sorted results read as before; joins and concatenations with String columns do not, so analytics that join
  outcome columns to listings' String columns cast back first.
- Kept as strings: the ids (near-unique, hashed for clustering and matched against listings' ids), `region`
  (its country prefix is read with string functions; short codes cost little) and `applicant_skills`.

Polars keeps one global dictionary of categories for the life of the process. A column is therefore made
Categorical only when it has few distinct values (`MAX_CATEGORIES`, and at most half its rows): a session's upload
with near-unique text stays String and cannot grow that dictionary without bound.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import polars as pl

from data_loaders.schema import STAGES, STATUSES

ENUM_COLUMNS: dict[str, tuple[str, ...]] = {"stage": STAGES, "status": STATUSES}
CATEGORICAL_COLUMNS: tuple[str, ...] = ("company", "title", "field", "term", "major", "source")
COMPACT_COLUMNS: tuple[str, ...] = (*ENUM_COLUMNS, *CATEGORICAL_COLUMNS)
MAX_CATEGORIES = 65_536  # distinct values (estimated) above which a column stays String
SAMPLE_ROWS = 200_000  # rows `read_compact_outcomes` judges the number of distinct values on


def is_per_application(frame: pl.DataFrame) -> bool:
    """True for per-application outcomes (a `stage` column), the only kind this module compacts."""
    return "stage" in frame.columns


def _enum_fits(column: pl.Series, vocabulary: tuple[str, ...]) -> bool:
    """True when every non-null value of a String column is one of `vocabulary`."""
    return bool(column.drop_nulls().unique().is_in(list(vocabulary)).all())


def _few_values(column: pl.Series) -> bool:
    """True when a String column has few enough distinct values to be Categorical (see the module docstring)."""
    distinct = int(column.to_frame().select(pl.first().approx_n_unique()).item())
    return distinct <= MAX_CATEGORIES and distinct <= max(column.len() // 2, 1)


def compact_dtype(name: str, column: pl.Series) -> pl.DataType | None:
    """The compact type of outcome column `name` holding `column`, or None to keep it as it is."""
    if column.dtype != pl.String or name not in COMPACT_COLUMNS:
        return None
    if name in ENUM_COLUMNS:
        vocabulary = ENUM_COLUMNS[name]
        return pl.Enum(vocabulary) if _enum_fits(column, vocabulary) else pl.Categorical()
    return pl.Categorical() if _few_values(column) else None


def compact_casts(frame: pl.DataFrame) -> list[pl.Expr]:
    """The casts `compact_outcomes` applies to `frame` (empty when there is nothing to compact)."""
    if not is_per_application(frame):
        return []
    casts: list[pl.Expr] = []
    for name in COMPACT_COLUMNS:
        target = compact_dtype(name, frame.get_column(name)) if name in frame.columns else None
        if target is not None:
            casts.append(pl.col(name).cast(target))
    return casts


def compact_outcomes(frame: pl.DataFrame) -> pl.DataFrame:
    """Per-application outcomes with their low-cardinality text columns as Enum / Categorical.

    Returns `frame` itself when there is nothing to compact: aggregated counts, an already compact frame, or
    columns with too many distinct values. Values, nulls, row order and column order are unchanged.
    """
    casts = compact_casts(frame)
    return frame.with_columns(casts) if casts else frame


def read_compact_outcomes(path: str | Path) -> pl.DataFrame:
    """A Parquet outcomes file, compact as `compact_outcomes` makes it, with a lower peak and little extra time.

    The file is read once, streaming, with the casts in the scan, so it is never in memory as strings (10,000,000
    applications: peak 2.5 GB instead of 3.4 GB). Which text columns have few values is judged on the first
    `SAMPLE_ROWS` rows (near-unique text shows there); a stage or status outside its vocabulary makes the strict
    Enum cast fail, and the file is then read and compacted in memory, exactly as `compact_outcomes` does.
    """
    schema = pl.read_parquet_schema(path)
    text = [name for name in COMPACT_COLUMNS if schema.get(name) == pl.String]
    if "stage" not in schema or not text:
        return pl.read_parquet(path)
    head = pl.scan_parquet(path).head(SAMPLE_ROWS).select(text).collect()
    casts = [
        pl.col(name).cast(pl.Enum(ENUM_COLUMNS[name]) if name in ENUM_COLUMNS else pl.Categorical())
        for name in text
        if name in ENUM_COLUMNS or _few_values(head.get_column(name))
    ]
    try:
        return pl.scan_parquet(path).with_columns(casts).collect(engine="streaming")
    except pl.exceptions.InvalidOperationError:  # a value outside STAGES / STATUSES: decide on the whole column
        return compact_outcomes(pl.read_parquet(path))


def expand_outcomes(frame: pl.DataFrame) -> pl.DataFrame:
    """The inverse of `compact_outcomes`: every Enum / Categorical column back to String (for exports, tests)."""
    casts = [
        pl.col(name).cast(pl.String)
        for name, dtype in frame.schema.items()
        if isinstance(dtype, pl.Enum | pl.Categorical)
    ]
    return frame.with_columns(casts) if casts else frame


def restore_text_exprs(schema: Mapping[str, pl.DataType], columns: Sequence[str]) -> list[pl.Expr]:
    """Casts back to String of the compacted outcome columns among `columns` (by the frame's `schema`)."""
    return [
        pl.col(name).cast(pl.String)
        for name in columns
        if name in COMPACT_COLUMNS and isinstance(schema.get(name), pl.Enum | pl.Categorical)
    ]


def restore_text(frame: pl.DataFrame, columns: Sequence[str] | None = None) -> pl.DataFrame:
    """`frame` with its compacted outcome columns (among `columns`, default all) back as String.

    For small results (group keys after a group-by): a result leaves the analytics exactly as it did when the rows
    were strings. Other Enum columns (e.g. the derived `gpa_band`) keep their type.
    """
    casts = restore_text_exprs(frame.schema, frame.columns if columns is None else columns)
    return frame.with_columns(casts) if casts else frame
