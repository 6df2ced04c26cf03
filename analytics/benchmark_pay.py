"""Employer benchmark, the pay side: where a posting's pay sits among its peers' (percentile, ties counted half)
and the peers' pay in bins for the chart. Part of analytics/benchmark.py, which re-exports these.
"""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from analytics import formatting as fmt


def pay_percentile(peers: pl.DataFrame, pay: float | None) -> dict[str, Any]:
    """Share of peers (with pay) paying less than `pay`, ties counted half; n with pay and quartiles for the chart."""
    if pay is not None and math.isnan(pay):
        pay = None
    pays = peers.select(pl.col("pay_hourly_usd").drop_nulls().drop_nans().alias("p"))
    stats = pays.select(
        pl.len().alias("n_with_pay"),
        pl.col("p").quantile(0.25, interpolation="linear").alias("q1"),
        pl.col("p").median().alias("median"),
        pl.col("p").quantile(0.75, interpolation="linear").alias("q3"),
        pl.col("p").min().alias("min"),
        pl.col("p").max().alias("max"),
        *(
            [(pl.col("p") < pay).sum().alias("below"), (pl.col("p") == pay).sum().alias("equal")]
            if pay is not None
            else []
        ),
    ).row(0, named=True)
    n = int(stats.pop("n_with_pay"))
    below, equal = int(stats.pop("below", 0) or 0), int(stats.pop("equal", 0) or 0)
    percentile = (below + 0.5 * equal) / n if pay is not None and n else None
    return {
        "pay": pay,
        "n_peers": peers.height,
        "n_with_pay": n,
        "below": below,
        "equal": equal,
        "percentile": percentile,
        **stats,
    }


def pay_histogram(peers: pl.DataFrame, bins: int = 30) -> pl.DataFrame:
    """Peers' hourly pay in `bins` equal-width bins (lower, upper, count), so a chart never ships every value."""
    pays = peers.get_column("pay_hourly_usd").drop_nulls().drop_nans()
    schema = {"lower": pl.Float64, "upper": pl.Float64, "count": pl.Int64}
    if pays.is_empty():
        return pl.DataFrame(schema=schema)
    hist = pays.hist(bin_count=bins)
    upper = hist.get_column("breakpoint")
    width = (upper[1] - upper[0]) if hist.height > 1 else 1.0
    return pl.DataFrame(
        {"lower": upper - width, "upper": upper, "count": hist.get_column("count").cast(pl.Int64)}, schema=schema
    )


def pay_percentile_text(pay: dict[str, Any]) -> str:
    """The pay percentile of `pay_percentile` as '64 %', written exactly from its counts (ties count half)."""
    return fmt.share(2 * pay["below"] + pay["equal"], 2 * pay["n_with_pay"])
