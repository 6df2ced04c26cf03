"""Format detection and raw reading: any file-ish source -> a polars frame of strings and lists.

No type guessing happens here (the normalisers do that); a reader only decides the format, the
encoding, the delimiter and (for workbooks) which sheets hold the data.
"""
from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import polars as pl

from data_loaders.errors import LoadError
from data_loaders.schema import SCHEMAS

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
# Keys under which JSON exports commonly wrap their record list.
WRAPPER_KEYS: tuple[str, ...] = ("data", "listings", "jobs", "internships", "records", "items", "results", "rows", "applications", "outcomes")
_FIX_FORMAT = "save it as CSV (UTF-8), Excel .xlsx, Parquet or JSON (an array of objects) and try again"


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

    def rows(self) -> pl.Series:
        """The 1-based row number, as in the file, of every row of `frame` (for report examples)."""
        if self.row_numbers is not None:
            return self.row_numbers.alias("_row")
        start = self.first_row_number
        return pl.int_range(start, start + self.frame.height, eager=True, dtype=pl.Int64).alias("_row")


def source_bytes(source: Any, name: str | None = None) -> tuple[bytes, str]:
    """Read a path, bytes or a file-like upload into bytes plus the file name used as its label."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or "upload"
    if isinstance(source, (str, Path)):
        path = Path(source)
        if not path.exists():
            raise LoadError(f"File not found: {path.name}", str(path), "check the path and file name")
        if path.is_dir():
            raise LoadError(f"{path.name} is a folder, not a file", str(path), "give the path of one data file")
        try:
            return path.read_bytes(), name or path.name
        except OSError as exc:
            raise LoadError(f"Cannot read {path.name}: {exc.strerror}", str(path), "check the file's permissions") from None
    if hasattr(source, "getvalue") or hasattr(source, "read"):
        data = source.getvalue() if hasattr(source, "getvalue") else source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        label = name or Path(str(getattr(source, "name", "upload"))).name
        return bytes(data), label
    raise LoadError(f"Unsupported source type {type(source).__name__}", "the source argument", "pass a path, bytes with name=, an upload or a database URL")


def read_raw(source: Any, *, name: str | None = None, score: Callable[[list[str]], int] | None = None) -> RawTable:
    """Detect the format of `source` (content first, then extension) and read it as strings/lists.

    `score(columns)` counts how many columns map to canonical ones; it picks workbook sheets.
    """
    data, label = source_bytes(source, name)
    suffix = Path(label).suffix.lower()
    if not data or data.isspace():  # isspace stops at the first visible byte; strip would copy
        raise LoadError(f"{label} is empty", label, "export the data again; the file has no content")
    if data[:4] == b"PAR1":
        return _read_parquet(data, label)
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return _read_excel(data, label, score)
    if suffix in {".parquet", ".xlsx", ".xlsm", ".xls"}:
        raise LoadError(f"{label} is not a valid {suffix[1:]} file (its content does not match)", label, _FIX_FORMAT)
    text, is_utf8 = _decode(data, label)
    stripped = text.lstrip()
    if stripped[:1] in "[{" or suffix in {".json", ".jsonl", ".ndjson"}:
        return _read_json(text, label)
    # polars reads UTF-8 bytes directly; only Latin-1 text needs re-encoding first.
    utf8 = (data[3:] if data[:3] == b"\xef\xbb\xbf" else data) if is_utf8 else None
    return _read_delimited(text, label, utf8)


def _decode(data: bytes, label: str) -> tuple[str, bool]:
    """(text, was UTF-8): UTF-8 with or without BOM, else Latin-1; binary content raises LoadError."""
    if b"\x00" in data[:65536]:
        raise LoadError(f"{label} looks like a binary file, not a table", label, _FIX_FORMAT)
    try:
        text, is_utf8 = data.decode("utf-8-sig"), True
    except UnicodeDecodeError:
        text, is_utf8 = data.decode("latin-1"), False
    sample = text[:65536]
    # Latin-1 decodes anything, so judge by control characters: text tables have almost none.
    controls = sum(1 for ch in sample if (ord(ch) < 32 and ch not in "\t\r\n") or 0x7F <= ord(ch) < 0xA0)
    if controls > max(2, len(sample) // 100):
        raise LoadError(f"{label} looks like a binary file, not a table", label, _FIX_FORMAT)
    return text, is_utf8


def _sniff_delimiter(text: str) -> str:
    """The delimiter giving the most columns consistently over the first lines (quotes respected)."""
    lines = text[:200_000].splitlines()[:50]
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim) if row]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def _read_delimited(text: str, label: str, utf8: bytes | None = None) -> RawTable:
    """CSV/TSV with a sniffed delimiter, every column read as a string."""
    delim = _sniff_delimiter(text)
    try:
        frame = pl.read_csv(
            io.BytesIO(utf8 if utf8 is not None else text.encode("utf-8")), separator=delim, infer_schema=False,
            truncate_ragged_lines=True,
        )
    except Exception:  # polars rejects some malformed quoting; the csv module is more forgiving
        rows = list(csv.reader(io.StringIO(text), delimiter=delim))
        if not rows:
            raise LoadError(f"{label} has no rows", label, "check that the file is a table with a header line") from None
        header = _unique_names(rows[0])
        width = len(header)
        # Blank lines stay as empty rows so row numbers keep matching the file; _tidy drops them.
        body = [(r + [None] * width)[:width] for r in rows[1:]]
        frame = pl.DataFrame(body, schema={h: pl.String() for h in header}, orient="row")
    frame, rows = _pop_position(_tidy(frame), 2)
    if frame.width < 2 and delim == ",":
        # One column: either a genuine one-column file or free text; both are useless as a table.
        raise LoadError(f"{label} does not look like a table (found one column)", label, "use a comma-, semicolon-, tab- or pipe-separated file with a header line")
    _require_rows(frame, label)
    return RawTable(frame, "tsv" if delim == "\t" else "csv", label, notes=(f"Delimiter {delim!r}.",), first_row_number=2, row_numbers=rows)


def _unique_names(names: list[str]) -> list[str]:
    """Header names made unique the way polars does (`name_duplicated_0`)."""
    seen: dict[str, int] = {}
    out = []
    for raw in names:
        base = raw or ""
        if base in seen:
            out.append(f"{base}_duplicated_{seen[base]}")
            seen[base] += 1
        else:
            out.append(base)
            seen[base] = 0
    return out


def _tidy(frame: pl.DataFrame) -> pl.DataFrame:
    """Drop unnamed all-empty columns and rows that are entirely empty (keeping `_position`)."""
    keep = []
    for col in frame.columns:
        unnamed = not col.strip() or col.startswith("__UNNAMED__") or re.fullmatch(r"_duplicated_\d+|column_\d+", col)
        if unnamed and frame[col].null_count() == frame.height:
            continue
        keep.append(col)
    # Blank cells are missing values (Excel's '  ', CSV's empty fields); this is not type guessing.
    frame = frame.select(
        pl.when(pl.col(c).str.strip_chars() != "").then(pl.col(c)).alias(c) if frame.schema[c] == pl.String else pl.col(c)
        for c in keep
    )
    if frame.width and frame.height:
        string_cols = [c for c, t in frame.schema.items() if t == pl.String]
        filled = pl.any_horizontal(
            [pl.col(c).str.strip_chars().str.len_chars().fill_null(0) > 0 for c in string_cols]
            + [pl.col(c).is_not_null() for c in frame.columns if c not in string_cols]
        )
        frame = frame.with_row_index("_position").filter(filled)
    return frame


def _pop_position(frame: pl.DataFrame, first: int) -> tuple[pl.DataFrame, pl.Series | None]:
    """Split off the `_position` column _tidy adds, as 1-based file row numbers starting at `first`."""
    if "_position" not in frame.columns:
        return frame, None
    return frame.drop("_position"), (frame["_position"].cast(pl.Int64) + first).alias("_row")


def _require_rows(frame: pl.DataFrame, label: str) -> None:
    """Header-only or column-less tables cannot be loaded."""
    if frame.width == 0:
        raise LoadError(f"{label} has no columns", label, "add a header line naming the columns")
    if frame.height == 0:
        raise LoadError(f"{label} has a header but no data rows", label, "export the data again including its rows")


def stringify(frame: pl.DataFrame) -> pl.DataFrame:
    """Cast every column to String, or List(String) for list columns (dates as ISO text)."""
    exprs = []
    for col, dtype in frame.schema.items():
        if isinstance(dtype, (pl.List, pl.Array)):
            exprs.append(pl.col(col).cast(pl.List(pl.String())))
        elif dtype == pl.String:
            exprs.append(pl.col(col))
        elif isinstance(dtype, pl.Struct) or dtype == pl.Object:
            exprs.append(pl.col(col).map_elements(lambda v: json.dumps(v, default=str), return_dtype=pl.String))
        elif dtype == pl.Boolean:
            exprs.append(pl.when(pl.col(col)).then(pl.lit("true")).when(pl.col(col).not_()).then(pl.lit("false")).alias(col))
        else:
            exprs.append(pl.col(col).cast(pl.String()))
    return frame.select(exprs)


def is_canonical(frame: pl.DataFrame) -> str | None:
    """The kind whose canonical schema `frame` already has exactly, else None."""
    for kind, schema in SCHEMAS.items():
        if all(frame.schema.get(c) == t for c, t in schema.items()):
            return kind
    return None


def _read_parquet(data: bytes, label: str) -> RawTable:
    """Parquet; a frame already in a canonical schema keeps its types (the fast path)."""
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as exc:
        raise LoadError(f"{label} is not a readable Parquet file ({type(exc).__name__})", label, _FIX_FORMAT) from None
    _require_rows(frame, label)
    if is_canonical(frame):
        return RawTable(frame, "parquet", label, already_canonical=True)
    try:
        frame = stringify(frame)
    except Exception as exc:
        raise LoadError(f"{label} has Parquet columns that cannot be read as text ({type(exc).__name__})", label, _FIX_FORMAT) from None
    return RawTable(frame, "parquet", label)


def _read_excel(data: bytes, label: str, score: Callable[[list[str]], int] | None) -> RawTable:
    """Every sheet read as strings; the best-mapped sheet wins, same-header sheets are stacked."""
    try:
        sheets: dict[str, pl.DataFrame] = pl.read_excel(io.BytesIO(data), sheet_id=0, infer_schema_length=0)
    except Exception as exc:
        raise LoadError(f"{label} is not a readable Excel workbook ({type(exc).__name__})", label, _FIX_FORMAT) from None
    popped = {n: _pop_position(_tidy(f), 2) for n, f in sheets.items()}
    tidy = {n: f for n, (f, _) in popped.items() if f.height and f.width}
    if not tidy:
        raise LoadError(f"{label} has no sheet with data rows", label, "put the table on a sheet with a header row and data below it")
    score = score or (lambda cols: len(cols))

    def rank(item: tuple[str, pl.DataFrame]) -> tuple[int, float, int]:
        cols = item[1].columns
        mapped = score(cols)
        # Ties go to the sheet with the larger share of mapped columns (the cleanest table), then rows.
        return mapped, mapped / max(len(cols), 1), item[1].height

    best_name, best = max(tidy.items(), key=rank)
    if score(best.columns) == 0:
        raise LoadError(f"No sheet of {label} has columns this app understands", f"sheets {', '.join(tidy)}", "name the columns e.g. company, title, location")
    same = [n for n, f in tidy.items() if f.columns == best.columns]
    frame = pl.concat([tidy[n] for n in same]) if len(same) > 1 else best
    parts = [popped[n][1] for n in same]
    rows = pl.concat(parts) if all(p is not None for p in parts) else None
    notes = [f"Read sheet(s) {', '.join(repr(n) for n in same)} of {len(tidy)}."]
    history = _history_sheet({n: f for n, f in tidy.items() if n not in same})
    return RawTable(frame, "xlsx", label, sheets=tuple(same), notes=tuple(notes), first_row_number=2, row_numbers=rows,
                    history=None if history is None else history[1].with_columns(pl.lit(history[0]).alias("sheet")))


def _history_sheet(sheets: dict[str, pl.DataFrame]) -> tuple[str, pl.DataFrame] | None:
    """The first sheet shaped like a status history, as (name, frame(application_id, status, order))."""
    from data_loaders.columns import history_columns

    for name, frame in sheets.items():
        cols = history_columns(frame.columns)
        if cols is None:
            continue
        app, status, order = cols
        order_expr = pl.col(order).cast(pl.Float64, strict=False) if order else pl.int_range(pl.len()).cast(pl.Float64)
        return name, frame.select(pl.col(app).str.strip_chars().alias("application_id"), pl.col(status).alias("status"),
                                  order_expr.alias("order"))
    return None


def _cell(value: Any) -> Any:
    """A JSON value as text (scalars) or a list of text (arrays)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return [v if isinstance(v, str) else (None if v is None else json.dumps(v) if isinstance(v, (dict, list)) else _cell(v)) for v in value]
    return json.dumps(value, default=str)


