"""load_outcomes: per-application rows and aggregated counts; privacy; the real kdrew workbook."""

from __future__ import annotations

import datetime as dt
import json

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from data_loaders import LoadError, load_outcomes
from data_loaders.schema import OUTCOME_COUNTS_SCHEMA, OUTCOMES_SCHEMA

APPS = (
    b"ApplicationID,Company,Title ,Semester,Status 1,Status 2,Status 3,Application Date,Comments,student_id,GPA\n"
    b"A1,Acme,Data Analyst, Sum 2025,Virtual Int.,Rejected,,2024-09-13,ask @secret_handle,s1,3.7\n"
    b"A2,Beta,Software Engineer Intern,Sum 2025,,,,2024-09-14,,s1,3.7\n"
    b"A3,Gamma,Data Scientist,Sum 2025,Auto Int.,Offer,Accepted,2024-10-01,call me,s2,9.9\n"
    b"A3,Delta,ML Intern,Sum 2025,Rejected,,,2099-05-05,,,\n"
)


@pytest.fixture(scope="module")
def apps() -> object:
    return load_outcomes(APPS, name="tracker.csv")


def test_applications_become_canonical_rows(apps) -> None:
    assert apps.kind == "outcomes"
    assert apps.frame.schema == pl.Schema(OUTCOMES_SCHEMA)
    expected = pl.DataFrame(
        {
            "application_id": ["A1", "A2", "A3", "A3-2"],
            "applicant_id": ["s1", "s1", "s2", None],
            "company": ["Acme", "Beta", "Gamma", "Delta"],
            "term": ["Summer 2025"] * 4,
            "applied_date": [dt.date(2024, 9, 13), dt.date(2024, 9, 14), dt.date(2024, 10, 1), None],
            # Furthest stage over Status 1..N; status from the last step that says something.
            "stage": ["interview", "applied", "accepted", "applied"],
            "status": ["rejected", "no_response", "accepted", "rejected"],
            "gpa": [3.7, 3.7, None, None],
            "source": ["tracker.csv"] * 4,
        }
    )
    assert_frame_equal(apps.frame.select(expected.columns), expected)


def test_private_columns_never_reach_frame_or_report(apps) -> None:
    text = json.dumps(apps.report.to_dict())
    assert "secret_handle" not in text and "call me" not in text
    assert "Comments" not in apps.frame.columns
    assert "Comments" not in apps.report.column_mapping and "Comments" not in apps.report.ignored_columns


@pytest.mark.parametrize(
    ("reason", "column", "examples"),
    [
        ("GPA not a number", "gpa", [{"row": 4, "column": "gpa", "value": "9.9"}]),
        (
            "date more than a year in the future",
            "applied_date",
            [{"row": 5, "column": "applied_date", "value": "2099-05-05"}],
        ),
        ("duplicate id", "application_id", [{"row": 5, "column": "application_id", "value": "A3"}]),
    ],
)
def test_application_issues(apps, reason: str, column: str, examples: list[dict]) -> None:
    issue = next(i for i in apps.report.issues if i.reason.startswith(reason))
    assert (issue.column, issue.examples) == (column, examples)


def test_stage_status_contradiction_is_reported() -> None:
    csv = b"company,title,stage,status\nAcme,Intern,applied,accepted\nBeta,Intern,interview,rejected\n"
    result = load_outcomes(csv, name="c.csv")
    issue = next(i for i in result.report.issues if i.reason.startswith("stage and status contradict"))
    assert (issue.count, issue.examples[0]["row"]) == (1, 2)
    assert result.frame.height == 2  # kept: the contradiction is shown, not hidden


COUNTS = (
    b"Company,Major,Applications,Interviews,Offers\n"
    b"Acme,CS,100,20,5\n"
    b"Beta,CS,10,12,1\n"  # interviews > applications: dropped
    b"Gamma,Math,1,000,0\n"  # zero interviews written as 000: still a number
    b"Delta,CS,50,5,9\n"  # offers > interviews: dropped
    b"Eps,EE,n/a,1,0\n"  # applications not a number: dropped
)


