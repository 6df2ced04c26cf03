"""Excel workbooks inspected safely before any reader sees them.

An .xlsx is a zip of XML parts. Before the reader (calamine) sees it, every part is decompressed as a
stream and counted (zip bombs), each worksheet's cell references are scanned for the grid the
reader would allocate (one cell at XFD1048576 means 17 billion cells: calamine would try to
allocate 512 GB and abort the whole server), and the shared-strings table is measured.
The scan runs in polars (Rust regex, linear time) over 8 MiB chunks: memory stays bounded.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from dataclasses import dataclass

import polars as pl

from data_loaders import limits
from data_loaders.errors import LoadError
from data_loaders.text_decode import FIX_FORMAT

__all__ = ["SheetShape", "inspect_workbook"]

_CHUNK = 8 * 1024**2
_OVERLAP = 64  # bytes carried between chunks: longer than any cell reference
# Any XML spelling of a cell's r attribute (other whitespace, spaces around =, single quotes, lower case).
_CELL_REF = r"""[ \t\r\n]r[ \t\r\n]*=[ \t\r\n]*["'][A-Za-z]+[0-9]+["']"""
_LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
_LAST_ROW = 1_048_576  # Excel's grid ends at XFD1048576
_SHEET_TAG = re.compile(r"<(?:\w+:)?sheet\b[^>]*>")
_ATTR = re.compile(r'([\w:]+)="([^"]*)"')


@dataclass(frozen=True)
class SheetShape:
    """The grid a reader would allocate for one worksheet part."""

    part: str
    name: str
    rows: int
    columns: int
    last_cell: str
    outside: str | None = None  # a cell reference beyond Excel's grid (XFD1048576)

    @property
    def cells(self) -> int:
        """Rows x columns of the used range."""
        return self.rows * self.columns

    @property
    def readable(self) -> bool:
        """Inside Excel's grid and within the cell cap."""
        return self.outside is None and self.cells <= limits.XLSX_MAX_CELLS

    def describe(self) -> str:
        """Why the sheet is not read, in words."""
        if self.outside is not None:
            return f"it has a cell reference {self.outside!r} beyond Excel's last cell XFD1048576"
        return f"its cells reach {self.last_cell} ({self.rows:,} rows x {self.columns:,} columns, more than {limits.XLSX_MAX_CELLS:,} cells)"


def _column_number(letters: str) -> int:
    """Excel column letters -> 1-based number (A=1, XFD=16384)."""
    number = 0
    for char in letters:
        number = number * 26 + ord(char) - 64
    return number


def _column_letters(number: int) -> str:
    """1-based column number -> Excel letters."""
    letters = ""
    while number > 0:
        number, rest = divmod(number - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


class _Extent:
    """Running min/max of the cell references seen in a worksheet, and the first one past Excel's grid."""

    def __init__(self) -> None:
        self.min_row = self.min_col = 10**9
        self.max_row = self.max_col = 0
        self.outside: str | None = None  # a reference beyond XFD1048576 (calamine would allocate its grid)

    def add(self, chunk: bytes) -> None:
        """Fold in every cell reference of one chunk (vectorised: one Rust regex pass, then plain string ops)."""
        if self.outside is not None:
            return
        refs = (
            pl.DataFrame({"x": [chunk.decode("latin-1")]})
            .select(
                pl.col("x")
                .str.extract_all(_CELL_REF)
                .explode()
                # ` r = 'ab12'` -> `AB12` (the reader accepts lower case too).
                .str.replace(r"^[^\"']*[\"']", "")
                .str.strip_chars_end("\"'")
                .str.to_uppercase()
                .alias("ref")
            )
            .drop_nulls()
        )
        if refs.height == 0:
            return
        letters = pl.col("ref").str.strip_chars_end("0123456789")
        row = pl.col("ref").str.strip_chars_start(_LETTERS).cast(pl.Int64, strict=False)
        # Letters padded with "@" (which sorts before "A") compare like column numbers: "@@Z" < "@AA" < "XFD".
        beyond = (
            (letters.str.len_bytes() > 3) | (letters.str.pad_start(3, "@") > "XFD") | row.is_null() | (row > _LAST_ROW)
        )
        refs = refs.with_columns(beyond.alias("beyond"), letters.str.pad_start(3, "@").alias("col"), row.alias("row"))
        outside = refs.filter(pl.col("beyond"))
        if outside.height:
            self.outside = outside["ref"][0][:40]
            return
        found = refs.select(
            pl.col("col").min().alias("first_col"),
            pl.col("col").max().alias("last_col"),
            pl.col("row").min().alias("first_row"),
            pl.col("row").max().alias("last_row"),
        ).row(0, named=True)
        self.min_col = min(self.min_col, _column_number(found["first_col"].lstrip("@")))
        self.max_col = max(self.max_col, _column_number(found["last_col"].lstrip("@")))
        self.min_row = min(self.min_row, int(found["first_row"]))
        self.max_row = max(self.max_row, int(found["last_row"]))


def _stream(
    book: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    label: str,
    budget: list[int],
    extent: _Extent | None,
    strings: _SharedStrings | None = None,
) -> int:
    """Decompress one part as a stream, charging `budget`; feed worksheet chunks to `extent`, shared strings to `strings`."""
    size = 0
    tail = b""
    with book.open(info) as handle:
        while chunk := handle.read(_CHUNK):
            size += len(chunk)
            budget[0] -= len(chunk)
            if budget[0] < 0:
                raise LoadError(
                    f"{label} expands to more than {limits.XLSX_MAX_UNCOMPRESSED_BYTES // 1024**2:,} MB when unzipped",
                    f"part {info.filename}",
                    "save the data as CSV or Parquet, or split the workbook",
                )
            if size > limits.XLSX_RATIO_FLOOR_BYTES and size > limits.XLSX_MAX_RATIO * max(info.compress_size, 1):
                raise LoadError(
                    f"{label} is compressed {size // max(info.compress_size, 1):,} to 1, like a zip bomb",
                    f"part {info.filename}",
                    "save the data again as a normal .xlsx, CSV or Parquet file",
                )
            if strings is not None:
                strings.add(chunk)
            if extent is not None:
                extent.add(tail + chunk)
                tail = chunk[-_OVERLAP:]
    return size


def _sheet_parts(book: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet part path -> sheet name, from workbook.xml and its relationships."""
    names = set(book.namelist())
    if "xl/workbook.xml" not in names or "xl/_rels/workbook.xml.rels" not in names:
        return {}
    # Both parts are small index files; a huge one is itself a sign of abuse.
    if max(book.getinfo(n).file_size for n in ("xl/workbook.xml", "xl/_rels/workbook.xml.rels")) > 16 * 1024**2:
        return {}
    workbook = book.read("xl/workbook.xml").decode("utf-8", errors="replace")
    rels = book.read("xl/_rels/workbook.xml.rels").decode("utf-8", errors="replace")
    targets = {}
    for tag in re.findall(r"<(?:\w+:)?Relationship\b[^>]*>", rels):
        attrs = dict(_ATTR.findall(tag))
        target = attrs.get("Target", "").lstrip("/")
        targets[attrs.get("Id", "")] = target if target.startswith("xl/") else f"xl/{target}"
    parts = {}
    for tag in _SHEET_TAG.findall(workbook):
        attrs = dict(_ATTR.findall(tag))
        rid = next((v for k, v in attrs.items() if k.endswith(":id")), None)
        if rid in targets:
            parts[targets[rid]] = html.unescape(attrs.get("name", ""))
    return parts


def inspect_workbook(data: bytes, label: str) -> tuple[list[SheetShape], list[SheetShape]]:
    """(sheets that fit, sheets too large to read) of an .xlsx; LoadError for bombs and broken zips."""
    try:
        book = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as exc:
        raise LoadError(f"{label} is not a readable Excel workbook ({type(exc).__name__})", label, FIX_FORMAT) from None
    with book:
        # The shared strings first: their caps are the cheapest to hit and the reader loads them whole.
        infos = sorted(book.infolist(), key=lambda i: not i.filename.lower().endswith("sharedstrings.xml"))
        if len(infos) > limits.XLSX_MAX_ENTRIES:
            raise LoadError(f"{label} has {len(infos):,} parts; a workbook has a few dozen", label, FIX_FORMAT)
        parts = _sheet_parts(book)
        budget = [limits.XLSX_MAX_UNCOMPRESSED_BYTES]
        fits: list[SheetShape] = []
        too_big: list[SheetShape] = []
        try:
            for info in infos:
                is_sheet = info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")
                extent = _Extent() if is_sheet else None
                strings = _SharedStrings(label) if info.filename.lower().endswith("sharedstrings.xml") else None
                _stream(book, info, label, budget, extent, strings)
                if extent is not None:
                    shape = _shape(info.filename, parts.get(info.filename, info.filename), extent)
                    (fits if shape.readable else too_big).append(shape)
        except (zipfile.BadZipFile, EOFError, OSError, NotImplementedError, RuntimeError) as exc:
            raise LoadError(f"{label} is a damaged Excel workbook ({type(exc).__name__})", label, FIX_FORMAT) from None
    return fits, too_big


def _shape(part: str, name: str, extent: _Extent) -> SheetShape:
    """The used range a reader allocates: from the first to the last referenced cell."""
    if extent.outside is not None:
        return SheetShape(part, name, 0, 0, extent.outside, outside=extent.outside)
    if extent.max_row == 0:
        return SheetShape(part, name, 0, 0, "")
    rows = extent.max_row - min(extent.min_row, extent.max_row) + 1
    columns = extent.max_col - min(extent.min_col, extent.max_col) + 1
    return SheetShape(part, name, rows, columns, f"{_column_letters(extent.max_col)}{extent.max_row}")


class _SharedStrings:
    """Counts the shared-strings table as it streams: declared count, real <si> entries and decompressed bytes."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.size = self.count = 0
        self.tail = b""

    def _refuse(self, what: str) -> None:
        """Raise the LoadError for a table over a cap."""
        raise LoadError(f"{self.label} has {what}", "the shared-strings table", "save the data as CSV or Parquet")

    def add(self, chunk: bytes) -> None:
        """Fold in one decompressed chunk; refuse as soon as a cap is passed (not after the whole part)."""
        if self.size == 0:
            # The reader reserves room for the declared count up front (2^31 strings = 51 GB): check it first.
            declared = re.search(rb"<(?:\w+:)?sst\b[^>]*>", chunk[:4096])
            for value in re.findall(
                rb'(?:count|uniqueCount)\s*=\s*["\']\s*([0-9]+)', declared.group(0) if declared else b""
            ):
                if int(value) > limits.XLSX_MAX_SHARED_STRINGS:
                    self._refuse(
                        f"a shared-strings table declaring {int(value):,} distinct text values (more than {limits.XLSX_MAX_SHARED_STRINGS:,})"
                    )
        self.size += len(chunk)
        if self.size > limits.XLSX_MAX_SHARED_STRINGS_BYTES:
            self._refuse(
                f"more than {limits.XLSX_MAX_SHARED_STRINGS_BYTES // 1024**2:,} MB of shared text (distinct cell values)"
            )
        window = self.tail + chunk
        self.count += sum(window.count(t) - self.tail.count(t) for t in (b"<si>", b"<si ", b":si>", b":si "))
        self.tail = chunk[-8:]
        if self.count > limits.XLSX_MAX_SHARED_STRINGS:
            self._refuse(
                f"more than {limits.XLSX_MAX_SHARED_STRINGS:,} distinct text values in its shared-strings table"
            )
