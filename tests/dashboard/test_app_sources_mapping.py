"""The mapping step on Sources: detect -> change a role -> coverage changes -> use -> download -> re-apply; kind switch."""

from __future__ import annotations

import json
from pathlib import Path

import polars as pl
from streamlit.testing.v1 import AppTest

from dashboard import column_mapping, sources_panel

PAGE = "dashboard/pages/sources.py"
# "Stufe" is a header no alias knows and "Widget Wrangler" no title pattern: detection cannot find the title.
UNKNOWN_TITLE = b"Employer,Stufe,Hourly wage,notes\nAcme,Widget Wrangler,$25/hr,call Bob\nBolt,Gadget Tamer,$30/hr,\n"


def metric_value(at: AppTest, label: str) -> str:
    """The displayed value of the KPI tile called `label`."""
    return next(metric.value for metric in at.metric if metric.label == label)


def role_box(at: AppTest, attempt: sources_panel.Attempt, column: str):
    """The role selectbox of `column` in the mapping step."""
    index = [c["column"] for c in column_mapping.columns_of(attempt)].index(column)
    return at.selectbox(key=f"{column_mapping.ROLE_KEY_PREFIX}{index}")


# ---- the helpers, without a browser -----------------------------------------------------------------------
def test_changed_mapping_moves_a_single_role_and_keeps_shared_ones() -> None:
    attempt = sources_panel.load_upload(UNKNOWN_TITLE, "jobs.csv", "listings")
    assert column_mapping.current_mapping(attempt) == {
        "Employer": "company",
        "Stufe": "ignore",
        "Hourly wage": "pay_text",
        "notes": "ignore",
    }
    # Only the user's choices are sent: the rest is detected again (and keeps its evidence).
    assert column_mapping.changed_mapping(attempt, "Stufe", "company") == {"Stufe": "company", "Employer": "ignore"}
    assert column_mapping.changed_mapping(attempt, "Stufe", "pay_text") == {
        "Stufe": "pay_text"
    }  # pay columns fill each other's gaps
    later = sources_panel.reload(attempt, mapping={"Stufe": "title"})
    assert column_mapping.changed_mapping(later, "notes", "skills") == {"notes": "skills", "Stufe": "title"}
    roles = {c["column"]: c["source"] for c in column_mapping.columns_of(later)}
    assert roles == {"Employer": "header", "Stufe": "user", "Hourly wage": "header", "notes": "none"}
    assert column_mapping.blockers(attempt) == ["a job title column (role: title)"]


def test_a_file_without_key_columns_still_shows_its_columns() -> None:
    attempt = sources_panel.load_upload(b"Spalte 1,Spalte 2\nAcme,Widget Wrangler\n", "x.csv", "listings")
    assert not attempt.ok and "no company or title column" in attempt.error
    assert [c["column"] for c in column_mapping.columns_of(attempt)] == ["Spalte 1", "Spalte 2"]
    fixed = sources_panel.reload(attempt, mapping={"Spalte 1": "company", "Spalte 2": "title"})
    assert fixed.ok and column_mapping.blockers(fixed) == []
    assert column_mapping.coverage_change(fixed).filter(pl.col("column") == "title").row(0) == ("title", None, 1.0)


def test_a_bad_mapping_upload_is_an_error_that_keeps_the_columns() -> None:
    attempt = sources_panel.load_upload(UNKNOWN_TITLE, "jobs.csv", "listings")
    broken = column_mapping.apply_mapping(attempt, b"{not json")
    assert "The mapping file is not JSON" in broken.error and column_mapping.columns_of(broken)
    wrong = column_mapping.apply_mapping(attempt, json.dumps({"columns": {"Nope": "title"}}).encode())
    assert "that the source does not have" in wrong.error


