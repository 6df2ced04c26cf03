"""The raw table every reader returns, and the tidying and caps all of them apply (delimited text, JSON, workbooks,
Parquet and databases alike)."""

from __future__ import annotations

import re
from dataclasses import dataclass

import polars as pl

from data_loaders.caps import cap_cells, cap_rows
from data_loaders.errors import LoadError
from data_loaders.report import RowIssue
from data_loaders.schema import OPTIONAL_COLUMNS, SCHEMAS

_GENERATED_NAME = re.compile(r"_duplicated_\d+|column_\d+")  # names polars gives unnamed columns


@dataclass(frozen=True)
class RawTable:
    """A raw table: every column a string or a list of strings, plus what was detected."""

    frame: pl.DataFrame
    format: str  # csv, tsv, xlsx, parquet, json, ndjson, sql
    source_label: str
    sheets: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()
    # Row number (1-based, as a spreadsheet shows it) of the first data row: 2 under a header line.
    first_row_number: int = 1
    already_canonical: bool = False  # a typed Parquet frame that already has a canonical schema
    # File row number of each frame row when blank rows were skipped (else consecutive numbers).
    row_numbers: pl.Series | None = None
    # A workbook's status-history sheet (application id, status, order), when one sits beside the data.
    history: pl.DataFrame | None = None
    # Caps hit and values emptied while reading (long cells, extra columns, out-of-range dates).
    issues: tuple[RowIssue, ...] = ()

    def rows(self) -> pl.Series:
        """The 1-based row number, as in the file, of every row of `frame` (for report examples)."""
        if self.row_numbers is not None:
            return self.row_numbers.alias("_row")
        start = self.first_row_number
        return pl.int_range(start, start + self.frame.height, eager=True, dtype=pl.Int64).alias("_row")


def capped(
    frame: pl.DataFrame, rows: pl.Series | None, first: int, issues: list[RowIssue]
) -> tuple[pl.DataFrame, pl.Series | None, list[RowIssue]]:
    """Apply the row and cell caps to a raw frame, adding their issues."""
    frame, rows, row_issue = cap_rows(frame, rows)
    if row_issue:
        issues.append(row_issue)
    numbers = rows if rows is not None else pl.int_range(first, first + frame.height, eager=True, dtype=pl.Int64)
    frame, cell_issues = cap_cells(frame, numbers)
    return frame, rows, issues + cell_issues


def tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop unnamed all-empty columns and rows that are entirely empty (keeping `_position`)."""
    schema = frame.schema  # once: polars rebuilds the schema object on every access (quadratic on wide files)
    unnamed = [c for c in schema if not c.strip() or c.startswith("__UNNAMED__") or _GENERATED_NAME.fullmatch(c)]
    empty: set[str] = set()
    if unnamed:
        nulls = frame.select(pl.col(c).null_count() for c in unnamed).row(0)
        empty = {c for c, n in zip(unnamed, nulls, strict=False) if n == frame.height}
    keep = [c for c in schema if c not in empty]
    # Blank cells are missing values (Excel's '  ', CSV's empty fields); this is not type guessing.
    frame = frame.select(
        pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c)).alias(c) if schema[c] == pl.String else pl.col(c)
        for c in keep
    )
    if frame.width and frame.height:
        # After the blanking above a string cell is either null or has a visible character.
        filled = pl.any_horizontal([pl.col(c).is_not_null() for c in keep]) if keep else pl.lit(False)
        frame = frame.with_row_index("_position").filter(filled)
    return frame


def pop_position(frame: pl.DataFrame, first: int) -> tuple[pl.DataFrame, pl.Series | None]:
    """Split off the `_position` column `tidy` adds, as 1-based file row numbers starting at `first`."""
    if "_position" not in frame.columns:
        return frame, None
    return frame.drop("_position"), (frame["_position"].cast(pl.Int64) + first).alias("_row")


def require_rows(frame: pl.DataFrame, label: str) -> None:
    """Header-only or column-less tables cannot be loaded."""
    if frame.width == 0:
        raise LoadError(f"{label} has no columns", label, "add a header line naming the columns")
    if frame.height == 0:
        raise LoadError(f"{label} has a header but no data rows", label, "export the data again including its rows")


def is_canonical(frame: pl.DataFrame) -> str | None:
    """The kind whose canonical schema `frame` already has exactly, else None."""
    for kind, schema in SCHEMAS.items():
        optional = OPTIONAL_COLUMNS.get(kind, ())
        if all(frame.schema.get(c) == t or (c in optional and c not in frame.schema) for c, t in schema.items()):
            return kind
    return None
