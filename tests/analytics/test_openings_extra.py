"""openings_by_country (added for the Openings page's world map)."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from analytics.overview import openings_by_country


def test_openings_by_country_counts_each_country_of_a_listing() -> None:
    listings = pl.DataFrame(
        {"countries": [["US"], ["US", "CA"], [], ["ZZ"]], "pay_hourly_usd": [20.0, 30.0, 10.0, None]},
        schema={"countries": pl.List(pl.String), "pay_hourly_usd": pl.Float64},
    )
    expected = pl.DataFrame(
        {
            "country": ["US", "CA", "ZZ"],
            "country_name": ["United States", "Canada", None],
            "openings": [2, 1, 1],
            "median_pay": [25.0, 30.0, None],
            "n_with_pay": [2, 1, 0],
        },
        schema={
            "country": pl.String,
            "country_name": pl.String,
            "openings": pl.Int64,
            "median_pay": pl.Float64,
            "n_with_pay": pl.Int64,
        },
    )
    assert_frame_equal(openings_by_country(listings), expected)


def test_openings_by_country_of_nothing_is_empty() -> None:
    listings = pl.DataFrame(
        {"countries": [], "pay_hourly_usd": []}, schema={"countries": pl.List(pl.String), "pay_hourly_usd": pl.Float64}
    )
    assert openings_by_country(listings).height == 0
