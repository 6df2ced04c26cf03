"""Format detection and raw reading (files.py) and the alias table (columns.py)."""

from __future__ import annotations

import io
import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders.columns import guess_kind, map_columns, mapped_count
from data_loaders.errors import LoadError
from data_loaders.files import read_raw

EXPECTED = pl.DataFrame({"company": ["Acme", "Café Zoë"], "title": ["Data Intern", "SWE Intern"]})


@pytest.mark.parametrize(
    ("payload", "name", "fmt"),
    [
        (b"company,title\nAcme,Data Intern\nCaf\xc3\xa9 Zo\xc3\xab,SWE Intern\n", "a.csv", "csv"),
        (b"\xef\xbb\xbfcompany;title\nAcme;Data Intern\nCaf\xc3\xa9 Zo\xc3\xab;SWE Intern\n", "bom.csv", "csv"),
        (b"company;title\r\nAcme;Data Intern\r\nCaf\xe9 Zo\xeb;SWE Intern\r\n", "latin1.csv", "csv"),
        (b"company\ttitle\nAcme\tData Intern\nCaf\xc3\xa9 Zo\xc3\xab\tSWE Intern\n", "a.tsv", "tsv"),
        (b"company|title\nAcme|Data Intern\nCaf\xc3\xa9 Zo\xc3\xab|SWE Intern\n", "pipes.txt", "csv"),
        (b'"company","title"\n"Acme","Data Intern"\n"Caf\xc3\xa9 Zo\xc3\xab","SWE Intern"\n', "quoted.csv", "csv"),
        (
            json.dumps(
                [{"company": "Acme", "title": "Data Intern"}, {"company": "Café Zoë", "title": "SWE Intern"}]
            ).encode(),
            "a.json",
            "json",
        ),
        (
            b'{"company": "Acme", "title": "Data Intern"}\n{"company": "Caf\xc3\xa9 Zo\xc3\xab", "title": "SWE Intern"}\n',
            "a.jsonl",
            "ndjson",
        ),
        (
            json.dumps(
                {"data": [{"company": "Acme", "title": "Data Intern"}, {"company": "Café Zoë", "title": "SWE Intern"}]}
            ).encode(),
            "wrapped.json",
            "json",
        ),
        # Content decides, not the name: a JSON array saved as .txt is still JSON.
        (
            json.dumps(
                [{"company": "Acme", "title": "Data Intern"}, {"company": "Café Zoë", "title": "SWE Intern"}]
            ).encode(),
            "x.txt",
            "json",
        ),
    ],
)
def test_text_formats_read_as_strings(payload: bytes, name: str, fmt: str) -> None:
    raw = read_raw(payload, name=name)
    assert raw.format == fmt
    assert raw.source_label == name
    assert_frame_equal(raw.frame, EXPECTED)


def test_json_keyed_object_key_becomes_id_and_lists_stay_lists() -> None:
    payload = {
        "a1": {"company": "Acme", "locations": ["NYC", "SF"], "is_open": True, "n": 3},
        "b2": {"id": "own", "company": "Beta", "locations": "Austin, TX", "is_open": False, "n": None},
    }
    raw = read_raw(json.dumps(payload).encode(), name="jobs.json")
    expected = pl.DataFrame(
        {
            "id": ["a1", "own"],
            "company": ["Acme", "Beta"],
            "locations": [["NYC", "SF"], ["Austin, TX"]],
            "is_open": ["true", "false"],
            "n": ["3", None],
        },
        schema_overrides={"locations": pl.List(pl.String)},
    )
    assert_frame_equal(raw.frame.select(expected.columns), expected)


def test_parquet_is_read_as_text_unless_canonical() -> None:
    buffer = io.BytesIO()
    pl.DataFrame({"company": ["Acme"], "pay": [25.5], "open": [True]}).write_parquet(buffer)
    raw = read_raw(buffer.getvalue(), name="jobs.parquet")
    assert raw.format == "parquet" and not raw.already_canonical
    assert_frame_equal(raw.frame, pl.DataFrame({"company": ["Acme"], "pay": ["25.5"], "open": ["true"]}))


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_xlsx_picks_the_sheet_that_maps_best() -> None:
    data = _workbook(
        {
            "Notes": [["Read me"], ["This workbook lists internships"]],
            "Jobs": [["Company Name", "Job Title", "Location"], ["Acme", "Data Intern", "Austin, TX"]],
        }
    )
    raw = read_raw(data, name="book.xlsx", score=mapped_count)
    assert (raw.format, raw.sheets) == ("xlsx", ("Jobs",))
    assert_frame_equal(
        raw.frame, pl.DataFrame({"Company Name": ["Acme"], "Job Title": ["Data Intern"], "Location": ["Austin, TX"]})
    )


def test_xlsx_stacks_sheets_with_the_same_header() -> None:
    header = ["company", "title"]
    data = _workbook({"2024": [header, ["Acme", "A"]], "2025": [header, ["Beta", "B"], ["Gamma", "C"]]})
    raw = read_raw(data, name="book.xlsx", score=mapped_count)
    assert raw.sheets == ("2024", "2025")
    assert raw.frame["company"].to_list() == ["Acme", "Beta", "Gamma"]


