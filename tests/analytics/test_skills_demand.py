"""Skills demand on a tiny hand-counted frame (e lists no skills, so it is outside every denominator)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics.skills_demand import (
    co_occurring_skills,
    pay_premium,
    share_label,
    skill_field_matrix,
    skill_trends,
    top_skills,
    trend_summary,
)
from data_loaders.schema import conform

D = dt.date
DS, SE = "Data Science & Analytics", "Software Engineering"
COLUMNS = ["listing_id", "field", "skills", "pay_hourly_usd", "posted_date"]
ROWS = [
    ("a", SE, ["Python", "SQL"], 40.0, D(2027, 1, 4)),
    ("b", SE, ["Python"], 30.0, D(2027, 1, 5)),
    ("c", DS, ["SQL", "Python"], 20.0, D(2027, 1, 11)),
    ("d", DS, ["SQL", "Excel"], 10.0, D(2027, 1, 12)),
    ("e", DS, [], 100.0, D(2027, 1, 18)),
    ("f", SE, ["Python", "Go"], None, D(2027, 1, 19)),
]
LISTINGS = conform(pl.DataFrame([dict(zip(COLUMNS, row, strict=False)) for row in ROWS]), "listings")


@pytest.mark.parametrize(
    ("count", "total", "label"),
    [(3, 4, "75 % (3 of 4)"), (0, 4, "0 % (0 of 4)"), (1, 1000, "<1 % (1 of 1,000)"), (5, 0, "– (5 of 0)")],
)
def test_share_label(count: int, total: int, label: str) -> None:
    assert share_label(count, total) == label


def test_top_skills() -> None:
    expected = pl.DataFrame(
        {
            "skill": ["Python", "SQL", "Excel"],
            "count": [4, 3, 1],
            "share": [0.8, 0.6, 0.2],
            "n_total": [5, 5, 5],
            "label": ["80 % (4 of 5)", "60 % (3 of 5)", "20 % (1 of 5)"],
        }
    )
    assert_frame_equal(top_skills(LISTINGS, k=3), expected)


def test_skill_field_matrix_zero_fills() -> None:
    expected = pl.DataFrame(
        {
            "field": [DS, DS, SE, SE],
            "skill": ["Python", "SQL", "Python", "SQL"],
            "count": [1, 2, 3, 1],
            "n_field": [2, 2, 3, 3],
            "share": [0.5, 1.0, 1.0, 1 / 3],
            "label": ["50 % (1 of 2)", "100 % (2 of 2)", "100 % (3 of 3)", "33 % (1 of 3)"],
        }
    )
    assert_frame_equal(skill_field_matrix(LISTINGS, top_k=2), expected)


@pytest.mark.parametrize(
    ("min_count", "expected_rows"),
    [
        # with Python (a, b, c, f): SQL in a, c -> lift 2·5 / (4·3); Go in f -> 1·5 / (4·1)
        (1, [("SQL", 2, 4, 0.5, 10 / 12, 3), ("Go", 1, 4, 0.25, 1.25, 1)]),
        (2, [("SQL", 2, 4, 0.5, 10 / 12, 3)]),
    ],
)
def test_co_occurring_skills(min_count: int, expected_rows: list[tuple]) -> None:
    result = co_occurring_skills(LISTINGS, "Python", k=5, min_count=min_count)
    expected = pl.DataFrame(
        [
            dict(zip(["skill", "count", "n_skill", "share", "lift", "n_other"], row, strict=False))
            for row in expected_rows
        ]
    )
    assert_frame_equal(result.drop("label"), expected)
    assert result["label"][0] == "50 % (2 of 4)"


def test_co_occurring_skills_of_unknown_skill_is_empty() -> None:
    assert co_occurring_skills(LISTINGS, "COBOL").height == 0


def test_skill_trends_weekly_shares() -> None:
    expected = pl.DataFrame(
        {
            "period": [D(2027, 1, 4)] * 2 + [D(2027, 1, 11)] * 2 + [D(2027, 1, 18)] * 2,
            "skill": ["Python", "SQL"] * 3,
            "count": [2, 1, 1, 2, 1, 0],
            "n_period": [2, 2, 2, 2, 1, 1],
            "share": [1.0, 0.5, 0.5, 1.0, 1.0, 0.0],
        }
    )
    assert_frame_equal(skill_trends(LISTINGS, "1w", skills=["Python", "SQL"]), expected)


def test_skill_trends_monthly_and_bad_freq() -> None:
    monthly = skill_trends(LISTINGS, "1mo", skills=["SQL"])
    assert monthly.rows() == [(D(2027, 1, 1), "SQL", 3, 5, 0.6)]
    with pytest.raises(ValueError, match="freq must be"):
        skill_trends(LISTINGS, "1d")


def test_trend_summary_small_counts_stay_steady() -> None:
    result = trend_summary(LISTINGS, "1w", skills=["Python", "SQL"])
    # Three weeks: first half = week of Jan 4, second half = week of Jan 18, the middle week is in neither.
    assert result.select(
        "skill", "direction", "change", "count_first", "n_first", "count_second", "n_second"
    ).rows() == [
        ("Python", "steady", 0.0, 2, 2, 1, 1),
        ("SQL", "steady", -0.5, 1, 2, 0, 1),
    ]
    assert result["slope_per_period"].to_list() == pytest.approx([0.0, -0.25])


def test_trend_summary_calls_a_clear_change_rising() -> None:
    week1 = [(f"w1-{i}", SE, ["Rust"] if i < 2 else ["C"], None, D(2027, 1, 4)) for i in range(20)]
    week2 = [(f"w2-{i}", SE, ["Rust"] if i < 18 else ["C"], None, D(2027, 1, 11)) for i in range(20)]
    frame = conform(pl.DataFrame([dict(zip(COLUMNS, row, strict=False)) for row in week1 + week2]), "listings")
    result = trend_summary(frame, "1w", skills=["Rust", "C"])
    assert result.select("skill", "direction", "share_first", "share_second").rows() == [
        ("Rust", "rising", 0.1, 0.9),
        ("C", "falling", 0.9, 0.1),
    ]


def test_trend_summary_with_one_period_has_too_little_data() -> None:
    one_week = LISTINGS.filter(pl.col("listing_id").is_in(["a", "b"]))
    assert trend_summary(one_week, "1w", skills=["Python"])["direction"].to_list() == ["too little data"]


def test_pay_premium_with_vs_without() -> None:
    # Paid listings with skills: a 40, b 30, c 20, d 10 (e lists no skills, f has no pay).
    expected = pl.DataFrame(
        {
            "skill": ["Python", "SQL", "Excel"],
            "n_with": [3, 3, 1],
            "n_without": [1, 1, 3],
            "median_with": [30.0, 20.0, 10.0],
            "median_without": [10.0, 30.0, 30.0],
            "premium": [20.0, -10.0, -20.0],
        }
    )
    assert_frame_equal(pay_premium(LISTINGS, min_n=1), expected)


def test_pay_premium_suppresses_small_groups() -> None:
    result = pay_premium(LISTINGS, min_n=2)
    assert result.height == 0
    assert result.columns == ["skill", "n_with", "n_without", "median_with", "median_without", "premium"]


def test_pay_premium_complement_median_matches_a_direct_median() -> None:
    # Rust pays {8, 6, 5, 3} -> 5.5, without {9, 7, 4, 2, 1} -> 4; C pays {9, 7, 6, 4, 2, 1} -> 5, without {8, 5, 3} -> 5.
    pays = [9.0, 8.0, 7.0, 6.0, 5.0, 4.0, 3.0, 2.0, 1.0]
    skills = [["C"], ["Rust"], ["C"], ["Rust", "C"], ["Rust"], ["C"], ["Rust"], ["C"], ["C"]]
    frame = conform(pl.DataFrame({"skills": skills, "pay_hourly_usd": pays}), "listings")
    result = pay_premium(frame, min_n=1)
    rust = result.filter(pl.col("skill") == "Rust").row(0, named=True)
    assert (rust["n_with"], rust["n_without"], rust["median_with"], rust["median_without"]) == (4, 5, 5.5, 4.0)
    c = result.filter(pl.col("skill") == "C").row(0, named=True)
    assert (c["n_with"], c["median_with"], c["median_without"]) == (6, 5.0, 5.0)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 50), st.booleans()), min_size=2, max_size=40))
def test_pay_premium_without_equals_median_of_the_rest(rows: list[tuple[int, bool]]) -> None:
    pays = [float(p) for p, _ in rows]
    skills = [["X", "Y"] if has else ["Y"] for _, has in rows]
    frame = conform(pl.DataFrame({"skills": skills, "pay_hourly_usd": pays}), "listings")
    result = pay_premium(frame, min_n=1).filter(pl.col("skill") == "X")
    rest = [p for p, (_, has) in zip(pays, rows, strict=False) if not has]
    if result.height:
        assert result["median_without"].item() == pl.Series(rest).median()


def test_skill_field_matrix_names_listings_without_a_field() -> None:
    """A null field (a database or canonical file can leave it empty) is a named column, not None: the heat map
    sorts and labels the fields, and None broke it (TypeError in `sorted`)."""
    from analytics.skills_demand import UNKNOWN_FIELD
    from dashboard.charts.skills import skill_field_heatmap

    listings = LISTINGS.with_columns(
        pl.when(pl.col("listing_id") == "e").then(None).otherwise(pl.col("field")).alias("field")
    )
    listings = listings.with_columns(
        pl.when(pl.col("listing_id") == "d").then(None).otherwise(pl.col("field")).alias("field")
    )
    matrix = skill_field_matrix(listings, top_k=2)
    assert None not in matrix["field"].to_list()
    unknown = matrix.filter(pl.col("field") == UNKNOWN_FIELD)
    assert unknown.select("skill", "count", "n_field").rows() == [("Python", 0, 1), ("SQL", 1, 1)]
    assert skill_field_heatmap(matrix).data[0].x[-1] == UNKNOWN_FIELD  # after the named fields
