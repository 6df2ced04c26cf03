"""Hostile input to the in-process loaders: bounded, linear, validating — even without the worker process."""

from __future__ import annotations

import datetime as dt
import io
import time

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from data_loaders import LoadError, limits, load_any, load_listings, load_outcomes
from data_loaders.ids import unique_ids
from data_loaders.text_decode import decode_text
from data_loaders.urls import mask_url, scrub


def _timed(func, *args, **kwargs):
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start


def _reasons(result) -> list[str]:
    return [issue.reason for issue in result.report.issues]


def _xlsx(build) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    build(book)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Excel ---------------------------------------------------------------------------------------


def test_one_far_cell_is_refused_before_the_reader_allocates_the_grid() -> None:
    def build(book):
        sheet = book.active
        sheet.append(["company", "title"])
        sheet.append(["Acme", "Data Intern"])
        sheet["XFD1048576"] = "x"

    with pytest.raises(LoadError, match="XFD1048576") as info:
        load_listings(_xlsx(build), name="far.xlsx")
    assert "How to fix" in str(info.value)


def test_a_far_sheet_is_skipped_when_another_sheet_holds_the_table() -> None:
    def build(book):
        book.active["A1"] = "notes"
        book.active["XFD1048576"] = "x"
        jobs = book.create_sheet("Jobs")
        jobs.append(["company", "title"])
        jobs.append(["Acme", "Data Intern"])

    result = load_listings(_xlsx(build), name="two.xlsx")
    assert result.frame["company"].to_list() == ["Acme"]
    assert any("XFD1048576" in note for note in result.report.notes)


def test_empty_first_sheet_loads_the_sheet_with_the_table() -> None:
    def build(book):
        book.active.title = "Cover"
        data = book.create_sheet("Data")
        data.append(["company", "title"])
        data.append(["Acme", "Data Intern"])

    assert load_listings(_xlsx(build), name="cover.xlsx").frame["title"].to_list() == ["Data Intern"]


def test_zip_bomb_is_refused(monkeypatch) -> None:
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as book:
        book.writestr("xl/worksheets/sheet1.xml", b"<a>" + b" " * (4 * 1024**2) + b"</a>")
    monkeypatch.setattr(limits, "XLSX_RATIO_FLOOR_BYTES", 1024**2)
    monkeypatch.setattr(limits, "XLSX_MAX_RATIO", 50)
    with pytest.raises(LoadError, match="zip bomb"):
        load_listings(buffer.getvalue(), name="bomb.xlsx")


def test_too_many_shared_strings_are_refused(monkeypatch) -> None:
    import zipfile

    def build(book):
        book.active.append(["company", "title"])

    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(_xlsx(build))) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for info in source.infolist():
            target.writestr(info, source.read(info))
        strings = "".join(f"<si><t>Title {i}</t></si>" for i in range(50))
        target.writestr("xl/sharedStrings.xml", f'<sst count="50" uniqueCount="50">{strings}</sst>')
    monkeypatch.setattr(limits, "XLSX_MAX_SHARED_STRINGS", 20)
    with pytest.raises(LoadError, match="distinct text values"):
        load_listings(buffer.getvalue(), name="strings.xlsx")


def _hand_book(rows: list[list[object]], shared: list[str] | None = None, count: int | None = None) -> bytes:
    from tests.corpus.zipkit import shared_strings, sheet_xml, workbook

    return workbook([("Sheet1", sheet_xml(rows))], None if shared is None else shared_strings(shared, count=count))


@pytest.mark.parametrize("ref", ["ZZZZ1", "XFE2", "A1048577", "B99999999999"])
def test_references_beyond_excels_grid_are_refused_quickly(ref: str) -> None:
    from tests.corpus.zipkit import sheet_xml, workbook

    xml = sheet_xml([["company", "title"], ["Acme", "Data Intern"]]).replace(
        b"</sheetData>", f'<row r="3"><c r="{ref}" t="inlineStr"><is><t>x</t></is></c></row></sheetData>'.encode()
    )
    start = time.perf_counter()
    with pytest.raises(LoadError, match=f"'{ref}' beyond Excel's last cell XFD1048576"):
        load_listings(workbook([("Sheet1", xml)]), name="refs.xlsx")
    assert time.perf_counter() - start < 5


