"""Pay text for generated listings: varied forms whose parsed hourly value equals `pay_hourly_usd`.

Conversions follow the pay parser's contract: 40 hours a week, 2080 hours a year (so a month is
2080 / 12 hours); a range is worth its midpoint; "Unpaid" is 0.0.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from data_loaders.generate_tables import sample_categories, take

# Forms and their shares among listings that state pay.
FORMS: tuple[tuple[str, float], ...] = (
    ("hourly", 0.33),
    ("per_hour", 0.08),
    ("cents", 0.05),
    ("range", 0.2),
    ("range_hyphen", 0.05),
    ("monthly", 0.12),
    ("yearly", 0.1),
    ("weekly", 0.07),
)


def _thousands(values: pl.Expr) -> pl.Expr:
    """Integer dollars with a thousands comma (values below 1,000,000)."""
    text = values.cast(pl.String())
    grouped = pl.format("{},{}", (values // 1000).cast(pl.String()), (values % 1000).cast(pl.String()).str.zfill(3))
    return pl.when(values >= 1000).then(grouped).otherwise(text)


def pay_columns(
    rng: np.random.Generator,
    hourly: np.ndarray,
    unpaid: np.ndarray,
    undisclosed: np.ndarray,
) -> pl.DataFrame:
    """`pay_hourly_usd`, `pay_text` and the amount as written from a target hourly rate; unpaid -> 0.0, undisclosed -> nulls."""
    n = len(hourly)
    form = sample_categories(rng, np.array([share for _, share in FORMS]), n)
    hourly = np.maximum(hourly, 5.0)
    spread = rng.uniform(0.08, 0.2, n)
    frame = pl.DataFrame(
        {
            "form": take(np.array([name for name, _ in FORMS], dtype=object), form),
            "whole": np.rint(hourly).astype(np.int64),
            "quarter": np.rint(hourly * 4).astype(np.int64),  # in quarter dollars
            "low": np.rint(hourly * (1 - spread)).astype(np.int64),
            "high": np.maximum(np.rint(hourly * (1 + spread)), np.rint(hourly * (1 - spread)) + 1).astype(np.int64),
            "month": (np.rint(hourly * 2080 / 12 / 100) * 100).astype(np.int64),
            "year_k": np.maximum(np.rint(hourly * 2080 / 1000), 1).astype(np.int64),
            "week": (np.maximum(np.rint(hourly * 40 / 10), 1) * 10).astype(np.int64),
            "unpaid": unpaid,
            "undisclosed": undisclosed,
        }
    )
    form_is = pl.col("form").eq
    cents = (pl.col("quarter") % 4 * 25).cast(pl.String()).str.zfill(2)
    text = (
        pl.when(form_is("hourly"))
        .then(pl.format("${}/hr", "whole"))
        .when(form_is("per_hour"))
        .then(pl.format("${} per hour", "whole"))
        .when(form_is("cents"))
        .then(pl.format("${}.{}/hr", pl.col("quarter") // 4, cents))
        .when(form_is("range"))
        .then(pl.format("${}–${}/hr", "low", "high"))
        .when(form_is("range_hyphen"))
        .then(pl.format("${}-${}/hr", "low", "high"))
        .when(form_is("monthly"))
        .then(pl.format("${}/month", _thousands(pl.col("month"))))
        .when(form_is("yearly"))
        .then(pl.format("${}K/yr", "year_k"))
        .otherwise(pl.format("${}/week", _thousands(pl.col("week"))))
    )
    value = (
        pl.when(form_is("hourly") | form_is("per_hour"))
        .then(pl.col("whole").cast(pl.Float64()))
        .when(form_is("cents"))
        .then(pl.col("quarter") / 4)
        .when(form_is("range") | form_is("range_hyphen"))
        .then((pl.col("low") + pl.col("high")) / 2)
        .when(form_is("monthly"))
        .then(pl.col("month") * 12 / 2080)
        .when(form_is("yearly"))
        .then(pl.col("year_k") * 1000 / 2080)
        .otherwise(pl.col("week") / 40)
    )
    # The amount as written (pay_min / pay_max per pay_period, in US dollars), as the loader keeps it.
    low = (
        pl.when(form_is("hourly") | form_is("per_hour"))
        .then(pl.col("whole").cast(pl.Float64()))
        .when(form_is("cents"))
        .then(pl.col("quarter") / 4)
        .when(form_is("range") | form_is("range_hyphen"))
        .then(pl.col("low").cast(pl.Float64()))
        .when(form_is("monthly"))
        .then(pl.col("month").cast(pl.Float64()))
        .when(form_is("yearly"))
        .then(pl.col("year_k") * 1000.0)
        .otherwise(pl.col("week").cast(pl.Float64()))
    )
    high = pl.when(form_is("range") | form_is("range_hyphen")).then(pl.col("high").cast(pl.Float64())).otherwise(low)
    period = (
        pl.when(form_is("monthly"))
        .then(pl.lit("month"))
        .when(form_is("yearly"))
        .then(pl.lit("year"))
        .when(form_is("weekly"))
        .then(pl.lit("week"))
        .otherwise(pl.lit("hour"))
    )
    hidden, unpaid = pl.col("undisclosed"), pl.col("unpaid")
    return frame.select(
        pl.when(hidden).then(None).when(unpaid).then(0.0).otherwise(value).cast(pl.Float64()).alias("pay_hourly_usd"),
        pl.when(hidden)
        .then(None)
        .when(unpaid)
        .then(pl.lit("Unpaid"))
        .otherwise(text)
        .cast(pl.String())
        .alias("pay_text"),
        pl.when(hidden | unpaid).then(None).otherwise(pl.lit("USD")).cast(pl.String()).alias("pay_currency"),
        pl.when(hidden).then(None).when(unpaid).then(0.0).otherwise(low).cast(pl.Float64()).alias("pay_min"),
        pl.when(hidden).then(None).when(unpaid).then(0.0).otherwise(high).cast(pl.Float64()).alias("pay_max"),
        pl.when(hidden)
        .then(None)
        .when(unpaid)
        .then(pl.lit("unpaid"))
        .otherwise(period)
        .cast(pl.String())
        .alias("pay_period"),
    )
