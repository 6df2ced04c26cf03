"""SQL reading and portable canonical writing: SQLite temp files and a private PostgreSQL."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import sqlalchemy as sa
from polars.testing import assert_frame_equal

from data_loaders import load_listings, load_outcomes
from data_loaders.errors import LoadError
from data_loaders.schema import conform
from data_loaders.sql import import_to_url, read_sql
from data_loaders.urls import mask_url

LISTINGS = conform(
    pl.DataFrame(
        {
            "listing_id": ["a", "b", "c"],
            "company": ["Acme", "Beta", "Gamma"],
            "title": ["Data Intern", "SWE Intern", "ML Intern"],
            "field": ["Data Science & Analytics", "Software Engineering", "AI & Machine Learning"],
            "locations": [["Austin, TX", "Remote"], [], None],
            "cities": [["Austin"], [], []],
            "regions": [["US-TX"], [], []],
            "countries": [["US"], [], []],
            "work_mode": ["hybrid", "unknown", "remote"],
            "skills": [["Python", "SQL"], ["Go"], []],
            "pay_hourly_usd": [30.0, None, 45.5],
            "pay_text": ["$30/hr", None, "$45.50/hr"],
            "terms": [["Summer 2027"], ["Fall 2026", "Summer 2027"], []],
            "posted_date": [dt.date(2026, 8, 1), None, dt.date(2026, 7, 2)],
            "active": [True, False, True],
            "sponsorship": ["offers", "unknown", "none"],
            "url": ["https://a.example/1", None, "https://c.example/3"],
            "source": ["test", "test", "test"],
        }
    ),
    "listings",
)
# Lists come back empty (never null): a missing child row means "no values".
EXPECTED_BACK = LISTINGS.with_columns(pl.col("locations").fill_null([]))


def test_sqlite_round_trip_reassembles_lists(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'insights.db'}"
    counts = import_to_url(LISTINGS, url, "listings")
    assert counts == {
        "listings": 3,
        "listings_locations": 2,
        "listings_cities": 1,
        "listings_regions": 1,
        "listings_countries": 1,
        "listings_skills": 3,
        "listings_terms": 3,
    }
    back = read_sql(url, table="listings")
    assert_frame_equal(conform(back, "listings"), EXPECTED_BACK)


def test_load_listings_from_a_canonical_table_keeps_every_row(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'insights.db'}"
    import_to_url(LISTINGS, url, "listings", table="openings")
    result = load_listings(url, table="openings")
    assert (result.report.rows_read, result.report.rows_loaded, result.report.format) == (3, 3, "sql")
    assert_frame_equal(result.frame, EXPECTED_BACK)


def test_replace_overwrites_and_append_adds(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'insights.db'}"
    import_to_url(LISTINGS, url, "listings")
    import_to_url(LISTINGS.head(1), url, "listings", if_exists="replace")
    assert read_sql(url, table="listings").height == 1
    import_to_url(LISTINGS.slice(1), url, "listings", if_exists="append")
    assert read_sql(url, table="listings")["listing_id"].sort().to_list() == ["a", "b", "c"]


def test_query_runs_as_written(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'insights.db'}"
    import_to_url(LISTINGS, url, "listings")
    frame = read_sql(url, query="SELECT company, pay_hourly_usd FROM listings WHERE active ORDER BY company")
    assert_frame_equal(frame, pl.DataFrame({"company": ["Acme", "Gamma"], "pay_hourly_usd": [30.0, 45.5]}))


def test_outcomes_round_trip(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'o.db'}"
    outcomes = conform(
        pl.DataFrame(
            {
                "application_id": ["x1", "x2"],
                "company": ["Acme", "Beta"],
                "title": ["Intern", "Intern"],
                "applied_date": [dt.date(2024, 9, 13), dt.date(2024, 9, 14)],
                "stage": ["interview", "applied"],
                "status": ["rejected", "no_response"],
                "class_year": [2026, None],
                "gpa": [3.5, None],
                "applicant_skills": [["Python"], []],
                "source": ["t", "t"],
            }
        ),
        "outcomes",
    )
    assert import_to_url(outcomes, url, "outcomes") == {"outcomes": 2, "outcomes_applicant_skills": 1}
    result = load_outcomes(url, table="outcomes")
    assert result.kind == "outcomes"
    assert_frame_equal(result.frame, outcomes)


@pytest.mark.parametrize(
    ("url", "kwargs", "message"),
    [
        ("sqlite:///{tmp}/insights.db", {"table": "nope"}, "No table named 'nope'"),
        ("sqlite:///{tmp}/insights.db", {}, "either a table or a query"),
        ("nosuchdialect://u:s3cret@h/db", {"table": "t"}, "No database driver"),
        ("postgresql+psycopg://u:s3cret@127.0.0.1:1/db", {"table": "t"}, "Cannot reach the database"),
        ("sqlite:///{tmp}/insights.db", {"query": "SELECT * FROM missing_table"}, "refused the query: no such table"),
        ("sqlite:///{tmp}/typo.db", {"table": "listings"}, "SQLite file not found: typo.db"),
        ("mysql+pymysql://u:s3cret@h/db", {"table": "t"}, "driver 'pymysql' is not installed"),
        ("not a url://x", {"table": "t"}, "Not a valid database URL"),
    ],
)
def test_database_errors_are_load_errors_with_password_masked(tmp_path, url: str, kwargs: dict, message: str) -> None:
    url = url.format(tmp=tmp_path)
    import_to_url(LISTINGS, f"sqlite:///{tmp_path}/insights.db", "listings")
    with pytest.raises(LoadError, match=message) as info:
        read_sql(url, **kwargs)
    assert "s3cret" not in str(info.value)


def test_unsafe_table_name_is_refused(tmp_path) -> None:
    with pytest.raises(LoadError, match="not a safe table name"):
        import_to_url(LISTINGS, f"sqlite:///{tmp_path}/x.db", "listings", table="x; DROP TABLE y")


def test_written_columns_use_portable_types(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'insights.db'}"
    import_to_url(LISTINGS, url, "listings")
    columns = {c["name"]: type(c["type"]).__name__ for c in sa.inspect(sa.create_engine(url)).get_columns("listings")}
    assert columns["posted_date"] == "DATE" and columns["active"] == "BOOLEAN" and columns["pay_hourly_usd"] == "FLOAT"


@pytest.mark.parametrize(
    ("url", "shown"),
    [
        ("postgresql+psycopg://ana:s3cret@db.example:5432/jobs", "postgresql+psycopg://ana:***@db.example:5432/jobs"),
        ("sqlite:///tmp/x.db", "sqlite:///tmp/x.db"),
    ],
)
def test_mask_url(url: str, shown: str) -> None:
    assert mask_url(url) == shown


@pytest.mark.postgres
def test_postgres_round_trip(postgres_url: str) -> None:
    counts = import_to_url(LISTINGS, postgres_url, "listings")
    assert counts["listings"] == 3 and counts["listings_skills"] == 3
    assert_frame_equal(conform(read_sql(postgres_url, table="listings"), "listings"), EXPECTED_BACK)
    result = load_listings(postgres_url, table="listings")
    assert_frame_equal(result.frame, EXPECTED_BACK)


@pytest.mark.postgres
def test_postgres_missing_table_lists_the_tables(postgres_url: str) -> None:
    import_to_url(LISTINGS, postgres_url, "listings")
    with pytest.raises(LoadError, match="use one of: listings"):
        read_sql(postgres_url, table="jobs")


def test_outcome_counts_have_no_child_tables(tmp_path) -> None:
    url = f"sqlite:///{tmp_path / 'c.db'}"
    counts = conform(
        pl.DataFrame({"company": ["Acme"], "applications": [10], "interviews": [3], "offers": [1], "source": ["t"]}),
        "outcome_counts",
    )
    assert import_to_url(counts, url, "outcome_counts") == {"outcome_counts": 1}
    assert_frame_equal(load_outcomes(url, table="outcome_counts").frame, counts)
