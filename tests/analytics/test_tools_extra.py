"""analytics.skill_plan.openings_table: the best-openings frame made ready for display."""

from __future__ import annotations

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.benchmark import pay_histogram
from analytics.skill_gap import best_openings
from analytics.skill_plan import openings_table

LISTINGS = pl.DataFrame(
    {
        "listing_id": ["a", "b", "c"],
        "company": ["Acme", "Bolt", "Core"],
        "title": ["Data Intern", "SWE Intern", "ML Intern"],
        "locations": [["Austin, TX", "Remote"], ["Seattle, WA"], []],
        "skills": [["Python", "SQL"], ["Java", "SQL", "Git"], ["Python"]],
        "pay_hourly_usd": [30.0, None, 45.5],
        "url": ["https://acme.example/jobs/1", "javascript:alert(1)", "ftp://core.example/x"],
    },
    schema_overrides={"locations": pl.List(pl.String), "skills": pl.List(pl.String)},
)


def test_table_joins_lists_and_keeps_only_http_links() -> None:
    result = openings_table(best_openings(LISTINGS, ["python", "SQL"], top=3))
    expected = pl.DataFrame(
        {
            "company": ["Acme", "Core", "Bolt"],
            "title": ["Data Intern", "ML Intern", "SWE Intern"],
            "locations": ["Austin, TX, Remote", "", "Seattle, WA"],
            "match_pct": [100.0, 100.0, 33.0],  # whole percents, half-up from the counts (1 of 3 skills)
            "matched_skills": ["Python, SQL", "Python", "SQL"],
            "missing_skills": ["", "", "Java, Git"],
            "pay_hourly_usd": [30.0, 45.5, None],
            "url": ["https://acme.example/jobs/1", None, None],
        }
    )
    assert_frame_equal(result, expected)


@pytest.mark.parametrize(
    ("dropped", "expected_columns"),
    [
        (
            (),
            ["company", "title", "locations", "match_pct", "matched_skills", "missing_skills", "pay_hourly_usd", "url"],
        ),
        (("url", "pay_hourly_usd"), ["company", "title", "locations", "match_pct", "matched_skills", "missing_skills"]),
        (
            ("locations",),
            ["company", "title", "match_pct", "matched_skills", "missing_skills", "pay_hourly_usd", "url"],
        ),
    ],
)
def test_table_shows_only_the_columns_the_data_has(dropped: tuple[str, ...], expected_columns: list[str]) -> None:
    result = openings_table(best_openings(LISTINGS.drop(dropped), ["Python"], top=2))
    assert result.columns == expected_columns
    assert result.height == 2


def test_empty_best_openings_give_an_empty_table() -> None:
    result = openings_table(best_openings(LISTINGS.clear(), ["Python"]))
    assert result.height == 0
    assert result.columns[:4] == ["company", "title", "locations", "match_pct"]


@pytest.mark.parametrize(
    ("pays", "bins", "expected"),
    [
        (
            [20.0, 22.0, 25.0, 30.0, 40.0, None],
            4,
            {"lower": [20.0, 25.0, 30.0, 35.0], "upper": [25.0, 30.0, 35.0, 40.0], "count": [3, 1, 0, 1]},
        ),
        ([10.0, float("nan"), 30.0], 2, {"lower": [10.0, 20.0], "upper": [20.0, 30.0], "count": [1, 1]}),
        ([None, None], 3, {"lower": [], "upper": [], "count": []}),
    ],
)
def test_pay_histogram_bins_stated_pay(pays: list[float | None], bins: int, expected: dict[str, list]) -> None:
    peers = pl.DataFrame({"pay_hourly_usd": pays}, schema={"pay_hourly_usd": pl.Float64})
    result = pay_histogram(peers, bins=bins)
    assert_frame_equal(
        result, pl.DataFrame(expected, schema={"lower": pl.Float64, "upper": pl.Float64, "count": pl.Int64})
    )
