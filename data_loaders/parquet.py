"""Parquet (and typed database results): read without a native panic, every column made text.

polars panics (a pyo3 `PanicException`, a BaseException) when it formats a date outside the years
chrono can show (year 275,000) and refuses binary, duration or map columns as text. Here dates
outside years 1..9999 and numbers that are not finite become null with an issue *before* any cast,
and each exotic column is turned into text on its own, so one odd column never sinks the file.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import polars as pl

from data_loaders import limits
from data_loaders.caps import cap_cells, cap_columns, cap_rows
from data_loaders.errors import LoadError
from data_loaders.raw_table import RawTable, is_canonical, require_rows
from data_loaders.report import RowIssue, issue_from_mask
from data_loaders.text_decode import FIX_FORMAT

__all__ = ["is_panic", "null_unrepresentable", "read_parquet", "stringify_with_issues"]

_EPOCH = dt.date(1970, 1, 1)
_FIRST_DAY = (dt.date(1, 1, 1) - _EPOCH).days
_LAST_DAY = (dt.date(9999, 12, 31) - _EPOCH).days
_SAMPLE_ROWS = 1_000  # rows decoded to estimate a file's size in memory
_PER_DAY = {"ms": 86_400_000, "us": 86_400_000_000, "ns": 86_400_000_000_000}


def is_panic(exc: BaseException) -> bool:
    """True for pyo3's PanicException (a Rust panic surfacing in Python; not an Exception subclass)."""
    return type(exc).__name__ == "PanicException"


def _day_bounds(dtype: pl.DataType) -> tuple[int, int]:
    """Physical (integer) bounds of years 1..9999 for a Date or Datetime dtype (clamped to Int64)."""
    if dtype == pl.Date:
        return _FIRST_DAY, _LAST_DAY
    per_day = _PER_DAY[getattr(dtype, "time_unit", None) or "us"]
    low, high = _FIRST_DAY * per_day, (_LAST_DAY + 1) * per_day - 1
    return max(low, -(2**63) + 1), min(high, 2**63 - 1)


def null_unrepresentable(frame: pl.DataFrame, rows: pl.Series | None = None) -> tuple[pl.DataFrame, list[RowIssue]]:
    """Null dates outside years 1..9999 and non-finite numbers (inf, NaN), one issue per column."""
    schema = frame.schema
    numbers = rows if rows is not None else pl.int_range(1, frame.height + 1, eager=True, dtype=pl.Int64)
    fixes: dict[str, pl.Expr] = {}
    reasons: dict[str, str] = {}
    for col, dtype in schema.items():
        if dtype in (pl.Date, pl.Datetime) or isinstance(dtype, pl.Datetime):
            low, high = _day_bounds(dtype)
            physical = pl.col(col).to_physical()
            fixes[col] = ((physical < low) | (physical > high)).fill_null(False)
            reasons[col] = "date outside the years 1 to 9999 (left empty)"
        elif dtype in (pl.Float32, pl.Float64):
            fixes[col] = (~pl.col(col).is_finite()).fill_null(False)
            reasons[col] = "number is infinite or not a number (left empty)"
    if not fixes or frame.height == 0:
        return frame, []
    hits = frame.select(mask.any().alias(col) for col, mask in fixes.items()).row(0, named=True)
    issues: list[RowIssue] = []
    changed: list[pl.Expr] = []
    for col, hit in hits.items():
        if not hit:
            continue
        probe = frame.select(
            numbers.alias("_row"), fixes[col].alias("_hit"), pl.col(col).to_physical().cast(pl.String).alias("_raw")
        )
        issue = issue_from_mask(probe, pl.col("_hit"), reasons[col], col, "_raw")
        if issue:
            issues.append(issue)
        changed.append(pl.when(fixes[col]).then(None).otherwise(pl.col(col)).alias(col))
    return (frame.with_columns(changed) if changed else frame), issues


def _decoded_bytes_per_row(file: Any) -> float:
    """Bytes per row once decoded, from the first rows (text columns read as dictionaries, so a repeated value counts per row)."""
    # Imported here: pyarrow takes ~0.3 s to import and only a Parquet file needs it.
    import pyarrow as pa
    import pyarrow.compute as pc

    batch = next(file.iter_batches(batch_size=_SAMPLE_ROWS), None)
    if batch is None or batch.num_rows == 0:
        return 0.0
    total = 0
    for column in batch.columns:
        if isinstance(column, pa.DictionaryArray):
            lengths = (
                pc.binary_length(column.dictionary)
                if pa.types.is_string(column.dictionary.type) or pa.types.is_binary(column.dictionary.type)
                else None
            )
            total += column.indices.nbytes + (
                pc.sum(pc.take(lengths, column.indices)).as_py() or 0 if lengths is not None else column.nbytes
            )
        else:
            total += column.nbytes
    return float(total / batch.num_rows)


