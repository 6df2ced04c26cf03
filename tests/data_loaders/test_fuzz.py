"""Property: any bytes or text given to the loaders ends in a LoadResult or a LoadError, nothing else.

And a LoadResult keeps the schema's promises (tests/corpus/checks.py): dates in range, finite pay, allowed
values, unique ids. Every run is derandomized so CI sees the same examples each time; the byte fuzzers
lead with the first bytes of each format (zip, Parquet, OLE, gzip, BOMs, JSON, CSV headers) so the
examples reach the format readers instead of stopping at format detection.
"""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_loaders import LoadError, LoadResult, load_listings, load_outcomes
from tests.corpus.checks import frame_problems

ROOT = Path(__file__).resolve().parents[2]

NAMES = st.sampled_from(["data.csv", "data.json", "data.xlsx", "data.parquet", "data.txt"])
LOADERS = st.sampled_from([load_listings, load_outcomes])
CELL = st.one_of(
    st.none(),
    st.text(max_size=12),
    st.integers(-10, 3000).map(str),
    st.sampled_from(
        [
            "Acme",
            "Data Intern",
            "$30/hr",
            "2026-08-01",
            "Summer 2027",
            "Rejected",
            "yes",
            "Austin, TX",
            "🇺🇸",
            "\ufeff",
            ";",
            '"',
        ]
    ),
)
HEADER = st.lists(
    st.sampled_from(
        [
            "company",
            "title",
            "location",
            "salary",
            "skills",
            "posted_at",
            "status",
            "applications",
            "offers",
            "interviews",
            "Comments",
            "id",
            "term",
            "x",
            "",
        ]
    ),
    min_size=1,
    max_size=6,
)


def _check(loader, payload: bytes, name: str) -> None:
    try:
        result = loader(payload, name=name)
    except LoadError as err:
        assert str(err)  # a message a person can read
        return
    assert isinstance(result, LoadResult)
    assert result.report.rows_read >= result.report.rows_loaded == result.frame.height
    assert not frame_problems(result.frame, result.kind), frame_problems(result.frame, result.kind)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(payload=st.binary(max_size=400), name=NAMES, loader=LOADERS)
def test_any_bytes(payload: bytes, name: str, loader) -> None:
    _check(loader, payload, name)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(text=st.text(max_size=400), name=NAMES, loader=LOADERS)
def test_any_text(text: str, name: str, loader) -> None:
    _check(loader, text.encode("utf-8"), name)


@st.composite
def tables(draw) -> tuple[list[str], list[list[str | None]]]:
    header = draw(HEADER)
    rows = draw(st.lists(st.lists(CELL, min_size=len(header), max_size=len(header)), max_size=6))
    return header, rows


def _encode(header: list[str], rows: list[list[str | None]], fmt: str) -> bytes:
    if fmt == "csv":
        lines = [",".join(header)] + [",".join(c or "" for c in row) for row in rows]
        return "\n".join(lines).encode("utf-8")
    if fmt == "json":
        return json.dumps([dict(zip(header, row, strict=False)) for row in rows]).encode()
    buffer = io.BytesIO()
    if fmt == "parquet":
        columns = list(dict.fromkeys(header))
        records = [dict(zip(header, row, strict=False)) for row in rows]
        pl.DataFrame(
            {c: [r.get(c) for r in records] for c in columns}, schema={c: pl.String for c in columns}
        ).write_parquet(buffer)
    else:
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(header)
        for row in rows:
            # openpyxl refuses control characters in cells; a real workbook cannot hold them either.
            book.active.append(["".join(ch for ch in c if ch >= " ") if c else c for c in row])
        book.save(buffer)
    return buffer.getvalue()


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), fmt=st.sampled_from(["csv", "json", "parquet", "xlsx"]), loader=LOADERS)
def test_table_shaped_input(table, fmt: str, loader) -> None:
    header, rows = table
    _check(loader, _encode(header, rows, fmt), f"t.{fmt}")


