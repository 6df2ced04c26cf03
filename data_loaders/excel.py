"""Excel workbooks: read each sheet that fits as strings, after `excel_inspect.inspect_workbook` has checked the zip.

A sheet with dates Excel itself cannot show panics the reader: its columns are read again as serial numbers, shown
as dates where they can be and emptied with an issue where they cannot.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from typing import Any

import fastexcel
import polars as pl

from data_loaders.columns import history_columns
from data_loaders.errors import LoadError
from data_loaders.excel_inspect import inspect_workbook
from data_loaders.parquet import is_panic
from data_loaders.raw_table import RawTable, capped, pop_position, tidy
from data_loaders.report import RowIssue, issue_from_mask
from data_loaders.text_decode import FIX_FORMAT

__all__ = ["read_excel"]

_LAST_SERIAL = 2_958_466  # day serial of 10000-01-01: Excel shows dates up to 9999-12-31
_STYLES_MAX_BYTES = 64 * 1024**2
_FIX_SHEET = (
    "delete stray cells far from the table (Ctrl+End in Excel shows the last used cell) or save the sheet as CSV"
)


def _read_sheets(data: bytes, label: str, skip: set[str]) -> tuple[dict[str, pl.DataFrame], list[RowIssue]]:
    """Read every sheet not in `skip` as strings, one at a time; empty sheets are left out."""
    sheets: dict[str, pl.DataFrame] = {}
    issues: list[RowIssue] = []
    try:
        names = fastexcel.read_excel(data).sheet_names
        for name in names:
            if name in skip:
                continue
            try:
                sheets[name] = pl.read_excel(io.BytesIO(data), sheet_name=name, infer_schema_length=0)
            except BaseException as exc:  # NoDataError for an empty sheet; a date panic (a BaseException)
                if is_panic(exc) and data[:4] == b"PK\x03\x04":
                    sheets[name], found = _read_with_bad_dates(data, name, label)
                    issues.extend(found)
                elif not isinstance(exc, Exception) and not is_panic(exc):
                    raise
                elif "nodata" not in type(exc).__name__.lower() and "no data" not in str(exc).lower():
                    raise
    except LoadError:
        raise
    except BaseException as exc:  # any reader failure is a bad workbook, said plainly (never Rust's words)
        if not (isinstance(exc, Exception) or is_panic(exc)):
            raise
        raise LoadError(f"{label} is not a readable Excel workbook ({type(exc).__name__})", label, FIX_FORMAT) from None
    return sheets, issues


def _without_number_formats(data: bytes, label: str) -> bytes:
    """The workbook with every number format set to General: date cells then read as their serial numbers."""
    out = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(data)) as book,
        zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as copy,
    ):
        for info in book.infolist():
            part = book.read(info)
            if info.filename.lower() == "xl/styles.xml":
                if len(part) > _STYLES_MAX_BYTES:
                    raise LoadError(
                        f"{label} has date cells that cannot be shown and a {len(part) // 1024**2:,} MB style sheet",
                        "xl/styles.xml",
                        "format the date columns as text or save the sheet as CSV",
                    )
                part = re.sub(rb"<(\w+:)?numFmts\b.*?</(\w+:)?numFmts>", b"", part, flags=re.S)
                part = re.sub(rb"numFmtId\s*=\s*[\"'][0-9]*[\"']", b'numFmtId="0"', part)
            copy.writestr(info.filename, part)
    return out.getvalue()


def _bad_columns(reader: Any, name: str, columns: list[int]) -> list[int]:
    """Column indexes whose string read panics (a date Excel cannot show), found by halving."""
    try:
        reader.load_sheet(name, dtypes="string", use_columns=columns, eager=False).to_polars()
        return []
    except BaseException as exc:  # only the reader's panic is expected here
        if not is_panic(exc):
            raise
    if len(columns) == 1:
        return columns
    half = len(columns) // 2
    return _bad_columns(reader, name, columns[:half]) + _bad_columns(reader, name, columns[half:])


def _read_with_bad_dates(data: bytes, name: str, label: str) -> tuple[pl.DataFrame, list[RowIssue]]:
    """A sheet with dates Excel cannot show: those columns re-read as serials, shown as dates or emptied with an issue."""
    plain = pl.DataFrame(
        fastexcel.read_excel(_without_number_formats(data, label)).load_sheet(name, dtypes="string").to_polars()
    )
    reader = fastexcel.read_excel(data)
    bad = set(_bad_columns(reader, name, list(range(plain.width))))
    good = [i for i in range(plain.width) if i not in bad]
    # The readable columns as text (none to read when every column has a bad date).
    original = (
        pl.DataFrame(reader.load_sheet(name, dtypes="string", use_columns=good).to_polars()) if good else pl.DataFrame()
    )
    rows = pl.int_range(2, plain.height + 2, eager=True, dtype=pl.Int64).alias("_row")
    out: list[pl.Series] = []
    issues: list[RowIssue] = []
    for index, col in enumerate(plain.columns):
        if index not in bad:
            out.append(original.to_series(good.index(index)).alias(col))
            continue
        serial = plain[col].cast(pl.Float64, strict=False)
        wrong = (serial.is_not_null() & ~serial.is_between(0, _LAST_SERIAL, closed="left")).fill_null(False)
        shown = (
            pl.datetime(1899, 12, 30)
            + pl.duration(milliseconds=(pl.lit(serial).clip(0, _LAST_SERIAL) * 86_400_000).round().cast(pl.Int64))
        ).dt.strftime("%Y-%m-%d %H:%M:%S")
        fixed = plain.select(
            pl.when(pl.lit(wrong))
            .then(None)
            .when(pl.lit(serial).is_not_null())
            .then(shown)
            .otherwise(pl.col(col))
            .alias(col)
        ).to_series()
        issue = issue_from_mask(
            pl.DataFrame([rows, plain[col].str.slice(0, 40).alias("_raw"), wrong.alias("_hit")]),
            pl.col("_hit"),
            "date Excel cannot show (serial outside 1900 to 9999; left empty)",
            col,
            "_raw",
        )
        if issue:
            issues.append(issue)
        out.append(fixed)
    return pl.DataFrame(out, height=plain.height), issues


def read_excel(data: bytes, label: str, score: Callable[[list[str]], int] | None) -> RawTable:
    """Every sheet that fits read as strings; the best-mapped sheet wins, same-header sheets are stacked."""
    notes: list[str] = []
    issues: list[RowIssue] = []
    if data[:4] == b"PK\x03\x04":
        fits, too_big = inspect_workbook(data, label)
        for shape in too_big:
            notes.append(f"Sheet {shape.name!r} was not read: {shape.describe()}.")
        # A part the workbook index does not name cannot be skipped by name: refuse the file instead.
        unnamed = any(s.name == s.part for s in too_big)
        if too_big and (unnamed or not any(s.cells for s in fits)):
            worst = max(too_big, key=lambda s: (s.outside is None, s.cells))
            raise LoadError(f"{label} cannot be read: {worst.describe()}", f"sheet {worst.name!r}", _FIX_SHEET)
        sheets, issues = _read_sheets(data, label, {s.name for s in too_big})
    else:  # the old binary .xls: no zip to inspect; the worker's limits bound it
        sheets, issues = _read_sheets(data, label, set())
    popped = {n: pop_position(tidy(f), 2) for n, f in sheets.items()}
    tables = {n: f for n, (f, _) in popped.items() if f.height and f.width}
    if not tables:
        raise LoadError(
            f"{label} has no sheet with data rows",
            label,
            "put the table on a sheet with a header row and data below it",
        )
    score = score or (lambda cols: len(cols))

    def rank(item: tuple[str, pl.DataFrame]) -> tuple[int, float, int]:
        cols = item[1].columns
        mapped = score(cols)
        # Ties go to the sheet with the larger share of mapped columns (the cleanest table), then rows.
        return mapped, mapped / max(len(cols), 1), item[1].height

    best_name, best = max(tables.items(), key=rank)
    if score(best.columns) == 0:
        raise LoadError(
            f"No sheet of {label} has columns this app understands",
            f"sheets {', '.join(tables)}",
            "name the columns e.g. company, title, location",
        )
    same = [n for n, f in tables.items() if f.columns == best.columns]
    frame = pl.concat([tables[n] for n in same]) if len(same) > 1 else best
    parts = [popped[n][1] for n in same]
    present = [p for p in parts if p is not None]
    rows = pl.concat(present) if len(present) == len(parts) else None
    notes.insert(0, f"Read sheet(s) {', '.join(repr(n) for n in same)} of {len(tables)}.")
    frame, rows, issues = capped(frame, rows, 2, issues)
    history = _history_sheet({n: f for n, f in tables.items() if n not in same})
    return RawTable(
        frame,
        "xlsx",
        label,
        sheets=tuple(same),
        notes=tuple(notes),
        first_row_number=2,
        row_numbers=rows,
        history=None if history is None else history[1].with_columns(pl.lit(history[0]).alias("sheet")),
        issues=tuple(issues),
    )


def _history_sheet(sheets: dict[str, pl.DataFrame]) -> tuple[str, pl.DataFrame] | None:
    """The first sheet shaped like a status history, as (name, frame(application_id, status, order))."""
    for name, frame in sheets.items():
        cols = history_columns(frame.columns)
        if cols is None:
            continue
        app, status, order = cols
        order_expr = pl.col(order).cast(pl.Float64, strict=False) if order else pl.int_range(pl.len()).cast(pl.Float64)
        return name, frame.select(
            pl.col(app).str.strip_chars().alias("application_id"),
            pl.col(status).alias("status"),
            order_expr.alias("order"),
        )
    return None
