"""Pay text for generated listings: varied forms whose parsed hourly value equals `pay_hourly_usd`.

Conversions follow the pay parser's contract: 40 hours a week, 2080 hours a year (so a month is
2080 / 12 hours); a range is worth its midpoint; "Unpaid" is 0.0.
"""

from __future__ import annotations

import numpy as np
import polars as pl

from synthetic.tables import sample_categories, take

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


def _pay_text() -> pl.Expr:
    """The pay as a listing writes it, by form (the columns of `pay_columns`' working frame)."""
    form_is = pl.col("form").eq
    cents = (pl.col("quarter") % 4 * 25).cast(pl.String()).str.zfill(2)
    return (
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


def _amounts(rng: np.random.Generator, hourly: np.ndarray) -> pl.DataFrame:
    """A form per row and every amount a form may write for the target hourly rate (whole dollars, ranges, ...)."""
    n = len(hourly)
    form = sample_categories(rng, np.array([share for _, share in FORMS]), n)
    hourly = np.maximum(hourly, 5.0)
    spread = rng.uniform(0.08, 0.2, n)
    return pl.DataFrame(
        {
            "form": take(np.array([name for name, _ in FORMS], dtype=object), form),
            "whole": np.rint(hourly).astype(np.int64),
            "quarter": np.rint(hourly * 4).astype(np.int64),  # in quarter dollars
            "low": np.rint(hourly * (1 - spread)).astype(np.int64),
            "high": np.maximum(np.rint(hourly * (1 + spread)), np.rint(hourly * (1 - spread)) + 1).astype(np.int64),
            "month": (np.rint(hourly * 2080 / 12 / 100) * 100).astype(np.int64),
            "year_k": np.maximum(np.rint(hourly * 2080 / 1000), 1).astype(np.int64),
            "week": (np.maximum(np.rint(hourly * 40 / 10), 1) * 10).astype(np.int64),
        }
    )


def _hourly_value() -> pl.Expr:
    """What the written pay is worth an hour, by the pay parser's contract."""
    form_is = pl.col("form").eq
    return (
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


def _as_written() -> tuple[pl.Expr, pl.Expr, pl.Expr]:
    """The amount as written (pay_min, pay_max per pay_period, in US dollars), as the loader keeps it."""
    form_is = pl.col("form").eq
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
    return low, high, period


def pay_columns(
    rng: np.random.Generator,
    hourly: np.ndarray,
    unpaid: np.ndarray,
    undisclosed: np.ndarray,
) -> pl.DataFrame:
    """`pay_hourly_usd`, `pay_text` and the amount as written from a target hourly rate; unpaid -> 0.0, undisclosed -> nulls."""
    frame = _amounts(rng, hourly).with_columns(pl.Series("unpaid", unpaid), pl.Series("undisclosed", undisclosed))
    low, high, period = _as_written()
    hidden, is_unpaid = pl.col("undisclosed"), pl.col("unpaid")

    def stated(value: pl.Expr, when_unpaid: pl.Expr | float) -> pl.Expr:
        return pl.when(hidden).then(None).when(is_unpaid).then(when_unpaid).otherwise(value)

    return frame.select(
        stated(_hourly_value(), 0.0).cast(pl.Float64()).alias("pay_hourly_usd"),
        stated(_pay_text(), pl.lit("Unpaid")).cast(pl.String()).alias("pay_text"),
        pl.when(hidden | is_unpaid).then(None).otherwise(pl.lit("USD")).cast(pl.String()).alias("pay_currency"),
        stated(low, 0.0).cast(pl.Float64()).alias("pay_min"),
        stated(high, 0.0).cast(pl.Float64()).alias("pay_max"),
        stated(period, pl.lit("unpaid")).cast(pl.String()).alias("pay_period"),
    )