def test_counts_file_is_outcome_counts_with_impossible_funnels_dropped() -> None:
    result = load_outcomes(COUNTS, name="counts.csv")
    assert result.kind == "outcome_counts"
    assert result.frame.schema == pl.Schema(OUTCOME_COUNTS_SCHEMA)
    expected = pl.DataFrame(
        {
            "company": ["Acme", "Gamma"],
            "major": ["CS", "Math"],
            "applications": [100, 1],
            "interviews": [20, 0],
            "offers": [5, 0],
        }
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
    reasons = {i.reason: (i.count, i.examples[0]["row"]) for i in result.report.issues}
    assert reasons == {
        "applications count missing or not a number (row dropped)": (1, 6),
        "interviews > applications (row dropped)": (1, 3),
        "offers > interviews or applications (row dropped)": (1, 5),
    }
    assert result.report.rows_read == result.report.rows_loaded + result.report.rows_dropped


def test_outcomes_without_company_or_title_is_a_load_error() -> None:
    with pytest.raises(LoadError, match="does not look like outcomes"):
        load_outcomes(b"x,y\n1,2\n", name="xy.csv")


@pytest.mark.realdata
def test_kdrew_workbook_as_outcomes(realdata) -> None:
    result = load_outcomes(realdata / "kdrew-intern-apps" / "Internship Application Dataset.xlsx")
    report, frame = result.report, result.frame
    assert result.kind == "outcomes"
    assert (report.rows_read, report.rows_loaded) == (445, 445)
    assert report.format == "xlsx" and any("'Applications'" in n for n in report.notes)
    assert "Comments" not in frame.columns
    examples = json.dumps([i.examples for i in report.issues])
    assert "Comments" not in examples
    counts = dict(frame.group_by("status").len().iter_rows())
    assert counts["rejected"] == 263 and counts["no_response"] == 172 and counts["accepted"] == 1
    # Interviews come from FinalStatus (4 still open) and from the Status_History sheet (14 rejected later).
    stages = dict(
        frame.group_by("stage", "status")
        .len()
        .select(pl.concat_str("stage", "status", separator="/"), "len")
        .iter_rows()
    )
    assert (stages["interview/open"], stages["interview/rejected"], stages["applied/rejected"]) == (4, 14, 249)
    assert any("Status_History" in n for n in report.notes)
    terms = dict(frame.group_by("term").len().iter_rows())
    assert terms["Summer 2025"] >= 438 and set(terms) <= {
        "Summer 2025",
        "Fall 2025",
        "Spring 2025",
        None,
    }  # ' Sum 2025' too
    assert report.coverage["field"] == 1.0 and report.coverage["applied_date"] > 0.99
    assert frame["applicant_id"].null_count() == frame.height
    print("kdrew", report.rows_read, report.rows_loaded, report.coverage)


def test_workbook_status_history_sheet_raises_the_stage(tmp_path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    apps = book.active
    apps.title = "Applications"
    for row in (
        ["ApplicationId", "Company", "JobTitle", "FinalStatus"],
        ["A1", "Acme", "Intern", "Rejected"],
        ["A2", "Beta", "Intern", None],
    ):
        apps.append(row)
    history = book.create_sheet("Status_History")
    for row in (
        ["StatusId", "ApplicationId", "StatusOrder", "Status"],
        ["S1", "A1", 2, "Rejected"],
        ["S2", "A1", 1, "Phone Int."],
    ):
        history.append(row)
    path = tmp_path / "tracker.xlsx"
    book.save(path)
    result = load_outcomes(path)
    expected = pl.DataFrame(
        {"application_id": ["A1", "A2"], "stage": ["interview", "applied"], "status": ["rejected", "no_response"]}
    )
    assert_frame_equal(result.frame.select(expected.columns), expected)
