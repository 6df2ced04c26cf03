"""The overview page's questions: headline numbers and openings by field, region, city and week.

Inputs are canonical listings already deduplicated by the loaders and filtered by a FilterSpec.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import numpy as np
import polars as pl

from analytics.applicant_sizes import ApplicantCodes
from analytics.filters import FilterSpec
from analytics.overview_offer import offer_kpis
from analytics.scalars import as_date
from data_loaders.listing_order import is_open
from data_loaders.normalise.locations import CITY_COORDINATES, REGION_NAMES
from data_loaders.normalise.regions import COUNTRY_NAMES

_PAY = pl.col("pay_hourly_usd")
# The median of the listings that state pay. Polars' median over a column holding nulls takes a slow path (polars 2.1,
# a million listings, a quarter without pay: 8.6 -> 2.7 ms for the whole column, 34 -> 25 ms grouped by field); the
# nulls dropped first, the same median is found faster (tests/analytics/test_overview_pay_median.py).
_MEDIAN_PAY = _PAY.drop_nulls().median()
# The columns the Overview's tiles and charts read of the listings its filters keep (`overview_kpis`, `date_range`,
# `openings_by_field`, `openings_by_region`, `map_exclusions`; its top skills count the dataset's skill codes): the page
# gathers only these, not every column (at a million listings, a field and the United States: ~13 -> ~3 ms a filter).
OVERVIEW_COLUMNS: tuple[str, ...] = (
    "active",
    "company",
    "field",
    "pay_hourly_usd",
    "posted_date",
    "regions",
    "work_mode",
)


def _pay_aggs() -> list[pl.Expr]:
    """Median pay and how many listings state a pay, for every group-by here."""
    return [_MEDIAN_PAY.alias("median_pay"), _PAY.count().cast(pl.Int64).alias("n_with_pay")]


def overview_kpis(
    listings: pl.DataFrame,
    outcomes_or_counts: pl.DataFrame | None = None,
    spec: FilterSpec | None = None,
    *,
    code_applicants: Callable[[pl.DataFrame], ApplicantCodes] | None = None,
) -> dict[str, Any]:
    """Headline numbers: open listings, companies, median pay (unpaid counted), remote share, offer rates with n.

    With `spec`, the offer rate follows the filters that apply to outcomes (field, region, country,
    company, term, search; see `filter_outcomes`), exactly as the Acceptance rates page does, and
    `offer_scope` names those that cannot apply. Where outcomes carry applicant ids, the interval is
    clustered by applicant and the share of applicants with at least one offer sits beside it.
    `code_applicants(outcomes)` may serve memoised applicant codes (analytics/applicant_sizes.py): with a filter
    set, the offer counts are then read from them (the same numbers, without filtering the rows in polars).
    """
    known_mode = pl.col("work_mode").is_in(["onsite", "hybrid", "remote"])
    row = listings.select(
        pl.len().alias("listings"),
        is_open(pl.col("active")).sum().alias("open_listings"),
        pl.col("company").n_unique().alias("companies"),
        _MEDIAN_PAY.alias("median_pay"),
        _PAY.count().alias("n_with_pay"),
        (_PAY == 0).sum().alias("n_unpaid"),
        (pl.col("work_mode") == "remote").sum().alias("n_remote"),
        known_mode.sum().alias("n_with_mode"),
    ).row(0, named=True)
    # null counts as a company in n_unique; an unknown company is not one more company.
    if listings.height and listings.get_column("company").null_count():
        row["companies"] -= 1
    kpis: dict[str, Any] = {key: (int(value or 0) if key != "median_pay" else value) for key, value in row.items()}
    # Remote share among listings whose mode is known: "unknown" is not "onsite".
    kpis["remote_share"] = kpis["n_remote"] / kpis["n_with_mode"] if kpis["n_with_mode"] else None
    kpis.update(offer_kpis(outcomes_or_counts, spec, code_applicants))
    return kpis


def map_exclusions(listings: pl.DataFrame) -> dict[str, int]:
    """What a US state map leaves out: listings with no US state, and how many of those are remote."""
    in_state = pl.col("regions").list.eval(pl.element().str.starts_with("US-")).list.any().fill_null(False)
    row = listings.select(
        (~in_state).sum().alias("without_state"),
        (~in_state & (pl.col("work_mode") == "remote")).sum().alias("remote_without_state"),
    ).row(0, named=True)
    return {key: int(value or 0) for key, value in row.items()}


def openings_by_field(listings: pl.DataFrame) -> pl.DataFrame:
    """Openings per field with share of all openings and median pay, largest first."""
    total = listings.height
    return (
        listings.group_by("field")
        .agg(pl.len().cast(pl.Int64).alias("openings"), *_pay_aggs())
        .with_columns((pl.col("openings") / total if total else pl.lit(None, dtype=pl.Float64)).alias("share"))
        .select("field", "openings", "share", "median_pay", "n_with_pay")
        .sort(["openings", "field"], descending=[True, False], nulls_last=True)
    )


def openings_by_region(listings: pl.DataFrame) -> pl.DataFrame:
    """Openings per region (a listing in two regions counts in both) with the region's name and median pay."""
    names = pl.DataFrame({"region": list(REGION_NAMES), "region_name": list(REGION_NAMES.values())})
    return (
        listings.select("regions", "pay_hourly_usd")
        .explode("regions")
        .drop_nulls("regions")
        .group_by(pl.col("regions").alias("region"))
        .agg(pl.len().cast(pl.Int64).alias("openings"), *_pay_aggs())
        .join(names, on="region", how="left")
        .with_columns(country=pl.col("region").str.split("-").list.first())
        .select("region", "region_name", "country", "openings", "median_pay", "n_with_pay")
        .sort(["openings", "region"], descending=[True, False])
    )


