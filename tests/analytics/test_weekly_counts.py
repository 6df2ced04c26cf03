"""`postings_over_time` counts each posting's week and status as integers (analytics/overview.py): the same frame as
grouping by polars' Monday-truncated dates and the status names, zero-filled over every week between the first and
the last, with the partial-week flags."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given, settings
from hypothesis import strategies as st
from polars.testing import assert_frame_equal

from analytics import overview
from data_loaders.listing_order import is_open

SCHEMA = {"posted_date": pl.Date, "active": pl.Boolean}


def grouped(listings: pl.DataFrame, as_of: dt.date | None = None) -> pl.DataFrame:
    """The reference: polars' group-by of the truncated dates and status names, joined onto a grid of weeks."""
    columns = ["week", "status", "postings", "days_observed", "partial"]
    dated = listings.select("posted_date", "active").drop_nulls("posted_date")
    if dated.height == 0:
        return pl.DataFrame(schema=overview.postings_over_time(dated).schema)
    last = as_of or dated.get_column("posted_date").max()
    status = pl.when(is_open(pl.col("active"))).then(pl.lit("open")).otherwise(pl.lit("closed"))
    counted = dated.group_by(pl.col("posted_date").dt.truncate("1w").alias("week"), status.alias("status")).agg(
        pl.len().cast(pl.Int64).alias("postings")
    )
    weeks = counted.select(pl.date_range(pl.col("week").min(), pl.col("week").max(), "1w").alias("week"))
    grid = weeks.join(pl.DataFrame({"status": list(overview.POSTING_STATUSES)}), how="cross")
    days = (pl.lit(last) - pl.col("week")).dt.total_days() + 1
    rank = {name: i for i, name in enumerate(overview.POSTING_STATUSES)}
    return (
        grid.join(counted, on=["week", "status"], how="left")
        .with_columns(pl.col("postings").fill_null(0), pl.min_horizontal(days, pl.lit(7)).alias("days_observed"))
        .with_columns(pl.col("days_observed").cast(pl.Int64), (pl.col("days_observed") < 7).alias("partial"))
        .select(columns)
        .sort("week", pl.col("status").replace_strict(rank, return_dtype=pl.Int8))
    )


dates = st.dates(min_value=dt.date(1960, 1, 1), max_value=dt.date(2040, 12, 31))
rows = st.lists(st.tuples(st.none() | dates, st.none() | st.booleans()), max_size=60)


@settings(max_examples=300, deadline=None)
@given(rows, st.none() | dates, st.integers(0, 3))
def test_weekly_counts_equal_the_group_by(pairs: list, as_of: dt.date | None, spread: int) -> None:
    # Postings close together (a few weeks) as well as far apart (decades of empty weeks between them).
    if spread and pairs:
        anchor = next((day for day, _ in pairs if day is not None), dt.date(2025, 1, 1))
        pairs = [(None if day is None else anchor + (day - anchor) / (10**spread), open_) for day, open_ in pairs]
    listings = pl.DataFrame(
        {"posted_date": [day for day, _ in pairs], "active": [open_ for _, open_ in pairs]}, schema=SCHEMA
    )
    assert_frame_equal(overview.postings_over_time(listings, as_of), grouped(listings, as_of))


def test_weeks_start_on_monday_before_and_after_1970() -> None:
    days = [dt.date(1969, 12, 31), dt.date(1970, 1, 4), dt.date(1970, 1, 5), dt.date(2026, 11, 29)]
    listings = pl.DataFrame({"posted_date": days, "active": [True, False, None, True]}, schema=SCHEMA)
    weekly = overview.postings_over_time(listings).filter(pl.col("postings") > 0)
    assert weekly.rows() == [
        (dt.date(1969, 12, 29), "open", 1, 7, False),
        (dt.date(1969, 12, 29), "closed", 1, 7, False),
        (dt.date(1970, 1, 5), "open", 1, 7, False),  # a null `active` is open
        (dt.date(2026, 11, 23), "open", 1, 7, False),  # the last day, a Sunday: its week is whole
    ]
    assert all(week.weekday() == 0 for week in overview.postings_over_time(listings)["week"])
