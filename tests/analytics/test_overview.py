"""Overview questions on a tiny hand-counted frame."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from polars.testing import assert_frame_equal

from analytics.overview import (
    date_range,
    openings_by_city,
    openings_by_field,
    openings_by_region,
    overview_kpis,
    postings_per_week,
)
from analytics.rates import wilson_interval
from data_loaders.schema import conform, empty_frame

D = dt.date
COLUMNS = [
    "listing_id",
    "company",
    "field",
    "cities",
    "regions",
    "work_mode",
    "pay_hourly_usd",
    "posted_date",
    "active",
]
ROWS = [
    (
        "a",
        "Acme",
        "Software Engineering",
        ["Austin", "Seattle"],
        ["US-TX", "US-WA"],
        "onsite",
        40.0,
        D(2027, 1, 4),
        True,
    ),
    ("b", "Acme", "Software Engineering", ["Austin"], ["US-TX"], "hybrid", 30.0, D(2027, 1, 6), True),
    ("c", "Bolt", "Cybersecurity", [], [], "remote", None, D(2027, 1, 20), True),
    ("d", None, "Software Engineering", ["Smallville"], ["US-IL"], "unknown", 20.0, D(2027, 1, 21), False),
]
# Two regions and a city the coordinates table lacks: the city cannot be paired with a region.
UNPAIRED = ("f", "Eon", "Cybersecurity", ["Gotham", "Austin"], ["US-NJ", "US-TX"], "onsite", 10.0, D(2027, 1, 21), True)
LISTINGS = conform(pl.DataFrame([dict(zip(COLUMNS, row, strict=False)) for row in ROWS]), "listings")


def test_overview_kpis_counts_and_rates() -> None:
    outcomes = conform(pl.DataFrame({"applications": [8, 2], "interviews": [4, 1], "offers": [2, 1]}), "outcome_counts")
    kpis = overview_kpis(LISTINGS, outcomes)
    low, high = wilson_interval(3, 10)
    assert kpis == {
        "listings": 4,
        "open_listings": 3,
        "companies": 2,  # the unknown company is not counted as one
        "median_pay": 30.0,
        "n_with_pay": 3,
        "n_unpaid": 0,
        "n_remote": 1,
        "n_with_mode": 3,  # "unknown" is left out of the remote share
        "remote_share": pytest.approx(1 / 3),
        "offer_rate": 0.3,
        "offer_rate_n": 10,
        "offer_rate_successes": 3,
        "offer_rate_low": pytest.approx(low),
        "offer_rate_high": pytest.approx(high),
        # Aggregated counts carry no applicant ids: no per-applicant rate, plain Wilson above.
        "offer_rate_applicants": None,
        "applicants_with_offer": None,
        "applicant_offer_rate": None,
        "applicant_offer_low": None,
        "applicant_offer_high": None,
        "offer_scope": "",
    }


def test_overview_kpis_without_outcomes_or_rows() -> None:
    kpis = overview_kpis(empty_frame("listings"))
    assert (kpis["listings"], kpis["companies"], kpis["median_pay"], kpis["remote_share"], kpis["offer_rate"]) == (
        0,
        0,
        None,
        None,
        None,
    )


def test_openings_by_field() -> None:
    expected = pl.DataFrame(
        {
            "field": ["Software Engineering", "Cybersecurity"],
            "openings": [3, 1],
            "share": [0.75, 0.25],
            "median_pay": [30.0, None],
            "n_with_pay": [3, 0],
        },
        schema_overrides={"median_pay": pl.Float64},
    )
    assert_frame_equal(openings_by_field(LISTINGS), expected)


def test_openings_by_region_explodes_regions() -> None:
    expected = pl.DataFrame(
        {
            "region": ["US-TX", "US-IL", "US-WA"],
            "region_name": ["Texas", "Illinois", "Washington"],
            "country": ["US", "US", "US"],
            "openings": [2, 1, 1],
            "median_pay": [35.0, 20.0, 40.0],
            "n_with_pay": [2, 1, 1],
        }
    )
    assert_frame_equal(openings_by_region(LISTINGS), expected)


def test_openings_by_city_pairs_cities_with_their_region() -> None:
    frame = pl.concat([LISTINGS, conform(pl.DataFrame([dict(zip(COLUMNS, UNPAIRED, strict=False))]), "listings")])
    result = openings_by_city(frame)
    assert result.select("city", "region", "openings", "median_pay").rows() == [
        ("Austin", "US-TX", 3, 30.0),  # a, b, and f (paired through the coordinates table)
        ("Gotham", None, 1, 10.0),  # unknown city in a two-region listing: region unknown
        ("Seattle", "US-WA", 1, 40.0),
        ("Smallville", "US-IL", 1, 20.0),  # one region: the pairing is certain even without coordinates
    ]
    austin = result.row(0, named=True)
    assert (round(austin["lat"]), round(austin["lon"])) == (30, -98)
    assert result["lat"][3] is None
    assert openings_by_city(frame, k=1).height == 1


@pytest.mark.parametrize(
    ("by_field", "expected"),
    [
        (
            False,
            pl.DataFrame({"week": [D(2027, 1, 4), D(2027, 1, 11), D(2027, 1, 18)], "postings": [2, 0, 2]}),
        ),
        (
            True,
            pl.DataFrame(
                {
                    "week": [D(2027, 1, 4)] * 2 + [D(2027, 1, 11)] * 2 + [D(2027, 1, 18)] * 2,
                    "field": ["Cybersecurity", "Software Engineering"] * 3,
                    "postings": [0, 2, 0, 0, 1, 1],
                }
            ),
        ),
    ],
)
def test_postings_per_week_zero_fills(by_field: bool, expected: pl.DataFrame) -> None:
    assert_frame_equal(postings_per_week(LISTINGS, by_field=by_field), expected)


def test_postings_per_week_of_nothing() -> None:
    assert postings_per_week(empty_frame("listings")).columns == ["week", "postings"]


def test_date_range() -> None:
    assert date_range(LISTINGS) == (D(2027, 1, 4), D(2027, 1, 21))
    assert date_range(empty_frame("listings")) == (None, None)


@pytest.mark.realdata
def test_real_simplify_listings_hold_together(realdata) -> None:
    from analytics.filters import FilterSpec
    from data_loaders import load_listings

    listings = load_listings(realdata / "simplify-summer2025" / "listings.json").frame
    assert openings_by_field(listings)["openings"].sum() == listings.height
    kpis = overview_kpis(listings)
    assert kpis["open_listings"] == listings["active"].fill_null(True).sum()
    # The region filter, checked row by row in plain Python.
    rows = listings.select("regions", "countries", "work_mode", "active").to_dicts()
    by_hand = sum(
        1
        for r in rows
        if "US-CA" in (r["regions"] or []) or (r["work_mode"] == "remote" and "US" in (r["countries"] or []))
    )
    spec = FilterSpec(regions=("US-CA",), active_only=False)
    assert spec.apply(listings).height == by_hand
    first, last = date_range(listings)
    assert first is not None and last is not None and first <= last
    cities = openings_by_city(listings)
    assert cities.filter(pl.col("lat").is_not_null()).height > 10


def test_postings_over_time_counts_open_and_closed_and_marks_the_partial_week() -> None:
    from analytics.overview import postings_over_time

    # LISTINGS: posted 4 to 21 Jan 2027, "d" closed; the data end on Thursday 21 Jan.
    frame = postings_over_time(LISTINGS)
    weekly = frame.group_by("week").agg(pl.col("postings").sum()).sort("week")
    assert int(weekly["postings"].sum()) == LISTINGS.height  # every dated posting, open or closed
    closed = int(frame.filter(pl.col("status") == "closed")["postings"].sum())
    assert closed == LISTINGS.filter(~pl.col("active")).height
    last = frame.filter(pl.col("week") == frame["week"].max())
    assert last["partial"].all() and last["days_observed"].to_list() == [4, 4]  # Mon 18 – Thu 21 Jan
    assert not frame.filter(pl.col("week") < frame["week"].max())["partial"].any()


def test_postings_by_field_over_time_counts_every_posting_and_marks_the_partial_week() -> None:
    from analytics.overview import postings_by_field_over_time

    frame = postings_by_field_over_time(LISTINGS)
    assert frame.columns == ["week", "field", "postings", "days_observed", "partial"]
    assert int(frame["postings"].sum()) == LISTINGS.drop_nulls("posted_date").height  # closed ones too
    last = frame.filter(pl.col("week") == frame["week"].max())
    assert last["partial"].all() and set(last["days_observed"].to_list()) == {4}
    assert not frame.filter(pl.col("week") < frame["week"].max())["partial"].any()
    assert postings_by_field_over_time(LISTINGS.clear()).columns == frame.columns