def openings_by_country(listings: pl.DataFrame) -> pl.DataFrame:
    """Openings per country (a listing in two countries counts in both) with the country's name and median pay."""
    names = pl.DataFrame({"country": list(COUNTRY_NAMES), "country_name": list(COUNTRY_NAMES.values())})
    return (
        listings.select("countries", "pay_hourly_usd")
        .explode("countries")
        .drop_nulls("countries")
        .group_by(pl.col("countries").alias("country"))
        .agg(pl.len().cast(pl.Int64).alias("openings"), *_pay_aggs())
        .join(names, on="country", how="left")
        .select("country", "country_name", "openings", "median_pay", "n_with_pay")
        .sort(["openings", "country"], descending=[True, False])
    )


def _coordinates() -> pl.DataFrame:
    """CITY_COORDINATES as a frame (city, region, lat, lon)."""
    keys = list(CITY_COORDINATES)
    return pl.DataFrame(
        {
            "city": [city for city, _ in keys],
            "region": [region for _, region in keys],
            "lat": [CITY_COORDINATES[key][0] for key in keys],
            "lon": [CITY_COORDINATES[key][1] for key in keys],
        },
        schema={"city": pl.String, "region": pl.String, "lat": pl.Float64, "lon": pl.Float64},
    )


def openings_by_city(listings: pl.DataFrame, k: int | None = None) -> pl.DataFrame:
    """Openings per (city, region) with lat/lon for maps (null when the coordinates table lacks the city)."""
    coords = _coordinates()
    columns = ["city", "region", "pay_hourly_usd"]
    base = listings.select("cities", "regions", "pay_hourly_usd").filter(pl.col("cities").list.len() > 0)
    n_regions = pl.col("regions").list.len()
    # cities and regions are independent lists; with at most one region (most listings) the pairing is
    # certain, so only multi-region listings need pairing through the coordinates table.
    single = (
        base.filter(n_regions <= 1)
        .with_columns(region=pl.col("regions").list.first())
        .explode("cities")
        .rename({"cities": "city"})
        .select(columns)
    )
    multi = base.filter(n_regions > 1).with_row_index("_row").explode("cities").rename({"cities": "city"})
    pairs = (
        multi.explode("regions")
        .rename({"regions": "region"})
        .join(coords.select("city", "region"), on=["city", "region"], how="semi")
    )
    unpaired = multi.join(pairs.select("_row", "city"), on=["_row", "city"], how="anti").with_columns(
        region=pl.lit(None, dtype=pl.String)
    )
    frame = (
        pl.concat([single, pairs.select(columns), unpaired.select(columns)])
        .drop_nulls("city")
        .group_by("city", "region")
        .agg(pl.len().cast(pl.Int64).alias("openings"), *_pay_aggs())
        .join(coords, on=["city", "region"], how="left")
        .select("city", "region", "openings", "median_pay", "n_with_pay", "lat", "lon")
        .sort(["openings", "city", "region"], descending=[True, False, False], nulls_last=True)
    )
    return frame.head(k) if k is not None else frame


def postings_per_week(listings: pl.DataFrame, by_field: bool = False) -> pl.DataFrame:
    """Listings posted per week (weeks start on Monday), zero-filled between the first and last week."""
    keys = ["field"] if by_field else []
    counted = (
        listings.drop_nulls("posted_date")
        .group_by(pl.col("posted_date").dt.truncate("1w").alias("week"), *keys)
        .agg(pl.len().cast(pl.Int64).alias("postings"))
    )
    schema = {"week": pl.Date} | ({"field": pl.String} if by_field else {}) | {"postings": pl.Int64}
    if counted.height == 0:
        return pl.DataFrame(schema=schema)
    weeks = counted.select(pl.date_range(pl.col("week").min(), pl.col("week").max(), "1w").alias("week"))
    grid = weeks.join(counted.select(keys).unique(), how="cross") if by_field else weeks
    return (
        grid.join(counted, on=["week", *keys], how="left")
        .with_columns(pl.col("postings").fill_null(0))
        .select(list(schema))
        .sort(["week", *keys], nulls_last=True)
    )


