"""The listings loader's description extraction, de-duplication option and vectorised parsing (issue 7)."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from data_loaders import LoadError, load_listings
from data_loaders.isolation import load_isolated
from tests.data_loaders.test_cli import run_cli

DESCRIBED = json.dumps(
    [
        {
            "company": "Acme",
            "title": "Data Intern",
            "skills": "Excel",
            "about_the_role": "<p>Summer 2027 internship. Python and SQL.</p><p>Pay: $30/hour.</p>",
        },
        {
            "company": "Beta",
            "title": "ML Intern",
            "salary": "$45/hr",
            "about_the_role": "<h3>Requirements</h3><ul><li>PyTorch</li></ul><h3>Nice to have</h3><ul><li>Rust</li></ul>"
            "<p>Fully remote. Visa sponsorship available. Pay: $20/hour.</p>",
        },
        {
            "company": "Gamma",
            "title": "SWE Intern",
            "sponsorship": "No",
            "about_the_role": "We are unable to sponsor visas. This is a hybrid role, 3 days a week in the office.",
        },
        {"company": "Delta", "title": "Ops Intern", "about_the_role": None},
    ]
).encode()


@pytest.fixture(scope="module")
def described():
    return load_listings(DESCRIBED, name="described.json")


def test_description_fills_only_what_the_structured_columns_lack(described) -> None:
    frame = described.frame
    assert frame["skills"].to_list() == [["Excel"], ["PyTorch"], [], []]  # structured tags win; Rust is nice to have
    assert frame["pay_text"].to_list() == ["$30/hour", "$45/hr", None, None]  # the salary column wins over the text
    assert frame["pay_hourly_usd"].to_list() == [30.0, 45.0, None, None]
    assert frame["work_mode"].to_list() == ["unknown", "remote", "hybrid", "unknown"]
    assert frame["sponsorship"].to_list() == ["unknown", "offers", "none", "unknown"]  # Gamma's column said "No"
    assert frame["terms"].to_list() == [["Summer 2027"], [], [], []]


def test_description_fills_are_reported_with_counts_and_the_column(described) -> None:
    report = described.report
    assert report.column_mapping["about_the_role"] == "description"
    assert "about_the_role" not in report.ignored_columns
    notes = " ".join(report.notes)
    assert "Skills for 1 of 4 rows extracted from 'about_the_role'" in notes
    assert "Pay for 1 of 4 rows extracted from 'about_the_role'" in notes
    assert "Work mode for 2 of 4 rows" in notes and "Terms for 1 of 4 rows" in notes
    assert "nice-to-have heading" in notes


def test_several_description_columns_are_read_together() -> None:
    csv = b'Company,Title,Job Description,Preferred Skills\nAcme,Analyst,"Use SQL daily, $25/hour","Tableau, Python"\n'
    result = load_listings(csv, name="two.csv")
    assert result.frame["skills"].to_list() == [["SQL"]]  # a "Preferred Skills" column is nice to have
    assert result.frame["pay_hourly_usd"].to_list() == [25.0]
    assert result.report.column_mapping["Preferred Skills"] == "description"


def test_ashby_board_gets_skills_and_pay_from_descriptions(realdata) -> None:
    result = load_listings(realdata / "ashby-raw-job-boards" / "bree.json")
    assert result.report.coverage["skills"] >= 0.9
    row = result.frame.filter(pl.col("title") == "Creative Strategist (Part-Time)")
    assert row.select("pay_text", "pay_currency", "pay_period", "pay_hourly_usd").row(0) == (
        "$40/hr",
        "CAD",
        "hour",
        row["pay_hourly_usd"][0],
    )
    assert 25 < row["pay_hourly_usd"][0] < 35  # CA$40 in US dollars at the shipped rate
    assert any("extracted from 'descriptionPlain'" in note for note in result.report.notes)
    assert "descriptionHtml" not in result.report.column_mapping  # the HTML copy of the same text is not read twice


def test_long_descriptions_get_the_description_cap() -> None:
    from data_loaders.limits import MAX_CELL_CHARS, MAX_DESCRIPTION_CHARS

    text = "x" * (MAX_CELL_CHARS + 500) + " Python"
    rows = [{"company": "Acme", "title": "Intern", "description": text, "notes": "y" * (MAX_CELL_CHARS + 10)}]
    result = load_listings(json.dumps(rows).encode(), name="long.json")
    assert result.frame["skills"].to_list() == [["Python"]]  # read past the ordinary 4,000-character cut
    cut = [i for i in result.report.issues if i.reason.startswith("value longer than")]
    assert [i.column for i in cut] == ["notes"]
    huge = [{"company": "Acme", "title": "Intern", "description": "z" * (MAX_DESCRIPTION_CHARS + 1)}]
    issue = next(
        i
        for i in load_listings(json.dumps(huge).encode(), name="h.json").report.issues
        if i.reason.startswith("value longer than")
    )
    assert issue.reason == f"value longer than {MAX_DESCRIPTION_CHARS:,} characters (cut to that length)"


# --- de-duplication through the loader ----------------------------------------------------------
REPOSTS = (
    b"id,company,title,location,season,url\n"
    b'1,Acme,SWE Intern,"Austin, TX",Summer 2027,https://acme.example/1\n'
    b'2,Acme,SWE Intern,"Austin, TX",Summer 2027,https://acme.example/2\n'  # re-post
    b'1,Acme,SWE Intern,"Austin, TX",Summer 2027,https://acme.example/1\n'  # exact duplicate
    b'3,Acme,SWE Intern,"Austin, TX",Fall 2027,https://acme.example/3\n'  # other season: kept
    b'4,Acme,SWE Intern,"Austin, TX",Summer,https://acme.example/4\n'  # a season without a year: kept
)


def test_reposts_are_collapsed_and_listed_by_default() -> None:
    result = load_listings(REPOSTS, name="reposts.csv")
    assert result.frame["listing_id"].to_list() == ["1", "3", "4"]
    assert result.merged.select("merged_row", "merged_id", "kept_row", "kept_id").rows() == [
        (3, "2", 2, "1"),
        (4, "1", 2, "1"),
    ]
    reasons = {i.reason: i.count for i in result.report.issues if i.dropped}
    assert reasons == {
        "re-post collapsed into an earlier row (re-post: same company, title, places and terms under another id)": 1,
        "duplicate listing removed (same source id, company, title and terms)": 1,
    }
    assert result.report.rows_read == result.report.rows_loaded + result.report.rows_dropped


def test_keep_reposts_keeps_them_but_not_exact_duplicates() -> None:
    result = load_listings(REPOSTS, name="reposts.csv", dedupe="keep")
    assert result.frame["listing_id"].to_list() == ["1", "2", "3", "4"]
    assert result.merged["merged_row"].to_list() == [4]
    with pytest.raises(LoadError, match="de-duplication mode"):
        load_listings(REPOSTS, name="reposts.csv", dedupe="sometimes")


def test_isolated_load_carries_the_merged_rows() -> None:
    collapsed = load_isolated(REPOSTS, kind="listings", name="reposts.csv")
    assert collapsed.merged["merged_row"].to_list() == [3, 4]
    kept = load_isolated(REPOSTS, kind="listings", name="reposts.csv", dedupe="keep")
    assert kept.frame.height == 4 and kept.merged["merged_row"].to_list() == [4]


def test_cli_keep_reposts(tmp_path: Path) -> None:
    path = tmp_path / "reposts.csv"
    path.write_bytes(REPOSTS)

    def loaded(*extra: str) -> int:
        done = run_cli("validate", str(path), "--json", *extra)
        assert done.returncode == 0, done.stderr
        return json.loads(done.stdout)["rows_loaded"]

    assert (loaded(), loaded("--keep-reposts")) == (3, 4)


# --- parse each distinct value once == parse every row ------------------------------------------------
_TAGS = ["Python", "python", "C/C++", "k8s", "Made Up Skill", " SQL ", "", "CI/CD", "React.js"]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.lists(st.sampled_from(_TAGS), max_size=5).map("; ".join) | st.none(), max_size=15))
def test_skill_lists_by_distinct_tag_equal_per_row(values: list[str | None]) -> None:
    from data_loaders.normalise.skills import _skills_of_tags, normalise_skill_lists

    series = pl.Series(values, dtype=pl.String)
    expected = [
        [] if v is None else _skills_of_tags(v.replace(";", "\x1f").replace(",", "\x1f").split("\x1f")) for v in values
    ]
    assert normalise_skill_lists(series).to_list() == expected


_PLACES = [
    "Austin, TX",
    "New York, Chicago",
    "Remote",
    "Greater Boston (MA, NH)",
    "Seattle area",
    "Toronto, Ontario, Canada",
    "San Francisco New York",
    "Lincoln, NB",
    "",
]
_JOINERS = ["; ", " | ", " or ", " and ", "\n", ", "]


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(st.lists(st.sampled_from(_PLACES), min_size=1, max_size=3), st.sampled_from(_JOINERS)).map(
            lambda pair: pair[1].join(pair[0])
        )
        | st.none(),
        max_size=12,
    )
)
def test_location_split_by_distinct_piece_equals_per_row(values: list[str | None]) -> None:
    from data_loaders.normalise.locations import split_location_texts, split_locations

    expected = [None if v is None else split_locations(v) for v in values]
    assert split_location_texts(pl.Series(values, dtype=pl.String)).to_list() == expected


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(0, 12), min_size=1, max_size=20), st.integers(0, 10))
def test_long_line_check_equals_splitting(lengths: list[int], cap: int) -> None:
    from data_loaders.caps import has_long_line

    text = "\n".join("x" * n for n in lengths)
    assert has_long_line(text, cap) == (len(text) > cap and max(lengths) > cap)
