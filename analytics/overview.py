"""The overview page's questions: headline numbers and openings by field, region, city and week.

Inputs are canonical listings already deduplicated by the loaders and filtered by a FilterSpec.
"""
from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from analytics.rates import as_counts, wilson_interval
from data_loaders.normalise.locations import CITY_COORDINATES, REGION_NAMES
from data_loaders.normalise.regions import COUNTRY_NAMES

_PAY = pl.col("pay_hourly_usd")


def _pay_aggs() -> list[pl.Expr]:
    """Median pay and how many listings state a pay, for every group-by here."""
    return [_PAY.median().alias("median_pay"), _PAY.count().cast(pl.Int64).alias("n_with_pay")]


def overview_kpis(listings: pl.DataFrame, outcomes_or_counts: pl.DataFrame | None = None) -> dict[str, Any]:
    """Headline numbers: open listings, companies, median pay with n, remote share with n, offer rate with Wilson."""
    known_mode = pl.col("work_mode").is_in(["onsite", "hybrid", "remote"])
    row = listings.select(
        pl.len().alias("listings"),
        pl.col("active").fill_null(True).sum().alias("open_listings"),
        pl.col("company").n_unique().alias("companies"),
        _PAY.median().alias("median_pay"),
        _PAY.count().alias("n_with_pay"),
        (pl.col("work_mode") == "remote").sum().alias("n_remote"),
        known_mode.sum().alias("n_with_mode"),
    ).row(0, named=True)
    # null counts as a company in n_unique; an unknown company is not one more company.
    if listings.height and listings.get_column("company").null_count():
        row["companies"] -= 1
    kpis: dict[str, Any] = {key: (int(value) if key != "median_pay" and value is not None else value) for key, value in row.items()}
    # Remote share among listings whose mode is known: "unknown" is not "onsite".
    kpis["remote_share"] = kpis["n_remote"] / kpis["n_with_mode"] if kpis["n_with_mode"] else None
    kpis.update(offer_rate=None, offer_rate_n=0, offer_rate_successes=0, offer_rate_low=None, offer_rate_high=None)
    if outcomes_or_counts is not None:
        totals = as_counts(outcomes_or_counts).row(0, named=True)
        n, offers = int(totals["applications"] or 0), int(totals["offers"] or 0)
        kpis.update(offer_rate_n=n, offer_rate_successes=offers)
        if n:
            low, high = wilson_interval(offers, n)
            kpis.update(offer_rate=offers / n, offer_rate_low=low, offer_rate_high=high)
    return kpis


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
    weeks = pl.DataFrame(
        {"week": pl.date_range(counted["week"].min(), counted["week"].max(), "1w", eager=True)}
    )
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
