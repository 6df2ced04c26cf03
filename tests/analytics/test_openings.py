"""Openings table, details, similar openings, comparable acceptance and safe downloads."""

from __future__ import annotations

import datetime as dt
import io

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.openings import (
    comparable_acceptance,
    csv_safe,
    opening_details,
    openings_table,
    similar_openings,
    to_csv_bytes,
    to_parquet_bytes,
)
from analytics.rates import wilson_interval
from data_loaders.schema import conform

D = dt.date
COLUMNS = [
    "listing_id",
    "company",
    "title",
    "field",
    "locations",
    "work_mode",
    "pay_hourly_usd",
    "skills",
    "posted_date",
    "url",
]
ROWS = [
    (
        "a",
        "Acme",
        "Data Intern",
        "Data Science & Analytics",
        ["Austin, TX", "Remote"],
        "hybrid",
        40.0,
        ["Python", "SQL", "Tableau"],
        D(2027, 1, 3),
        "https://acme.example/jobs/1",
    ),
    (
        "b",
        "Bolt",
        "Analyst Intern",
        "Data Science & Analytics",
        ["Chicago, IL"],
        "onsite",
        None,
        ["SQL", "Excel"],
        D(2027, 1, 5),
        "javascript:alert(1)",
    ),
    (
        "c",
        "Cato",
        "Data Engineer Intern",
        "Data Science & Analytics",
        [],
        "remote",
        30.0,
        ["Python", "SQL"],
        D(2027, 1, 1),
        "HTTP://cato.example",
    ),
    (
        "d",
        "Dyno",
        "SWE Intern",
        "Software Engineering",
        ["Austin, TX"],
        "onsite",
        50.0,
        ["Python", "SQL", "Tableau"],
        D(2027, 1, 4),
        None,
    ),
    ("e", "Eon", "BI Intern", "Data Science & Analytics", [], "remote", 20.0, ["Go"], D(2027, 1, 2), "www.eon.example"),
]
LISTINGS = conform(pl.DataFrame([dict(zip(COLUMNS, row, strict=False)) for row in ROWS]), "listings")


@pytest.mark.parametrize(
    ("sort_by", "descending", "limit", "offset", "expected_ids"),
    [
        ("posted_date", True, 100, 0, ["b", "d", "a", "e", "c"]),
        ("posted_date", False, 2, 0, ["c", "e"]),
        ("posted_date", True, 2, 2, ["a", "e"]),
        ("pay_hourly_usd", True, 10, 0, ["d", "a", "c", "e", "b"]),  # null pay last either way
        ("pay_hourly_usd", False, 10, 0, ["e", "c", "a", "d", "b"]),
        ("company", False, 1, 4, ["e"]),
        ("posted_date", True, 10, 9, []),
    ],
)
def test_openings_table_sorts_and_pages(
    sort_by: str, descending: bool, limit: int, offset: int, expected_ids: list[str]
) -> None:
    result = openings_table(LISTINGS, sort_by=sort_by, descending=descending, limit=limit, offset=offset)
    assert result["listing_id"].to_list() == expected_ids


def test_openings_table_columns_join_lists_and_keep_only_web_links() -> None:
    result = openings_table(LISTINGS, sort_by="listing_id", descending=False)
    assert result.columns == [
        "listing_id",
        "company",
        "title",
        "field",
        "locations",
        "work_mode",
        "pay_hourly_usd",
        "skills",
        "posted_date",
        "url",
    ]
    assert result["locations"].to_list() == ["Austin, TX; Remote", "Chicago, IL", "", "Austin, TX", ""]
    assert result["skills"][0] == "Python, SQL, Tableau"
    assert result["url"].to_list() == ["https://acme.example/jobs/1", None, "HTTP://cato.example", None, None]


def test_openings_table_rejects_unknown_sort_column() -> None:
    with pytest.raises(ValueError, match="sort_by must be one of"):
        openings_table(LISTINGS, sort_by="salary; DROP TABLE")


def test_opening_details() -> None:
    details = opening_details(LISTINGS, "b")
    assert details is not None
    assert (details["company"], details["skills"], details["url"]) == ("Bolt", ["SQL", "Excel"], None)
    assert opening_details(LISTINGS, "zzz") is None