def test_first_row_number_counts_the_header_line() -> None:
    assert read_raw(b"company,title\nA,B\n", name="a.csv").first_row_number == 2
    assert read_raw(b'[{"company": "A"}]', name="a.json").first_row_number == 1


@pytest.mark.parametrize(
    ("payload", "name", "message"),
    [
        (b"", "empty.csv", "is empty"),
        (b"   \n\n", "blank.csv", "is empty"),
        (b"company,title\n", "header.csv", "header but no data rows"),
        (b"\x00\x01\x02\x03garbage\xff\xfe" * 20, "junk.csv", "binary"),
        (b"42", "scalar.json", "single JSON value"),
        (b'"just text"', "scalar.json", "single JSON value"),
        (b"[]", "empty.json", "no records"),
        (b"[1, 2, 3]", "ints.json", "not objects"),
        (b"{not json", "bad.json", "not valid JSON"),
        (b"PAR1 not really parquet", "fake.parquet", "not a readable Parquet"),
        (b"plain words", "fake.xlsx", "not a valid xlsx"),
        (b"PK\x03\x04 broken zip", "broken.xlsx", "not a readable Excel"),
    ],
)
def test_unreadable_sources_raise_load_error(payload: bytes, name: str, message: str) -> None:
    with pytest.raises(LoadError, match=message) as info:
        read_raw(payload, name=name)
    assert "How to fix" in str(info.value)


def test_missing_path_is_a_load_error(tmp_path) -> None:
    with pytest.raises(LoadError, match="File not found: nope.csv"):
        read_raw(tmp_path / "nope.csv")


def test_file_like_upload_uses_its_name() -> None:
    upload = io.BytesIO(b"company,title\nAcme,Intern\n")
    upload.name = "uploads/mine.csv"
    assert read_raw(upload).source_label == "mine.csv"


@pytest.mark.parametrize(
    ("columns", "kind", "expected"),
    [
        (
            ["company_name", "JobTitle", "category"],
            "listings",
            {"company": "company_name", "title": "JobTitle", "category": "category"},
        ),
        (
            ["Company Name", "Title ", "Salary", "date_posted"],
            "listings",
            {"company": "Company Name", "title": "Title ", "pay_text": "Salary", "posted_date": "date_posted"},
        ),
        (
            ["employer", "position", "stipend", "created", "is_open", "remote"],
            "listings",
            {
                "company": "employer",
                "title": "position",
                "pay_text": "stipend",
                "posted_date": "created",
                "active": "is_open",
                "remote": "remote",
            },
        ),
        (
            ["organization", "role", "compensation", "posted_at", "city", "Semester"],
            "listings",
            {
                "company": "organization",
                "title": "role",
                "pay_text": "compensation",
                "posted_date": "posted_at",
                "locations": "city",
                "terms": "Semester",
            },
        ),
        (
            ["ApplicationID", "ApplicationDate", "FinalStatus", "student_id", "Company"],
            "outcomes",
            {
                "application_id": "ApplicationID",
                "applied_date": "ApplicationDate",
                "status": "FinalStatus",
                "applicant_id": "student_id",
                "company": "Company",
            },
        ),
    ],
)
def test_aliases_match_case_space_and_underscore_insensitively(
    columns: list[str], kind: str, expected: dict[str, str]
) -> None:
    assert map_columns(columns, kind).roles == expected


def test_explicit_mapping_overrides_the_guess() -> None:
    mapping = map_columns(["company", "Firma", "title"], "listings", {"Firma": "company"})
    assert mapping.roles["company"] == "Firma"
    assert "company" in mapping.ignored


def test_explicit_mapping_to_unknown_target_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="not a known listings column"):
        map_columns(["a"], "listings", {"a": "salary_in_bitcoin"})


def test_outcomes_drop_private_columns_and_collect_status_steps() -> None:
    mapping = map_columns(
        ["ApplicationID", "Status 2", "Status 1", "Comments", "student_name", "E-mail", "notes", "Status 1 Date"],
        "outcomes",
    )
    assert mapping.private == ["Comments", "student_name", "E-mail", "notes"]
    assert mapping.status_steps == ["Status 1", "Status 2"]
    assert mapping.ignored == ["Status 1 Date"]


def test_season_falls_back_when_seasons_is_blank() -> None:
    mapping = map_columns(["season", "seasons", "company"], "listings")
    assert (mapping.roles["terms"], mapping.fallbacks["terms"]) == ("seasons", ["season"])


@pytest.mark.parametrize(
    ("columns", "kind"),
    [
        (["company", "title", "location", "salary"], "listings"),
        (["ApplicationId", "Company", "JobTitle", "FinalStatus"], "outcomes"),
        (["company", "applications", "interviews", "offers"], "outcomes"),
        (["Company", "Title", "Status 1", "Status 2"], "outcomes"),
    ],
)
def test_guess_kind(columns: list[str], kind: str) -> None:
    assert guess_kind(columns) == kind