def _records_frame(records: list[dict[str, Any]]) -> pl.DataFrame:
    """Records -> frame with String or List(String) columns, union of keys in first-seen order."""
    keys: dict[str, None] = {}
    for rec in records:
        keys.update(dict.fromkeys(rec))
    columns: dict[str, pl.Series] = {}
    for key in keys:
        values = [_cell(rec.get(key)) for rec in records]
        if any(isinstance(v, list) for v in values):
            values = [v if isinstance(v, list) or v is None else [v] for v in values]
            columns[key] = pl.Series(key, values, dtype=pl.List(pl.String()))
        else:
            columns[key] = pl.Series(key, values, dtype=pl.String())
    return pl.DataFrame(columns)


def _json_records(payload: Any, label: str) -> list[dict[str, Any]]:
    """Find the list of records in a parsed JSON document."""
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key in payload:
            if key.lower() in WRAPPER_KEYS and isinstance(payload[key], list):
                return payload[key]
        values = list(payload.values())
        if values and all(isinstance(v, dict) for v in values):
            # An object keyed by id: the key becomes `id` when the record carries none.
            return [v if "id" in v else {"id": k, **v} for k, v in payload.items()]
        lists = [v for v in values if isinstance(v, list) and v and isinstance(v[0], dict)]
        if len(lists) == 1:
            return lists[0]
        return [payload]
    raise LoadError(f"{label} holds a single JSON value, not a table", label, "give an array of objects, one per row")


def _read_json(text: str, label: str) -> RawTable:
    """JSON array, object keyed by id, wrapped list, or NDJSON."""
    fmt = "json"
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        try:
            payload = [json.loads(line) for line in text.splitlines() if line.strip()]
            fmt = "ndjson"
        except json.JSONDecodeError:
            raise LoadError(f"{label} is not valid JSON ({exc.msg} at line {exc.lineno})", label, "fix the JSON syntax or export the data again") from None
    records = _json_records(payload, label)
    if not isinstance(records, list) or not records:
        raise LoadError(f"{label} holds no records", label, "give an array of objects, one per row")
    bad = sum(1 for r in records if not isinstance(r, dict))
    if bad:
        raise LoadError(f"{label} has {bad} entries that are not objects", label, "give an array of objects such as {\"company\": ..., \"title\": ...}")
    frame, rows = _pop_position(_tidy(_records_frame(records)), 1)
    _require_rows(frame, label)
    return RawTable(frame, fmt, label, row_numbers=rows)