def test_lower_case_references_inside_the_grid_still_load() -> None:
    from tests.corpus.zipkit import sheet_xml, workbook

    xml = sheet_xml([["company", "title"], ["Acme", "Data Intern"]]).replace(b'r="A2"', b'r="a2"')
    assert load_listings(workbook([("Sheet1", xml)]), name="lower.xlsx").frame["company"].to_list() == ["Acme"]


def test_dates_excel_cannot_show_become_empty_with_an_issue() -> None:
    rows = [
        ["company", "title", "posted"],
        ["Acme", "Data Intern", ("date", -1e308)],
        ["Beta", "ML Intern", ("date", -1)],
        ["Gamma", "Data Analyst Intern", ("date", 2958466)],
        ["Delta", "Software Intern", ("date", 46174)],
    ]
    result = load_listings(_hand_book(rows), name="dates.xlsx")
    issue = next(i for i in result.report.issues if i.reason.startswith("date Excel cannot show"))
    assert issue.count == 3 and issue.column == "posted" and [e["row"] for e in issue.examples] == [2, 3, 4]
    assert result.frame.height == 4
    posted = dict(zip(result.frame["company"], result.frame["posted_date"], strict=False))
    assert posted["Delta"] == dt.date(2026, 6, 1) and posted["Acme"] is None
    assert "TimeDelta" not in str(result.report.to_dict())


def test_real_shared_string_count_is_capped_when_the_declared_count_lies(monkeypatch) -> None:
    strings = ["company", "title"] + [f"Title {i}" for i in range(50)]
    monkeypatch.setattr(limits, "XLSX_MAX_SHARED_STRINGS", 20)
    with pytest.raises(LoadError, match="more than 20 distinct text values"):
        load_listings(_hand_book([[("s", 0), ("s", 1)], ["Acme", ("s", 2)]], strings, count=2), name="lies.xlsx")