def date_range(listings: pl.DataFrame) -> tuple[dt.date | None, dt.date | None]:
    """The first and last posted_date (None, None for an empty or undated frame)."""
    row = listings.select(pl.col("posted_date").min().alias("first"), pl.col("posted_date").max().alias("last")).row(0)
    return row[0], row[1]


POSTING_STATUSES: tuple[str, ...] = ("open", "closed")
# The columns `postings_over_time` and `postings_by_field_over_time` read: a page gathers only these of the listings
# its filters keep open or closed (at a million listings, not a second frame of every column: ~25 ms a new filter).
DATED_COLUMNS: tuple[str, ...] = ("field", "posted_date", "active")


def postings_over_time(listings: pl.DataFrame, as_of: dt.date | None = None) -> pl.DataFrame:
    """Postings per week by posting date, open and closed apart, zero-filled; the last week flagged when partial.

    Pass listings filtered *without* the open-only default: counting only what is still open today
    would make older weeks (mostly closed by now) look quiet. `as_of` is the last day the data
    covers (default: the latest posting date); a week that runs past it is `partial`, with
    `days_observed` < 7, so a chart can mark it instead of drawing a collapse.

    A week starts on a Monday (polars' `truncate("1w")`). Counted as integers: each posting's week number and status
    make one cell of a bincount (a field and the United States, 140,000 postings: ~10 -> ~2 ms against grouping by
    the truncated dates and status names).
    """
    schema = {
        "week": pl.Date,
        "status": pl.String,
        "postings": pl.Int64,
        "days_observed": pl.Int64,
        "partial": pl.Boolean,
    }
    dated = listings.select(pl.col("posted_date").to_physical().alias("day"), ~is_open(pl.col("active"))).filter(
        pl.col("day").is_not_null()
    )
    if dated.height == 0:
        return pl.DataFrame(schema=schema)
    day = dated.get_column("day").to_numpy().astype(np.int64)
    monday = day - (day - _A_MONDAY) % 7  # the first day of each posting's week
    first = int(monday.min())
    weeks = (int(monday.max()) - first) // 7 + 1
    status = dated.get_column("active").to_numpy().astype(np.int64)  # 0 open, 1 closed: POSTING_STATUSES' order
    counts = np.bincount((monday - first) // 7 * len(POSTING_STATUSES) + status, minlength=weeks * 2)
    starts = np.repeat(first + 7 * np.arange(weeks, dtype=np.int64), len(POSTING_STATUSES))
    last = int(day.max()) if as_of is None else _day_number(as_of)
    observed = np.minimum(last - starts + 1, 7)
    return pl.DataFrame(
        {
            "week": pl.Series(starts, dtype=pl.Int64).cast(pl.Int32).cast(pl.Date),
            "status": list(POSTING_STATUSES) * weeks,
            "postings": counts,
            "days_observed": observed,
            "partial": observed < 7,
        },
        schema=schema,
    )


_A_MONDAY = 4  # 1970-01-05, in days since 1970-01-01 (a Thursday)


def _day_number(day: dt.date) -> int:
    """Days since 1970-01-01 (polars' Date)."""
    return (day - dt.date(1970, 1, 1)).days


def _with_partial(weekly: pl.DataFrame, last: dt.date) -> pl.DataFrame:
    """`days_observed` (of 7) per week up to `last`, the last day the data covers, and `partial` when under 7."""
    days = (pl.lit(last) - pl.col("week")).dt.total_days() + 1
    return weekly.with_columns(pl.min_horizontal(days, pl.lit(7)).cast(pl.Int64).alias("days_observed")).with_columns(
        (pl.col("days_observed") < 7).alias("partial")
    )


def postings_by_field_over_time(listings: pl.DataFrame, as_of: dt.date | None = None) -> pl.DataFrame:
    """Postings per week by field and posting date, zero-filled; the last week flagged when partial.

    Like `postings_over_time`, pass listings filtered *without* the open-only default, so a week counts
    every posting made in it, open or closed now. `as_of` defaults to the latest posting date.
    """
    weekly = postings_per_week(listings, by_field=True)
    schema = dict(weekly.schema) | {"days_observed": pl.Int64, "partial": pl.Boolean}
    if weekly.height == 0:
        return pl.DataFrame(schema=schema)
    return _with_partial(weekly, as_of or as_date(listings.get_column("posted_date").max())).select(list(schema))
