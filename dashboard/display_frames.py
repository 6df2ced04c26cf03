"""The small frames a page's tables show, built from memoised results by module-level functions.

A page memoises them with `state.cached(dataset, function, result)`, so a rerun draws the same frame object, whose
table form (`layout.as_pandas`) is then converted once, not on every click.
"""

from __future__ import annotations

import polars as pl

from analytics import formatting as fmt


def head(frame: pl.DataFrame, n: int) -> pl.DataFrame:
    """The first `n` rows of `frame` (a chart's share of a longer table)."""
    return frame.head(n)


def columns(frame: pl.DataFrame, *names: str) -> pl.DataFrame:
    """`frame` narrowed to `names`, in that order."""
    return frame.select(names)


def trend_table(summary: pl.DataFrame) -> pl.DataFrame:
    """A trend summary with its shares and changes written by analytics/formatting.py (the Skills demand table)."""
    return summary.with_columns(
        fmt.share_labels(summary["count_first"], summary["n_first"]).alias("share_first"),
        fmt.share_labels(summary["count_second"], summary["n_second"]).alias("share_second"),
        fmt.texts(summary["change"], fmt.points),
    )


def premium_table(premium: pl.DataFrame) -> pl.DataFrame:
    """A pay premium frame with its premium written as signed dollars in `premium_label`."""
    return premium.with_columns(
        fmt.texts(premium["premium"], lambda value: fmt.money(value, signed=True)).alias("premium_label")
    )


__all__ = ["columns", "head", "premium_table", "trend_table"]