PREFIXES = st.sampled_from(
    [
        b"PK\x03\x04",
        b"PK\x05\x06",
        b"PAR1",
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",
        b"\x1f\x8b\x08",
        b"\xff\xfe",
        b"\xfe\xff",
        b"\xef\xbb\xbf",
        b"\xff\xfe\x00\x00",
        b"[",
        b"{",
        b'[{"company":',
        b"company,title\n",
        b"company;title;location\n",
        b"application_id,company,stage,status\n",
        b"company,applications,interviews,offers\n",
        b"\xef\xbb\xbfcompany\ttitle\r\n",
    ]
)


@settings(max_examples=300, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(prefix=PREFIXES, payload=st.binary(max_size=300), name=NAMES, loader=LOADERS)
def test_format_prefixed_bytes(prefix: bytes, payload: bytes, name: str, loader) -> None:
    _check(loader, prefix + payload, name)


@settings(max_examples=200, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    prefix=PREFIXES,
    text=st.text(max_size=300),
    encoding=st.sampled_from(["utf-8", "utf-16-le", "utf-16-be", "cp1252", "latin-1"]),
    name=NAMES,
    loader=LOADERS,
)
def test_format_prefixed_text(prefix: bytes, text: str, encoding: str, name: str, loader) -> None:
    _check(loader, prefix + text.encode(encoding, errors="replace"), name)


# Cell references from ordinary to the last cell a sheet can have (a dense reader allocates up to it).
REFS = st.tuples(
    st.sampled_from(["A", "B", "C", "Z", "AA", "ZZ", "XFD", "XFE", "ZZZZ", ""]),
    st.sampled_from(["1", "2", "3", "100", "65536", "1048576", "1048577", "0", "-1", "99999999999", ""]),
).map("".join)
XLSX_VALUES = st.one_of(
    st.text(max_size=20), st.sampled_from(["1e308", "-1e308", "NaN", "inf", "2958466", "-1", "45000", "99999999"])
)


@st.composite
def workbooks(draw) -> bytes:
    """A hand-made .xlsx whose cells sit at drawn (possibly absurd) references, with drawn types and a drawn <dimension>."""
    from tests.corpus.zipkit import SHEET_HEAD, shared_strings, workbook

    header = '<row r="1"><c r="A1" t="inlineStr"><is><t>company</t></is></c><c r="B1" t="inlineStr"><is><t>title</t></is></c></row>'
    cells = []
    for ref, value, kind in draw(
        st.lists(st.tuples(REFS, XLSX_VALUES, st.sampled_from(["inlineStr", "n", "s", "b", "e", "date"])), max_size=8)
    ):
        escaped = value.replace("&", "&amp;").replace("<", "&lt;")
        if kind == "inlineStr":
            cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escaped}</t></is></c>')
        elif kind == "date":
            cells.append(f'<c r="{ref}" s="1"><v>{escaped}</v></c>')
        else:
            cells.append(f'<c r="{ref}" t="{kind}"><v>{escaped}</v></c>')
    row = draw(st.sampled_from(["2", "3", "1048576", "0"]))
    dimension = draw(
        st.sampled_from(
            ["", '<dimension ref="A1:B3"/>', '<dimension ref="A1:XFD1048576"/>', '<dimension ref="ZZZZ0"/>']
        )
    )
    xml = f'{SHEET_HEAD}{dimension}<sheetData>{header}<row r="{row}">{"".join(cells)}</row></sheetData></worksheet>'
    count = draw(st.sampled_from([None, 0, 2_147_483_647]))
    return workbook(
        [("Sheet1", xml.encode("utf-8", errors="replace"))], shared_strings(["Acme", "Intern"], count=count)
    )


def run_workbook_property(last_example: Path) -> None:
    """The workbook property; each example is saved to `last_example` first, so a native abort still names it."""

    @settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
    @given(data=workbooks(), loader=LOADERS)
    def check(data: bytes, loader) -> None:
        last_example.write_bytes(data)
        _check(loader, data, "book.xlsx")

    check()


