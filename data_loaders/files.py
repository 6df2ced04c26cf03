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
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl

from data_loaders import limits
from data_loaders.caps import cap_columns, cap_lines, has_long_line
from data_loaders.errors import LoadError
from data_loaders.excel import read_excel
from data_loaders.parquet import read_parquet, stringify_with_issues
from data_loaders.raw_table import RawTable, capped, pop_position, require_rows, tidy
from data_loaders.report import RowIssue
from data_loaders.text_decode import FIX_FORMAT, decode_text

__all__ = ["read_raw", "source_bytes", "stringify"]

DELIMITERS: tuple[str, ...] = (",", ";", "\t", "|")
# Keys under which JSON exports commonly wrap their record list.
WRAPPER_KEYS: tuple[str, ...] = (
    "data",
    "listings",
    "jobs",
    "internships",
    "records",
    "items",
    "results",
    "rows",
    "applications",
    "outcomes",
)
_FIX_FORMAT = FIX_FORMAT
_JSON_SUFFIXES = frozenset({".json", ".jsonl", ".ndjson"})
_HEAD_BYTES = 1024 * 1024  # what the fast UTF-8 path decodes to sniff the delimiter and check the text


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
            raise LoadError(
                f"Cannot read {path.name}: {exc.strerror}", str(path), "check the file's permissions"
            ) from None
    if hasattr(source, "getvalue") or hasattr(source, "read"):
        data = source.getvalue() if hasattr(source, "getvalue") else source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        label = name or Path(str(getattr(source, "name", "upload"))).name
        return bytes(data), label
    raise LoadError(
        f"Unsupported source type {type(source).__name__}",
        "the source argument",
        "pass a path, bytes with name=, an upload or a database URL",
    )


def read_raw(source: Any, *, name: str | None = None, score: Callable[[list[str]], int] | None = None) -> RawTable:
    """Detect the format of `source` (content first, then extension) and read it as strings/lists.

    `score(columns)` counts how many columns map to canonical ones; it picks workbook sheets.
    """
    data, label = source_bytes(source, name)
    suffix = Path(label).suffix.lower()
    if not data or data.isspace():  # isspace stops at the first visible byte; strip would copy
        raise LoadError(f"{label} is empty", label, "export the data again; the file has no content")
    if data[:4] == b"PAR1":
        return read_parquet(data, label)
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        return read_excel(data, label, score)
    if suffix in {".parquet", ".xlsx", ".xlsm", ".xls"}:
        raise LoadError(f"{label} is not a valid {suffix[1:]} file (its content does not match)", label, _FIX_FORMAT)
    fast = _read_plain_utf8(data, label, suffix)
    if fast is not None:
        return fast
    decoded = decode_text(data, label)
    # Plain UTF-8 goes to the CSV reader as the original bytes when nothing in the text changes (no re-encoding:
    # seconds on a 266 MB file); otherwise the decoded text replaces the bytes: one copy in memory, not two.
    original = data if decoded.encoding == "utf-8" and not decoded.newlines_fixed else None
    del data
    text = decoded.text
    notes = (decoded.note,) if decoded.note else ()
    stripped = text[:4096].lstrip()
    if stripped[:1] in "[{" or suffix in _JSON_SUFFIXES:
        return _with_notes(_read_json(text, label), notes)
    return _with_notes(_read_delimited(text, label, original), notes)


def _with_notes(raw: RawTable, notes: tuple[str, ...]) -> RawTable:
    """`raw` with decoder notes put first."""
    return raw if not notes else replace(raw, notes=notes + raw.notes)


def _sniff_delimiter(text: str) -> str:
    """The delimiter giving the most columns consistently over the first lines (quotes respected)."""
    lines = text[:200_000].split("\n", 50)[:50]
    best, best_score = ",", (-1, -1)
    for delim in DELIMITERS:
        try:
            counts = [len(row) for row in csv.reader(lines, delimiter=delim, skipinitialspace=True) if row]
        except csv.Error:
            continue
        if not counts or counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0])
        score = (consistent, counts[0])
        if score > best_score:
            best, best_score = delim, score
    return best


def _header_width(text: str, delim: str) -> int:
    """How many fields the header line has (the first record; quoted newlines respected)."""
    try:
        return len(next(csv.reader(io.StringIO(text[: limits.MAX_LINE_CHARS]), delimiter=delim), []))
    except csv.Error:
        return 0


