"""Corpus entries too big to commit: each is written at test time into a temporary folder.

Writers stream to disk in chunks so that building a 120 MB workbook does not itself need gigabytes.
"""

from __future__ import annotations

from pathlib import Path

from tests.corpus.case import LISTING_HEADER, LISTING_ROWS, LargeCase
from tests.corpus.xlsx_cases import _rows_bomb
from tests.corpus.zipkit import NS, SHEET_HEAD, workbook

MB = 1_048_576


def _single_line(path: Path, *, fields: bool) -> None:
    """10 MB on one line: five million tiny fields, or one field without any delimiter."""
    unit = b",a" if fields else b"abcdefgh"
    with path.open("wb") as out:
        out.write(b"company,title")
        out.write(unit * (10 * MB // len(unit)))


def _unclosed_quote(path: Path) -> None:
    """A header, one row, then a quote that never closes followed by 10 MB of text and newlines."""
    with path.open("wb") as out:
        out.write(b'company,title\nAcme,Intern\n"Open')
        out.write(b"text, more text\n" * (10 * MB // 16))


def _megabyte_lines(path: Path) -> None:
    """A listings header and 20 rows whose title is 1 MB each."""
    with path.open("wb") as out:
        out.write((",".join(LISTING_HEADER) + "\n").encode())
        for i in range(20):
            row = list(LISTING_ROWS[i % 3])
            row[1] = f"Intern {i} " + "x" * MB
            out.write((",".join(f'"{v}"' for v in row) + "\n").encode())


def _wide(path: Path, columns: int) -> None:
    """`columns` columns (company and title among them) and 20 rows."""
    names = ["company", "title"] + [f"extra_{i}" for i in range(columns - 2)]
    with path.open("w") as out:
        out.write(",".join(names) + "\n")
        for r in range(20):
            out.write(f"Company {r},Intern," + ",".join([str(r)] * (columns - 2)) + "\n")


def _tiny_rows(path: Path, rows: int) -> None:
    """`rows` rows of two short fields."""
    with path.open("w") as out:
        out.write("company,title\n")
        chunk = "".join(f"C{i},Intern\n" for i in range(10_000))
        for _ in range(rows // 10_000):
            out.write(chunk)


def _listings_40mb(path: Path) -> None:
    """A realistic listings CSV of about 40 MB (distinct companies, titles and ids)."""
    cities = ["Austin, TX", "Seattle, WA", "Remote", "New York, NY", "Toronto, ON", "Boston, MA"]
    with path.open("w") as out:
        out.write("id," + ",".join(LISTING_HEADER) + "\n")
        size, i = 0, 0
        while size < 40 * MB:
            line = (
                f'L{i},Company {i % 20_000},Data Science Intern {i % 5_000} Team {i % 97},"{cities[i % 6]}",${20 + i % 30}/hr,'
                f"Python; SQL; Tableau,2026-0{1 + i % 9}-1{i % 10},Summer 2027,https://jobs.example/{i}\n"
            )
            out.write(line)
            size += len(line)
            i += 1


def _shared_strings_120mb(path: Path) -> None:
    """A workbook whose shared strings expand to 120 MB of distinct titles, each used by one row."""
    count = 120 * MB // 60
    strings = b"".join(
        f"<si><t>Data Science Intern {i:08d} Team {i * 7919 % 1000003:07d} Q</t></si>".encode() for i in range(count)
    )
    sst = f'<?xml version="1.0" encoding="UTF-8"?><sst {NS} count="{count + 1}" uniqueCount="{count + 1}"><si><t>title</t></si>'.encode()
    sst += strings + b"</sst>"
    rows = [b'<row r="1"><c r="A1" t="inlineStr"><is><t>company</t></is></c><c r="B1" t="s"><v>0</v></c></row>']
    rows += [
        f'<row r="{i + 2}"><c r="A{i + 2}" t="inlineStr"><is><t>Acme</t></is></c><c r="B{i + 2}" t="s"><v>{i + 1}</v></c></row>'.encode()
        for i in range(count)
    ]
    sheet = SHEET_HEAD.encode() + b"<sheetData>" + b"".join(rows) + b"</sheetData></worksheet>"
    path.write_bytes(workbook([("Sheet1", sheet)], sst, level=1))


def _parquet_rle_bomb(path: Path, rows: int) -> None:
    """`rows` identical listings in a few MB: dictionary + run-length encoding makes them nearly free on disk."""
    import numpy
    import pyarrow as pa
    import pyarrow.parquet as pq

    block = 10_000_000
    zeros = pa.array(numpy.zeros(block, dtype=numpy.int32))  # dictionary indexes: every row is entry 0
    table = pa.table(
        {
            "company": pa.DictionaryArray.from_arrays(zeros, pa.array(["Acme Robotics"])),
            "title": pa.DictionaryArray.from_arrays(zeros, pa.array(["Software Engineering Intern"])),
        }
    )
    with pq.ParquetWriter(path, table.schema, write_statistics=False, compression="none") as writer:
        for _ in range(rows // block):
            writer.write_table(table)


def _bomb_3gb(path: Path) -> None:
    """A zip whose only entry is a 3 GB sheet of rows (see xlsx_cases._rows_bomb)."""
    path.write_bytes(_rows_bomb(3000))


LARGE_CASES: list[LargeCase] = [
    LargeCase(
        "big_single_line_fields.csv",
        "10 MB on one line: five million fields (validate once took 30+ minutes)",
        lambda p: _single_line(p, fields=True),
    ),
    LargeCase(
        "big_single_line_text.csv", "10 MB on one line without a delimiter", lambda p: _single_line(p, fields=False)
    ),
    LargeCase(
        "big_unclosed_quote.csv",
        "a quote that never closes, followed by 10 MB of lines",
        _unclosed_quote,
        kind="listings",
    ),
    LargeCase(
        "big_megabyte_lines.csv", "20 rows whose title is 1 MB each (cell-length cap)", _megabyte_lines, kind="listings"
    ),
    LargeCase(
        "big_20000_columns.csv",
        "20,000 columns (column cap; no per-column quadratic work)",
        lambda p: _wide(p, 20_000),
        kind="listings",
    ),
    LargeCase(
        "big_2500_columns.csv",
        "2,500 columns and 20 rows (once 97 s)",
        lambda p: _wide(p, 2_500),
        expect="load",
        kind="listings",
        rows=20,
    ),
    LargeCase(
        "big_2m_tiny_rows.csv",
        "2,000,000 rows of two short fields (row cap)",
        lambda p: _tiny_rows(p, 2_000_000),
        kind="listings",
    ),
    LargeCase(
        "big_listings_40mb.csv",
        "a realistic 40 MB listings upload (memory per session)",
        _listings_40mb,
        kind="listings",
    ),
    LargeCase(
        "big_shared_strings_120mb.xlsx",
        "shared strings expanding to 120 MB of distinct titles (title classifier time)",
        _shared_strings_120mb,
        kind="listings",
    ),
    LargeCase(
        "big_bomb_rows_3gb.xlsx",
        "a 9 MB workbook whose sheet inflates to 3 GB: 75 million rows",
        _bomb_3gb,
        kind="listings",
    ),
    LargeCase(
        "big_parquet_rle_bomb.parquet",
        "100 million identical rows run-length encoded into 200 KB of Parquet",
        lambda p: _parquet_rle_bomb(p, 100_000_000),
        kind="listings",
    ),
]

# The worst of the corpus, uploaded to a running server by the browser test (committed ones first).
WORST: tuple[str, ...] = (
    "xlsx_far_cell_only.xlsx",
    "xlsx_bomb_rows_96mb.xlsx",
    "pq_dates_year_275000.parquet",
    "binary_junk.csv",
)
WORST_LARGE: tuple[str, ...] = ("big_single_line_fields.csv",)