def test_hand_made_workbooks(tmp_path: Path) -> None:
    """Run in a child process: a reader that aborts (SIGABRT) or hangs fails this test, naming the workbook, instead of ending the run."""
    last = tmp_path / "last.xlsx"
    code = f"from pathlib import Path; from tests.data_loaders.test_fuzz import run_workbook_property; run_workbook_property(Path({str(last)!r}))"
    try:
        done = subprocess.run(
            [sys.executable, "-c", code],
            cwd=ROOT,
            capture_output=True,
            text=True,
            timeout=120,
            env={**os.environ, "RUST_BACKTRACE": "0"},
        )
    except subprocess.TimeoutExpired:
        pytest.fail(f"the workbook fuzzer hung for 120 s; last workbook: {_shown(last)}")
    assert done.returncode == 0, (
        f"exit {done.returncode}; last workbook: {_shown(last)}\n{done.stdout[-3000:]}{done.stderr[-1500:]}"
    )


def _shown(path: Path) -> str:
    """The end of a fuzzed workbook's sheet and shared strings, for a failure message."""
    if not path.exists():
        return "(none)"
    with zipfile.ZipFile(path) as book:
        return (
            book.read("xl/worksheets/sheet1.xml").decode(errors="replace")[-600:]
            + book.read("xl/sharedStrings.xml").decode()[-300:]
        )


EXTREME_FLOATS = st.sampled_from([float("nan"), float("inf"), float("-inf"), 1e308, -1e308, -30.0, 0.0, 5e-324, 31.5])
EXTREME_DAYS = st.sampled_from([-(2**31), 2**31 - 1, -719_162, 2_932_896, 100_000_000, 20_000, 0])


@st.composite
def canonical_parquet(draw) -> bytes:
    """A Parquet file in a canonical schema whose values break its promises (dates, pay, labels, ids, counts)."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from data_loaders.schema import SCHEMAS

    kind = draw(st.sampled_from(["listings", "outcomes", "outcome_counts"]))
    n = draw(st.integers(1, 4))
    text = st.one_of(
        st.none(),
        st.sampled_from(["1", "1-2", "Astrology", "[x](https://evil.example)", "onsite", "offer", "open", ""]),
    )
    columns = {}
    for name, dtype in SCHEMAS[kind].items():
        if dtype == pl.Date:
            columns[name] = pa.array(draw(st.lists(EXTREME_DAYS, min_size=n, max_size=n)), pa.int32()).cast(pa.date32())
        elif dtype == pl.Float64:
            columns[name] = pa.array(draw(st.lists(EXTREME_FLOATS, min_size=n, max_size=n)), pa.float64())
        elif dtype == pl.Int64:
            columns[name] = pa.array(
                draw(st.lists(st.sampled_from([-(2**63), 2**63 - 1, -1, 0, 5, 126]), min_size=n, max_size=n)),
                pa.int64(),
            )
        elif dtype == pl.Int32:
            columns[name] = pa.array(
                draw(st.lists(st.sampled_from([-(2**31), 2**31 - 1, 0, 2027]), min_size=n, max_size=n)), pa.int32()
            )
        elif dtype == pl.Boolean:
            columns[name] = pa.array(
                draw(st.lists(st.one_of(st.none(), st.booleans()), min_size=n, max_size=n)), pa.bool_()
            )
        elif isinstance(dtype, pl.List):
            columns[name] = pa.array(
                draw(st.lists(st.one_of(st.none(), st.lists(text, max_size=2)), min_size=n, max_size=n)),
                pa.list_(pa.large_string()),
            )
        else:
            columns[name] = pa.array(draw(st.lists(text, min_size=n, max_size=n)), pa.large_string())
    buffer = io.BytesIO()
    pq.write_table(pa.table(columns), buffer)
    return buffer.getvalue()


@settings(max_examples=150, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(data=canonical_parquet(), loader=LOADERS)
def test_canonical_looking_parquet(data: bytes, loader) -> None:
    _check(loader, data, "canonical.parquet")