def test_similar_openings_same_field_by_jaccard() -> None:
    result = similar_openings(LISTINGS, "a", k=5)
    # a = {Python, SQL, Tableau}; c shares 2 of 3 -> 2/3; b shares SQL of {SQL, Excel, Python, Tableau} -> 1/4;
    # d is another field; e shares nothing.
    assert result.select("listing_id", "similarity").rows() == [("c", pytest.approx(2 / 3)), ("b", 0.25)]
    assert result["shared_skills"].to_list() == [["Python", "SQL"], ["SQL"]]
    assert similar_openings(LISTINGS, "a", k=1)["listing_id"].to_list() == ["c"]


@pytest.mark.parametrize("listing_id", ["zzz", "e_without_skills"])
def test_similar_openings_of_unknown_or_skill_less_listing_is_empty(listing_id: str) -> None:
    frame = pl.concat(
        [LISTINGS, conform(pl.DataFrame({"listing_id": ["e_without_skills"], "skills": [[]]}), "listings")]
    )
    result = similar_openings(frame, listing_id)
    assert result.height == 0
    assert "similarity" in result.columns


OUTCOME_COUNTS = conform(
    pl.DataFrame(
        {
            "company": ["Acme", "Acme", "Bolt", "Cato"],
            "field": [
                "Data Science & Analytics",
                "Software Engineering",
                "Data Science & Analytics",
                "Data Science & Analytics",
            ],
            "applications": [4, 50, 10, 6],
            "interviews": [2, 10, 5, 3],
            "offers": [1, 5, 2, 1],
        }
    ),
    "outcome_counts",
)


@pytest.mark.parametrize(
    ("row", "min_group", "basis", "n", "successes"),
    [
        ({"company": "Acme", "field": "Software Engineering"}, 10, "same company and field", 50, 5),
        ({"company": "Acme", "field": "Data Science & Analytics"}, 10, "same field", 20, 4),  # Acme DS: only 4
        ({"company": "Zed", "field": "Data Science & Analytics"}, 10, "same field", 20, 4),
        ({"company": "Acme", "field": "Data Science & Analytics"}, 3, "same company and field", 4, 1),
        ({"company": "Acme", "field": "Data Science & Analytics"}, 25, None, 20, None),
    ],
)
def test_comparable_acceptance(row: dict, min_group: int, basis: str | None, n: int, successes: int | None) -> None:
    result = comparable_acceptance(OUTCOME_COUNTS, row, min_group=min_group)
    assert (result["basis"], result["n"], result["successes"]) == (basis, n, successes)
    if successes is not None:
        assert (result["low"], result["high"]) == pytest.approx(wilson_interval(successes, n))
        assert result["rate"] == pytest.approx(successes / n)
    else:
        assert result["rate"] is None


def test_csv_safe_neutralises_formulas_and_joins_lists() -> None:
    frame = pl.DataFrame(
        {
            "text": ['=HYPERLINK("x")', "+1", "-2", "@SUM(A1)", "\tTab", "plain", "a=b", None],
            "skills": [["=cmd", "SQL"], [], None, ["C++"], ["Go"], ["R"], ["-x"], ["@y"]],
            "pay": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],
        }
    )
    expected = pl.DataFrame(
        {
            "text": ['\'=HYPERLINK("x")', "'+1", "'-2", "'@SUM(A1)", "'\tTab", "plain", "a=b", None],
            "skills": ["'=cmd; SQL", "", None, "C++", "Go", "R", "'-x", "'@y"],
            "pay": [-5.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0, 7.0],  # numbers are not formulas
        }
    )
    assert_frame_equal(csv_safe(frame), expected)


def test_to_csv_bytes_is_safe_utf8_with_bom() -> None:
    frame = pl.DataFrame({"city": ["São Paulo", "=1+1"], "skills": [["A", "B"], []]})
    data = to_csv_bytes(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    assert data.decode("utf-8-sig").splitlines() == [
        "city,skills",
        "São Paulo,A; B",
        '\'=1+1,""',
    ]  # empty list -> quoted empty string


def test_to_parquet_bytes_round_trips() -> None:
    assert_frame_equal(pl.read_parquet(io.BytesIO(to_parquet_bytes(LISTINGS))), LISTINGS)