def _read_plain_utf8(data: bytes, label: str, suffix: str) -> RawTable | None:
    """A plain UTF-8 delimited file read straight from its bytes, never decoded into a Python string.

    Taken only when nothing would rewrite the text: no byte-order mark, the first MiB is UTF-8 with
    no long line, no CR-only line ends, no space before a quote, not JSON, columns within the cap.
    The CSV reader then checks the rest is UTF-8 (it refuses anything else); None sends the file down
    the general path (decoder, quirks, the forgiving reader), which would pass the same bytes to the
    same reader. Decoding a 266 MB file only to learn it is UTF-8 took half a second and 530 MB.
    """
    if suffix in _JSON_SUFFIXES or data[:3] == b"\xef\xbb\xbf" or data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return None
    head = data[:_HEAD_BYTES]
    if len(data) > len(head):
        head = head[: head.rfind(b"\n") + 1]  # whole lines, so no character is cut in two
    try:
        decoded = decode_text(head, label)
    except LoadError:
        return None  # the general path says what is wrong with the whole file
    text = decoded.text
    if (
        decoded.encoding != "utf-8"
        or decoded.newlines_fixed
        or text[:4096].lstrip()[:1] in ("[", "{", "")
        or has_long_line(data, limits.MAX_LINE_CHARS)
    ):
        return None
    delim = _sniff_delimiter(text)
    if re.search(rf"{re.escape(delim)}[ ]+\"", text[:200_000]) or _header_width(text, delim) > limits.MAX_COLUMNS:
        return None
    try:
        frame = _csv_frame(data, delim, None)
    except Exception:  # invalid UTF-8 further on, or quoting the strict reader refuses
        return None
    return _delimited_table(frame, label, delim, [])


def _read_delimited(text: str, label: str, original: bytes | None = None) -> RawTable:
    """CSV/TSV with a sniffed delimiter, every column read as a string; caps reported as issues.

    `original`: the file's bytes when they are exactly `text` in UTF-8 (read instead of re-encoding `text`).
    """
    issues: list[RowIssue] = []
    text, line_issue = cap_lines(text)
    if line_issue:
        issues.append(line_issue)
        original = None
    delim = _sniff_delimiter(text)
    # `a, "Austin, TX"`: a space before a quote would make the quote part of the value (and split
    # the city from its state); drop those spaces. One linear regex pass, no backtracking.
    spaced = re.compile(rf"{re.escape(delim)}[ ]+\"")
    if spaced.search(text[:200_000]):
        text = spaced.sub(delim + '"', text)
        original = None
    width = _header_width(text, delim)
    columns = None
    if width > limits.MAX_COLUMNS:
        columns = list(range(limits.MAX_COLUMNS))
        _, column_issue = cap_columns([str(i) for i in range(width)])
        if column_issue:
            issues.append(column_issue)
    payload = original if original is not None else text.encode("utf-8")
    del text, original
    try:
        frame = _csv_frame(payload, delim, columns)
    except Exception:  # polars rejects some malformed quoting; the csv module is more forgiving
        frame = _read_delimited_slowly(payload.decode("utf-8"), label, delim)
    del payload
    return _delimited_table(frame, label, delim, issues)


def _csv_frame(payload: bytes, delim: str, columns: list[int] | None) -> pl.DataFrame:
    """Polars' CSV reader over UTF-8 bytes: every column a string, ragged lines cut, at most the row cap (+1)."""
    return pl.read_csv(
        io.BytesIO(payload),
        separator=delim,
        infer_schema=False,
        truncate_ragged_lines=True,
        columns=columns,
        n_rows=limits.MAX_ROWS + 1,
    )


def _delimited_table(frame: pl.DataFrame, label: str, delim: str, issues: list[RowIssue]) -> RawTable:
    """The raw table of a read delimited file: blank rows and unnamed empty columns gone, caps applied."""
    frame, rows = pop_position(tidy(frame), 2)
    if frame.width < 2 and delim == ",":
        # One column: either a genuine one-column file or free text; both are useless as a table.
        raise LoadError(
            f"{label} does not look like a table (found one column)",
            label,
            "use a comma-, semicolon-, tab- or pipe-separated file with a header line",
        )
    require_rows(frame, label)
    frame, rows, issues = capped(frame, rows, 2, issues)
    return RawTable(
        frame,
        "tsv" if delim == "\t" else "csv",
        label,
        notes=(f"Delimiter {delim!r}.",),
        first_row_number=2,
        row_numbers=rows,
        issues=tuple(issues),
    )