# ---- the page ---------------------------------------------------------------------------------------------
def test_detect_change_a_role_use_download_and_reapply(app) -> None:
    at = app(PAGE)
    attempt = sources_panel.load_upload(UNKNOWN_TITLE, "jobs.csv", "listings")
    at.session_state[sources_panel.PENDING_KEY] = attempt  # as the Check button stages it (AppTest cannot upload)
    at.run()
    assert not at.exception
    assert at.button(key="use_attempt").disabled
    assert any("Not usable yet: map a job title column" in w.value for w in at.warning)
    box = role_box(at, attempt, "Stufe")
    assert box.value == "ignore"
    assert role_box(at, attempt, "notes").value == "ignore"
    assert any("personal notes" in c.value for c in at.caption)  # shown as left out, its values never shown
    assert not any("call Bob" in c.value for c in at.caption)

    box.set_value("title").run()  # re-validates at once
    assert not at.exception
    changed = at.session_state[sources_panel.PENDING_KEY]
    assert changed.mapping["Stufe"] == "title" and changed.ok
    coverage = column_mapping.coverage_change(changed)
    assert coverage.filter(pl.col("column") == "title").row(0) == ("title", 0.0, 1.0)
    table = next(frame.value for frame in at.dataframe if "detected" in frame.value.columns)
    assert dict(zip(table["column"], table["now"], strict=True))["title"] == 1.0
    assert not at.button(key="use_attempt").disabled
    assert role_box(at, changed, "Stufe").value == "title"

    saved = column_mapping.mapping_download(changed)
    assert json.loads(saved) == {
        "format": "internship-insights/column-mapping",
        "version": 1,
        "kind": "listings",
        "columns": {"Employer": "company", "Stufe": "title", "Hourly wage": "pay_text", "notes": "ignore"},
    }
    assert at.get("download_button")  # the page offers it

    at.button(key="use_attempt").click().run()
    assert not at.exception
    assert metric_value(at, "Listings") == "2"

    # Next month's export: the saved mapping applies again.
    again = column_mapping.apply_mapping(sources_panel.load_upload(UNKNOWN_TITLE, "jobs.csv", "listings"), saved)
    at.session_state[sources_panel.PENDING_KEY] = again
    at.run()
    assert not at.exception and not at.button(key="use_attempt").disabled
    assert role_box(at, again, "Stufe").value == "title"
    assert again.result.frame["title"].to_list() == ["Widget Wrangler", "Gadget Tamer"]


def test_a_tracker_uploaded_as_listings_switches_to_outcomes(app, realdata: Path) -> None:
    path = realdata / "cn-campus-offer-tracker" / "job_applications.csv"
    at = app(PAGE)
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(path.read_bytes(), path.name, "listings")
    at.run()
    assert any("This file looks like **outcomes**" in w.value and "当前状态" in w.value for w in at.warning)
    at.button(key="switch_kind").click().run()
    assert not at.exception
    switched = at.session_state[sources_panel.PENDING_KEY]
    assert switched.kind == "outcomes" and switched.ok and switched.result.report.suggested_kind is None
    assert at.radio(key="upload_kind").value == "outcomes"
    assert not any(b.key == "switch_kind" for b in at.button)
    at.button(key="use_attempt").click().run()
    assert metric_value(at, "Outcomes") == "41"


def test_listings_uploaded_as_outcomes_cannot_be_used_and_switch_back(app, realdata: Path) -> None:
    path = realdata / "internshala-stipends" / "inter_record.csv"
    at = app(PAGE)
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(path.read_bytes(), path.name, "outcomes")
    at.run()
    assert at.button(key="use_attempt").disabled
    assert any("map a stage or status column" in w.value for w in at.warning)
    at.button(key="switch_kind").click().run()
    switched = at.session_state[sources_panel.PENDING_KEY]
    assert switched.kind == "listings" and switched.ok and not at.button(key="use_attempt").disabled


def test_hostile_headers_and_values_render_as_text(app) -> None:
    import csv
    import io

    from tests.dashboard.markup import HOSTILE, rendered_markup

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["company", "title", *HOSTILE[:6]])
    for row in range(3):
        writer.writerow([f"Acme {row}", "Data Intern", *[f"{value} {row}" for value in HOSTILE[:6]]])
    attempt = sources_panel.load_upload(buffer.getvalue().encode(), "hostile.csv", "listings")
    assert attempt.ok and len(column_mapping.columns_of(attempt)) == 8
    at = app(PAGE)
    at.session_state[sources_panel.PENDING_KEY] = attempt
    at.run()
    assert not at.exception
    assert rendered_markup(at) == []


def test_a_file_without_key_columns_shows_its_columns_and_a_disabled_use(app) -> None:
    attempt = sources_panel.load_upload(b"Spalte 1,Spalte 2\nAcme,Widget Wrangler\n", "x.csv", "listings")
    at = app(PAGE)
    at.session_state[sources_panel.PENDING_KEY] = attempt
    at.run()
    assert "no company or title column" in at.error[0].value
    assert at.button(key="use_attempt").disabled
    assert any("Not usable yet: map a job title column" in w.value for w in at.warning)
    role_box(at, attempt, "Spalte 2").set_value("title").run()
    fixed = at.session_state[sources_panel.PENDING_KEY]
    assert fixed.ok and fixed.result.frame["title"].to_list() == ["Widget Wrangler"]
    assert not at.error and not at.button(key="use_attempt").disabled
