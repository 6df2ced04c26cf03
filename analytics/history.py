"""The history of a collected store (data_loaders.collect): openings over time, new this week, time to close, hiring pace.

Input: DIR/history.parquet — one row per listing with `first_seen`, `last_seen`, `closed_at` (UTC
datetimes; `closed_at` null while open), `source`, `company`, `title`, `field`. Dates here are
the collector's observations, not the postings' own dates: a listing is "new" in the week a run first
saw it and "closed" in the week a run whose source answered no longer saw it. Listings already open
at the store's first run have no known opening date, so time to close leaves them out by default.
Pure polars; every count carries its n.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from analytics.scalars import as_date

WEEK = "1w"


def _as_dates(history: pl.DataFrame) -> pl.DataFrame:
    """first_seen / last_seen / closed_at as dates (UTC)."""
    return history.with_columns(
        pl.col(c).dt.convert_time_zone("UTC").dt.date().alias(f"{c}_day")
        for c in ("first_seen", "last_seen", "closed_at")
    )


def last_run_date(history: pl.DataFrame) -> dt.date | None:
    """The date of the latest run the history records (None for an empty history)."""
    latest = history.select(pl.col("last_seen").max().dt.date()).item() if history.height else None
    return None if latest is None else as_date(latest)


def openings_over_time(history: pl.DataFrame) -> pl.DataFrame:
    """Per week (Monday start): openings first seen, closed, and open at the week's end — from the history, not posting dates."""
    schema = {"week": pl.Date(), "new": pl.UInt32(), "closed": pl.UInt32(), "open": pl.Int64()}
    if history.height == 0:
        return pl.DataFrame(schema=schema)
    days = _as_dates(history)
    new = days.group_by(pl.col("first_seen_day").dt.truncate(WEEK).alias("week")).agg(pl.len().alias("new"))
    closed = (
        days.filter(pl.col("closed_at_day").is_not_null())
        .group_by(pl.col("closed_at_day").dt.truncate(WEEK).alias("week"))
        .agg(pl.len().alias("closed"))
    )
    last = pl.max_horizontal(pl.col("last_seen_day").max(), pl.col("closed_at_day").max())
    weeks = (
        days.select(pl.date_range(pl.col("first_seen_day").min(), last, "1d").alias("week"))
        .select(pl.col("week").dt.truncate(WEEK))
        .unique()
        .sort("week")
    )
    out = (
        weeks.join(new, on="week", how="left")
        .join(closed, on="week", how="left")
        .with_columns(pl.col("new").fill_null(0).cast(pl.UInt32), pl.col("closed").fill_null(0).cast(pl.UInt32))
    )
    return out.with_columns(
        (pl.col("new").cast(pl.Int64).cum_sum() - pl.col("closed").cast(pl.Int64).cum_sum()).alias("open")
    ).select(list(schema))


def new_this_week(history: pl.DataFrame, today: dt.date | None = None) -> pl.DataFrame:
    """Listings first seen in the 7 days up to `today` (default: the last run), newest first."""
    today = today or last_run_date(history)
    columns = ["listing_id", "company", "title", "field", "first_seen", "closed_at"]
    if today is None:
        return pl.DataFrame(schema={c: history.schema.get(c, pl.String()) for c in columns})
    start = today - dt.timedelta(days=6)
    day = pl.col("first_seen").dt.date()
    return (
        history.filter((day >= start) & (day <= today))
        .select(columns)
        .sort(["first_seen", "company", "title"], descending=[True, False, False])
    )


def time_to_close(
    history: pl.DataFrame, by: str = "field", *, include_first_run: bool = False, min_closed: int = 0
) -> pl.DataFrame:
    """Per `by` group ("field", "company", "source"): closed n, median and quartile days open, and still-open n.

    Days open = closed_at − first_seen (an upper bound by up to one run interval). Listings first
    seen at the store's first run are left out unless `include_first_run` (their opening date is unknown);
    groups with fewer than `min_closed` closed openings are left out (1: only groups with a time to show).
    """
    schema = {
        by: pl.String(),
        "closed": pl.UInt32(),
        "median_days": pl.Float64(),
        "p25_days": pl.Float64(),
        "p75_days": pl.Float64(),
        "still_open": pl.UInt32(),
    }
    if history.height == 0:
        return pl.DataFrame(schema=schema)
    frame = history
    if not include_first_run:
        frame = frame.filter(pl.col("first_seen") > pl.col("first_seen").min())
    days = (pl.col("closed_at") - pl.col("first_seen")).dt.total_seconds() / 86_400
    closed = (
        frame.filter(pl.col("closed_at").is_not_null())
        .group_by(by)
        .agg(
            pl.len().alias("closed"),
            days.median().alias("median_days"),
            days.quantile(0.25, "linear").alias("p25_days"),
            days.quantile(0.75, "linear").alias("p75_days"),
        )
    )
    still = frame.filter(pl.col("closed_at").is_null()).group_by(by).agg(pl.len().alias("still_open"))
    out = closed.join(still, on=by, how="full", coalesce=True).with_columns(
        pl.col("closed").fill_null(0), pl.col("still_open").fill_null(0)
    )
    out = out.filter(pl.col("closed") >= min_closed)
    return (
        out.cast({k: v for k, v in schema.items()})
        .select(list(schema))
        .sort(["closed", by], descending=[True, False], nulls_last=True)
    )


def hiring_pace(history: pl.DataFrame, weeks: int = 4, today: dt.date | None = None) -> pl.DataFrame:
    """Per company: openings first seen in the last `weeks` weeks, per week, closed in the window, and open now."""
    schema = {
        "company": pl.String(),
        "new": pl.UInt32(),
        "per_week": pl.Float64(),
        "closed": pl.UInt32(),
        "open_now": pl.UInt32(),
    }
    today = today or last_run_date(history)
    if today is None:
        return pl.DataFrame(schema=schema)
    start = today - dt.timedelta(days=7 * weeks - 1)
    first, closed = pl.col("first_seen").dt.date(), pl.col("closed_at").dt.date()
    out = (
        history.group_by("company")
        .agg(
            ((first >= start) & (first <= today)).sum().alias("new"),
            ((closed >= start) & (closed <= today)).fill_null(False).sum().alias("closed"),
            pl.col("closed_at").is_null().sum().alias("open_now"),
        )
        .with_columns((pl.col("new") / weeks).alias("per_week"))
    )
    out = out.filter((pl.col("new") > 0) | (pl.col("closed") > 0) | (pl.col("open_now") > 0))
    return (
        out.cast({k: v for k, v in schema.items()})
        .select(list(schema))
        .sort(["new", "open_now", "company"], descending=[True, True, False])
    )


def history_summary(history: pl.DataFrame, today: dt.date | None = None) -> dict[str, object]:
    """Headline numbers: listings tracked, open now, new this week, closed this week, runs' date span."""
    today = today or last_run_date(history)
    if today is None:
        return {"tracked": 0, "open": 0, "new_week": 0, "closed_week": 0, "first_run": None, "last_run": None}
    start = today - dt.timedelta(days=6)
    closed_day = pl.col("closed_at").dt.date()
    return {
        "tracked": history.height,
        "open": history.filter(pl.col("closed_at").is_null()).height,
        "new_week": new_this_week(history, today).height,
        "closed_week": history.filter((closed_day >= start) & (closed_day <= today)).height,
        "first_run": history.select(pl.col("first_seen").min().dt.date()).item(),
        "last_run": today,
    }
