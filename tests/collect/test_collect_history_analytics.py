"""analytics.history on a small hand-made history: weeks, new this week, time to close, hiring pace."""

from __future__ import annotations

import datetime as dt

import polars as pl
from polars.testing import assert_frame_equal

from analytics.history import hiring_pace, history_summary, new_this_week, openings_over_time, time_to_close
from data_loaders.collect.store import HISTORY_SCHEMA


def at(day: int) -> dt.datetime:
    return dt.datetime(2026, 11, day, 6, 0, tzinfo=dt.UTC)


# Runs on Mondays 2, 9, 16 and 23 November 2026 (weekly).
HISTORY = pl.DataFrame(
    {
        "listing_id": ["a", "b", "c", "d", "e"],
        "source": ["greenhouse:x"] * 3 + ["ashby:y"] * 2,
        "company": ["X", "X", "X", "Y", "Y"],
        "title": ["SWE Intern", "Data Intern", "ML Intern", "Design Intern", "Ops Intern"],
        "field": [
            "Software Engineering",
            "Data Science & Analytics",
            "AI & Machine Learning",
            "Product & Design",
            "Other",
        ],
        "first_seen": [at(2), at(2), at(9), at(9), at(23)],
        "last_seen": [at(23), at(9), at(9), at(16), at(23)],
        "closed_at": [None, at(16), at(16), at(23), None],
        "runs_seen": [4, 2, 1, 2, 1],
    },
    schema=HISTORY_SCHEMA,
)


def test_openings_over_time_counts_open_at_each_weeks_end() -> None:
    expected = pl.DataFrame(
        {
            "week": [dt.date(2026, 11, d) for d in (2, 9, 16, 23)],
            "new": [2, 2, 0, 1],
            "closed": [0, 0, 2, 1],
            "open": [2, 4, 2, 2],
        },
        schema={"week": pl.Date, "new": pl.UInt32, "closed": pl.UInt32, "open": pl.Int64},
    )
    assert_frame_equal(openings_over_time(HISTORY), expected)


def test_new_this_week_is_relative_to_the_last_run() -> None:
    assert new_this_week(HISTORY)["listing_id"].to_list() == ["e"]
    assert new_this_week(HISTORY, dt.date(2026, 11, 10))["listing_id"].to_list() == ["c", "d"]


def test_time_to_close_leaves_out_listings_already_open_at_the_first_run() -> None:
    by_company = time_to_close(HISTORY, "company")
    # b (first seen at the first run) is left out; c closed after 7 days, d after 14; e still open.
    assert by_company.rows() == [("X", 1, 7.0, 7.0, 7.0, 0), ("Y", 1, 14.0, 14.0, 14.0, 1)]
    with_first = time_to_close(HISTORY, "company", include_first_run=True)
    assert with_first.filter(pl.col("company") == "X").row(0) == ("X", 2, 10.5, 8.75, 12.25, 1)
    assert time_to_close(HISTORY.clear(), "field").height == 0


def test_hiring_pace_per_company() -> None:
    pace = hiring_pace(HISTORY, weeks=2)  # 10..23 November
    assert pace.rows() == [("Y", 1, 0.5, 1, 1), ("X", 0, 0.0, 2, 1)]


def test_summary() -> None:
    summary = history_summary(HISTORY)
    assert summary == {
        "tracked": 5,
        "open": 2,
        "new_week": 1,
        "closed_week": 1,
        "first_run": dt.date(2026, 11, 2),
        "last_run": dt.date(2026, 11, 23),
    }
    assert history_summary(HISTORY.clear())["tracked"] == 0


def test_time_to_close_can_leave_out_groups_with_nothing_closed() -> None:
    by_field = time_to_close(HISTORY, "field", min_closed=1)
    assert by_field["field"].to_list() == ["AI & Machine Learning", "Product & Design"]
