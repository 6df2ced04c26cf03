"""Property: any bytes or text given to the loaders ends in a LoadResult or a LoadError, nothing else."""
from __future__ import annotations

import io
import json

import polars as pl
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_loaders import LoadError, LoadResult, load_listings, load_outcomes

NAMES = st.sampled_from(["data.csv", "data.json", "data.xlsx", "data.parquet", "data.txt"])
LOADERS = st.sampled_from([load_listings, load_outcomes])
CELL = st.one_of(st.none(), st.text(max_size=12), st.integers(-10, 3000).map(str), st.sampled_from(
    ["Acme", "Data Intern", "$30/hr", "2026-08-01", "Summer 2027", "Rejected", "yes", "Austin, TX", "🇺🇸", "\ufeff", ";", "\""]))
HEADER = st.lists(st.sampled_from(["company", "title", "location", "salary", "skills", "posted_at", "status",
                                   "applications", "offers", "interviews", "Comments", "id", "term", "x", ""]), min_size=1, max_size=6)


def _check(loader, payload: bytes, name: str) -> None:
    try:
        result = loader(payload, name=name)
    except LoadError as err:
        assert str(err)  # a message a person can read
        return
    assert isinstance(result, LoadResult)
    assert result.report.rows_read >= result.report.rows_loaded == result.frame.height


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(payload=st.binary(max_size=400), name=NAMES, loader=LOADERS)
def test_any_bytes(payload: bytes, name: str, loader) -> None:
    _check(loader, payload, name)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
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
        return json.dumps([dict(zip(header, row)) for row in rows]).encode()
    buffer = io.BytesIO()
    if fmt == "parquet":
        columns = list(dict.fromkeys(header))
        records = [dict(zip(header, row)) for row in rows]
        pl.DataFrame({c: [r.get(c) for r in records] for c in columns}, schema={c: pl.String for c in columns}).write_parquet(buffer)
    else:
        import openpyxl

        book = openpyxl.Workbook()
        book.active.append(header)
        for row in rows:
            # openpyxl refuses control characters in cells; a real workbook cannot hold them either.
            book.active.append(["".join(ch for ch in c if ch >= " ") if c else c for c in row])
        book.save(buffer)
    return buffer.getvalue()


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(table=tables(), fmt=st.sampled_from(["csv", "json", "parquet", "xlsx"]), loader=LOADERS)
def test_table_shaped_input(table, fmt: str, loader) -> None:
    header, rows = table
    _check(loader, _encode(header, rows, fmt), f"t.{fmt}")
