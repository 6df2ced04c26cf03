"""The rates chart builders: titles, axes, bars and Wilson error bars read straight from the frames."""

from __future__ import annotations

import polars as pl
import pytest

from analytics.rates import acceptance_rates, funnel
from dashboard.charts.rates import funnel_chart, rates_chart
from data_loaders.schema import conform

COUNTS = conform(
    pl.DataFrame(
        {
            "company": ["Acme", "Bolt", "Cato"],
            "class_year": [2027, 2028, 2027],
            "applications": [100, 40, 5],
            "interviews": [30, 10, 2],
            "offers": [10, 2, 1],
            "accepted": [6, 1, 1],
        }
    ),
    "outcome_counts",
)


def test_funnel_chart_draws_one_bar_per_stage_with_counts_and_shares() -> None:
    fig = funnel_chart(funnel(COUNTS))
    bar = fig.data[0]
    assert list(bar.y) == ["Applications", "Interviews", "Offers", "Accepted"]
    assert list(bar.x) == [145, 42, 13, 8]
    assert list(bar.text) == [" 145 (100.0 %)", " 42 (29.0 %)", " 13 (9.0 %)", " 8 (5.5 %)"]
    assert "13 of 145 applications" in bar.hovertext[2] and "95 % CI" in bar.hovertext[2]
    assert fig.layout.title.text == "Application funnel"  # titles are wrapped with <br> to fit a phone
    assert fig.layout.xaxis.title.text.replace("<br>", " ") == "Applications reaching the stage (count)"
    # Applications at the top: plotly draws the first category at the bottom.
    assert list(fig.layout.yaxis.categoryarray) == ["Accepted", "Offers", "Interviews", "Applications"]


def test_funnel_chart_leaves_out_an_unknown_accepted_stage() -> None:
    fig = funnel_chart(funnel(COUNTS.with_columns(accepted=pl.lit(None, dtype=pl.Int64))))
    assert list(fig.data[0].y) == ["Applications", "Interviews", "Offers"]


def test_rates_chart_has_wilson_error_bars_and_counts_in_hover() -> None:
    # The chart draws the rows it is given; here Acme and Bolt (suppression itself is tested in tests/analytics).
    table = acceptance_rates(COUNTS, "company", min_group=1).frame.filter(pl.col("company") != "Cato")
    fig = rates_chart(table, "company")
    points = fig.data[0]
    assert list(points.y) == ["Acme", "Bolt"]
    assert list(points.x) == pytest.approx([0.10, 0.05])
    # Error bar lengths are the distances to the Wilson bounds: 10/100 -> (0.0552, 0.1744).
    assert points.error_x.arrayminus[0] == pytest.approx(0.10 - 0.055229, abs=1e-5)
    assert points.error_x.array[0] == pytest.approx(0.174366 - 0.10, abs=1e-5)
    assert points.hovertext[0] == "Acme: 10.0 % (10 of 100 applications)<br>95 % CI 5.5–17.4 %"
    assert fig.layout.title.text.replace("<br>", " ") == "Offer rate by company (95 % interval)"
    assert fig.layout.xaxis.title.text.replace("<br>", " ") == "Offer rate (share of applications, %)"
    assert fig.layout.yaxis.title.text == "Company"
    assert fig.layout.xaxis.ticktext[:3] == (
        "0 %",
        "5 %",
        "10 %",
    )  # written by analytics/formatting.py, as on every page


@pytest.mark.parametrize(
    ("by", "rate", "title", "labels"),
    [
        ("class_year", "interview", "Interview rate by class year (95 % interval)", ["2027", "2028"]),
        ("company", "offer", "Offer rate by company (95 % interval)", ["Acme", "Bolt"]),
    ],
)
def test_rates_chart_titles_and_text_labels(by: str, rate: str, title: str, labels: list[str]) -> None:
    table = acceptance_rates(COUNTS, by, min_group=1, rate=rate).frame.filter(
        pl.col("company").is_null() | (pl.col("company") != "Cato") if by == "company" else pl.lit(True)
    )
    fig = rates_chart(table, by, rate=rate)
    assert fig.layout.title.text.replace("<br>", " ") == title
    assert sorted(fig.data[0].y) == labels  # numbers become category labels, not a numeric axis
    assert fig.layout.yaxis.type == "category"


def test_rates_chart_keeps_the_frame_order_top_down() -> None:
    table = acceptance_rates(COUNTS, "company", min_group=1).frame
    fig = rates_chart(table, "company", title="Custom")
    assert list(fig.layout.yaxis.categoryarray) == list(reversed(table["company"].to_list()))
    assert fig.layout.title.text == "Custom"


def test_rates_chart_names_regions() -> None:
    table = pl.DataFrame(
        {
            "region": ["US-CA", "CA-ON", "XX-ZZ"],
            "n": [20, 20, 20],
            "successes": [2, 1, 0],
            "rate": [0.1, 0.05, 0.0],
            "low": [0.03, 0.01, 0.0],
            "high": [0.3, 0.24, 0.16],
        }
    )
    fig = rates_chart(table, "region")
    assert list(fig.data[0].y) == ["California, US", "Ontario, CA", "XX-ZZ"]  # an unknown code stays as written
    assert fig.layout.yaxis.title.text == "Region"