def test_shared_text_size_is_capped_while_streaming(monkeypatch) -> None:
    from data_loaders import excel_inspect

    strings = ["company", "title"] + ["x" * 1_000 + str(i) for i in range(300)]
    monkeypatch.setattr(limits, "XLSX_MAX_SHARED_STRINGS_BYTES", 1024**2 // 8)
    monkeypatch.setattr(excel_inspect, "_CHUNK", 4096)
    seen: list[int] = []
    original = excel_inspect._SharedStrings.add
    monkeypatch.setattr(
        excel_inspect._SharedStrings, "add", lambda self, chunk: (seen.append(len(chunk)), original(self, chunk))
    )
    with pytest.raises(LoadError, match="MB of shared text"):
        load_listings(_hand_book([[("s", 0), ("s", 1)], ["Acme", ("s", 2)]], strings), name="big.xlsx")
    assert len(seen) < 300_000 // 4096 + 1  # refused mid-part, not after reading it all


# --- CSV / JSON: linear time and caps ------------------------------------------------------------


def _load_time(payload: bytes, name: str) -> float:
    """Seconds to load or refuse `payload` (either outcome is fine here; hanging is not)."""
    start = time.perf_counter()
    try:
        load_listings(payload, name=name)
    except LoadError:
        pass
    return time.perf_counter() - start


@pytest.mark.parametrize("unit", [b"company,title,", b"a", b'"', b"x;y|z\t"])
def test_single_line_files_are_linear(unit: bytes) -> None:
    small = _load_time(unit * (250_000 // len(unit)), "line.csv")
    big = _load_time(unit * (1_000_000 // len(unit)), "line.csv")
    assert big < 5.0
    assert big < 8 * small + 0.5  # 4x the input, far from the 16x of quadratic work


def test_wide_file_loads_quickly() -> None:
    header = ",".join(["company", "title"] + [f"extra_{i}" for i in range(2_500)])
    row = ",".join(["Acme", "Data Intern"] + ["v"] * 2_500)
    result, took = _timed(load_listings, f"{header}\n{row}\n".encode(), name="wide.csv")
    assert result.frame.height == 1
    assert took < 5.0


def test_column_cap_is_reported(monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_COLUMNS", 3)
    result = load_listings(b"company,title,location,a,b\nAcme,Data Intern,Austin TX,1,2\n", name="cols.csv")
    assert any("more than 3 columns" in r for r in _reasons(result))
    assert result.frame["company"].to_list() == ["Acme"]


def test_long_cells_are_cut_with_an_issue() -> None:
    long_title = "Data Intern " * 2_000
    result = load_listings(f"company,title\nAcme,{long_title}\n".encode(), name="long.csv")
    assert len(result.frame["title"][0]) <= limits.MAX_CELL_CHARS
    issue = next(i for i in result.report.issues if i.reason.startswith("value longer than"))
    assert issue.column == "title" and issue.examples[0]["row"] == 2


def test_long_lines_are_cut_with_an_issue(monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_LINE_CHARS", 100)
    payload = ("company,title\nAcme,Data Intern\nBeta," + "x" * 500 + "\n").encode()
    result = load_listings(payload, name="lines.csv")
    assert any(r.startswith("line longer than 100") for r in _reasons(result))


def test_row_cap_is_reported(monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_ROWS", 2)
    result = load_listings(b"company,title\nA,x\nB,y\nC,z\nD,w\n", name="rows.csv")
    assert result.frame.height == 2
    assert any("more than 2 rows" in r for r in _reasons(result))


def test_sparse_json_keys_are_bounded(monkeypatch) -> None:
    monkeypatch.setattr(limits, "MAX_CELLS", 50)
    records = ",".join(f'{{"company": "C{i}", "title": "T", "k{i}": 1}}' for i in range(30))
    result = load_listings(f"[{records}]".encode(), name="sparse.json")
    assert result.frame.height < 30
    assert any("cells" in r for r in _reasons(result))


@pytest.mark.parametrize(
    "text",
    [
        " " * 100_000 + "x",
        "Data " * 20_000,
        "(" * 50_000,
        "Remote or " * 9_000,
        "$" + "1," * 40_000,
        "Summer " * 12_000,
        "not sponsor " * 7_000,
    ],
)
def test_adversarial_cell_values_stay_fast(text: str) -> None:
    payload = (
        "company,title,location,salary,terms,sponsorship,skills\n"
        + ",".join(['"' + text.replace('"', "") + '"'] * 7)
        + "\n"
    ).encode()
    assert _load_time(payload, "evil.csv") < 10.0  # every cell is cut to MAX_CELL_CHARS before any normaliser


# --- one decoder ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("payload", "encoding"),
    [
        ("company,title\nAcme,“Data” Intern – 5€\n".encode("cp1252"), "cp1252"),
        (b"\xff\xfe" + "company\ttitle\nAcme\tData Intern\n".encode("utf-16-le"), "utf-16-le"),
        (b"\xfe\xff" + "company\ttitle\nAcme\tData Intern\n".encode("utf-16-be"), "utf-16-be"),
        (b"\xef\xbb\xbfcompany,title\nAcme,Data Intern\n", "utf-8-sig"),
        (b"company,title\nCaf\x81,Data Intern\n", "latin-1"),
    ],
)
def test_decoder(payload: bytes, encoding: str) -> None:
    decoded = decode_text(payload, "x.csv")
    assert decoded.encoding == encoding
    assert "company" in decoded.text and "\ufffd" not in decoded.text


def test_cp1252_curly_quotes_load_without_mojibake() -> None:
    result = load_listings("company,title\nAcme,“Data” Intern – 5€\n".encode("cp1252"), name="win.csv")
    assert result.frame["title"].to_list() == ["“Data” Intern – 5€"]


def test_cr_only_newlines_and_space_before_quote() -> None:
    result = load_listings(
        b'company,title,location\rAcme,Data Intern, "Austin, TX"\rBeta,SWE Intern, "Boston, MA"\r', name="mac.csv"
    )
    assert result.frame["company"].to_list() == ["Acme", "Beta"]
    assert result.frame["cities"].to_list() == [["Austin"], ["Boston"]]


# --- Parquet ---------------------------------------------------------------------------------------


def _parquet(table) -> bytes:
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(table, buffer)
    return buffer.getvalue()


def test_out_of_range_dates_become_null_without_a_panic() -> None:
    import pyarrow as pa

    table = pa.table(
        {
            "company": ["Acme", "Beta"],
            "title": ["Data Intern", "SWE Intern"],
            "posted_date": pa.array([100_000_000, 19_000], pa.date32()),
            "seen": pa.array([2**62, 0], pa.timestamp("ms")),
        }
    )
    result = load_listings(_parquet(table), name="dates.parquet")
    assert result.frame["posted_date"].to_list()[0] is None
    assert any("outside the years 1 to 9999" in r for r in _reasons(result))


@pytest.mark.parametrize(
    "column",
    [
        "decimal",
        "time",
        "duration",
        "struct",
        "dictionary",
        "binary",
        "large_string",
        "list_of_struct",
        "map",
        "null",
    ],
)
def test_exotic_parquet_types_load(column: str) -> None:
    import decimal

    import pyarrow as pa

    arrays = {
        "decimal": pa.array([decimal.Decimal("1.5"), None], pa.decimal128(10, 2)),
        "time": pa.array([dt.time(1, 2), None], pa.time64("us")),
        "duration": pa.array([5, None], pa.duration("s")),
        "struct": pa.array([{"x": 1}, None]),
        "dictionary": pa.array(["a", "b"]).dictionary_encode(),
        "binary": pa.array([b"a\xff", b"b"], pa.binary()),
        "large_string": pa.array(["a", "b"], pa.large_string()),
        "list_of_struct": pa.array([[{"x": 1}], []]),
        "map": pa.array([[("k", "v")], None], pa.map_(pa.string(), pa.string())),
        "null": pa.array([None, None], pa.null()),
    }
    table = pa.table({"company": ["Acme", "Beta"], "title": ["Data Intern", "SWE Intern"], "other": arrays[column]})
    assert load_listings(_parquet(table), name="exotic.parquet").frame.height == 2


def test_canonical_looking_parquet_is_validated() -> None:
    from data_loaders import sample_paths

    sample = pl.read_parquet(sample_paths()["listings"]).head(4)
    bad = sample.with_columns(
        pl.Series("posted_date", [dt.date(1, 1, 1), dt.date(9999, 12, 31), None, dt.date.today()]),
        pl.Series("pay_hourly_usd", [float("nan"), float("inf"), -5.0, 5_000.0]),
        pl.Series("work_mode", ["remote", "<b>x</b>", "onsite", "hybrid"]),
        pl.Series("listing_id", ["1", "1", "1-2", "x"]),
        pl.Series("source", ["postgresql://u:hunter2@h/db"] * 4),
    )
    buffer = io.BytesIO()
    bad.write_parquet(buffer)
    result = load_listings(buffer.getvalue(), name="canonical.parquet")
    frame = result.frame
    assert frame["posted_date"].to_list()[:2] == [None, None]
    assert frame["pay_hourly_usd"].to_list() == [None, None, None, None]
    assert frame["work_mode"].to_list()[1] == "unknown"
    assert frame["listing_id"].n_unique() == 4
    assert "hunter2" not in " ".join(frame["source"].to_list())
    assert len(result.report.issues) >= 4


def test_canonical_counts_with_impossible_funnels_are_dropped() -> None:
    from data_loaders.schema import OUTCOME_COUNTS_SCHEMA

    counts = pl.DataFrame(
        {
            "company": ["A", "B", "C", "D"],
            "applications": [10, 5, -1, 9_223_372_036_854_775_717],
            "interviews": [5, 9, 0, 1],
            "offers": [2, 1, 0, 126],
            "accepted": [1, 1, 0, 0],
        }
    ).with_columns(
        pl.lit(None, dtype=pl.String).alias(c) for c in ("title", "field", "term", "region", "major", "source")
    )
    counts = counts.with_columns(pl.lit(None, dtype=pl.Int32).alias("class_year")).select(
        pl.col(c).cast(t) for c, t in OUTCOME_COUNTS_SCHEMA.items()
    )
    buffer = io.BytesIO()
    counts.write_parquet(buffer)
    result = load_outcomes(buffer.getvalue(), name="counts.parquet")
    assert result.frame["company"].to_list() == ["A"]


def test_text_counts_inf_and_nan_are_dropped() -> None:
    payload = b"company,applications,interviews,offers\nA,10,5,2\nB,inf,1,0\nC,NaN,1,0\nD,1e308,1,1\n"
    result = load_outcomes(payload, name="counts.csv")
    assert result.frame["company"].to_list() == ["A"]


def _repeated_parquet(rows: int, text: str) -> bytes:
    import numpy
    import pyarrow as pa

    zeros = pa.array(numpy.zeros(rows, dtype=numpy.int32))
    return _parquet(
        pa.table(
            {
                "company": pa.DictionaryArray.from_arrays(zeros, pa.array([text])),
                "title": pa.DictionaryArray.from_arrays(zeros, pa.array(["Data Intern"])),
            }
        )
    )


def test_parquet_row_count_is_checked_in_the_footer_before_decoding(monkeypatch) -> None:
    data = _repeated_parquet(5_000, "Acme")
    monkeypatch.setattr(limits, "MAX_ROWS", 1_000)
    monkeypatch.setattr(pl, "read_parquet", lambda *a, **k: pytest.fail("decoded before the footer check"))
    with pytest.raises(LoadError, match="holds 5,000 rows"):
        load_listings(data, name="rle.parquet")


def test_parquet_decoded_size_is_estimated_before_decoding(monkeypatch) -> None:
    data = _repeated_parquet(5_000, "A" * 1_000)  # ~5 MB decoded from a few KB on disk
    assert len(data) < 50_000
    monkeypatch.setattr(limits, "PARQUET_MAX_DECODED_BYTES", 1024**2)
    monkeypatch.setattr(pl, "read_parquet", lambda *a, **k: pytest.fail("decoded before the footer check"))
    with pytest.raises(LoadError, match="GB of memory once decoded"):
        load_listings(data, name="wide.parquet")


# --- ids, urls -------------------------------------------------------------------------------------


def test_duplicate_ids_are_really_unique() -> None:
    assert unique_ids(pl.Series(["1", "1", "1-2"])).to_list() == ["1", "1-3", "1-2"]
    assert unique_ids(pl.Series(["a", "a", "a", "a-2", None, None])).to_list() == ["a", "a-3", "a-4", "a-2", None, None]


@settings(max_examples=150, deadline=None)
@given(
    st.lists(
        st.one_of(st.none(), st.sampled_from(["1", "1-2", "1-3", "2", "a", "a-2", "a-2-2"]), st.text(max_size=4)),
        max_size=30,
    )
)
def test_unique_ids_property(ids: list[str | None]) -> None:
    out = unique_ids(pl.Series(ids, dtype=pl.String)).to_list()
    present = [v for v in out if v is not None]
    assert len(present) == len(set(present))
    seen: set[str] = set()
    for before, after in zip(ids, out, strict=True):
        if before is None or before not in seen:
            assert after == before  # first occurrences (and nulls) never change
        if before is not None:
            seen.add(before)


@pytest.mark.parametrize(
    ("url", "secret"),
    [
        ("postgresql://u:hunter2@host/db", "hunter2"),
        ("postgresql://u:p@ss:w@rd@host/db", "p@ss:w@rd"),
        ("postgresql://u:pa?ss/w@host/db", "pa?ss/w"),
        ("postgresql://host/campus?password=hunter2", "hunter2"),
        ("postgresql+psycopg:///?host=/tmp&user=u&password=hunter2", "hunter2"),
        ("mysql://h/db?pwd=s3&sslpassword=s4&api_key=s5&token=s6", "s3"),
        ("::not a url:// u:hunter2@", "hunter2"),
    ],
)
def test_mask_url_hides_every_password(url: str, secret: str) -> None:
    masked = mask_url(url)
    assert secret not in masked and "***" in masked
    assert secret not in scrub(f"failed for {secret}", url)


def test_mask_url_keeps_plain_urls() -> None:
    assert mask_url("sqlite:///data/file.db") == "sqlite:///data/file.db"
    assert mask_url("postgresql://u@host/db") == "postgresql://u@host/db"


def test_database_errors_never_show_the_password() -> None:
    with pytest.raises(LoadError) as info:
        load_any("postgresql+psycopg://u:hunter2@127.0.0.1:1/db?password=hunter3", table="listings")
    assert "hunter2" not in str(info.value) and "hunter3" not in str(info.value)
