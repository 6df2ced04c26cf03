"""Sources page: coverage tables name columns in plain words beside the file's own column names."""

from __future__ import annotations

from dashboard import sources_panel
from data_loaders import load_listings
from data_loaders.coverage_names import readable_coverage

PAGE = "dashboard/pages/sources.py"
FILE = (
    b'Job ID,Employer,Position,Remote?,Where\n7,Acme,Data Intern,yes,"Austin, TX"\n8,Bolt,SWE Intern,no,"Boston, MA"\n'
)


def test_readable_coverage_names_each_column_and_its_source() -> None:
    report = load_listings(FILE, name="jobs.csv").report
    rows = {r["column"]: r for r in readable_coverage(report.coverage, report.column_mapping).iter_rows(named=True)}
    assert (rows["listing_id"]["name"], rows["listing_id"]["from"]) == ("Listing id", "Job ID")
    assert (rows["work_mode"]["name"], rows["work_mode"]["from"]) == ("Work mode", "Remote?")
    assert (rows["title"]["name"], rows["title"]["from"]) == ("Job title", "Position")
    assert (rows["regions"]["name"], rows["regions"]["from"]) == ("States / regions", "Where")
    assert rows["source"]["from"] == "the file's name"
    assert rows["pay_hourly_usd"]["from"] == "not in the file"


def test_the_page_shows_plain_names_not_canonical_keys(app) -> None:
    at = app(PAGE)
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(FILE, "jobs.csv", "listings")
    at.run()
    assert not at.exception
    tables = [frame.value for frame in at.dataframe if {"name", "from"} <= set(frame.value.columns)]
    assert tables, "no coverage table with plain names"
    for table in tables:
        shown = dict(zip(table["name"], table["from"], strict=True))
        assert shown["Work mode"] == "Remote?" and shown["Listing id"] == "Job ID"
        assert "work_mode" not in set(table["name"]) and "listing_id" not in set(table["name"])
