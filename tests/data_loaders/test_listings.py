"""load_listings: raw -> canonical frame + report, on tiny inline files and on the real Simplify/zshah data."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders import LoadError, load_listings
from data_loaders.files import read_raw
from data_loaders.schema import LISTINGS_SCHEMA

CSV = (
    b"Company Name;Job Title;Location;Salary;date_posted;is_open;Remote\n"
    b"Acme;Data Intern;Austin, TX;$30/hr;2026-08-01;yes;\n"
    b";;Chicago, IL;;;;\n"  # neither company nor title: dropped and counted
    b"Beta;SWE Intern;New York, NY;lots of money;2099-01-01;no;\n"
    b"Gamma;ML Intern;;$40/hr;not a date;;yes\n"
)


@pytest.fixture(scope="module")
def small() -> object:
    return load_listings(CSV, name="small.csv")


def _issue(report, reason_start: str):
    found = [i for i in report.issues if i.reason.startswith(reason_start)]
    assert found, f"no issue starting {reason_start!r} in {[i.reason for i in report.issues]}"
    return found[0]


def test_small_csv_loads_canonical_columns(small) -> None:
    assert small.kind == "listings"
    assert small.frame.schema == pl.Schema(LISTINGS_SCHEMA)
    expected = pl.DataFrame(
        {
            "company": ["Acme", "Beta", "Gamma"],
            "title": ["Data Intern", "SWE Intern", "ML Intern"],
            "pay_text": ["$30/hr", "lots of money", "$40/hr"],
            "pay_hourly_usd": [30.0, None, 40.0],
            "posted_date": [dt.date(2026, 8, 1), None, None],
            "active": [True, False, True],
            "work_mode": ["onsite", "onsite", "remote"],
            "source": ["small.csv"] * 3,
        }
    )
    assert_frame_equal(small.frame.select(expected.columns), expected)


def test_small_csv_report_counts_every_row(small) -> None:
    report = small.report
    assert (report.rows_read, report.rows_loaded, report.format) == (4, 3, "csv")
    dropped = _issue(report, "no company and no title")
    assert (dropped.count, dropped.dropped, dropped.examples[0]["row"]) == (1, True, 3)
    assert report.rows_read == report.rows_loaded + report.rows_dropped


@pytest.mark.parametrize(
    ("reason", "column", "row", "value"),
    [
        ("pay text not understood", "pay_text", 4, "lots of money"),
        ("date more than a year in the future", "posted_date", 4, "2099-01-01"),
        ("date not understood", "posted_date", 5, "not a date"),
    ],
)
def test_small_csv_issues_point_at_file_rows(small, reason: str, column: str, row: int, value: str) -> None:
    issue = _issue(small.report, reason)
    assert (issue.count, issue.column, issue.dropped) == (1, column, False)
    assert issue.examples == [{"row": row, "column": column, "value": value}]


def test_missing_ids_are_stable_hashes(small) -> None:
    again = load_listings(CSV, name="other-name.csv")
    ids = small.frame["listing_id"]
    assert ids.n_unique() == 3 and ids.str.len_chars().to_list() == [16, 16, 16]
    assert again.frame["listing_id"].to_list() == ids.to_list()


def test_coverage_is_share_of_loaded_rows(small) -> None:
    coverage = small.report.coverage
    assert coverage["company"] == 1.0
    assert coverage["pay_hourly_usd"] == pytest.approx(2 / 3, abs=1e-4)
    assert coverage["posted_date"] == pytest.approx(1 / 3, abs=1e-4)
    assert coverage["skills"] == 0.0


SIMPLIFY_LIKE = [
    {
        "company_name": "Acme",
        "title": "Data Intern ",
        "locations": ["Austin, TX"],
        "terms": ["Summer 2025"],
        "active": True,
        "is_visible": True,
        "id": "same",
        "date_posted": 1727740800,
        "sponsorship": "Offers Sponsorship",
    },
    {
        "company_name": "Acme",
        "title": "SWE Intern",
        "locations": ["NYC"],
        "terms": ["Summer 2025"],
        "active": True,
        "is_visible": False,
        "id": "same",
        "date_posted": 1727740800,
        "sponsorship": "Other",
    },
    {
        "company_name": "Beta",
        "title": "Quant Intern",
        "locations": ["Chicago, IL"],
        "terms": ["Summer 2025"],
        "active": False,
        "is_visible": True,
        "id": "b",
        "date_posted": 1727740800,
        "sponsorship": "U.S. Citizenship is Required",
    },
]


def test_simplify_like_hidden_rows_kept_inactive_and_duplicate_ids_resolved() -> None:
    result = load_listings(json.dumps(SIMPLIFY_LIKE).encode(), name="listings.json")
    expected = pl.DataFrame(
        {
            "listing_id": ["same", "same-2", "b"],
            "title": ["Data Intern", "SWE Intern", "Quant Intern"],
            "active": [True, False, False],
            "posted_date": [dt.date(2024, 10, 1)] * 3,
        }
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    issue = _issue(result.report, "duplicate id")
    assert (issue.count, issue.examples) == (1, [{"row": 2, "column": "listing_id", "value": "same"}])


def test_exact_duplicates_are_removed_and_counted() -> None:
    csv = b"company,title,location,season\nAcme,Intern,Austin TX,Summer 2027\nAcme,Intern,Austin TX,Summer 2027\nBeta,Intern,Austin TX,Summer 2027\n"
    result = load_listings(csv, name="dupes.csv")
    assert (result.report.rows_read, result.report.rows_loaded) == (3, 2)
    assert _issue(result.report, "duplicate listing").count == 1


def test_explicit_mapping_overrides_aliases() -> None:
    csv = b"Firma,Stelle,company\nAcme,Data Intern,ignored\n"
    result = load_listings(csv, name="de.csv", mapping={"Firma": "company", "Stelle": "title"})
    assert result.frame.select("company", "title").row(0) == ("Acme", "Data Intern")
    assert result.report.column_mapping["Firma"] == "company"
    assert "company" in result.report.ignored_columns


def test_source_without_company_or_title_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="no company or title column"):
        load_listings(b"ts,open,new\n2026-07-01,49,10\n", name="history.csv")


# --- real files -------------------------------------------------------------------------------


@pytest.mark.realdata
def test_simplify_listings_json(realdata) -> None:
    result = load_listings(realdata / "simplify-summer2025" / "listings.json")
    report, frame = result.report, result.frame
    assert report.rows_read == 6000
    assert report.rows_read == report.rows_loaded + report.rows_dropped  # no row silently lost
    assert frame["listing_id"].n_unique() == frame.height
    assert frame.filter(pl.col("active")).height <= 6000 - 4884  # hidden rows are never active
    hidden = json.loads((realdata / "simplify-summer2025" / "listings.json").read_text())
    hidden_ids = {r["id"] for r in hidden if not r["is_visible"]}
    assert frame.filter(pl.col("listing_id").is_in(list(hidden_ids)))["active"].any() is False
    assert report.coverage["company"] == 1.0 and report.coverage["terms"] > 0.99
    assert report.coverage["posted_date"] > 0.99 and report.coverage["locations"] > 0.95
    print("simplify", report.rows_read, report.rows_loaded, report.coverage)


@pytest.mark.realdata
@pytest.mark.parametrize("file_name", ["internships.csv", "jobs.json"])
def test_zshah_files_cover_field_pay_and_skills(realdata, file_name: str) -> None:
    result = load_listings(realdata / "zshah-intern-engine" / file_name)
    report = result.report
    assert report.rows_read == {"internships.csv": 250, "jobs.json": 497}[file_name]
    assert report.rows_read == report.rows_loaded + report.rows_dropped
    assert report.coverage["field"] == 1.0
    # Coverage where the source has a value: rows whose source had skills / salary / a season.
    raw = read_raw(realdata / "zshah-intern-engine" / file_name).frame
    frame = result.frame.join(
        raw.select(pl.col("id").alias("listing_id"), "skills", "salary", "season"),
        on="listing_id",
        how="left",
        suffix="_source",
    )
    has_skills = (
        pl.col("skills_source").cast(pl.List(pl.String)).list.len() > 0
        if isinstance(raw["skills"].dtype, pl.List)
        else pl.col("skills_source").is_not_null()
    )
    assert frame.filter(has_skills)["skills"].list.len().gt(0).mean() > 0.8
    assert frame.filter(pl.col("salary").is_not_null())["pay_hourly_usd"].is_not_null().mean() > 0.8
    assert frame.filter(pl.col("season") != "Not stated")["terms"].list.len().gt(0).mean() > 0.8
    assert report.coverage["locations"] > 0.8 and report.coverage["posted_date"] > 0.8
    if file_name == "jobs.json":
        jobs = json.loads((realdata / "zshah-intern-engine" / file_name).read_text())
        closed = [k for k, v in jobs.items() if not v["is_open"]]
        kept_closed = frame.filter(pl.col("listing_id").is_in(closed))
        assert kept_closed.height > 200 and not kept_closed["active"].any()  # closed roles kept, inactive
    else:
        assert frame["work_mode"].eq("remote").sum() >= 7  # remote="yes" rows
    print("zshah", file_name, report.rows_read, report.rows_loaded, report.coverage)


def test_canonical_parquet_passes_through_and_wrong_kind_is_refused(tmp_path) -> None:
    from data_loaders import load_outcomes
    from data_loaders.schema import conform, empty_frame

    frame = conform(
        pl.DataFrame(
            {
                "listing_id": ["a"],
                "company": ["Acme"],
                "title": ["Intern"],
                "skills": [["Python"]],
                "active": [True],
                "source": [None],
            }
        ),
        "listings",
    )
    path = tmp_path / "listings.parquet"
    frame.write_parquet(path)
    result = load_listings(path)
    assert_frame_equal(result.frame, frame.with_columns(pl.lit("listings.parquet").alias("source")))
    assert (result.report.rows_read, result.report.rows_loaded) == (1, 1)
    with pytest.raises(LoadError, match="holds canonical listings, not outcomes"):
        load_outcomes(path)
    empty_frame("outcomes").write_parquet(tmp_path / "empty.parquet")
    with pytest.raises(LoadError, match="header but no data rows"):
        load_outcomes(tmp_path / "empty.parquet")
