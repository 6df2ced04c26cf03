"""The Sources page and its panel: what is loaded, check-before-use uploads, connections, templates, schema."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import polars as pl
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import sources_panel
from data_loaders import load_listings, load_outcomes
from data_loaders.schema import SCHEMAS

PAGE = "dashboard/pages/sources.py"
BAD_CSV = b"foo,bar\n1,2\n"


def metric_value(at: AppTest, label: str) -> str:
    """The displayed value of the KPI tile called `label`."""
    return next(metric.value for metric in at.metric if metric.label == label)


# ---- the panel, without a browser ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("kind", "load_as", "result_kind"),
    [
        ("listings", "listings", "listings"),
        ("outcomes", "outcomes", "outcomes"),
        ("outcome_counts", "outcomes", "outcome_counts"),
    ],
)
def test_templates_have_the_canonical_columns_and_load_cleanly(kind: str, load_as: str, result_kind: str) -> None:
    data = sources_panel.template_csv(kind)
    header = data.decode("utf-8").splitlines()[0].split(",")
    assert header == list(SCHEMAS[kind])
    attempt = sources_panel.load_upload(data, f"template_{kind}.csv", load_as)
    assert attempt.ok and attempt.error is None
    assert attempt.result.kind == result_kind
    assert (attempt.result.report.rows_read, attempt.result.report.rows_loaded) == (2, 2)
    assert attempt.result.report.issues == []


@pytest.mark.parametrize(
    ("data", "name", "kind", "message"),
    [
        (BAD_CSV, "bad.csv", "listings", r"bad\.csv has no company or title column.*How to fix"),
        (b"\x00\x01\x02binary", "bad.csv", "outcomes", r"looks like a binary file.*How to fix"),
        (b"", "empty.csv", "listings", r"How to fix"),
    ],
)
def test_a_bad_upload_becomes_an_error_not_an_exception(data: bytes, name: str, kind: str, message: str) -> None:
    attempt = sources_panel.load_upload(data, name, kind)
    assert not attempt.ok and attempt.result is None
    assert attempt.source == name
    assert re.search(message, attempt.error, re.S)


def test_using_a_failed_attempt_is_refused() -> None:
    with pytest.raises(ValueError, match="cannot use a failed load of bad.csv"):
        sources_panel.use_attempt(sources_panel.load_upload(BAD_CSV, "bad.csv", "listings"))


def test_schema_table_explains_every_column() -> None:
    table = sources_panel.schema_table("listings")
    assert table["column"].to_list() == list(SCHEMAS["listings"])
    assert table.filter(pl.col("meaning") == "").height == 0
    assert dict(table.select("column", "type").iter_rows())["regions"] == "list of text"
    assert dict(table.select("column", "type").iter_rows())["posted_date"] == "date"
    every = {column for schema in SCHEMAS.values() for column in schema}
    assert every <= set(sources_panel.COLUMN_MEANINGS)


def test_report_frames_read_like_the_report() -> None:
    data = b"company,title,posted\nAcme,Data Intern,not a date\nBolt,SWE Intern,2026-09-01\n"
    report = load_listings(data, name="two.csv").report
    coverage = sources_panel.coverage_frame(report)
    assert coverage["coverage"].to_list() == sorted(coverage["coverage"].to_list())
    assert dict(coverage.iter_rows())["company"] == 1.0
    issues = sources_panel.issues_frame(report)
    assert issues.columns == ["reason", "column", "rows", "dropped", "examples"]
    assert issues["rows"].sum() == sum(issue.count for issue in report.issues)


@pytest.mark.parametrize(
    ("config", "kinds"),
    [
        ({"url": "sqlite://", "table": "t"}, ["listings"]),
        ({"url": "sqlite://", "query": "SELECT 1", "outcomes_table": "apps"}, ["listings", "outcomes"]),
        ({"url": "sqlite://", "outcomes_query": "SELECT 1"}, ["outcomes"]),
    ],
)
def test_connection_kinds(config: dict, kinds: list[str]) -> None:
    assert sources_panel.connection_kinds(config) == kinds


def test_a_connection_without_a_table_says_what_to_add() -> None:
    attempt = sources_panel.load_connection("campus", {"url": "sqlite://"}, "outcomes")
    assert attempt.error == (
        "The connection has no outcomes_table or outcomes_query for outcomes. Where: [connections.campus] "
        "in .streamlit/secrets.toml. How to fix: add outcomes_table or outcomes_query to that section."
    )


def _sqlite_with_listings(path: Path) -> str:
    """A SQLite file holding the listings template as table `jobs`; returns its URL."""
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE jobs (company TEXT, title TEXT, location TEXT)")
        connection.executemany(
            "INSERT INTO jobs VALUES (?, ?, ?)",
            [("Acme", "Data Intern", "Austin, TX"), ("Bolt", "SWE Intern", "Remote")],
        )
    return f"sqlite:///{path}"


def test_a_connection_loads_its_table(tmp_path: Path) -> None:
    url = _sqlite_with_listings(tmp_path / "campus.db")
    attempt = sources_panel.load_connection("campus", {"url": url, "table": "jobs"}, "listings")
    assert attempt.ok
    assert attempt.result.frame["company"].to_list() == ["Acme", "Bolt"]


# ---- the page ---------------------------------------------------------------------------------
def test_page_shows_what_is_loaded(app) -> None:
    at = app(PAGE)
    assert not at.exception
    assert [header.value for header in at.main.header] == [
        "Loaded now",
        "Upload a file",
        "Databases",
        "Templates",
        "The schema",
    ]
    from dashboard import state

    sample = state.sample_dataset()
    assert metric_value(at, "Listings") == f"{sample.listings.height:,}"
    assert metric_value(at, "Outcomes") == f"{sample.outcomes.height:,}"
    assert any("No database is connected" in caption.value for caption in at.caption)
    # The secrets.toml instructions are for whoever runs the server: inside an expander titled for them.
    operator = [expander for expander in at.expander if "For the operator" in expander.label]
    assert operator and any("secrets.toml" in caption.value for caption in operator[0].caption)
    assert sum("secrets.toml" in caption.value for caption in at.caption) == 1  # nowhere else
    assert len(at.get("download_button")) == 3


def test_good_upload_is_checked_then_used_and_a_bad_one_keeps_it(app) -> None:
    at = app(PAGE)
    # st.file_uploader cannot be driven by AppTest: stage the panel's attempt as the Check button would.
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(
        sources_panel.template_csv("listings"), "good.csv", "listings"
    )
    at.run()
    assert [header.value for header in at.main.header][-3] == "Check before use"
    assert metric_value(at, "Listings") != "2"  # shown before use, not used yet
    at.button(key="use_attempt").click().run()
    assert not at.exception
    assert metric_value(at, "Listings") == "2"
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(BAD_CSV, "bad.csv", "listings")
    at.run()
    assert "Could not load bad.csv: bad.csv has no company or title column" in at.error[0].value
    assert metric_value(at, "Listings") == "2"
    at.switch_page("dashboard/pages/overview.py")
    at.run()
    assert not at.exception
    assert metric_value(at, "Open listings") == "2"  # the Overview still uses the good upload


def test_uploaded_outcomes_replace_only_the_outcomes_and_back_to_sample_resets(app) -> None:
    at = app(PAGE)
    from dashboard import state

    sample = state.sample_dataset()
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(
        sources_panel.template_csv("outcome_counts"), "counts.csv", "outcomes"
    )
    at.run()
    at.checkbox(key=sources_panel.KEEP_SAMPLE_KEY).check()  # keep the sample's listings, by choice (labelled synthetic)
    at.button(key="use_attempt").click().run()
    assert metric_value(at, "Outcomes") == "2"
    assert metric_value(at, "Listings") == f"{sample.listings.height:,}"
    at.button(key="forget_data").click().run()
    assert metric_value(at, "Outcomes") == f"{sample.outcomes.height:,}"


def test_connect_button_loads_a_configured_database(app, tmp_path: Path) -> None:
    url = _sqlite_with_listings(tmp_path / "campus.db")
    at = app(
        PAGE,
        secrets={
            "connections": {
                "campus": {"url": url, "table": "jobs"},
                "broken": {"url": "sqlite:///" + str(tmp_path / "none" / "x.db"), "table": "jobs"},
            }
        },
    )
    assert at.selectbox(key="connection").options == ["broken", "campus"]
    at.selectbox(key="connection").set_value("broken").run()
    at.button(key="connect").click().run()
    assert not at.exception
    assert at.error and "How to fix" in at.error[0].value
    at.selectbox(key="connection").set_value("campus").run()
    at.button(key="connect").click().run()
    at.button(key="use_attempt").click().run()
    assert metric_value(at, "Listings") == "2"


def test_validation_report_of_a_real_workbook(app, realdata: Path) -> None:
    path = realdata / "kdrew-intern-apps" / "Internship Application Dataset.xlsx"
    attempt = sources_panel.load_upload(path.read_bytes(), path.name, "outcomes")
    expected = load_outcomes(path).report
    assert attempt.ok and attempt.result.report.rows_loaded == expected.rows_loaded
    at = app(PAGE)
    at.session_state[sources_panel.PENDING_KEY] = attempt
    at.run()
    assert not at.exception
    assert any(expected.summary() in markdown.value for markdown in at.markdown)


# ---- hostile uploads: a crash or a hang costs one worker, never the session's data ----------------
def test_a_crashing_or_hanging_upload_shows_the_message_and_keeps_the_data(
    app, monkeypatch: pytest.MonkeyPatch
) -> None:
    from data_loaders.isolation import Limits
    from data_loaders.isolation_protocol import FAULT_ENV

    at = app(PAGE)
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(
        sources_panel.template_csv("listings"), "good.csv", "listings"
    )
    at.run()
    at.button(key="use_attempt").click().run()
    assert metric_value(at, "Listings") == "2"
    monkeypatch.setenv(FAULT_ENV, "abort")  # the worker dies of SIGABRT, as a native reader does on a hostile file
    at.session_state[sources_panel.PENDING_KEY] = sources_panel.load_upload(
        sources_panel.template_csv("listings"), "far.xlsx", "listings"
    )
    at.run()
    assert not at.exception
    assert (
        "Could not load far.xlsx" in at.error[0].value
        and "crashed" in at.error[0].value
        and "How to fix" in at.error[0].value
    )
    assert metric_value(at, "Listings") == "2"
    monkeypatch.setenv(FAULT_ENV, "sleep")
    hung = sources_panel.load_upload(
        sources_panel.template_csv("listings"), "slow.csv", "listings", limits=Limits(wall_seconds=1)
    )
    at.session_state[sources_panel.PENDING_KEY] = hung
    at.run()
    assert "took longer than 1 seconds" in at.error[0].value
    assert metric_value(at, "Listings") == "2"


def _staged(frame: pl.DataFrame, name: str) -> sources_panel.Attempt:
    """An attempt holding `frame` as listings (with a real report), as a successful check would stage it."""
    from data_loaders import LoadResult

    report = load_listings(sources_panel.template_csv("listings"), name=name).report
    return sources_panel.Attempt("listings", name, result=LoadResult(frame, report, "listings"))


def test_data_over_the_session_cap_is_refused_and_the_old_data_kept(app) -> None:
    from dashboard import state

    sample = state.sample_dataset()
    at = app(PAGE, secrets={"insights": {"session_data_mb": 1}})
    at.session_state[sources_panel.PENDING_KEY] = _staged(sample.listings.clone(), "big.csv")  # 1.2 MB
    at.run()
    at.button(key="use_attempt").click().run()
    assert not at.exception
    message = at.error[0].value.replace("\\", "")  # the page escapes Markdown characters
    assert "needs 1.2 MB of memory, more than the 1 MB one session may hold" in message and "session_data_mb" in message
    assert metric_value(at, "Listings") == f"{sample.listings.height:,}"
    assert any("each session may hold up to 1 MB" in caption.value for caption in at.caption)


def test_the_least_recently_used_session_is_evicted_and_told(app) -> None:
    from dashboard import state

    part = state.sample_dataset().listings.head(2000)  # about 0.6 MB: two do not fit in 1 MB
    secrets = {"insights": {"session_data_mb": 1, "server_data_mb": 1}}
    first, second = app(PAGE, secrets=secrets), app(PAGE, secrets=secrets)
    for session, name in ((first, "first.csv"), (second, "second.csv")):
        session.session_state[sources_panel.PENDING_KEY] = _staged(part.clone(), name)
        session.run()
        session.button(key="use_attempt").click().run()
        assert metric_value(session, "Listings") == "2,000"
    first.run()
    assert any("removed to free memory for other users" in warning.value for warning in first.warning)
    assert metric_value(first, "Listings") == f"{state.sample_dataset().listings.height:,}"
    assert metric_value(second, "Listings") == "2,000"
    first.run()
    assert not any("removed to free memory" in warning.value for warning in first.warning)  # said once