def check_footer(data: bytes, label: str) -> None:
    """Refuse, before decoding, a file whose footer declares more rows than the cap or more decoded bytes than the budget."""
    # Imported here: pyarrow takes ~0.3 s to import and only a Parquet file needs it.
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        schema = pq.read_schema(io.BytesIO(data))
        text = [
            f.name
            for f in schema
            if pa.types.is_string(f.type) or pa.types.is_large_string(f.type) or pa.types.is_binary(f.type)
        ]
        file = pq.ParquetFile(io.BytesIO(data), read_dictionary=text)
        rows = file.metadata.num_rows
        stored = sum(file.metadata.row_group(i).total_byte_size for i in range(file.metadata.num_row_groups))
        decoded = max(stored, _decoded_bytes_per_row(file) * rows)
    except Exception:  # a footer pyarrow cannot parse: polars' reader gives the plain error below
        return
    fix = "filter the data down (e.g. one season or one country) and export it again, or split the file"
    if rows > limits.MAX_ROWS:
        raise LoadError(
            f"{label} holds {rows:,} rows (more than the {limits.MAX_ROWS:,} this app reads)", "the Parquet footer", fix
        )
    if decoded > limits.PARQUET_MAX_DECODED_BYTES:
        raise LoadError(
            f"{label} would take about {decoded / 1024**3:,.1f} GB of memory once decoded ({rows:,} rows; "
            f"at most {limits.PARQUET_MAX_DECODED_BYTES / 1024**3:,.0f} GB)",
            "the Parquet footer",
            fix,
        )


def read_parquet(data: bytes, label: str) -> RawTable:
    """Parquet; a frame already in a canonical schema keeps its types (validated later like any other)."""
    check_footer(data, label)
    try:
        frame = pl.read_parquet(io.BytesIO(data), n_rows=limits.MAX_ROWS + 1)
    except BaseException as exc:  # a native panic is a BaseException
        if not (isinstance(exc, Exception) or is_panic(exc)):
            raise
        raise LoadError(f"{label} is not a readable Parquet file ({type(exc).__name__})", label, FIX_FORMAT) from None
    issues: list[RowIssue] = []
    names, column_issue = cap_columns(frame.columns)
    if column_issue:
        frame, issues = frame.select(names), [column_issue]
    require_rows(frame, label)
    frame, _, row_issue = cap_rows(frame, None)
    if row_issue:
        issues.append(row_issue)
    frame, value_issues = null_unrepresentable(frame)
    issues.extend(value_issues)
    if is_canonical(frame):
        return RawTable(frame, "parquet", label, already_canonical=True, issues=tuple(issues))
    frame, text_issues = stringify_with_issues(frame, None)
    frame, cell_issues = cap_cells(frame, pl.int_range(1, frame.height + 1, eager=True, dtype=pl.Int64))
    return RawTable(frame, "parquet", label, issues=tuple(issues + text_issues + cell_issues))


def _as_json(value: Any) -> str | None:
    """One nested value (struct, map, list of structs) as JSON text."""
    return None if value is None else json.dumps(value, default=str, ensure_ascii=False)


def _is_plain_list(dtype: pl.DataType) -> bool:
    """A list of scalars (text, numbers, booleans, dates): kept as a list of text."""
    if not isinstance(dtype, (pl.List, pl.Array)):
        return False
    inner = dtype.inner
    return inner is not None and (
        inner.is_numeric() or inner in (pl.String, pl.Boolean, pl.Date) or isinstance(inner, pl.Datetime)
    )


def _text_expr(col: str, dtype: pl.DataType) -> pl.Expr:
    """The first-choice expression turning column `col` of `dtype` into String / List(String)."""
    if dtype == pl.String:
        return pl.col(col)
    if dtype == pl.Boolean:
        return pl.when(pl.col(col)).then(pl.lit("true")).when(pl.col(col).not_()).then(pl.lit("false")).alias(col)
    if isinstance(dtype, pl.Duration):
        return pl.col(col).to_physical().cast(pl.String)
    if dtype == pl.Binary:
        return pl.col(col).map_elements(lambda b: bytes(b).decode("utf-8", errors="replace"), return_dtype=pl.String)
    if _is_plain_list(dtype):
        return pl.col(col).cast(pl.List(pl.String()))
    if isinstance(dtype, (pl.List, pl.Array)):
        return pl.col(col).map_elements(_as_json, return_dtype=pl.String)
    if (
        isinstance(dtype, pl.Struct)
        or dtype == pl.Object
        or not (
            dtype.is_numeric()
            or dtype.is_temporal()
            or dtype == pl.Null
            or isinstance(dtype, (pl.Categorical, pl.Enum))
        )
    ):
        return pl.col(col).map_elements(_as_json, return_dtype=pl.String)
    return pl.col(col).cast(pl.String())


def stringify_with_issues(frame: pl.DataFrame, rows: pl.Series | None) -> tuple[pl.DataFrame, list[RowIssue]]:
    """Every column as String or List(String) (dates as ISO text); a column nothing can read becomes empty."""
    frame, issues = null_unrepresentable(frame, rows)
    out: list[pl.Series] = []
    for col, dtype in frame.schema.items():
        target = pl.List(pl.String()) if _is_plain_list(dtype) else pl.String()
        try:
            series = frame.select(_text_expr(col, dtype).alias(col)).to_series()
        except BaseException as exc:  # one bad column must not sink the file
            if not (isinstance(exc, Exception) or is_panic(exc)):
                raise
            series = pl.Series(col, [None] * frame.height, dtype=target)
            issues.append(
                RowIssue(
                    f"column of type {dtype} could not be read as text (left empty)",
                    col,
                    frame.height,
                    [{"row": None, "column": col, "value": str(dtype)}],
                )
            )
        out.append(series)
    return pl.DataFrame(out, height=frame.height) if out else frame, issues
