"""Rows taken from a frame by index, without a copy when they are one unbroken run (issue 9, memory)."""

from __future__ import annotations

import polars as pl


def taken(frame: pl.DataFrame, rows: pl.Series) -> pl.DataFrame:
    """The rows of `frame` at the ascending indices `rows`: a slice that shares the frame's memory when they are one
    unbroken run (every row passes, as in data without closed listings; the open listings of the shared sample, held
    first by data_loaders/listing_order.py; one field of data sorted by field), else every column gathered."""
    if rows.is_empty():
        return frame.clear()
    first = int(rows[0])
    if int(rows[-1]) - first + 1 == rows.len():
        return frame.slice(first, rows.len())
    return frame.select(pl.all().gather(rows))
