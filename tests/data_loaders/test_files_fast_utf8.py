"""The plain UTF-8 fast path reads exactly what the general path (decode, then read) reads, and steps aside otherwise."""

from __future__ import annotations

from dataclasses import asdict

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from data_loaders import files
from data_loaders.files import read_raw

HEADER = b"Company,Title,Location,Salary\n"
ROW = 'Acme {i},Data Intern \u2013 Summer,"Austin, TX",\u20b9 10,000 /month\n'


def _general(data: bytes, name: str, monkeypatch: pytest.MonkeyPatch):
    with monkeypatch.context() as patch:
        patch.setattr(files, "_read_plain_utf8", lambda *args: None)
        return read_raw(data, name=name)


def _same(data: bytes, monkeypatch: pytest.MonkeyPatch, name: str = "x.csv") -> None:
    fast, general = read_raw(data, name=name), _general(data, name, monkeypatch)
    assert_frame_equal(fast.frame, general.frame)
    assert (fast.format, fast.notes, fast.issues) == (general.format, general.notes, general.issues)
    if fast.row_numbers is None or general.row_numbers is None:
        assert fast.row_numbers is general.row_numbers
    else:
        assert fast.row_numbers.to_list() == general.row_numbers.to_list()


def _taken(data: bytes, name: str = "x.csv") -> bool:
    return files._read_plain_utf8(data, name, ".csv") is not None


def test_a_plain_utf8_file_is_read_from_its_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    data = HEADER + "".join(ROW.format(i=i) for i in range(50)).encode() + b",,,\n  ,,,\n"
    assert _taken(data)
    _same(data, monkeypatch)


@pytest.mark.parametrize(
    "data",
    [
        b"\xef\xbb\xbf" + HEADER + b"A,B,C,D\n",  # a byte-order mark
        "Company,Title\nA,B\n".encode("utf-16"),
        HEADER.replace(b"\n", b"\r") + b"A,B,C,D\r",  # old Mac line ends
        HEADER + b'A, "B, C",D,E\n',  # a space before a quote
        HEADER + b"Caf\xe9,Intern,Paris,10\n",  # cp1252 / Latin-1
        b'[{"company": "A", "title": "B"}]',
        HEADER + b"A," + b"x" * 2_000_000 + b",C,D\n",  # a line over the cap
    ],
    ids=["bom", "utf16", "cr", "space-quote", "cp1252", "json", "long-line"],
)
def test_anything_the_general_path_rewrites_is_left_to_it(data: bytes, monkeypatch: pytest.MonkeyPatch) -> None:
    assert not _taken(data)
    _same(data, monkeypatch)


def test_a_cp1252_byte_after_the_first_mib_sends_the_file_to_the_decoder(monkeypatch: pytest.MonkeyPatch) -> None:
    body = "".join(ROW.format(i=i) for i in range(20_000)).encode()
    assert len(body) > files._HEAD_BYTES
    data = (
        HEADER + body.replace("\u2013".encode(), b"-").replace("\u20b9".encode(), b"Rs") + b"Caf\xe9,Intern,Paris,10\n"
    )
    assert not _taken(data)
    general = _general(data, "x.csv", monkeypatch)
    assert read_raw(data, name="x.csv").frame["Company"][-1] == general.frame["Company"][-1] == "Caf\u00e9"


@settings(max_examples=60, deadline=None)
@given(
    cells=st.lists(
        st.lists(st.text(st.characters(blacklist_categories=("Cs",)), max_size=8), min_size=3, max_size=3),
        min_size=1,
        max_size=12,
    )
)
def test_any_utf8_table_reads_the_same_both_ways(cells: list[list[str]]) -> None:
    import csv
    import io

    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["Company", "Title", "Location"])
    writer.writerows(cells)
    data = out.getvalue().encode("utf-8")
    fast = files.read_raw
    try:
        expected = _general_plain(data)
    except Exception as error:  # the general path refuses it: the fast path must refuse it the same way
        with pytest.raises(type(error)):
            fast(data, name="x.csv")
        return
    got = fast(data, name="x.csv")
    assert_frame_equal(got.frame, expected.frame)
    assert [asdict(i) for i in got.issues] == [asdict(i) for i in expected.issues]


def _general_plain(data: bytes):
    original = files._read_plain_utf8
    files._read_plain_utf8 = lambda *args: None  # hypothesis forbids function-scoped fixtures
    try:
        return read_raw(data, name="x.csv")
    finally:
        files._read_plain_utf8 = original