def _read_delimited_slowly(text: str, label: str, delim: str) -> pl.DataFrame:
    """The csv module's reader (forgiving about quotes), bounded by the row and column caps."""
    reader = csv.reader(io.StringIO(text), delimiter=delim, skipinitialspace=True)
    try:
        header = next(reader, None)
    except csv.Error as exc:
        raise LoadError(
            f"{label} has a header line that cannot be split into fields ({exc})",
            "line 1",
            "check the quotes in the header line, or export the file again as CSV",
        ) from None
    if not header:
        raise LoadError(f"{label} has no rows", label, "check that the file is a table with a header line") from None
    header = _unique_names(header[: limits.MAX_COLUMNS])
    width = len(header)
    # Blank lines stay as empty rows so row numbers keep matching the file; tidy drops them.
    try:
        body = [(r + [None] * width)[:width] for _, r in zip(range(limits.MAX_ROWS + 1), reader, strict=False)]
    except csv.Error as exc:  # e.g. a quote that never closes swallows the rest of the file into one field
        raise LoadError(
            f'{label} could not be split into fields ({exc}); a quote (") probably never closes',
            f"line {reader.line_num}",
            "check the quotes on that line, or export the file again as CSV",
        ) from None
    return pl.DataFrame(body, schema={h: pl.String() for h in header}, orient="row")


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


def _cell(value: Any) -> Any:
    """A JSON value as text (scalars) or a list of text (arrays)."""
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, list):
        return [
            v
            if isinstance(v, str)
            else (None if v is None else json.dumps(v) if isinstance(v, (dict, list)) else _cell(v))
            for v in value
        ]
    return json.dumps(value, default=str)


def _records_frame(records: list[dict[str, Any]]) -> tuple[pl.DataFrame, list[RowIssue]]:
    """Records -> frame with String or List(String) columns, union of keys in first-seen order (capped)."""
    keys: dict[str, None] = {}
    for rec in records:
        keys.update(dict.fromkeys(rec))
    names, issue = cap_columns(list(keys))
    issues = [issue] if issue else []
    # Sparse keys (each record its own) would make a dense frame of keys x records: bound its cells.
    if len(names) * len(records) > limits.MAX_CELLS:
        keep = max(1, limits.MAX_CELLS // max(len(names), 1))
        extra = len(records) - keep
        issues.append(
            RowIssue(
                f"more than {limits.MAX_CELLS:,} cells (records after the first {keep:,} were not read)",
                None,
                extra,
                [{"row": keep + 1, "column": None, "value": f"{extra:,} further records"}],
                dropped=True,
            )
        )
        records = records[:keep]
    columns: dict[str, pl.Series] = {}
    for key in names:
        values = [_cell(rec.get(key)) for rec in records]
        if any(isinstance(v, list) for v in values):
            values = [v if isinstance(v, list) or v is None else [v] for v in values]
            columns[key] = pl.Series(key, values, dtype=pl.List(pl.String()))
        else:
            columns[key] = pl.Series(key, values, dtype=pl.String())
    return pl.DataFrame(columns), issues


def _json_records(payload: Any, label: str) -> list[Any]:
    """Find the list of records in a parsed JSON document (whether each is an object is checked after)."""
    if isinstance(payload, list):
        return payload
    if isinstance(payload, dict):
        for key, value in payload.items():
            if key.lower() in WRAPPER_KEYS and isinstance(value, list):
                return value
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
            raise LoadError(
                f"{label} is not valid JSON ({exc.msg} at line {exc.lineno})",
                label,
                "fix the JSON syntax or export the data again",
            ) from None
    records = _json_records(payload, label)
    if not isinstance(records, list) or not records:
        raise LoadError(f"{label} holds no records", label, "give an array of objects, one per row")
    bad = sum(1 for r in records if not isinstance(r, dict))
    if bad:
        raise LoadError(
            f"{label} has {bad} entries that are not objects",
            label,
            'give an array of objects such as {"company": ..., "title": ...}',
        )
    issues: list[RowIssue] = []
    if len(records) > limits.MAX_ROWS:
        records, rows_issue = records[: limits.MAX_ROWS], len(records) - limits.MAX_ROWS
        issues.append(
            RowIssue(f"more than {limits.MAX_ROWS:,} rows (the rest were not read)", None, rows_issue, [], dropped=True)
        )
    table, record_issues = _records_frame(records)
    del records
    frame, rows = pop_position(tidy(table), 1)
    require_rows(frame, label)
    frame, rows, issues = capped(frame, rows, 1, issues + record_issues)
    return RawTable(frame, fmt, label, row_numbers=rows, issues=tuple(issues))


def stringify(frame: pl.DataFrame) -> pl.DataFrame:
    """Every column as String or List(String) (see data_loaders.parquet.stringify_with_issues)."""
    return stringify_with_issues(frame, None)[0]
